from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditedHistoricalModel(models.Model):
    """Base of every history table: who and when come from simple-history, this adds from where."""

    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        abstract = True


class FormSubmission(models.Model):
    """A creation form that was sent and saved, by its one-time token.

    A second POST of the same form (a double click, a resubmitted page) finds the token here
    and is sent to what the first one created instead of creating it again. The unique token
    is claimed in the same transaction as the creation, so a duplicate sent at the same
    moment waits for the first to commit and then finds it.
    """

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    redirect_url = models.CharField(max_length=2000, blank=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return f"{self.token[:8]}… {self.created_at:%d/%m/%Y %H:%M}"
