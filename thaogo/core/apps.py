from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thaogo.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from thaogo.core import audit  # noqa: F401  (connects the history signal)
        from thaogo.core.dataversion import watch
        from thaogo.core.models import DeadlineRule

        watch(DeadlineRule)  # rule_on() reads the rules once per state of the data


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with Thaogo's site, which hardens every model admin registered on
    it (thaogo/core/admin.py). Named in INSTALLED_APPS; CoreConfig stays this module's default."""

    default = False
    default_site = "thaogo.core.admin.AdminSite"


class AxesConfig(axes_apps.AppConfig):
    """django-axes, with a Vietnamese name in the admin: it gives itself none to translate."""

    default = False
    verbose_name = _("Login protection")
