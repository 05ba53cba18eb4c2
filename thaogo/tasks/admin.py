from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thaogo.core.admin import VIETNAMESE_NUMBERS, VersionedAdminMixin
from thaogo.tasks.models import Assignment, Category, Metric, MetricValue, Task, UnitOfMeasure


@admin.register(UnitOfMeasure)
class UnitOfMeasureAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "is_whole_number", "maximum", "order", "is_active"]
    formfield_overrides = VIETNAMESE_NUMBERS


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active"]


class AssignmentInline(VersionedAdminMixin, admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["cadre", "decision"]
    # Assignments are ended, never deleted: history must stay whole.
    can_delete = False


class MetricInline(VersionedAdminMixin, admin.TabularInline):
    formfield_overrides = VIETNAMESE_NUMBERS
    model = Metric
    extra = 0
    can_delete = False


@admin.register(Task)
class TaskAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    formfield_overrides = VIETNAMESE_NUMBERS
    list_display = ["code", "title", "plan", "category", "status", "deadline"]
    list_filter = ["plan", "category", "status", "priority"]
    search_fields = ["search_text", "title"]
    filter_horizontal = ["units"]
    readonly_fields = ["units_summary"]
    inlines = [AssignmentInline, MetricInline]


@admin.register(Assignment)
class AssignmentAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["task", "cadre", "role", "start_date", "end_date"]
    list_filter = ["role"]
    autocomplete_fields = ["task", "cadre", "decision"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MetricValue)
class MetricValueAdmin(SimpleHistoryAdmin):
    formfield_overrides = VIETNAMESE_NUMBERS
    list_display = ["metric", "measured_on", "value", "recorded_by"]
