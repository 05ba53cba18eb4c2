"""Password login, and the logged-in user read with what every page asks of them."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    """Django's own backend, except that the user of a session comes with their profile,
    its scope unit and their cadre record in one query: the policy reads all three on every
    page, and they otherwise cost three more queries per request."""

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.select_related("profile__unit", "cadre").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
