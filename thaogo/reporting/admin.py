from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thaogo.core.admin import VersionedAdminMixin
from thaogo.reporting.models import (
    Holiday,
    Report,
    ReportingSchedule,
    ReportObligation,
)


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(ReportingSchedule)
class ReportingScheduleAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["plan", "cutoff_day", "due_working_days"]


@admin.register(ReportObligation)
class ReportObligationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "due_on"]
    list_filter = ["kind", "year"]

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
    readonly_fields = ["obligation", "status", "submitted_at", "is_late", "revision"]

    def has_add_permission(self, request) -> bool:
        return False  # a report is its obligation's, written by the cadre through the app
