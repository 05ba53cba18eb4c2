from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectionConfig(AppConfig):
    """What the Standing Committee decides: proposals, meetings and directives."""

    name = "thaogo.direction"
    verbose_name = _("Direction")
