from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """The committee's registers in Thaogo's own pages: cadres, users and roles, units,
    resolution targets, holidays and document types, and the Excel import that fills them."""

    name = "thaogo.registry"
    verbose_name = _("Registers")
