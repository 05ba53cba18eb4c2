from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User
from simple_history.admin import SimpleHistoryAdmin

from thaogo.accounts.models import Profile
from thaogo.core.admin import VersionedAdminMixin


class ProfileInline(VersionedAdminMixin, admin.StackedInline):
    model = Profile
    can_delete = False
    autocomplete_fields = ["unit"]


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "role"]
    list_select_related = ["profile"]

    @admin.display(description=Profile._meta.get_field("role").verbose_name)
    def role(self, user: User) -> str:
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else "—"


@admin.register(Profile)
class ProfileAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """Listed to find people by role; a profile is changed on its user's page (the inline),
    or in Thaogo's Users and roles page."""

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
