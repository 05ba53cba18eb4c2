from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "thaogo.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from thaogo.accounts import security  # noqa: F401  (connects the login log)
