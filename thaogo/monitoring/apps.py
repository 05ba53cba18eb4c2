from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """The plan at a glance: figures by cadre, unit and category, as of any date."""

    name = "thaogo.monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from thaogo.monitoring import parts

        parts.connect()
