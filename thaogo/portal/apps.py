from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "thaogo.portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from thaogo.portal.page_cache import CONTENT_MODELS, content_changed

        for model in CONTENT_MODELS:
            post_create_historical_record.connect(
                content_changed,
                sender=model.history.model,
                dispatch_uid=f"portal-content-changed-{model._meta.label}",
                weak=False,
            )
