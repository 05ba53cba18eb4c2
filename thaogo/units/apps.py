from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "thaogo.units"
    verbose_name = _("Units and cadres")

    def ready(self) -> None:
        from thaogo.core.scoping import register_selector
        from thaogo.units.selectors import cadres_visible_to, units_visible_to

        register_selector("cadre", cadres_visible_to)
        register_selector("unit", units_visible_to)
