from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "thaogo.documents"
    verbose_name = _("Plans and documents")

    def ready(self) -> None:
        from thaogo.core.scoping import register_selector
        from thaogo.documents.selectors import documents_visible_to, plans_visible_to

        register_selector("plan", plans_visible_to)
        register_selector("document", documents_visible_to)
