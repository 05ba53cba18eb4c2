"""Writes to documents and plans."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from thaogo.core.services import apply_changes, audited_save, lock_for_update
from thaogo.documents.models import Document, DocumentType, NumberForm, Plan
from thaogo.lib.files import name_matches, sniff
from thaogo.units.models import CommitteeTerm, NumberingSeries, Unit

DOCUMENT_FIELDS = {
    "number",
    "doc_type",
    "issuer",
    "series",
    "issued_on",
    "abstract",
    "is_public",
    "drafter_code",
}
PLAN_FIELDS = {"title", "issuing_body", "start_date", "end_date"}


def term_on(issuer: Unit, day: date) -> CommitteeTerm | None:
    """The committee term covering `day` of the issuer, or of the nearest unit above it."""
    units = [issuer, *reversed(issuer.ancestors())]
    terms = CommitteeTerm.objects.filter(
        unit__in=units, starts_on__lte=day, ends_on__gte=day
    ).select_related("unit")
    by_unit = {term.unit_id: term for term in terms}
    return next((by_unit[u.pk] for u in units if u.pk in by_unit), None)


def default_series(issuer: Unit, issued_on: date, doc_type: DocumentType | None = None) -> str:
    """The series a document is numbered in: the committee term for a Party committee,
    the calendar year for a State body (NĐ 30/2020) and for any legal normative document,
    whose year is part of its number."""
    if doc_type is not None and doc_type.number_form == NumberForm.WITH_YEAR:
        return str(issued_on.year)
    if issuer.numbering_series == NumberingSeries.TERM:
        term = term_on(issuer, issued_on)
        if term is not None:
            return term.label
    return str(issued_on.year)


def next_free_number(*, issuer: Unit, doc_type: DocumentType, series: str) -> int:
    """The number the next document of this type gets in the issuer's series."""
    last = Document.objects.filter(issuer=issuer, doc_type=doc_type, series=series).aggregate(
        last=Max("number")
    )["last"]
    return (last or 0) + 1


def _validate_document(document: Document, file: UploadedFile | None) -> None:
    errors: dict[str, Any] = {}
    if document.issuer_id and not document.issuer.issuer_code:
        errors["issuer"] = _("This unit has no issuer code, so it cannot issue numbered documents.")
    elif document.issuer_id and document.doc_type_id:
        doc_type, issuer = document.doc_type, document.issuer
        if doc_type.system != issuer.document_style:
            errors["doc_type"] = _(
                "This type belongs to the other list: %(unit)s numbers %(style)s documents."
            ) % {"unit": issuer.name, "style": issuer.get_document_style_display()}
        elif document.issued_on and not doc_type.in_use_on(document.issued_on):
            errors["doc_type"] = _("This type is not in use on the date of issue.")
    if file is not None and file.size > settings.THAOGO_MAX_UPLOAD_BYTES:
        errors["file"] = _("The file is larger than %(mb)s MB.") % {
            "mb": settings.THAOGO_MAX_UPLOAD_BYTES // (1024 * 1024)
        }
    elif file is not None:
        try:
            kind = sniff(file)
        except ValidationError as error:  # a picture with too many pixels
            errors["file"] = error.messages
        else:
            if not (kind and name_matches(file.name, kind[1])):
                errors["file"] = _(
                    "Only PDF, Word (DOCX), Excel (XLSX) and image files can be attached."
                )
    if errors:
        raise ValidationError(errors)


def _save_document(document: Document, *, by: Any) -> Document:
    try:
        with transaction.atomic():
            return audited_save(document, by=by)
    except IntegrityError:
        raise ValidationError(
            {"number": _("This number is already used in this series by this issuer.")}
        ) from None


@transaction.atomic
def document_create(
    *,
    number: int | None,
    doc_type: DocumentType,
    issuer: Unit,
    issued_on: date,
    abstract: str,
    by: Any,
    series: str = "",
    is_public: bool = False,
    file: UploadedFile | None = None,
    drafter_code: str = "",
) -> Document:
    """Record a document; without a number it gets the next free one in its series."""
    series = series or default_series(issuer, issued_on, doc_type)
    if number is None:
        # Two clerks recording at once would both take the same number: the issuer's row
        # lock makes the second wait for the first.
        Unit.objects.select_for_update().filter(pk=issuer.pk).first()
        number = next_free_number(issuer=issuer, doc_type=doc_type, series=series)
    document = Document(
        number=number,
        doc_type=doc_type,
        issuer=issuer,
        issued_on=issued_on,
        abstract=abstract,
        series=series,
        drafter_code=drafter_code.strip(),
        is_public=is_public,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _validate_document(document, file)
    if file is not None:
        document.file = file
    return _save_document(document, by=by)


@transaction.atomic
def document_update(
    *,
    document: Document,
    by: Any,
    expected_version: int,
    file: UploadedFile | None = None,
    **changes: Any,
) -> Document:
    fresh = lock_for_update(document, expected_version=expected_version)
    apply_changes(fresh, changes, allowed=DOCUMENT_FIELDS)
    if not fresh.series:
        fresh.series = default_series(fresh.issuer, fresh.issued_on, fresh.doc_type)
    _validate_document(fresh, file)
    if file is not None:
        fresh.file = file
    fresh.version += 1
    return _save_document(fresh, by=by)


def _validate_plan(plan: Plan) -> None:
    if plan.start_date and plan.end_date and plan.end_date < plan.start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
    if plan.pk and plan.start_date:
        early = plan.tasks.filter(start_date__lt=plan.start_date).exists()
        if early:
            raise ValidationError(
                {"start_date": _("Some tasks of this plan start before that date.")}
            )


@transaction.atomic
def plan_create(
    *,
    document: Document,
    title: str,
    issuing_body: Unit,
    start_date: date,
    end_date: date,
    by: Any,
) -> Plan:
    taken = ValidationError({"document": _("This document already issues another plan.")})
    if Plan.objects.filter(document=document).exists():
        raise taken
    plan = Plan(
        document=document,
        title=title,
        issuing_body=issuing_body,
        start_date=start_date,
        end_date=end_date,
    )
    _validate_plan(plan)
    # Someone may make a plan of this document at the same moment: the database's unique
    # document (or the model's check of it) then says so in the same words.
    try:
        with transaction.atomic():
            return audited_save(plan, by=by)
    except IntegrityError:
        raise taken from None
    except ValidationError as error:
        if "document" in getattr(error, "error_dict", {}):
            raise taken from None
        raise


@transaction.atomic
def plan_update(*, plan: Plan, by: Any, expected_version: int, **changes: Any) -> Plan:
    fresh = lock_for_update(plan, expected_version=expected_version)
    apply_changes(fresh, changes, allowed=PLAN_FIELDS)
    _validate_plan(fresh)
    fresh.version += 1
    return audited_save(fresh, by=by)
