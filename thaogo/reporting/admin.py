from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from thaogo.core.admin import VersionedAdminMixin
from thaogo.reporting.models import (
    Holiday,
    Report,
    ReportingKind,
    ReportingSchedule,
    ReportObligation,
    SwappedWorkingDay,
)


@admin.register(Holiday)
class HolidayAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["date", "name", "kind", "legal_source"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name", "legal_source"]


@admin.register(SwappedWorkingDay)
class SwappedWorkingDayAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["date", "in_place_of", "legal_source"]
    date_hierarchy = "date"


@admin.register(ReportingKind)
class ReportingKindAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    # Kinds are edited in Thaogo's own registry pages, which check every rule of a kind.
    list_display = ["code", "name", "span_months", "last_months", "valid_from", "valid_until"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportingSchedule)
class ReportingScheduleAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["plan", "kinds_summary", "cutoff_day", "due_working_days"]
    readonly_fields = ["kinds", "kinds_summary"]


class PeriodKindFilter(admin.SimpleListFilter):
    """Obligations by kind, named as the kinds' table names them (the code is data, not a
    choice of the field)."""

    title = _("period kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.code, kind.name) for kind in ReportingKind.objects.order_by("precedence")]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(ReportObligation)
class ReportObligationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "due_on"]
    list_filter = [PeriodKindFilter, "year"]

    # Obligations are derived from schedules and assignments (a plan's schedule moves their
    # due dates). Edited by hand, one could name a quarter that does not exist ("Quarter 5").
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "submitted_at", "is_late"]
    list_filter = ["status", "is_late"]
    readonly_fields = [
        "obligation",
        "status",
        "submitted_at",
        "is_late",
        "revision",
        "revision_due_on",
    ]

    def has_add_permission(self, request) -> bool:
        return False  # a report is its obligation's, written by the cadre through the app
