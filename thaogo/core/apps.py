from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thaogo.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from thaogo.core import audit  # noqa: F401  (connects the history signal)
