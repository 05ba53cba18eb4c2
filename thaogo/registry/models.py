import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# An uploaded import waits this long for its confirmation; then it is forgotten.
IMPORT_KEEP_FOR = timedelta(hours=24)


def new_import_token() -> str:
    return secrets.token_urlsafe(24)


class ImportBatch(models.Model):
    """An uploaded sheet between its preview and its confirmation: the rows as read (plain
    values, each tagged with its kind), so the confirmation needs no second upload. Only its
    uploader can open it, by its token; it expires after IMPORT_KEEP_FOR."""

    token = models.CharField(max_length=64, unique=True, default=new_import_token)
    kind = models.CharField(_("kind"), max_length=20)
    filename = models.CharField(_("file name"), max_length=255)
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # Real time, like sessions: it decides when the upload expires.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename}"

    @property
    def expired(self) -> bool:
        return self.created_at < timezone.now() - IMPORT_KEEP_FOR
