"""Audit plumbing: the request's address on each history row, and readable diffs."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from thaogo.lib import clock


def history(**options: Any) -> HistoricalRecords:
    from thaogo.core.models import AuditedHistoricalModel

    return HistoricalRecords(bases=[AuditedHistoricalModel], **options)


@receiver(pre_create_historical_record)
def _stamp_ip_address(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        history_instance.ip_address = client_ip(request)


@receiver(pre_create_historical_record)
def _stamp_business_time(sender: Any, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    """A change happens at the business clock's time: the real time in production, the
    scenario's time when the demo writes its story or runs on its fixed date."""
    if not hasattr(instance, "_history_date"):
        history_instance.history_date = clock.now()


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


def _display(record: Any, field: models.Field, labels: dict[Any, dict[Any, str]]) -> str:
    value = getattr(record, field.attname)
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        # The related row may be gone; the id still tells something.
        return labels.get(field.related_model, {}).get(value, f"#{value}")
    if isinstance(field, models.BooleanField):
        from django.utils.translation import gettext

        return gettext("Yes") if value else gettext("No")
    if isinstance(value, Decimal | int | float):
        from thaogo.lib.numbers import format_number

        return format_number(value)
    from django.utils.formats import localize

    return str(localize(value))


_HIDDEN_FIELDS = {"search_text", "version", "path", "depth", "id"}


def _shown_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.fields if f.name not in _HIDDEN_FIELDS and f.editable]


def _bulk_labels(
    model: type[models.Model], ids: set[Any], field_name: str = "pk"
) -> dict[Any, str]:
    """Labels of some rows of a model in one query (their own foreign keys joined, as
    __str__ often names them), by primary key or by the field a foreign key points to."""
    if not ids:
        return {}
    rows = model._default_manager.select_related().in_bulk(ids, field_name=field_name)
    return {pk: str(row) for pk, row in rows.items()}


def _visible_ids(viewer: Any, model: type[models.Model], ids: set[Any]) -> set[Any] | None:
    """Which of these rows the viewer may open, by the scoping selector of their kind; None
    when the kind has no selector (it is shown wherever its owner is). Units are public
    bodies whose names every page prints."""
    from thaogo.core import scoping

    kind = scoping.kind_of(model, viewer)
    if kind is None or kind == "unit":
        return None
    return set(scoping.visible(viewer, kind).filter(pk__in=ids).values_list("pk", flat=True))


def _foreign_key_labels(records: list[Any], viewer: Any) -> dict[Any, dict[Any, str]]:
    """Every foreign key the records point to, labelled with one query per related model,
    however many records there are. A row the viewer may not open is not named."""
    from django.utils.translation import gettext

    wanted: dict[Any, set[Any]] = {}
    for record in records:
        for field in _shown_fields(record.instance_type):
            if isinstance(field, models.ForeignKey):
                value = getattr(record, field.attname)
                if value is not None:
                    # A key to another field than the primary key (a unit of measure's code).
                    target = field.target_field
                    by = "pk" if target.primary_key else target.name
                    wanted.setdefault((field.related_model, by), set()).add(value)
    labels: dict[Any, dict[Any, str]] = {}
    for (model, by), ids in wanted.items():
        visible = _visible_ids(viewer, model, ids) if by == "pk" else None
        hidden = set() if visible is None else ids - visible
        found = labels.setdefault(model, {})
        found.update(_bulk_labels(model, ids - hidden, by))
        found.update({pk: gettext("(not yours to see)") for pk in hidden})
    return labels


def _object_key(record: Any) -> tuple[Any, Any]:
    model = record.instance_type
    return model, getattr(record, model._meta.pk.attname)


def _ordered(records: Any) -> list[Any]:
    """Oldest first. A queryset is read with its editors; a list is taken as given, so a
    caller may leave out versions the viewer must not see."""
    if hasattr(records, "order_by"):
        records = records.order_by("history_date", "history_id").select_related("history_user")
    return sorted(records, key=lambda record: (record.history_date, record.history_id))


def history_entries(records: Any, *, viewer: Any, object_label: str = "") -> list[HistoryEntry]:
    """Readable entries, newest first, from historical records (a queryset, or a list
    already filtered for the viewer). Each version is compared with the previous version
    of the same object among the records given, never with a record of another object that
    happens to come before it; a version whose predecessors were left out is shown whole."""
    from django.utils.translation import gettext

    actions = {"+": gettext("Created"), "~": gettext("Changed"), "-": gettext("Deleted")}
    records = _ordered(records)
    labels = _foreign_key_labels(records, viewer)
    object_labels: dict[Any, str] = {}
    if not object_label:
        keys: dict[Any, set[Any]] = {}
        for record in records:
            model, pk = _object_key(record)
            keys.setdefault(model, set()).add(pk)
        for model, pks in keys.items():
            for pk, label in _bulk_labels(model, pks).items():
                object_labels[(model, pk)] = label
    previous_of: dict[Any, Any] = {}
    entries = []
    for record in records:
        key = _object_key(record)
        previous = previous_of.get(key)
        previous_of[key] = record
        fields = _shown_fields(record.instance_type)
        if record.history_type == "~" and previous is not None:
            changes = [
                FieldChange(
                    str(f.verbose_name), _display(previous, f, labels), _display(record, f, labels)
                )
                for f in fields
                if getattr(previous, f.attname) != getattr(record, f.attname)
            ]
            if not changes:
                continue
        elif record.history_type in ("+", "~"):
            changes = [
                FieldChange(str(f.verbose_name), "", _display(record, f, labels))
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
                object_label=object_label or object_labels.get(key) or str(record.instance),
                changes=changes,
            )
        )
    entries.reverse()
    return entries
