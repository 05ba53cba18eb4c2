from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operating the installation: `thaogo backup` and `thaogo restore`. No models."""

    name = "thaogo.ops"
