"""Who a user is in Thaogo: their role, their unit scope and their cadre record.

Every scoping selector starts here, so a role means the same thing on every page.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from thaogo.accounts.models import Role

# Roles that oversee the whole committee's work.
OVERSEEING_ROLES = frozenset(
    {Role.STANDING_COMMITTEE, Role.ORGANIZATION_BOARD, Role.OFFICE, Role.ADMINISTRATOR}
)
# Roles that create and edit plans, tasks, assignments and metrics.
MANAGING_ROLES = frozenset({Role.ORGANIZATION_BOARD, Role.OFFICE, Role.ADMINISTRATOR})

User = AbstractBaseUser | AnonymousUser


def role_of(user: User) -> Role | None:
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMINISTRATOR
    profile = getattr(user, "profile", None)
    return Role(profile.role) if profile is not None else None


def scope_unit(user: User):
    """The unit whose subtree the user works on, or None."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    return profile.unit if profile is not None else None


def cadre_of(user: User):
    if not user.is_authenticated:
        return None
    return getattr(user, "cadre", None)


def oversees(user: User) -> bool:
    return role_of(user) in OVERSEEING_ROLES


def manages_tasks(user: User) -> bool:
    return role_of(user) in MANAGING_ROLES


def is_unit_staff(user: User) -> bool:
    return role_of(user) == Role.UNIT_STAFF
