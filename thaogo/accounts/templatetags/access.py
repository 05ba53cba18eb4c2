from typing import Any

from django import template

from thaogo.accounts.policy import Action, can

register = template.Library()


@register.filter
def sees_editor_addresses(user: Any) -> bool:
    """Whether the history shows this user the network address of each change."""
    return can(user, Action.HISTORY_ADDRESSES_VIEW)


@register.filter
def may(user: Any, action: str) -> bool:
    """Whether the user may take `action` (an Action value, e.g. "registry.manage")."""
    return can(user, Action(action))
