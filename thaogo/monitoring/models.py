from django.utils.translation import gettext_lazy as _

from thaogo.core.models import ChangeLog


class FigureChange(ChangeLog):
    """One write to data the dashboard counts and the data's version (core.DataChange) does
    not log: reports and their submissions, obligations, metrics and their values, deadline
    changes, unit transfers, categories. These are written far more often than tasks or
    units, so they move the dashboard's kept figures only, not every cached figure."""

    class Meta:
        verbose_name = _("monitoring figure change")
        verbose_name_plural = _("monitoring figure changes")
