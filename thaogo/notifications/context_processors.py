from typing import Any

from django.http import HttpRequest

from thaogo.notifications.services import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    """The bell in the header: how many notices the user has not read."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_unread": unread_count(user)}
