from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thaogo.core.admin import VersionedAdminMixin
from thaogo.direction.models import Directive, Meeting, Proposal

admin.site.register(Proposal, SimpleHistoryAdmin)
admin.site.register(Directive, SimpleHistoryAdmin)


@admin.register(Meeting)
class MeetingAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    pass
