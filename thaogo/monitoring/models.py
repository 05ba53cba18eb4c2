from django.db import models
from django.utils.translation import gettext_lazy as _

from thaogo.core.models import ChangeLog


class FigureChange(ChangeLog):
    """One write to what every part of the dashboard's figures reads (monitoring.parts):
    units, plans, categories, the deadline rules and the report kinds. Writes to a
    task or to what hangs from it move its part's token (`FigurePart`) instead, so they do
    not make the whole country's figures be worked out again."""

    class Meta:
        verbose_name = _("monitoring figure change")
        verbose_name_plural = _("monitoring figure changes")


class FigurePart(models.Model):
    """The state of one part of the figures (the plans of one unit under the top and the
    units below it): a random token, replaced in the writer's own transaction by every
    write to a task of the part or to what hangs from it. Figures kept under it are exact:
    a rolled-back write's token never comes back."""

    key = models.CharField(_("part"), max_length=64, unique=True)
    token = models.BigIntegerField()

    class Meta:
        verbose_name = _("monitoring figure part")
        verbose_name_plural = _("monitoring figure parts")

    def __str__(self) -> str:
        return f"{self.key}.{self.token}"
