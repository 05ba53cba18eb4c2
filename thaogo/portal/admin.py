from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thaogo.core.admin import VIETNAMESE_NUMBERS, VersionedAdminMixin
from thaogo.portal.models import (
    Album,
    Article,
    NewsCategory,
    Resolution,
    ResolutionTarget,
    TargetYear,
    VisitorDay,
)


@admin.register(NewsCategory)
class NewsCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    """Read-only here: articles are written on the portal's staff pages, where the body is
    cleaned and pictures are processed."""

    list_display = ["title", "category", "status", "published_at"]
    list_filter = ["status", "category"]
    search_fields = ["title"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Album)
class AlbumAdmin(SimpleHistoryAdmin):
    list_display = ["title", "event_date", "is_published", "task"]
    list_filter = ["is_published"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class TargetYearInline(VersionedAdminMixin, admin.TabularInline):
    formfield_overrides = VIETNAMESE_NUMBERS
    model = TargetYear
    extra = 1


class ResolutionTargetInline(VersionedAdminMixin, admin.TabularInline):
    formfield_overrides = VIETNAMESE_NUMBERS
    model = ResolutionTarget
    extra = 1
    fields = ["order", "group", "name", "unit", "direction", "term_target", "version"]
    show_change_link = True


@admin.register(Resolution)
class ResolutionAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "term_start", "term_end", "is_public"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["document"]
    inlines = [ResolutionTargetInline]


@admin.register(ResolutionTarget)
class ResolutionTargetAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    formfield_overrides = VIETNAMESE_NUMBERS
    list_display = ["__str__", "resolution", "group", "unit", "term_target"]
    list_filter = ["resolution", "group"]
    inlines = [TargetYearInline]


@admin.register(VisitorDay)
class VisitorDayAdmin(admin.ModelAdmin):
    list_display = ["day", "visitors"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
