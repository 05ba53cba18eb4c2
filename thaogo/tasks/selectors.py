"""Reads of tasks that views, exports and the API share. Every one is scoped to a user."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from thaogo.accounts.roles import cadre_of, is_unit_staff, oversees, role_of, scope_unit
from thaogo.core.dataversion import cached
from thaogo.core.ids import parse_id
from thaogo.core.rules import rule_on
from thaogo.documents.models import Document
from thaogo.lib.numbers import Quantized
from thaogo.lib.text import search_terms
from thaogo.tasks.models import (
    HEADLINE_TIMINGS,
    Assignment,
    AssignmentRole,
    DeadlineChange,
    Metric,
    MetricValue,
    Status,
    Task,
    Timing,
    UnitTransfer,
    timings_counted_as,
)
from thaogo.tasks.story import story_name
from thaogo.units.models import Unit, in_subtree


def next_task_code(plan: Any) -> str:
    """The number after the highest one the plan's tasks carry ("07" after "06" and "06.a"),
    written as wide as theirs: what a new task in the plan is offered as its code."""
    numbers = [
        match.group()
        for code in Task.objects.filter(plan=plan).values_list("code", flat=True)
        if (match := re.match(r"\d+", code))
    ]
    highest = max((int(number) for number in numbers), default=0)
    width = max((len(number) for number in numbers), default=2)
    return str(highest + 1).zfill(width)


def tasks_visible_to(user: Any) -> QuerySet[Task]:
    """Tasks the user may know exist; everyone else gets 404 for them.

    Each way of seeing a task is a condition on the task's own row (its plan's issuing
    body, or an EXISTS on its units or assignments), never `id IN (a subquery)`: a page of
    the list then reads the tasks in index order and checks each, a lookup by id checks one
    row, and nothing joins to many rows that would need DISTINCT."""
    role = role_of(user)
    cadre = cadre_of(user)
    if role is None and cadre is None:
        return Task.objects.none()
    unit = scope_unit(user)
    if cadre is not None and not oversees(user) and not (is_unit_staff(user) and unit):
        # Only their own tasks: a short list of ids from the assignments' index, which
        # other selectors (`task__in=`) also read without scanning every task.
        return Task.objects.filter(pk__in=Assignment.objects.filter(cadre=cadre).values("task_id"))
    visible = Q(pk__in=[])
    if oversees(user):
        if unit is None or user.is_superuser:
            return Task.objects.all()
        visible |= in_subtree(unit.path, "plan__issuing_body__path")
        visible |= Exists(
            Task.units.through.objects.filter(
                in_subtree(unit.path, "unit__path"), task_id=OuterRef("pk")
            )
        )
    elif is_unit_staff(user) and unit is not None:
        visible |= Exists(
            Task.units.through.objects.filter(
                in_subtree(unit.path, "unit__path"), task_id=OuterRef("pk")
            )
        )
    if cadre is not None:
        visible |= Exists(Assignment.objects.filter(task_id=OuterRef("pk"), cadre=cadre))
    return Task.objects.filter(visible)


def sees_every_task(user: Any) -> bool:
    """Whether `tasks_visible_to(user)` is every task: an overseer with no unit, or of the
    only top unit (every plan is issued under it), or a superuser overseer."""
    if not oversees(user):
        return False
    unit = scope_unit(user)
    if unit is None or user.is_superuser:
        return True
    return unit.depth == 0 and not Unit.objects.filter(depth=0).exclude(pk=unit.pk).exists()


def task_visible(user: Any, task_ref: str) -> Exists:
    """Whether the task a row points to (`task_ref`) is visible to the user, as a per-row
    EXISTS: a page of rows checks its own tasks instead of listing every visible task."""
    return Exists(tasks_visible_to(user).filter(pk=OuterRef(task_ref)))


def timing_expression(today: date, near_due_days: int | None = None) -> Case:
    """Task timing in SQL; the same rule as tasks.models.timing_of()."""
    near = near_due_days if near_due_days is not None else rule_on(today).near_due_days
    done = Q(status=Status.COMPLETED)
    return Case(
        When(done & Q(deadline__isnull=True), then=Value(Timing.COMPLETED_ON_TIME.value)),
        When(done & Q(completed_on__lte=F("deadline")), then=Value(Timing.COMPLETED_ON_TIME.value)),
        When(done, then=Value(Timing.COMPLETED_LATE.value)),
        When(deadline__isnull=True, then=Value(Timing.NO_DEADLINE.value)),
        When(deadline__lt=today, then=Value(Timing.OVERDUE.value)),
        When(deadline__lte=today + timedelta(days=near), then=Value(Timing.NEAR_DUE.value)),
        default=Value(Timing.ON_TRACK.value),
        output_field=CharField(),
    )


def with_timing(tasks: QuerySet[Task], *, today: date) -> QuerySet[Task]:
    return tasks.annotate(timing_value=timing_expression(today))


@dataclass(frozen=True)
class TimingSummary:
    """How many tasks have each timing. `counts` has one entry per Timing (each task in
    exactly one); the headline counts near-due tasks as within deadline."""

    total: int
    counts: dict[str, int]

    def count(self, timing: str) -> int:
        return sum(self.counts[t] for t in timings_counted_as(timing))

    @property
    def within_deadline(self) -> int:
        return self.count(Timing.ON_TRACK)

    @property
    def near_due(self) -> int:
        """Of which near due: a part of within deadline, never added to the total again."""
        return self.counts[Timing.NEAR_DUE]

    @property
    def overdue_rate(self) -> float:
        """Share of tasks late or overdue among those that have a deadline."""
        late = self.counts[Timing.COMPLETED_LATE] + self.counts[Timing.OVERDUE]
        with_deadline = self.total - self.counts[Timing.NO_DEADLINE]
        return round(100 * late / with_deadline, 1) if with_deadline else 0.0

    def rows(self) -> list[tuple[str, str, int]]:
        """The headline split: completed on time, completed late, in progress within
        deadline (near due included), in progress overdue, no deadline. They add up to the
        total."""
        return [(t.value, t.label, self.count(t)) for t in HEADLINE_TIMINGS]


def timing_summary(tasks: QuerySet[Task], *, today: date) -> TimingSummary:
    """The split of exactly these tasks (filter them first), counted in one query."""
    if "timing_value" not in tasks.query.annotations:
        tasks = tasks.annotate(timing_value=timing_expression(today))
    aggregates = {t.value: Count("pk", filter=Q(timing_value=t.value)) for t in Timing}
    counts = tasks.order_by().aggregate(total=Count("pk"), **aggregates)
    total = counts.pop("total")
    return TimingSummary(total=total, counts=counts)


def visibility_scope(user: Any) -> tuple:
    """What decides which tasks a user sees (tasks_visible_to): users who share it share
    cached figures."""
    unit = scope_unit(user)
    cadre = cadre_of(user)
    return (
        role_of(user),
        user.is_superuser,
        unit.pk if unit is not None else None,
        cadre.pk if cadre is not None else None,
    )


def cached_timing_summary(user: Any, filters: "TaskFilters", *, today: date) -> TimingSummary:
    """timing_summary() of the list these filters give, kept until tasks, their units,
    assignments, plans, units or the deadline rules change (thaogo.core.dataversion): the
    list and the dashboard read it without counting every task on each request."""
    counted = {k: v for k, v in vars(filters).items() if k != "sort"}
    return cached(
        ("timing_summary", visibility_scope(user), sorted(counted.items()), today.isoformat()),
        lambda: timing_summary(tasks_filtered(user, filters, today=today), today=today),
    )


SORTS = {
    "code": ("plan_id", "code"),
    "-code": ("-plan_id", "-code"),
    "title": ("title",),
    "-title": ("-title",),
    "deadline": (F("deadline").asc(nulls_last=True), "code"),
    "-deadline": (F("deadline").desc(nulls_last=True), "code"),
    "priority": ("priority", "code"),
    "-priority": ("-priority", "code"),
    "status": ("status", "code"),
    "-status": ("-status", "code"),
    "category": ("category__order", "code"),
    "-category": ("-category__order", "code"),
}


def sort_keys(sort: str) -> list[tuple[str, bool]] | None:
    """The list's order as (field, descending) pairs ending in the id, for pages read past a
    row (core.paging.paginate_keyset); None for an order on a field that may be empty
    (the deadline), which pages by number."""
    order = [*SORTS.get(sort, SORTS["code"]), "pk"]
    if not all(isinstance(field, str) for field in order):
        return None
    return [(field.lstrip("-"), field.startswith("-")) for field in order]


NATURES = {
    "hard": "is_hard",
    "new": "is_new",
    "backlogged": "is_backlogged",
    "complex": "is_complex",
}


@dataclass
class TaskFilters:
    q: str = ""
    plan: int | None = None
    category: int | None = None
    unit: int | None = None
    cadre: int | None = None
    status: str = ""
    timing: str = ""
    nature: str = ""
    sort: str = "code"


def task_filters_from(params: Mapping[str, str]) -> TaskFilters:
    """The task list's filters as a query string gives them: the page, its Excel export and
    the command line read them here, so that each shows the same tasks."""
    return TaskFilters(
        q=params.get("q", "")[:200],
        plan=parse_id(params.get("plan")),
        category=parse_id(params.get("category")),
        unit=parse_id(params.get("unit")),
        cadre=parse_id(params.get("cadre")),
        status=params.get("status", ""),
        timing=params.get("timing", ""),
        nature=params.get("nature", ""),
        sort=params.get("sort", "code") if params.get("sort") in SORTS else "code",
    )


def lead_subquery() -> Subquery:
    return Subquery(
        Assignment.objects.filter(
            task=OuterRef("pk"), role=AssignmentRole.LEAD, end_date__isnull=True
        ).values("cadre__full_name")[:1]
    )


def tasks_filtered(user: Any, filters: TaskFilters, *, today: date) -> QuerySet[Task]:
    """The visible tasks that match the filters, with their timing: what the task list
    shows, and so what every figure on it counts."""
    tasks = with_timing(tasks_visible_to(user), today=today)
    if filters.plan:
        tasks = tasks.filter(plan_id=filters.plan)
    if filters.category:
        tasks = tasks.filter(category_id=filters.category)
    if filters.unit:
        from thaogo.units.models import Unit

        unit = Unit.objects.filter(pk=filters.unit).first()
        if unit is None:
            return tasks.none()
        tasks = tasks.filter(
            Exists(
                Task.units.through.objects.filter(
                    in_subtree(unit.path, "unit__path"), task=OuterRef("pk")
                )
            )
        )
    if filters.cadre:
        tasks = tasks.filter(
            Exists(
                Assignment.objects.filter(
                    task=OuterRef("pk"), cadre_id=filters.cadre, end_date__isnull=True
                )
            )
        )
    if filters.status in Status.values:
        tasks = tasks.filter(status=filters.status)
    if filters.timing in Timing.values:
        tasks = tasks.filter(timing_value__in=timings_counted_as(filters.timing))
    if filters.nature in NATURES:
        tasks = tasks.filter(**{NATURES[filters.nature]: True})
    for term in search_terms(filters.q):
        tasks = tasks.filter(search_text__contains=term)
    return tasks


def task_list(user: Any, filters: TaskFilters, *, today: date) -> QuerySet[Task]:
    order = SORTS.get(filters.sort, SORTS["code"])
    return (
        tasks_filtered(user, filters, today=today)
        .select_related("plan__document__doc_type", "plan__document__issuer", "category")
        .annotate(lead_name=lead_subquery())
        .order_by(*order, "pk")
    )


def tasks_of_cadre(cadre: Any, *, today: date, active: bool = True) -> QuerySet[Task]:
    assignments = Assignment.objects.filter(cadre=cadre)
    if active:
        assignments = assignments.filter(end_date__isnull=True)
    return (
        with_timing(Task.objects.filter(pk__in=assignments.values("task_id")), today=today)
        .select_related("category", "plan__document__doc_type", "plan__document__issuer")
        .annotate(lead_name=lead_subquery())
        .order_by(F("deadline").asc(nulls_last=True), "code")
    )


def metrics_with_progress(tasks_or_task: Any) -> QuerySet[Metric]:
    """Metrics with their latest measured value, in one query."""
    latest = MetricValue.objects.filter(metric=OuterRef("pk")).order_by("-measured_on")
    metrics = Metric.objects.select_related("unit")
    if isinstance(tasks_or_task, Task):
        metrics = metrics.filter(task=tasks_or_task)
    else:
        metrics = metrics.filter(task__in=tasks_or_task)
    return metrics.annotate(
        current_value=Quantized(Subquery(latest.values("value")[:1])),
        current_on=Subquery(latest.values("measured_on")[:1]),
    )


# What the task page shows of a document (its plan's, and each deciding document's).
TASK_PAGE_DOCUMENT_FIELDS = (*Document.SYMBOL_FIELDS, "abstract")


def task_detail_queryset(user: Any) -> QuerySet[Task]:
    """The task page's task, with what it shows of its plan, units and cadres in charge,
    whether it has deadline changes and unit transfers to read (most tasks have none), and the
    name its story is kept under (tasks.story). Only the columns shown are read from the wide
    related rows (documents, units, cadres): the page is opened far more often than any
    other."""
    document = TASK_PAGE_DOCUMENT_FIELDS
    return (
        tasks_visible_to(user)
        .select_related("plan__document__doc_type", "plan__document__issuer", "category")
        .only(
            *(field.name for field in Task._meta.concrete_fields if field.name != "search_text"),
            "plan__start_date",
            *(f"plan__document__{field}" for field in document),
            "category__name",
        )
        .annotate(
            has_deadline_changes=Exists(DeadlineChange.objects.filter(task=OuterRef("pk"))),
            has_unit_transfers=Exists(UnitTransfer.objects.filter(task=OuterRef("pk"))),
            story_name=story_name(),
        )
        .prefetch_related(
            Prefetch("units", queryset=Unit.objects.only("pk", "name")),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related(
                    "cadre", "decision__doc_type", "decision__issuer"
                )
                .only(
                    *(field.name for field in Assignment._meta.concrete_fields),
                    "cadre__full_name",
                    *(f"decision__{field}" for field in document),
                )
                .order_by(F("end_date").desc(nulls_first=True), "role", "start_date"),
            ),
        )
    )


def task_deadline_changes(task: Task) -> list[DeadlineChange]:
    """A task's deadline changes as its page lists them, with their deciding documents. No
    query for a task of `task_detail_queryset` that has none."""
    if not task.has_deadline_changes:
        return []
    return list(
        task.deadline_changes.select_related("decision__doc_type", "decision__issuer").only(
            *(field.name for field in DeadlineChange._meta.concrete_fields),
            *(f"decision__{field}" for field in TASK_PAGE_DOCUMENT_FIELDS),
        )
    )


def task_unit_transfers(task: Task) -> list[UnitTransfer]:
    """The units a task moved from, once per unit and date (a split records one transfer per
    successor). No query for a task of `task_detail_queryset` that has none."""
    if not task.has_unit_transfers:
        return []
    transfers = task.unit_transfers.select_related("from_unit").only(
        "task_id", "from_unit__name", "effective_on"
    )
    return list({(t.from_unit_id, t.effective_on): t for t in transfers}.values())
