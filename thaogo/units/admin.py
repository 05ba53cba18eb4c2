from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thaogo.core.admin import VersionedAdminMixin
from thaogo.units.models import (
    Cadre,
    CommitteeTerm,
    Position,
    Reorganisation,
    Unit,
    UnitKind,
)


@admin.register(UnitKind)
class UnitKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(Unit)
class UnitAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "issuer_code", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "search_text"]
    autocomplete_fields = ["parent"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(Cadre)
class CadreAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["full_name", "unit", "committee_membership", "planned_position", "user"]
    list_filter = ["committee_membership", "is_active"]
    search_fields = ["full_name", "search_text"]
    autocomplete_fields = ["unit", "user"]
    inlines = [PositionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Position titles are part of the cadre's search text.
        form.instance.save()


@admin.register(CommitteeTerm)
class CommitteeTermAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["unit", "label", "starts_on", "ends_on"]
    autocomplete_fields = ["unit"]


@admin.register(Reorganisation)
class ReorganisationAdmin(SimpleHistoryAdmin):
    """Read only: a reorganisation is recorded through its page, which moves the work."""

    list_display = ["effective_on", "kind", "decision", "summary"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
