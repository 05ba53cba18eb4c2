from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectionConfig(AppConfig):
    """What the Standing Committee decides: proposals, meetings and directives."""

    name = "thaogo.direction"
    verbose_name = _("Direction")

    def ready(self) -> None:
        from thaogo.core.scoping import register_selector, register_thread_provider
        from thaogo.direction.selectors import (
            direction_thread,
            directives_visible_to,
            meetings_visible_to,
            proposals_visible_to,
        )

        register_selector("proposal", proposals_visible_to)
        register_selector("meeting", meetings_visible_to)
        register_selector("directive", directives_visible_to)
        register_thread_provider(direction_thread)
