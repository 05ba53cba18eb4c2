from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "thaogo.reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from thaogo.core.scoping import register_selector, register_thread_provider
        from thaogo.reporting.selectors import obligations_visible_to, report_thread

        register_selector("report", obligations_visible_to)
        register_thread_provider(report_thread)
