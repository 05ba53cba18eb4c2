from typing import Any

from django.http import HttpRequest

from thaogo.accounts.policy import Action, can
from thaogo.accounts.roles import cadre_of, manages_tasks, oversees, role_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_role": role_of(user),
        "nav_oversees": oversees(user),
        "nav_manages": manages_tasks(user),
        "nav_cadre": cadre_of(user),
        "nav_evaluations": cadre_of(user) is not None or can(user, Action.EVALUATION_OVERVIEW),
    }
