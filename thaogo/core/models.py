from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditedHistoricalModel(models.Model):
    """Base of every history table: who and when come from simple-history, this adds from where."""

    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        abstract = True
