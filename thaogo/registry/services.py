"""Writes to the registers. Each is one transaction that validates, checks the version the
form was opened at (a concurrent edit is refused, never overwritten) and is audited by the
history of the record it changes."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thaogo.accounts.models import Profile, Role
from thaogo.accounts.services import account_create, set_password_link_send
from thaogo.core.models import DeadlineRule
from thaogo.core.services import apply_changes, audited_save, lock_for_update
from thaogo.documents.models import Document, DocumentType
from thaogo.portal.models import ResolutionTarget, TargetYear
from thaogo.reporting.kinds import kinds_forget
from thaogo.reporting.models import (
    Holiday,
    HolidayKind,
    ReportingKind,
    ReportingSchedule,
    SwappedWorkingDay,
)
from thaogo.reporting.services import obligations_sync_for_plan
from thaogo.tasks.models import Metric, MetricValue, UnitOfMeasure
from thaogo.units.models import Cadre, CommitteeTerm, Position, Unit, in_subtree

CADRE_FIELDS = {
    "full_name",
    "date_of_birth",
    "unit",
    "committee_membership",
    "planned_position",
    "planning_term",
    "planning_decision",
    "email",
    "phone",
    "is_active",
}
UNIT_FIELDS = {
    "parent",
    "kind",
    "name",
    "short_name",
    "issuer_code",
    "document_style",
    "numbering_series",
    "is_active",
}
TARGET_FIELDS = {"group", "order", "name", "unit", "direction", "term_target"}
YEAR_FIELDS = {"planned", "actual"}


DOCUMENT_TYPE_RULES = {"system", "number_form", "valid_from", "valid_until", "legal_basis"}
REPORTING_KIND_FIELDS = {
    "name",
    "span_months",
    "last_months",
    "label_pattern",
    "precedence",
    "is_default",
    "valid_from",
    "valid_until",
    "legal_basis",
}


def _save(obj: Any, *, by: Any, message: str) -> Any:
    """Save; a race on a unique key gets the same message as validation gives."""
    try:
        with transaction.atomic():
            return audited_save(obj, by=by)
    except IntegrityError:
        raise ValidationError(message) from None


def _same_cadre_message() -> str:
    return _("A cadre with this name and date of birth already exists.")


def _check_cadre_unique(cadre: Cadre) -> None:
    twins = Cadre.objects.filter(full_name=cadre.full_name, date_of_birth=cadre.date_of_birth)
    if cadre.pk:
        twins = twins.exclude(pk=cadre.pk)
    if cadre.date_of_birth is not None and twins.exists():
        raise ValidationError({"date_of_birth": _same_cadre_message()})


# ---------------------------------------------------------------- cadres


def _cadre_account(cadre: Cadre, *, username: str, by: Any) -> None:
    if not username:
        return
    if cadre.user_id is not None:
        raise ValidationError({"username": _("This cadre already has a login account.")})
    if not cadre.email:
        raise ValidationError(
            {"email": _("Give the cadre's e-mail address: the set-password link is sent there.")}
        )
    first, _sep, last = cadre.full_name.rpartition(" ")
    user = account_create(
        username=username,
        email=cadre.email,
        role=Role.CADRE,
        first_name=first,
        last_name=last,
        by=by,
    )
    cadre.user = user


@transaction.atomic
def cadre_create(*, by: Any, username: str = "", **fields: Any) -> Cadre:
    cadre = apply_changes(Cadre(), fields, allowed=CADRE_FIELDS)
    cadre.full_name = cadre.full_name.strip()
    _check_cadre_unique(cadre)
    _cadre_account(cadre, username=username, by=by)
    return _save(cadre, by=by, message=_same_cadre_message())


@transaction.atomic
def cadre_update(
    *, cadre: Cadre, by: Any, expected_version: int, username: str = "", **changes: Any
) -> Cadre:
    fresh = lock_for_update(cadre, expected_version=expected_version)
    apply_changes(fresh, changes, allowed=CADRE_FIELDS)
    fresh.full_name = fresh.full_name.strip()
    _check_cadre_unique(fresh)
    _cadre_account(fresh, username=username, by=by)
    if not fresh.is_active and fresh.user_id and fresh.user.is_active:
        # A cadre who leaves can no longer sign in; their account and history stay.
        fresh.user.is_active = False
        audited_save(fresh.user, by=by)
    fresh.version += 1
    return _save(fresh, by=by, message=_same_cadre_message())


@transaction.atomic
def position_add(
    *,
    cadre: Cadre,
    title: str,
    unit: Unit,
    by: Any,
    start_date: date | None = None,
    end_date: date | None = None,
) -> Position:
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
    order = cadre.positions.count()
    position = Position(
        cadre=cadre,
        title=title.strip(),
        unit=unit,
        start_date=start_date,
        end_date=end_date,
        order=order,
    )
    position = _save(position, by=by, message=_("The cadre already holds this position."))
    cadre.save()  # position titles are part of the cadre's search text
    return position


@transaction.atomic
def position_end(*, position: Position, end_date: date, by: Any) -> Position:
    fresh = Position.objects.select_for_update().get(pk=position.pk)
    if fresh.end_date is not None:
        raise ValidationError(_("This position has already ended."))
    if fresh.start_date and end_date < fresh.start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
    fresh.end_date = end_date
    return audited_save(fresh, by=by)


@transaction.atomic
def cadre_positions_set(
    *, cadre: Cadre, positions: list[tuple[str, Unit, date | None, date | None]], by: Any
) -> None:
    """Make the cadre's posts exactly `positions` (title, unit, from, to), in that order: a
    post already held (same title and unit) keeps its row and history, one not listed is
    removed, a new one is added."""
    held = {(p.title, p.unit_id): p for p in cadre.positions.select_for_update()}
    wanted = set()
    for order, (title, unit, start_date, end_date) in enumerate(positions):
        if start_date and end_date and end_date < start_date:
            raise ValidationError(_("The end date cannot be before the start date."))
        key = (title.strip(), unit.pk)
        wanted.add(key)
        position = held.get(key) or Position(cadre=cadre, title=key[0], unit=unit)
        new = (order, start_date, end_date)
        if position.pk is None or (position.order, position.start_date, position.end_date) != new:
            position.order, position.start_date, position.end_date = new
            _save(position, by=by, message=_("The cadre already holds this position."))
    for key, position in held.items():
        if key not in wanted:
            if by is not None and getattr(by, "is_authenticated", False):
                position._history_user = by
            position.delete()  # the history keeps the removed post
    cadre.save()  # position titles are part of the cadre's search text


# ---------------------------------------------------------------- users and roles


def user_create(**fields: Any) -> User:
    return account_create(**fields)


@transaction.atomic
def user_update(
    *,
    user: User,
    by: Any,
    expected_version: int,
    role: str,
    unit: Unit | None,
    first_name: str,
    last_name: str,
    email: str,
    is_active: bool,
) -> User:
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        profile = audited_save(Profile(user=user, role=role, unit=unit), by=by)
        expected_version = profile.version
    fresh = lock_for_update(profile, expected_version=expected_version)
    removes_self = by is not None and by.pk == user.pk
    was_administrator = fresh.role == Role.ADMINISTRATOR or user.is_superuser
    if removes_self and was_administrator and (not is_active or role != Role.ADMINISTRATOR):
        raise ValidationError(
            _("You cannot remove your own administrator role or deactivate yourself.")
        )
    if role == Role.UNIT_STAFF and unit is None:
        raise ValidationError({"unit": _("Unit staff must belong to a unit.")})
    fresh.role, fresh.unit = role, unit
    fresh.version += 1
    audited_save(fresh, by=by)
    account = User.objects.select_for_update().get(pk=user.pk)
    account.first_name, account.last_name, account.email = first_name, last_name, email
    account.is_active = is_active  # deactivated, never deleted: the history stays
    return audited_save(account, by=by)


def user_send_set_password_link(*, user: User) -> None:
    with transaction.atomic():
        set_password_link_send(user=user)


# ---------------------------------------------------------------- units


@transaction.atomic
def unit_create(*, by: Any, **fields: Any) -> Unit:
    unit = apply_changes(Unit(), fields, allowed=UNIT_FIELDS)
    return _save(unit, by=by, message=_("A unit with this name already exists there."))


@transaction.atomic
def unit_update(*, unit: Unit, by: Any, expected_version: int, **changes: Any) -> Unit:
    """A renamed unit keeps its former name: searches and imported lists still find it."""
    fresh = lock_for_update(unit, expected_version=expected_version)
    old_name = fresh.name
    apply_changes(fresh, changes, allowed=UNIT_FIELDS)
    former = [n for n in fresh.former_names.split("\n") if n]
    if fresh.name != old_name and old_name not in former:
        fresh.former_names = "\n".join([*former, old_name])
    fresh.version += 1
    return _save(fresh, by=by, message=_("A unit with this name already exists there."))


# ---------------------------------------------------------------- resolution targets


@transaction.atomic
def target_update(
    *, target: ResolutionTarget, by: Any, expected_version: int, **changes: Any
) -> ResolutionTarget:
    fresh = lock_for_update(target, expected_version=expected_version)
    apply_changes(fresh, changes, allowed=TARGET_FIELDS)
    fresh.version += 1
    return _save(fresh, by=by, message=_("This resolution already has a target with that number."))


@transaction.atomic
def target_year_add(*, target: ResolutionTarget, year: int, by: Any, **figures: Any) -> TargetYear:
    row = apply_changes(TargetYear(target=target, year=year), figures, allowed=YEAR_FIELDS)
    return _save(row, by=by, message=_("This target already has figures for that year."))


@transaction.atomic
def target_year_update(
    *, row: TargetYear, by: Any, expected_version: int, **figures: Any
) -> TargetYear:
    fresh = lock_for_update(row, expected_version=expected_version)
    apply_changes(fresh, figures, allowed=YEAR_FIELDS)
    fresh.version += 1
    return audited_save(fresh, by=by)


# ---------------------------------------------------------------- holidays, document types


@transaction.atomic
def holiday_create(
    *,
    date: date,
    name: str,
    by: Any,
    kind: str = HolidayKind.PUBLIC,
    compensates: date | None = None,
    legal_source: str = "",
) -> Holiday:
    holiday = Holiday(
        date=date,
        name=name.strip(),
        kind=kind,
        compensates=compensates,
        legal_source=legal_source.strip(),
    )
    holiday.full_clean()  # a day off in place of a weekend holiday must name that holiday
    return _save(holiday, by=by, message=_("This day is already a holiday."))


@transaction.atomic
def holiday_update(*, holiday: Holiday, by: Any, expected_version: int, **changes: Any) -> Holiday:
    fresh = lock_for_update(holiday, expected_version=expected_version)
    apply_changes(fresh, changes, allowed={"date", "name", "kind", "compensates", "legal_source"})
    fresh.full_clean()
    fresh.version += 1
    return _save(fresh, by=by, message=_("This day is already a holiday."))


@transaction.atomic
def holiday_delete(*, holiday: Holiday, by: Any, expected_version: int) -> None:
    fresh = lock_for_update(holiday, expected_version=expected_version)
    if by is not None and getattr(by, "is_authenticated", False):
        fresh._history_user = by
    fresh.delete()  # the history keeps the deleted row, with who deleted it


@transaction.atomic
def document_type_create(*, code: str, name: str, by: Any, order: int = 0, **fields: Any):
    """A Party or State document type; `fields` are its list, number form, dates in use and
    legal basis."""
    doc_type = DocumentType(code=code.strip(), name=name.strip(), order=order)
    apply_changes(doc_type, fields, allowed=DOCUMENT_TYPE_RULES)
    doc_type.full_clean()
    return _save(doc_type, by=by, message=_("A document type with this code already exists."))


@transaction.atomic
def document_type_update(
    *, doc_type: DocumentType, by: Any, expected_version: int, **changes: Any
) -> DocumentType:
    fresh = lock_for_update(doc_type, expected_version=expected_version)
    apply_changes(fresh, changes, allowed={"code", "name", "order", *DOCUMENT_TYPE_RULES})
    fresh.full_clean()
    fresh.version += 1
    return _save(fresh, by=by, message=_("A document type with this code already exists."))


# ---------------------------------------------------------------- reporting kinds


def _kind_saved(kind: ReportingKind, *, by: Any) -> ReportingKind:
    """Save the kind, then bring the obligations of every plan that reports on it in line:
    a kind that now ends earlier, or whose periods end in other months, changes what is owed
    (a report already written is never removed)."""
    kinds_forget()
    try:
        saved = _save(kind, by=by, message=_("A reporting kind with this code already exists."))
        kinds_forget()
        for schedule in ReportingSchedule.objects.filter(kinds=saved).select_related("plan"):
            obligations_sync_for_plan(schedule.plan)
        return saved
    finally:
        kinds_forget()  # a refused write leaves nothing of itself in the book


@transaction.atomic
def reporting_kind_create(*, code: str, by: Any, **fields: Any) -> ReportingKind:
    """A kind of reporting period, in force from `valid_from` (and until `valid_until`)."""
    kind = ReportingKind(code=code.strip())
    apply_changes(kind, fields, allowed=REPORTING_KIND_FIELDS)
    kind.full_clean()
    return _kind_saved(kind, by=by)


@transaction.atomic
def reporting_kind_update(
    *, kind: ReportingKind, by: Any, expected_version: int, **changes: Any
) -> ReportingKind:
    """Its code stays: report obligations already made keep it."""
    fresh = lock_for_update(kind, expected_version=expected_version)
    apply_changes(fresh, changes, allowed=REPORTING_KIND_FIELDS)
    fresh.full_clean()
    fresh.version += 1
    return _kind_saved(fresh, by=by)


# ---------------------------------------------------------------- the administrator's rules
# Deadline rules, units of measure, make-up working days and committee terms: each created
# whole, or changed from the version its form was opened at, by rule_create and rule_update.


def _check_recorded_figures(old: UnitOfMeasure | None, new: UnitOfMeasure) -> None:
    """Figures already recorded in a unit must still be valid in it."""
    if old is None:
        return
    metrics = Metric.objects.filter(unit_id=new.code)
    values = MetricValue.objects.filter(metric__unit_id=new.code)
    figures = [
        *metrics.values_list("baseline", flat=True),
        *metrics.values_list("target", flat=True),
        *values.values_list("value", flat=True),
    ]
    if new.is_whole_number and not old.is_whole_number and any(v != int(v) for v in figures):
        raise ValidationError(
            {
                "is_whole_number": _(
                    "Figures with decimals are already recorded in this unit: it cannot be "
                    "counted in whole numbers."
                )
            }
        )
    if new.maximum is not None and any(v > new.maximum for v in figures):
        raise ValidationError(
            {"maximum": _("Figures above this value are already recorded in this unit.")}
        )


def _check_swapped_day(_old: SwappedWorkingDay | None, day: SwappedWorkingDay) -> None:
    if day.in_place_of.weekday() >= 5:
        raise ValidationError(
            {"in_place_of": _("The day off it replaces is a day from Monday to Friday.")}
        )
    if Holiday.objects.filter(date=day.date).exists():
        raise ValidationError({"date": _("This day is a holiday: it cannot be worked.")})


def _check_term(old: CommitteeTerm | None, term: CommitteeTerm) -> None:
    """Terms of one committee do not overlap (a document's series would be ambiguous), and
    a term whose series numbers documents keeps its label."""
    overlapping = CommitteeTerm.objects.filter(
        unit=term.unit, starts_on__lte=term.ends_on, ends_on__gte=term.starts_on
    ).exclude(pk=term.pk)
    if overlapping.exists():
        raise ValidationError(
            {
                "starts_on": _("This term overlaps the unit's term %(label)s.")
                % {"label": overlapping.first().label}
            }
        )
    if old is None or (old.label == term.label and old.unit_id == term.unit_id):
        return
    numbered = Document.objects.filter(in_subtree(old.unit.path, "issuer__path"), series=old.label)
    if numbered.exists():
        raise ValidationError(
            _(
                "Documents are numbered in the series %(label)s: its label and unit cannot "
                "change. Record a new term instead."
            )
            % {"label": old.label}
        )


@dataclass(frozen=True)
class RuleKind:
    """What one rule register may change, and what it refuses beyond the constraints:
    `check(old, new)` raises a ValidationError (`old` is None on creation)."""

    model: type
    fields: tuple[str, ...]  # in the order its form shows them
    duplicate: Callable[[], str]  # the message for a race on a unique key
    check: Callable[[Any, Any], None] | None = None
    fixed: tuple[str, ...] = ()  # given on creation only


DEADLINE_RULES = RuleKind(
    DeadlineRule,
    (
        "valid_from",
        "near_due_days",
        "first_reminder_days",
        "second_reminder_days",
        "last_reminder_days",
        "due_soon_days",
        "first_report_grace_days",
        "legal_basis",
    ),
    lambda: _("A deadline rule already applies from this date."),
)
# Its code stays: metrics and their history name the unit by it.
UNITS_OF_MEASURE = RuleKind(
    UnitOfMeasure,
    ("name", "is_whole_number", "maximum", "order", "is_active"),
    lambda: _("A unit of measure with this code or name already exists."),
    _check_recorded_figures,
    fixed=("code",),
)
# A Saturday or Sunday worked in place of a weekday off: it counts as a working day.
MAKE_UP_DAYS = RuleKind(
    SwappedWorkingDay,
    ("date", "in_place_of", "legal_source"),
    lambda: _("This day is already a make-up working day."),
    _check_swapped_day,
)
# A Party committee's term: the series its documents (and those of the units below it that
# have no term of their own) are numbered in.
COMMITTEE_TERMS = RuleKind(
    CommitteeTerm,
    ("unit", "label", "starts_on", "ends_on"),
    lambda: _("This unit already has a term with this label."),
    _check_term,
)


def _stripped(fields: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


@transaction.atomic
def rule_create(*, kind: RuleKind, by: Any, **fields: Any) -> Any:
    record = apply_changes(kind.model(), _stripped(fields), allowed={*kind.fields, *kind.fixed})
    record.full_clean()
    if kind.check is not None:
        kind.check(None, record)
    return _save(record, by=by, message=kind.duplicate())


@transaction.atomic
def rule_update(*, kind: RuleKind, record: Any, by: Any, expected_version: int, **changes: Any):
    fresh = lock_for_update(record, expected_version=expected_version)
    old = kind.model._default_manager.get(pk=fresh.pk)
    apply_changes(fresh, _stripped(changes), allowed=set(kind.fields))
    fresh.full_clean()
    if kind.check is not None:
        kind.check(old, fresh)
    fresh.version += 1
    return _save(fresh, by=by, message=kind.duplicate())
