"""Audit plumbing: the request's address on each history row, and readable diffs."""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


def history(**options: Any) -> HistoricalRecords:
    from thaogo.core.models import AuditedHistoricalModel

    return HistoricalRecords(bases=[AuditedHistoricalModel], **options)


@receiver(pre_create_historical_record)
def _stamp_ip_address(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        history_instance.ip_address = client_ip(request)


def client_ip(request: Any) -> str | None:
    """The client's address. Behind the documented reverse proxy it is the last address the
    proxy appended to X-Forwarded-For; anything before it came from the client and can be
    forged, and without a proxy the header is ignored."""
    from django.conf import settings

    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded and forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or None


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: Any
    who: Any
    ip_address: str | None
    action: str
    object_label: str
    changes: list[FieldChange]


def _display(record: Any, field: models.Field) -> str:
    value = getattr(record, field.attname)
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        try:
            return str(getattr(record, field.name))
        except Exception:  # the related row may be gone; the id still tells something
            return f"#{value}"
    if isinstance(field, models.BooleanField):
        from django.utils.translation import gettext

        return gettext("Yes") if value else gettext("No")
    from django.utils.formats import localize

    return str(localize(value))


_HIDDEN_FIELDS = {"search_text", "version", "path", "depth", "id"}


def history_entries(records: Any, *, object_label: str = "") -> list[HistoryEntry]:
    """Readable entries, newest first, from a queryset of historical records."""
    from django.utils.translation import gettext

    actions = {"+": gettext("Created"), "~": gettext("Changed"), "-": gettext("Deleted")}
    records = list(records.order_by("-history_date", "-history_id").select_related("history_user"))
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        fields = [
            f
            for f in record.instance_type._meta.fields
            if f.name not in _HIDDEN_FIELDS and f.editable
        ]
        if record.history_type == "~" and previous is not None:
            changes = [
                FieldChange(str(f.verbose_name), _display(previous, f), _display(record, f))
                for f in fields
                if getattr(previous, f.attname) != getattr(record, f.attname)
            ]
            if not changes:
                continue
        elif record.history_type == "+":
            changes = [
                FieldChange(str(f.verbose_name), "", _display(record, f))
                for f in fields
                if getattr(record, f.attname) not in (None, "", False)
            ]
        else:
            changes = []
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                ip_address=record.ip_address,
                action=actions.get(record.history_type, record.history_type),
                object_label=object_label or str(record.instance),
                changes=changes,
            )
        )
    return entries
