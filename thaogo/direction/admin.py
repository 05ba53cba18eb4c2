from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thaogo.core.admin import VersionedAdminMixin
from thaogo.direction.models import Directive, Meeting, Proposal


class DecidedInThaogoAdmin(SimpleHistoryAdmin):
    """Proposals and directives move through their states only in Thaogo's own pages, whose
    services check who acts and when; an admin form opened before a cadre completed a
    directive would otherwise put it back. The admin shows them, with their history."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(Proposal, DecidedInThaogoAdmin)
admin.site.register(Directive, DecidedInThaogoAdmin)


@admin.register(Meeting)
class MeetingAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    pass
