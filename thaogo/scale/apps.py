from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """Data at national scale for measuring: `thaogo gen-scale`. No models."""

    name = "thaogo.scale"
