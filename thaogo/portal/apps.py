from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "thaogo.portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from thaogo.portal.page_cache import content_changed

        post_create_historical_record.connect(
            content_changed, dispatch_uid="portal-content-changed", weak=False
        )
