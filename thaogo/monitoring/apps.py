from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """The plan at a glance: figures by cadre, unit and category, as of any date."""

    name = "thaogo.monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from thaogo.monitoring.selectors import FIGURE_MODELS, figures_changed

        for model in FIGURE_MODELS:
            uid = f"monitoring-figures-{model._meta.label}"
            post_save.connect(figures_changed, sender=model, dispatch_uid=f"{uid}-save", weak=False)
            post_delete.connect(
                figures_changed, sender=model, dispatch_uid=f"{uid}-delete", weak=False
            )
