"""Writes to tasks, assignments and metrics. Views, admin, commands and the API call these."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from thaogo.core.services import apply_changes, audited_save, lock_for_update
from thaogo.documents.models import Document, Plan
from thaogo.lib import clock
from thaogo.lib.numbers import format_number
from thaogo.reporting.services import (
    notify,
    obligations_sync_for_assignment,
    obligations_sync_for_task,
)
from thaogo.tasks.models import (
    MAX_MEASURE,
    Assignment,
    AssignmentRole,
    Category,
    DeadlineChange,
    Metric,
    MetricValue,
    Status,
    Task,
    UnitOfMeasure,
)
from thaogo.units.models import Cadre, Unit

TASK_FIELDS = {
    "code",
    "title",
    "description",
    "category",
    "is_hard",
    "is_new",
    "is_backlogged",
    "is_complex",
    "start_date",
    "deadline",
    "priority",
    "status",
    "completed_on",
    "result_summary",
}


def _units_summary(units: list[Unit]) -> str:
    return "; ".join(sorted(unit.name for unit in units))


def category_by_code(code: str) -> Category:
    try:
        return Category.objects.get(code=code, is_active=True)
    except Category.DoesNotExist:
        raise ValidationError(
            {"category": _("Unknown category “%(code)s”.") % {"code": code}}
        ) from None


def _validate_task(task: Task) -> None:
    errors: dict[str, str] = {}
    if task.deadline and task.start_date and task.deadline < task.start_date:
        errors["deadline"] = _("The deadline cannot be before the start date.")
    if (
        task.category_id
        and not Category.objects.filter(pk=task.category_id, is_active=True).exists()
    ):
        errors["category"] = _("Unknown category.")
    if task.status == Status.COMPLETED and task.completed_on is None:
        errors["completed_on"] = _("Give the date the task was completed.")
    if task.status != Status.COMPLETED and task.completed_on is not None:
        errors["completed_on"] = _("Only a completed task has a completion date.")
    if task.completed_on and task.start_date and task.completed_on < task.start_date:
        errors["completed_on"] = _("The completion date cannot be before the start date.")
    elif task.completed_on and task.completed_on > clock.today():
        errors["completed_on"] = _("The completion date cannot be in the future.")
    if task.pk and task.start_date and "start_date" not in errors:
        if task.assignments.filter(start_date__lt=task.start_date).exists():
            errors["start_date"] = _("Some assignments of this task start before that date.")
        elif MetricValue.objects.filter(
            metric__task=task, measured_on__lt=task.start_date
        ).exists():
            errors["start_date"] = _("Values of this task were measured before that date.")
    if task.plan_id and task.start_date:
        plan = Plan.objects.get(pk=task.plan_id)
        if task.start_date < plan.start_date:
            errors["start_date"] = _("The task cannot start before its plan (%(date)s).") % {
                "date": plan.start_date.strftime("%d/%m/%Y")
            }
    if errors:
        raise ValidationError(errors)


def _save_unique(obj: Any, *, by: Any, message: str) -> Any:
    """Save, turning a race on a unique key into the same message validation gives."""
    try:
        with transaction.atomic():
            return audited_save(obj, by=by)
    except IntegrityError:
        raise ValidationError(message) from None


@transaction.atomic
def task_create(
    *,
    plan: Plan,
    code: str,
    title: str,
    category: Category,
    start_date: date,
    by: Any,
    units: list[Unit] | None = None,
    **fields: Any,
) -> Task:
    task = apply_changes(
        Task(plan=plan, code=code, title=title, category=category, start_date=start_date),
        fields,
        allowed=TASK_FIELDS,
    )
    task.created_by = by if getattr(by, "is_authenticated", False) else None
    task.units_summary = _units_summary(units or [])
    _validate_task(task)
    _save_unique(task, by=by, message=_("A task with this code already exists in the plan."))
    if units:
        task.units.set(units)
    return task


@transaction.atomic
def task_update(
    *,
    task: Task,
    by: Any,
    expected_version: int,
    units: list[Unit] | None = None,
    **changes: Any,
) -> Task:
    fresh = lock_for_update(task, expected_version=expected_version)
    previous_deadline = fresh.deadline
    apply_changes(fresh, changes, allowed=TASK_FIELDS)
    if units is not None:
        fresh.units_summary = _units_summary(units)
    _validate_task(fresh)
    fresh.version += 1
    _save_unique(fresh, by=by, message=_("A task with this code already exists in the plan."))
    if fresh.deadline != previous_deadline:
        # Figures as of an earlier date need the deadline then, however it was changed.
        DeadlineChange.objects.create(
            task=fresh,
            previous_deadline=previous_deadline,
            new_deadline=fresh.deadline,
            effective_on=clock.today(),
            reason=_("Changed in the task form."),
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
        )
    if units is not None:
        fresh.units.set(units)
    obligations_sync_for_task(fresh)
    return fresh


@transaction.atomic
def deadline_change_record(
    *,
    task: Task,
    new_deadline: date,
    effective_on: date,
    reason: str,
    by: Any,
    expected_version: int,
    decision: Document | None = None,
) -> DeadlineChange:
    """Extend (or bring forward) a task's deadline: the record and the task change together."""
    fresh = lock_for_update(task, expected_version=expected_version)
    errors: dict[str, str] = {}
    if new_deadline == fresh.deadline:
        errors["new_deadline"] = _("The new deadline is the same as the current one.")
    elif new_deadline < fresh.start_date:
        errors["new_deadline"] = _("The deadline cannot be before the start date.")
    if effective_on > clock.today():
        errors["effective_on"] = _("The change cannot take effect in the future.")
    elif effective_on < fresh.start_date:
        errors["effective_on"] = _("The change cannot take effect before the task starts.")
    elif DeadlineChange.objects.filter(task=fresh, effective_on__gt=effective_on).exists():
        errors["effective_on"] = _("A later deadline change is already recorded.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the change.")
    if errors:
        raise ValidationError(errors)
    change = DeadlineChange(
        task=fresh,
        previous_deadline=fresh.deadline,
        new_deadline=new_deadline,
        effective_on=effective_on,
        reason=reason.strip(),
        decision=decision,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    change.full_clean()
    change.save()
    fresh.deadline = new_deadline
    fresh.version += 1
    audited_save(fresh, by=by)
    obligations_sync_for_task(fresh)
    return change


def _validate_assignment(assignment: Assignment) -> None:
    task = assignment.task
    errors: dict[str, str] = {}
    if assignment.start_date < task.start_date:
        errors["start_date"] = _("An assignment cannot start before its task (%(date)s).") % {
            "date": task.start_date.strftime("%d/%m/%Y")
        }
    if assignment.end_date and assignment.end_date < assignment.start_date:
        errors["end_date"] = _("The end date cannot be before the start date.")
    if not assignment.cadre.is_active:
        errors["cadre"] = _("This cadre is no longer active.")
    if assignment.end_date is None:
        active = Assignment.objects.filter(task=task, end_date__isnull=True).exclude(
            pk=assignment.pk
        )
        if (
            assignment.role == AssignmentRole.LEAD
            and active.filter(role=AssignmentRole.LEAD).exists()
        ):
            errors["role"] = _(
                "This task already has an active lead cadre. End that assignment or use "
                "“Reassign the lead” instead."
            )
        if active.filter(cadre=assignment.cadre).exists():
            errors["cadre"] = _("This cadre is already assigned to this task.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assignment_create(
    *,
    task: Task,
    cadre: Cadre,
    role: str,
    start_date: date,
    by: Any,
    decision: Document | None = None,
    note: str = "",
) -> Assignment:
    # Lock the task so two simultaneous "add lead" requests queue up here.
    Task.objects.select_for_update().filter(pk=task.pk).first()
    assignment = Assignment(
        task=task,
        cadre=cadre,
        role=role,
        start_date=start_date,
        decision=decision,
        note=note,
        assigned_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _validate_assignment(assignment)
    assignment = _save_unique(
        assignment,
        by=by,
        message=_(
            "Someone assigned this task at the same moment: the task already has an active "
            "lead, or this cadre is already assigned. Reload the task to see it."
        ),
    )
    obligations_sync_for_assignment(assignment)
    if cadre.user is not None:
        notify(
            user=cadre.user,
            kind="assignment",
            key=f"assignment:{assignment.pk}",
            message=_("You were assigned to task %(task)s as %(role)s.")
            % {"task": task, "role": assignment.get_role_display()},
            url=reverse("tasks:detail", args=[task.pk]),
        )
    return assignment


@transaction.atomic
def assignment_end(
    *, assignment: Assignment, end_date: date, by: Any, expected_version: int, reason: str = ""
) -> Assignment:
    fresh = lock_for_update(assignment, expected_version=expected_version)
    if fresh.end_date is not None:
        raise ValidationError(_("This assignment has already ended."))
    if end_date < fresh.start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
    fresh.end_date = end_date
    fresh.end_reason = reason.strip()
    fresh.version += 1
    audited_save(fresh, by=by)
    obligations_sync_for_assignment(fresh)
    return fresh


@transaction.atomic
def lead_reassign(
    *,
    task: Task,
    cadre: Cadre,
    on: date,
    by: Any,
    decision: Document | None = None,
    note: str = "",
) -> Assignment:
    """Hand the lead to `cadre` from `on`; the previous lead's assignment ends the day before."""
    Task.objects.select_for_update().filter(pk=task.pk).first()
    current = Assignment.objects.filter(
        task=task, role=AssignmentRole.LEAD, end_date__isnull=True
    ).first()
    if current is not None:
        if current.cadre_id == cadre.pk:
            raise ValidationError({"cadre": _("This cadre is already the lead of this task.")})
        if on <= current.start_date:
            raise ValidationError(
                {
                    "start_date": _(
                        "The new lead must take over after the current lead started (%(date)s)."
                    )
                    % {"date": current.start_date.strftime("%d/%m/%Y")}
                }
            )
        assignment_end(
            assignment=current,
            end_date=on - timedelta(days=1),
            expected_version=current.version,
            by=by,
        )
    # A cadre who supported the task and now leads it: the support assignment ends too.
    support = Assignment.objects.filter(task=task, cadre=cadre, end_date__isnull=True).first()
    if support is not None:
        assignment_end(
            assignment=support,
            end_date=max(support.start_date, on - timedelta(days=1)),
            expected_version=support.version,
            by=by,
        )
    return assignment_create(
        task=task,
        cadre=cadre,
        role=AssignmentRole.LEAD,
        start_date=on,
        decision=decision,
        note=note,
        by=by,
    )


def check_measure(
    unit: UnitOfMeasure, value: Decimal | None, field: str, errors: dict[str, str]
) -> None:
    if value is None:
        return
    if value < 0:
        negative = {
            "target": _("The target cannot be negative."),
            "baseline": _("The baseline cannot be negative."),
        }
        errors[field] = negative.get(field, _("The value cannot be negative."))
    elif value > MAX_MEASURE:
        errors[field] = _("The value is too large.")
    elif unit.is_whole_number and value != value.to_integral_value():
        errors[field] = _("Values in %(unit)s must be whole numbers.") % {"unit": unit.name}
    elif unit.maximum is not None and value > unit.maximum:
        errors[field] = _("A value in %(unit)s cannot be more than %(maximum)s.") % {
            "unit": unit.name,
            "maximum": format_number(unit.maximum, trim=True),
        }


def unit_of_measure(unit: "UnitOfMeasure | str") -> UnitOfMeasure:
    """The unit itself, or the one with that code."""
    if isinstance(unit, UnitOfMeasure):
        return unit
    found = UnitOfMeasure.objects.filter(code=unit).first()
    if found is None:
        raise ValidationError({"unit": _("Unknown unit of measure.")})
    return found


def _validate_metric(metric: Metric) -> None:
    errors: dict[str, str] = {}
    check_measure(metric.unit, metric.baseline, "baseline", errors)
    check_measure(metric.unit, metric.target, "target", errors)
    if "target" not in errors and metric.target is not None and metric.target == metric.baseline:
        errors["target"] = _("The target must differ from the baseline.")
    if errors:
        raise ValidationError(errors)


METRIC_FIELDS = {"name", "unit", "baseline", "target", "target_date", "order"}


@transaction.atomic
def metric_create(
    *,
    task: Task,
    name: str,
    unit: UnitOfMeasure | str,
    target: Decimal,
    by: Any,
    baseline: Decimal = Decimal(0),
    target_date: date | None = None,
    order: int = 0,
) -> Metric:
    metric = Metric(
        task=task,
        name=name,
        unit=unit_of_measure(unit),
        baseline=baseline,
        target=target,
        target_date=target_date,
        order=order,
    )
    _validate_metric(metric)
    return _save_unique(metric, by=by, message=_("This task already has a metric with that name."))


@transaction.atomic
def metric_update(*, metric: Metric, by: Any, expected_version: int, **changes: Any) -> Metric:
    fresh = lock_for_update(metric, expected_version=expected_version)
    if "unit" in changes:
        changes = {**changes, "unit": unit_of_measure(changes["unit"])}
    apply_changes(fresh, changes, allowed=METRIC_FIELDS)
    _validate_metric(fresh)
    errors: dict[str, str] = {}
    for value in fresh.values.all():
        check_measure(fresh.unit, value.value, "unit", errors)
    if errors:
        raise ValidationError(
            {"unit": _("Values already recorded for this metric do not fit that unit.")}
        )
    fresh.version += 1
    return _save_unique(fresh, by=by, message=_("This task already has a metric with that name."))


@transaction.atomic
def metric_value_record(
    *, metric: Metric, measured_on: date, value: Decimal, by: Any, note: str = ""
) -> MetricValue:
    """Record the value measured on a day; a second value for the same day replaces the first."""
    errors: dict[str, str] = {}
    check_measure(metric.unit, value, "value", errors)
    if measured_on < metric.task.start_date:
        errors["measured_on"] = _("The date cannot be before the task started.")
    elif measured_on > clock.today():
        errors["measured_on"] = _("A value cannot be measured in the future.")
    if errors:
        raise ValidationError(errors)
    # Lock the metric first: a row lock on a value that does not exist yet locks nothing, so
    # two people recording the same day would both insert, and the second would be told the
    # day is taken instead of replacing the value. Saves of one metric queue up here.
    Metric.objects.select_for_update().filter(pk=metric.pk).first()
    existing = MetricValue.objects.filter(metric=metric, measured_on=measured_on).first()
    entry = existing or MetricValue(metric=metric, measured_on=measured_on)
    entry.value = value
    entry.note = note
    entry.recorded_by = by if getattr(by, "is_authenticated", False) else None
    return _save_unique(entry, by=by, message=_("A value is already recorded for this date."))
