from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """Evaluating cadres on their results: rule sets, rounds, evaluations."""

    name = "thaogo.evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from thaogo.core.panels import register_cadre_panel
        from thaogo.core.scoping import register_selector
        from thaogo.evaluation.selectors import evaluations_visible_to
        from thaogo.evaluation.views import cadre_ratings_panel

        register_selector("evaluation", evaluations_visible_to)
        register_cadre_panel(cadre_ratings_panel)
