"""The plan at a glance, as of any date: the figures of the monitoring dashboard.

Every figure is a named filter (a Q) over one annotated queryset of its family: tasks,
report obligations, proposals or directives. A count on the dashboard is a Count of that
filter; the list behind it is the same queryset filtered the same way (`figure_rows`). So
a number and its list cannot drift apart.

Figures are computed from history, not from today's state: a task counts once it has
started by the as-of date; it is completed only if completed by then; its deadline is the
one in force then (later deadline changes undone); its lead is the cadre who led it then.
Business dates (start, deadline, completion, measurements) are compared as they are;
wall-clock stamps (submissions, reviews, proposals) are cut off only for a past date, since
"today" means everything recorded so far.

`figures()` is the one entry point the dashboard, the consolidated report and the Excel
exports share.
"""

import functools
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.db import router
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from thaogo.accounts.roles import cadre_of, oversees
from thaogo.core import dataversion
from thaogo.core.dataversion import cached, cached_many, newest_change
from thaogo.core.ids import parse_int, parse_year
from thaogo.core.rules import Rule, RuleBook, rule_on
from thaogo.direction.models import Directive, Proposal, ProposalStatus
from thaogo.direction.selectors import directives_visible_to, proposals_visible_to
from thaogo.lib import clock
from thaogo.monitoring import parts
from thaogo.monitoring.models import FigureChange
from thaogo.reporting.kinds import period_label
from thaogo.reporting.models import ReportObligation, ReportStatus, ReportSubmission
from thaogo.reporting.selectors import obligations_visible_to
from thaogo.tasks.models import (
    Assignment,
    AssignmentRole,
    Category,
    DeadlineChange,
    Metric,
    MetricValue,
    Task,
    Timing,
    UnitTransfer,
    metric_progress,
)
from thaogo.tasks.selectors import sees_every_task, tasks_visible_to, visibility_scope
from thaogo.units.models import PATH_STEP, Cadre, Unit, in_subtree
from thaogo.units.selectors import units_visible_to

TASKS, OBLIGATIONS, PROPOSALS, DIRECTIVES = "tasks", "obligations", "proposals", "directives"
# A proposal waiting longer than this is shown apart: the Standing Committee meets monthly.
LONG_WAIT_DAYS = 30
# How many tasks the attainment table shows, furthest behind first.
ATTAINMENT_ROWS = 20
# How long a visit waits for another visit's figures of the same scope before computing
# them itself: longer than computing them takes at national scale (10-13 s at 100,000
# tasks), shorter than a worker's timeout (gunicorn's default, 30 s).
FIGURES_WAIT = 25


# ---------------------------------------------------------------- the scope


@dataclass(frozen=True)
class Scope:
    """Whose figures, of which plan, as of which date."""

    user: Any
    as_of: date
    plan: int | None = None
    # A cadre sees the figures of their own tasks only (their row of the by-cadre table).
    own_cadre: int | None = None
    # Only these plans: one part of the figures (monitoring.parts), when kept in parts.
    plans: tuple[int, ...] | None = None
    # The visitor sees every task (tasks.selectors.sees_every_task): rows are then read
    # without the visibility test, which would weigh every task against each row.
    sees_every_task: bool = False
    # The deadline rules, read once for all the dates a page of figures asks about.
    rules: RuleBook | None = field(default=None, compare=False, hash=False, repr=False)

    def rule(self) -> Rule:
        return (self.rules or RuleBook()).on(self.as_of)

    @property
    def stamps_cut(self) -> date | None:
        """The day wall-clock stamps are cut off at: none for today (everything so far)."""
        return self.as_of if self.as_of < clock.today() else None


def scope_for(user: Any, *, as_of: date, plan: int | None = None) -> Scope:
    """Overseers see everything they may see; anyone else with a cadre record, their own."""
    own = None
    if not oversees(user):
        cadre = cadre_of(user)
        own = cadre.pk if cadre is not None else -1
    return Scope(
        user=user,
        as_of=as_of,
        plan=plan,
        own_cadre=own,
        rules=RuleBook(),
        sees_every_task=own is None and sees_every_task(user),
    )


def _visible(scope: Scope, selector: Any, model: type[Model]) -> QuerySet:
    """What the visitor may see of a kind of row: `selector(user)`, or every row when they
    see every task (as the selector would give)."""
    return model.objects.all() if scope.sees_every_task else selector(scope.user)


def _of_plans(rows: QuerySet, scope: Scope, task: str = "") -> QuerySet:
    """The rows of the plan asked for, and of the part being worked out (`task`: the way
    from a row to its task)."""
    if scope.plan:
        rows = rows.filter(**{f"{task}plan_id": scope.plan})
    if scope.plans is not None:
        # The ids themselves, not a subquery: the planner then counts on a part's few
        # thousand tasks and reads their rows by index, not every row of each table.
        rows = rows.filter(**{f"{task}plan_id__in": scope.plans})
    return rows


def _stamped_by(name: str, cut: date | None) -> Q:
    return Q(**{f"{name}__date__lte": cut}) if cut is not None else Q()


# ---------------------------------------------------------------- tasks


def deadline_in_force(as_of: date) -> Case:
    """The deadline on `as_of`: the current one, unless changed after that date, then the
    one the first later change replaced."""
    later = DeadlineChange.objects.filter(task=OuterRef("pk"), effective_on__gt=as_of)
    return Case(
        When(
            Exists(later),
            then=Subquery(later.order_by("effective_on", "pk").values("previous_deadline")[:1]),
        ),
        default=F("deadline"),
        output_field=DateField(),
    )


def lead_on(as_of: date, task_ref: str = "pk") -> Subquery:
    """The cadre leading the task on `as_of` (on a handover day, the new lead)."""
    return Subquery(
        Assignment.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=as_of),
            task=OuterRef(task_ref),
            role=AssignmentRole.LEAD,
            start_date__lte=as_of,
        )
        .order_by("-start_date", "-pk")
        .values("cadre_id")[:1]
    )


def timing_on(as_of: date, near_due_days: int | None = None) -> Case:
    """Task timing on `as_of`, over the annotation `deadline_then`: the rule of
    tasks.models.timing_of(), applied to the task as it stood that day."""
    # The rule in force on that day: figures of an earlier date do not move with a new rule.
    if near_due_days is None:
        near_due_days = rule_on(as_of).near_due_days
    near = as_of + timedelta(days=near_due_days)
    done = Q(completed_on__lte=as_of)
    return Case(
        When(done & Q(deadline_then__isnull=True), then=Value(Timing.COMPLETED_ON_TIME.value)),
        When(
            done & Q(completed_on__lte=F("deadline_then")),
            then=Value(Timing.COMPLETED_ON_TIME.value),
        ),
        When(done, then=Value(Timing.COMPLETED_LATE.value)),
        When(deadline_then__isnull=True, then=Value(Timing.NO_DEADLINE.value)),
        When(deadline_then__lt=as_of, then=Value(Timing.OVERDUE.value)),
        When(deadline_then__lte=near, then=Value(Timing.NEAR_DUE.value)),
        default=Value(Timing.ON_TRACK.value),
        output_field=CharField(),
    )


def stalled_on(as_of: date, cut: date | None) -> Q:
    """Started at least N days ago, not completed, and in the last N days neither an
    accepted report nor a new measured value."""
    days = settings.THAOGO_STALLED_DAYS
    since = as_of - timedelta(days=days)
    accepted = ReportSubmission.objects.filter(
        report__obligation__assignment__task=OuterRef("pk"),
        decision=ReportStatus.ACCEPTED,
        reviewed_at__date__gt=since,
    ).filter(_stamped_by("reviewed_at", cut))
    measured = MetricValue.objects.filter(
        metric__task=OuterRef("pk"), measured_on__gt=since, measured_on__lte=as_of
    )
    not_done = Q(completed_on__isnull=True) | Q(completed_on__gt=as_of)
    return not_done & Q(start_date__lte=since) & ~Exists(accepted) & ~Exists(measured)


def task_base(scope: Scope) -> QuerySet[Task]:
    """The tasks in scope as they stood on the as-of date, with `deadline_then`,
    `lead_then`, `timing_then` and `stalled_then`."""
    tasks = _visible(scope, tasks_visible_to, Task).filter(start_date__lte=scope.as_of)
    tasks = _of_plans(tasks, scope)
    tasks = tasks.annotate(
        deadline_then=deadline_in_force(scope.as_of), lead_then=lead_on(scope.as_of)
    )
    tasks = tasks.annotate(
        timing_then=timing_on(scope.as_of, scope.rule().near_due_days),
        stalled_then=Case(
            When(stalled_on(scope.as_of, scope.stamps_cut), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    if scope.own_cadre is not None:
        tasks = tasks.filter(lead_then=scope.own_cadre)
    return tasks


def _timing(*timings: Timing) -> Q:
    return Q(timing_then__in=[t.value for t in timings])


TASK_FIGURES: dict[str, tuple[Any, Q]] = {
    "total": (_("Total tasks"), Q()),
    "completed": (
        _("Completed"),
        _timing(Timing.COMPLETED_ON_TIME, Timing.COMPLETED_LATE),
    ),
    "completed_on_time": (_("Completed on time"), _timing(Timing.COMPLETED_ON_TIME)),
    "completed_late": (_("Completed late"), _timing(Timing.COMPLETED_LATE)),
    "in_progress": (
        _("In progress"),
        _timing(Timing.ON_TRACK, Timing.NEAR_DUE, Timing.OVERDUE),
    ),
    "within_deadline": (
        _("In progress within deadline"),
        _timing(Timing.ON_TRACK, Timing.NEAR_DUE),
    ),
    "near_due": (_("of which near due"), _timing(Timing.NEAR_DUE)),
    "overdue": (_("In progress overdue"), _timing(Timing.OVERDUE)),
    "no_deadline": (_("No deadline"), _timing(Timing.NO_DEADLINE)),
    "stalled": (_("Stalled"), Q(stalled_then=1)),
}


def _task_counts(tasks: QuerySet[Task]) -> dict[str, Any]:
    return {key: Count("pk", filter=q) for key, (_label, q) in TASK_FIGURES.items()}


# ---------------------------------------------------------------- report obligations


@dataclass(frozen=True)
class PeriodKey:
    kind: str
    year: int
    number: int
    start: date
    end: date

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.year}-{self.number}"

    @property
    def label(self) -> str:
        return period_label(self.kind, self.year, self.number)


def obligations_in_scope(scope: Scope) -> QuerySet[ReportObligation]:
    """The reports owed on tasks in scope, without their state."""
    obligations = _visible(scope, obligations_visible_to, ReportObligation).filter(
        assignment__task__start_date__lte=scope.as_of, assignment__start_date__lte=scope.as_of
    )
    obligations = _of_plans(obligations, scope, "assignment__task__")
    if scope.own_cadre is not None:
        obligations = obligations.filter(assignment__cadre_id=scope.own_cadre)
    return obligations


def _review_state(submission: str, cut: date | None) -> Case:
    """Accepted, returned or waiting: a submission's review by the cut-off (`submission`:
    the path to the submission, "" for a query of submissions)."""
    reviewed = Q(**{f"{submission}reviewed_at__isnull": False}) & _stamped_by(
        f"{submission}reviewed_at", cut
    )
    decision = f"{submission}decision"
    return Case(
        When(reviewed & Q(**{decision: ReportStatus.ACCEPTED}), then=Value("accepted")),
        When(reviewed & Q(**{decision: ReportStatus.RETURNED}), then=Value("returned")),
        default=Value("waiting"),
        output_field=CharField(),
    )


def obligation_base(scope: Scope) -> QuerySet[ReportObligation]:
    """The reports owed on tasks in scope, with the state each had on the as-of date:
    `first_late` (null: not submitted yet) and `review_then` (accepted, returned, waiting;
    null: not submitted yet).

    Both are read through joins, not a subquery per row, since the trend counts every
    obligation of every period (894,000 at 100,000 tasks): a report's submissions are
    numbered 1, 2, ... as they are made (`reporting.services.report_submit`), so its first
    is number 1, submitted by the cut-off if any was; its latest by the cut-off is the one
    submitted by then and not superseded by then (`superseded_at`: when the next was
    submitted). Each join matches at most one row."""
    cut = scope.stamps_cut
    submissions = "report__submissions"
    not_superseded = Q(**{f"{submissions}__superseded_at__isnull": True})
    if cut is not None:
        not_superseded |= Q(**{f"{submissions}__superseded_at__date__gt": cut})
    obligations = obligations_in_scope(scope).annotate(
        first_submission=FilteredRelation(
            submissions,
            condition=Q(**{f"{submissions}__number": 1})
            & _stamped_by(f"{submissions}__submitted_at", cut),
        ),
        latest_submission=FilteredRelation(
            submissions,
            condition=_stamped_by(f"{submissions}__submitted_at", cut) & not_superseded,
        ),
    )
    review_then = Case(
        When(first_submission__isnull=True, then=None),
        default=_review_state("latest_submission__", cut),
        output_field=CharField(),
    )
    return obligations.annotate(
        first_late=F("first_submission__is_late"),
        review_then=review_then,
        cadre_then=F("assignment__cadre_id"),
    )


def obligation_figures(as_of: date) -> dict[str, tuple[Any, Q]]:
    not_submitted = Q(first_late__isnull=True)
    return {
        "expected": (_("Expected"), Q()),
        "on_time": (_("Submitted on time"), Q(first_late=False)),
        "late": (_("Submitted late"), Q(first_late=True)),
        "missing": (_("Missing"), not_submitted & Q(due_on__lt=as_of)),
        "not_due": (_("Not yet due"), not_submitted & Q(due_on__gte=as_of)),
        "returned": (_("Returned for revision"), Q(review_then="returned")),
        "waiting": (
            _("Waiting for review"),
            Q(first_late__isnull=False, review_then="waiting"),
        ),
        "accepted": (_("Accepted"), Q(review_then="accepted")),
    }


def _in_period(period: PeriodKey) -> Q:
    return Q(kind=period.kind, year=period.year, number=period.number)


def reporting_periods(scope: Scope, only: tuple[str, int, int] | None = None) -> list[PeriodKey]:
    """The periods reported on in scope that had begun by the as-of date, oldest first
    (`only`: that period (kind, year, number), if it is one of them)."""
    return _periods_from(_period_rows(scope, only))


def _period_rows(
    scope: Scope, only: tuple[str, int, int] | None = None
) -> set[tuple[str, int, int, date, date]]:
    return _period_rows_by_plan(scope, only)[None]


def _period_rows_by_plan(
    scope: Scope, only: tuple[str, int, int] | None = None, *, by_plan: bool = False
) -> dict[int | None, set[tuple[str, int, int, date, date]]]:
    """The (kind, year, number, start, end) of the periods begun by the as-of date, per plan
    (`by_plan`) or all under None."""
    obligations = obligations_in_scope(scope)
    if only is not None:
        obligations = obligations.filter(kind=only[0], year=only[1], number=only[2])
    fields = ["kind", "year", "number", "period_start", "period_end"]
    if by_plan:
        fields.append("assignment__task__plan_id")
    rows = obligations.filter(period_start__lte=scope.as_of).order_by().values_list(*fields)
    found: dict[int | None, set] = {None: set()}
    for row in rows.distinct():
        found.setdefault(row[5] if by_plan else None, set()).add(row[:5])
    return found


def _periods_from(rows: set[tuple[str, int, int, date, date]]) -> list[PeriodKey]:
    by_key: dict[tuple, PeriodKey] = {}
    for kind, year, number, start, end in rows:
        key = (kind, year, number)
        held = by_key.get(key)
        # Plans with other cut-off days: one period, its widest dates.
        if held is not None:
            start, end = min(start, held.start), max(end, held.end)
        by_key[key] = PeriodKey(kind, year, number, start, end)
    return sorted(by_key.values(), key=lambda p: (p.end, p.start))


def period_from_key(key: str) -> tuple[str, int, int] | None:
    """("quarter", 2024, 3) from "quarter-2024-3"; None for anything else."""
    pieces = key.split("-")
    if len(pieces) != 3:
        return None
    year, number = parse_year(pieces[1]), parse_int(pieces[2], minimum=1, maximum=12)
    if year is None or number is None:
        return None
    return pieces[0], year, number


# ---------------------------------------------------------------- proposals and directives


def proposal_base(scope: Scope) -> QuerySet[Proposal]:
    """Proposals raised by the as-of date, with `waiting_then`: not yet answered by a
    directive nor closed."""
    cut = scope.stamps_cut
    proposals = _visible(scope, proposals_visible_to, Proposal)
    proposals = proposals.filter(task__start_date__lte=scope.as_of)
    if cut is not None:
        proposals = proposals.filter(created_at__date__lte=cut)
    proposals = _of_plans(proposals, scope, "task__")
    if scope.own_cadre is not None:
        proposals = proposals.filter(raised_by_id=scope.own_cadre)
    answered = Directive.objects.filter(proposal=OuterRef("pk"), issued_on__lte=scope.as_of)
    return proposals.annotate(
        answered_then=Exists(answered), cadre_then=F("raised_by_id")
    ).annotate(
        waiting_then=Case(
            When(
                Q(answered_then=False) & ~Q(status=ProposalStatus.CLOSED),
                then=Value(1),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def proposal_figures(as_of: date) -> dict[str, tuple[Any, Q]]:
    long_ago = as_of - timedelta(days=LONG_WAIT_DAYS)
    waiting = Q(waiting_then=1)
    return {
        "waiting": (_("Waiting for the Standing Committee"), waiting),
        "waiting_long": (
            _("of which waiting more than %(days)s days") % {"days": LONG_WAIT_DAYS},
            waiting & Q(created_at__date__lt=long_ago),
        ),
    }


def directive_base(scope: Scope) -> QuerySet[Directive]:
    directives = _visible(scope, directives_visible_to, Directive)
    directives = directives.filter(issued_on__lte=scope.as_of)
    directives = _of_plans(directives, scope, "task__")
    if scope.own_cadre is not None:
        directives = directives.filter(responsible_cadre_id=scope.own_cadre)
    return directives.annotate(cadre_then=F("responsible_cadre_id"))


def directive_figures(as_of: date) -> dict[str, tuple[Any, Q]]:
    open_then = Q(completed_on__isnull=True) | Q(completed_on__gt=as_of)
    return {
        "issued": (_("Directives issued"), Q()),
        "open": (_("Not yet completed"), open_then),
        "overdue": (_("Directives overdue"), open_then & Q(deadline__lt=as_of)),
    }


# ---------------------------------------------------------------- one figure's list

GROUPS = ("cadre", "unit", "category")


def _in_unit(path: str, as_of: date, task_ref: str = "pk") -> Q:
    """The task concerned a unit under `path` on `as_of`: a unit a reorganisation moved the
    task to later did not hold it yet, and the unit it moved from still did."""

    def arrived_later(unit_ref: str) -> Exists:
        return Exists(
            UnitTransfer.objects.filter(
                task=OuterRef("task"), to_unit=OuterRef(unit_ref), joined=True
            ).filter(effective_on__gt=as_of)
        )

    links = Task.units.through.objects.filter(
        in_subtree(path, "unit__path"), task=OuterRef(task_ref)
    ).exclude(arrived_later("unit"))
    left_later = UnitTransfer.objects.filter(
        in_subtree(path, "from_unit__path"), task=OuterRef(task_ref), effective_on__gt=as_of
    ).exclude(arrived_later("from_unit"))
    return Q(Exists(links)) | Q(Exists(left_later))


def _group_filter(family: str, group: str, key: Any, as_of: date) -> Q:
    if group == "cadre":
        return Q(lead_then=key) if family == TASKS else Q(cadre_then=key)
    task = {TASKS: "pk", OBLIGATIONS: "assignment__task"}.get(family, "task")
    if group == "category":
        return Q(category_id=key) if family == TASKS else Q(**{f"{task}__category_id": key})
    return _in_unit(key, as_of, task)


def family_base(scope: Scope, family: str) -> QuerySet:
    return {
        TASKS: task_base,
        OBLIGATIONS: obligation_base,
        PROPOSALS: proposal_base,
        DIRECTIVES: directive_base,
    }[family](scope)


def family_figures(family: str, as_of: date) -> dict[str, tuple[Any, Q]]:
    if family == TASKS:
        return TASK_FIGURES
    return {
        OBLIGATIONS: obligation_figures,
        PROPOSALS: proposal_figures,
        DIRECTIVES: directive_figures,
    }[family](as_of)


def figure_rows(
    scope: Scope,
    *,
    family: str,
    figure: str,
    cadre: int | None = None,
    unit: Unit | None = None,
    category: int | None = None,
    period: PeriodKey | None = None,
) -> QuerySet:
    """The rows behind one number of the dashboard: the same queryset and filter its count
    was made of. Unknown figures give nothing rather than everything."""
    figures = family_figures(family, scope.as_of)
    if figure not in figures:
        return family_base(scope, family).none()
    rows = family_base(scope, family).filter(figures[figure][1])
    if family == OBLIGATIONS:
        rows = rows.filter(_in_period(period)) if period is not None else rows.none()
    if cadre is not None:
        rows = rows.filter(_group_filter(family, "cadre", cadre, scope.as_of))
    if unit is not None:
        rows = rows.filter(_group_filter(family, "unit", unit.path, scope.as_of))
    if category is not None:
        rows = rows.filter(_group_filter(family, "category", category, scope.as_of))
    return rows


# ---------------------------------------------------------------- all the figures


@dataclass
class GroupRow:
    """One row of a by-cadre, by-unit or by-category table."""

    key: int
    name: str
    tasks: dict[str, int]
    reports: dict[str, int] = field(default_factory=dict)
    depth: int = 0
    path: str = ""  # a unit's place in the tree (units.models.Unit.path)

    @property
    def on_time_rate(self) -> float | None:
        return on_time_rate(self.tasks)

    @property
    def path_above(self) -> str:
        """The path of the unit just above this one ("" at the top)."""
        return self.path[:-PATH_STEP]


def on_time_rate(tasks: dict[str, int]) -> float | None:
    """Completed on time among the tasks whose deadline has been met or missed: completed
    (on time or late) or in progress overdue. None when there are none yet."""
    decided = tasks["completed"] + tasks["overdue"]
    return round(100 * tasks["completed_on_time"] / decided, 1) if decided else None


def overdue_rate(tasks: dict[str, int]) -> float:
    """Late or overdue among the tasks that have a deadline (as TimingSummary counts it)."""
    with_deadline = tasks["total"] - tasks["no_deadline"]
    late = tasks["completed_late"] + tasks["overdue"]
    return round(100 * late / with_deadline, 1) if with_deadline else 0.0


@dataclass
class Compliance:
    period: PeriodKey
    counts: dict[str, int]
    is_current: bool


@dataclass
class TrendRow:
    period: PeriodKey
    as_of: date
    tasks: dict[str, int]
    reports: dict[str, int]

    @property
    def overdue_rate(self) -> float:
        return overdue_rate(self.tasks)


@dataclass
class Attainment:
    task: Task
    percent: int
    metrics: int


@dataclass
class Figures:
    """Everything the dashboard shows, for one scope. Counts are keyed by figure name (see
    TASK_FIGURES and the *_figures functions); `figure_rows` gives the rows behind each."""

    scope: Scope
    tasks: dict[str, int]
    periods: list[PeriodKey]
    compliance: list[Compliance]  # the period in progress, then the last one ended
    proposals: dict[str, int]
    directives: dict[str, int]
    by_cadre: list[GroupRow]
    by_unit: list[GroupRow]
    by_category: list[GroupRow]
    trend: list[TrendRow]
    attainment: list[Attainment]
    # The period of the by-cadre table's report columns (see `figures(period=...)`).
    report_period: PeriodKey | None = None

    @property
    def as_of(self) -> date:
        return self.scope.as_of

    @property
    def overdue_rate(self) -> float:
        return overdue_rate(self.tasks)

    @property
    def on_time_rate(self) -> float | None:
        return on_time_rate(self.tasks)

    @property
    def current_period(self) -> PeriodKey | None:
        """The period whose figures the by-cadre table shows: the one asked for, else the
        one in progress, else the last one ended."""
        return self.report_period

    def period_counts(self, period: PeriodKey) -> dict[str, int] | None:
        """The reporting figures of one period, as the compliance or trend table shows
        them; None for a period not reported on by the as-of date."""
        for block in self.compliance:
            if block.period == period:
                return block.counts
        return next((row.reports for row in self.trend if row.period == period), None)


def _holds(q: Q, row: dict[str, Any]) -> bool:
    """Whether a figure's filter holds for a row of annotation values: the same Q the list
    behind the figure filters with, read in Python (exact, in and isnull lookups)."""
    results = []
    for child in q.children:
        if isinstance(child, Q):
            results.append(_holds(child, row))
            continue
        lookup, wanted = child
        name, _sep, operator = lookup.partition("__")
        value = row[name]
        if operator in ("", "exact"):
            results.append(value == wanted)
        elif operator == "in":
            results.append(value in wanted)
        elif operator == "isnull":
            results.append((value is None) == wanted)
        else:
            raise ValueError(f"Unsupported lookup in a figure: {lookup}")
    held = any(results) if q.connector == Q.OR else all(results)
    return not held if q.negated else held


def _dates_by_task(rows: Any) -> dict[int, list[date]]:
    by_task: dict[int, list[date]] = {}
    for task_id, day in rows:
        by_task.setdefault(task_id, []).append(day)
    for days in by_task.values():
        days.sort()
    return by_task


def _any_in(days: list[date], after: date, until: date | None) -> bool:
    """Whether a sorted list holds a day in (after, until] (no upper bound: None)."""
    first = bisect_right(days, after)
    if until is None:
        return first < len(days)
    return bisect_right(days, until) > first


class TaskThen(NamedTuple):
    """A task as it stood on a day: what task_base annotates, for the figures and groups."""

    pk: int
    category_id: int | None
    lead_then: int | None
    timing_then: str
    stalled_then: int
    group: Any  # the part the task is counted in (`counts`)


# How many tasks are in each state, as far as the task figures go: (timing_then,
# stalled_then) -> count.
Tally = dict[tuple[str, int], int]

_ON_TIME, _LATE = Timing.COMPLETED_ON_TIME.value, Timing.COMPLETED_LATE.value
_NO_DEADLINE, _OVERDUE = Timing.NO_DEADLINE.value, Timing.OVERDUE.value
_NEAR_DUE, _ON_TRACK = Timing.NEAR_DUE.value, Timing.ON_TRACK.value


def _task_states_on(
    scope: Scope, trend_days: list[date], group: Callable[[int], Any]
) -> tuple[list[TaskThen], dict[Any, dict[date, Tally]]]:
    """The tasks of `task_base` on the as-of date, one by one (the tables by cadre, unit and
    category group them), and on each trend day only how many are in each state, per group
    of tasks (`group`: a task's group, from its plan's id).

    From one read of the tasks and their deadline changes, lead assignments, accepted
    reviews and measured values, folded in Python: the rules of deadline_in_force, lead_on,
    timing_on and stalled_on applied per task and day, instead of one pass of those
    subqueries over every task per day and per table. tests/monitoring/test_links.py checks
    every number against its list, which task_base filters in SQL."""
    as_of = scope.as_of
    days = sorted({as_of, *trend_days})
    tasks = _visible(scope, tasks_visible_to, Task).filter(start_date__lte=days[-1])
    tasks = _of_plans(tasks, scope)
    tasks = tasks.order_by()
    rows = tasks.values_list(
        "pk", "category_id", "start_date", "deadline", "completed_on", "plan_id"
    )
    ids = tasks.values("pk")
    changes: dict[int, list[tuple[date, int, date | None]]] = {}
    for task_id, effective_on, pk, previous in DeadlineChange.objects.filter(
        task_id__in=ids
    ).values_list("task_id", "effective_on", "pk", "previous_deadline"):
        changes.setdefault(task_id, []).append((effective_on, pk, previous))
    for held in changes.values():
        held.sort(key=lambda change: (change[0], change[1]))
    leads: dict[int, list[tuple[date, int, date | None, int]]] = {}
    for task_id, start, pk, end, cadre_id in Assignment.objects.filter(
        task_id__in=ids, role=AssignmentRole.LEAD
    ).values_list("task_id", "start_date", "pk", "end_date", "cadre_id"):
        leads.setdefault(task_id, []).append((start, pk, end, cadre_id))
    for held in leads.values():
        held.sort(reverse=True)  # latest start first, then highest id: lead_on's order
    # The day of each review in the current time zone, as `reviewed_at__date` reads it,
    # worked out by the database: each task's reviews once per day.
    accepted = _dates_by_task(
        ReportSubmission.objects.filter(
            report__obligation__assignment__task_id__in=ids,
            decision=ReportStatus.ACCEPTED,
            reviewed_at__isnull=False,
        )
        .annotate(day=TruncDate("reviewed_at"))
        .values_list("report__obligation__assignment__task_id", "day")
        .order_by()
        .distinct()
    )
    measured = _dates_by_task(
        MetricValue.objects.filter(metric__task_id__in=ids)
        .values_list("metric__task_id", "measured_on")
        .order_by()
        .distinct()
    )
    stalled_days = settings.THAOGO_STALLED_DAYS
    today = clock.today()
    rules = scope.rules or RuleBook()
    tallies: dict[Any, dict[date, Tally]] = {}
    trend = set(trend_days)
    # Per day: the day, the last day counted near due, the start of the stalled window, the
    # cut-off of wall-clock stamps, whether it is a trend day, whose lead is asked.
    plan = [
        (
            day,
            day + timedelta(days=rules.on(day).near_due_days),
            day - timedelta(days=stalled_days),
            day if day < today else None,
            day in trend,
            day == as_of or scope.own_cadre is not None,
        )
        for day in days
    ]
    own = scope.own_cadre
    states = []
    for pk, category_id, start, deadline, completed_on, plan_id in rows.iterator(5000):
        task_group = group(plan_id)
        day_tallies = tallies.get(task_group)
        if day_tallies is None:
            day_tallies = tallies[task_group] = {day: {} for day in trend_days}
        task_leads = leads.get(pk, ())
        task_changes = changes.get(pk)
        task_accepted = accepted.get(pk)
        task_measured = measured.get(pk)
        for day, near, since, cut, is_trend, needs_lead in plan:
            if start > day:
                continue
            lead = None
            if needs_lead:
                for begun, _pk, end, cadre_id in task_leads:
                    if begun <= day and (end is None or end >= day):
                        lead = cadre_id
                        break
                if own is not None and lead != own:
                    continue
            deadline_then = deadline
            if task_changes:
                for effective_on, _pk, previous in task_changes:
                    if effective_on > day:
                        deadline_then = previous
                        break
            if completed_on is not None and completed_on <= day:
                on_time = deadline_then is None or completed_on <= deadline_then
                timing, stalled = (_ON_TIME if on_time else _LATE), 0
            else:
                if deadline_then is None:
                    timing = _NO_DEADLINE
                elif deadline_then < day:
                    timing = _OVERDUE
                elif deadline_then <= near:
                    timing = _NEAR_DUE
                else:
                    timing = _ON_TRACK
                stalled = int(
                    start <= since
                    and not (task_accepted and _any_in(task_accepted, since, cut))
                    and not (task_measured and _any_in(task_measured, since, day))
                )
            if day == as_of:
                states.append(TaskThen(pk, category_id, lead, timing, stalled, task_group))
            if is_trend:
                tally = day_tallies[day]
                tally[timing, stalled] = tally.get((timing, stalled), 0) + 1
    return states, tallies


def _figures_of(tally: Tally) -> dict[str, int]:
    """The task figures of tasks counted by state."""
    figures = _empty(TASK_FIGURES)
    for (timing_then, stalled_then), n in tally.items():
        for key, held in zip(TASK_FIGURES, _figures_in(timing_then, stalled_then), strict=True):
            figures[key] += n * held
    return figures


@functools.cache
def _figures_in(timing_then: str, stalled_then: int) -> tuple[int, ...]:
    """1 for each task figure (TASK_FIGURES, in order) a task in this state is in, else 0."""
    values = {"timing_then": timing_then, "stalled_then": stalled_then}
    return tuple(int(_holds(q, values)) for _label, q in TASK_FIGURES.values())


def _aggregate(rows: QuerySet, figures: dict[str, tuple[Any, Q]]) -> dict[str, int]:
    return rows.order_by().aggregate(
        **{key: Count("pk", filter=q) for key, (_label, q) in figures.items()}
    )


def _grouped(rows: QuerySet, by: str, figures: dict[str, tuple[Any, Q]]) -> dict[Any, dict]:
    return {key[0]: row for key, row in _grouped_by(rows, (by,), figures).items()}


def _grouped_by(
    rows: QuerySet, by: tuple[str, ...], figures: dict[str, tuple[Any, Q]]
) -> dict[tuple, dict]:
    counts = {key: Count("pk", filter=q) for key, (_label, q) in figures.items()}
    result = {}
    for row in rows.order_by().values(*by).annotate(**counts):
        result[tuple(row.pop(name) for name in by)] = row
    return result


def _by_period(
    obligations: QuerySet,
    periods: list[PeriodKey],
    figures: dict[str, tuple[Any, Q]],
    plan: str | None = None,
) -> dict[tuple, dict[str, int]]:
    """The figures of each of these periods, in one pass over their obligations rather than
    one query per period, keyed (kind, year, number), or (plan id, kind, year, number) with
    `plan` (the way to the plan's id)."""
    distinct = {(p.kind, p.year, p.number): p for p in periods}
    if not distinct:
        return {}
    in_any = Q()
    for period in distinct.values():
        in_any |= _in_period(period)
    by = (plan, "kind", "year", "number") if plan else ("kind", "year", "number")
    return _grouped_by(obligations.filter(in_any), by, figures)


def _empty(figures: dict[str, tuple[Any, Q]]) -> dict[str, int]:
    return dict.fromkeys(figures, 0)


def _unit_tallies(
    scope: Scope, tasks: QuerySet[Task], states: list[TaskThen]
) -> dict[Any, dict[str, Tally]]:
    """How many tasks in each state concerned each unit or any unit below it on the as-of
    date, each task once, keyed by the unit's path, per group of tasks (TaskThen.group).

    One pass over the tasks' units, however many units, given each task's state (`states`,
    from _task_states_on): the paths of the units each task concerned then (its units
    today, less those a later reorganisation gave it, plus those it left later). A unit's
    subtree holds a unit when the unit's path starts with its own, so each task is counted
    once in every path that prefixes one of its units' paths."""
    task_ids = tasks.order_by().values("pk")
    units_of: dict[int, set[str]] = {}
    links = Task.units.through.objects.filter(task_id__in=task_ids)
    for task_id, path in links.values_list("task_id", "unit__path").iterator(5000):
        units_of.setdefault(task_id, set()).add(path)
    later = UnitTransfer.objects.filter(task_id__in=task_ids, effective_on__gt=scope.as_of)
    moves = list(later.values_list("task_id", "from_unit__path", "to_unit__path", "joined"))
    arrived_later = {(task_id, to) for task_id, _from, to, joined in moves if joined}
    for task_id, from_path, to_path, joined in moves:
        held = units_of.setdefault(task_id, set())
        if joined:
            held.discard(to_path)
        if (task_id, from_path) not in arrived_later:
            held.add(from_path)
    state_of = {state.pk: state for state in states}
    by_group: dict[Any, dict[str, Tally]] = {}
    for task_id, unit_paths in units_of.items():
        held_state = state_of.get(task_id)
        if held_state is None:
            continue
        state = (held_state.timing_then, held_state.stalled_then)
        tallies = by_group.setdefault(held_state.group, {})
        paths = (
            _with_units_above(next(iter(unit_paths)))
            if len(unit_paths) == 1
            else {above for path in unit_paths for above in _with_units_above(path)}
        )
        for path in paths:
            tally = tallies.setdefault(path, {})
            tally[state] = tally.get(state, 0) + 1
    return by_group


@functools.lru_cache(maxsize=65536)
def _with_units_above(path: str) -> tuple[str, ...]:
    """The unit's path and those of the units above it."""
    return tuple(path[:end] for end in range(PATH_STEP, len(path) + 1, PATH_STEP))


def _attainment(
    tasks: QuerySet[Task], as_of: date, group: Callable[[int], Any]
) -> dict[Any, list[tuple[float, int, int]]]:
    """The tasks furthest behind on the as-of date, as (their metrics' mean progress to
    target, task id, how many metrics), first ATTAINMENT_ROWS per group of tasks (`group`:
    from a plan's id). Tasks completed by then are left out: nothing more is expected of
    them."""
    latest = MetricValue.objects.filter(metric=OuterRef("pk"), measured_on__lte=as_of).order_by(
        "-measured_on"
    )
    open_tasks = tasks.exclude(completed_on__lte=as_of)
    metrics = (
        Metric.objects.filter(task__in=open_tasks.values("pk"))
        .annotate(current=Subquery(latest.values("value")[:1]))
        .values_list("task_id", "baseline", "target", "current", "task__plan_id")
    )
    by_task: dict[int, list[int]] = {}
    plan_of: dict[int, int] = {}
    for task_id, baseline, target, current, plan_id in metrics.iterator(5000):
        current = Decimal(current) if current is not None else None
        by_task.setdefault(task_id, []).append(metric_progress(baseline, target, current))
        plan_of[task_id] = plan_id
    behind: dict[Any, list[tuple[float, int, int]]] = {}
    for task_id, p in by_task.items():
        behind.setdefault(group(plan_of[task_id]), []).append((sum(p) / len(p), task_id, len(p)))
    return {key: sorted(rows)[:ATTAINMENT_ROWS] for key, rows in behind.items()}


@dataclass(frozen=True)
class Wanted:
    """What the figures are worked out for, decided from the periods of the whole scope
    before any part is counted: the trend's days, the periods whose report figures are
    shown, and the period of the by-cadre table's report columns."""

    trend_days: tuple[date, ...]
    periods: tuple[PeriodKey, ...]
    current: PeriodKey | None


def _wanted(
    periods: list[PeriodKey], as_of: date, trend: bool, period: tuple[str, int, int] | None
) -> Wanted:
    in_progress, ended = _compliance_periods(periods, as_of)
    chosen = [p for p in periods if (p.kind, p.year, p.number) == period][:1]
    return Wanted(
        trend_days=tuple(min(p.end, as_of) for p in periods) if trend else (),
        periods=tuple(dict.fromkeys([*in_progress, *ended, *(periods if trend else [])])),
        current=(chosen or in_progress + ended or [None])[0],
    )


def _compliance_periods(
    periods: list[PeriodKey], as_of: date
) -> tuple[list[PeriodKey], list[PeriodKey]]:
    """The period in progress (its cut-off still ahead) and the last one whose cut-off
    passed, each if there is one."""
    return [p for p in periods if p.end >= as_of][:1], [p for p in periods if p.end < as_of][-1:]


def _sum(a: dict, b: dict) -> dict:
    added = dict(a)
    for key, n in b.items():
        added[key] = added.get(key, 0) + n
    return added


def _sum_by(a: dict[Any, dict], b: dict[Any, dict]) -> dict[Any, dict]:
    added = dict(a)
    for key, counts in b.items():
        added[key] = _sum(added[key], counts) if key in added else counts
    return added


@dataclass
class Counts:
    """The figures of some tasks as tallies that add up: the figures of several parts
    (monitoring.parts) are the sum of theirs. Task figures are kept as how many tasks are
    in each state (a Tally), worked out into figures once, when shown."""

    tasks: Tally
    by_cadre: dict[int | None, Tally]
    by_category: dict[int | None, Tally]
    by_unit: dict[str, Tally]
    trend: dict[date, Tally]
    reports: dict[tuple[str, int, int], dict[str, int]]
    cadre_reports: dict[int, dict[str, int]]
    proposals: dict[str, int]
    directives: dict[str, int]
    attainment: list[tuple[float, int, int]]

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(
            tasks=_sum(self.tasks, other.tasks),
            by_cadre=_sum_by(self.by_cadre, other.by_cadre),
            by_category=_sum_by(self.by_category, other.by_category),
            by_unit=_sum_by(self.by_unit, other.by_unit),
            trend=_sum_by(self.trend, other.trend),
            reports=_sum_by(self.reports, other.reports),
            cadre_reports=_sum_by(self.cadre_reports, other.cadre_reports),
            proposals=_sum(self.proposals, other.proposals),
            directives=_sum(self.directives, other.directives),
            attainment=sorted(self.attainment + other.attainment)[:ATTAINMENT_ROWS],
        )


def _tally(states: list[TaskThen], by: str | None = None) -> dict[Any, Tally]:
    """How many tasks are in each state, in all (key None) or per value of `by`."""
    tallies: dict[Any, Tally] = {}
    for state in states:
        tally = tallies.setdefault(getattr(state, by) if by else None, {})
        key = (state.timing_then, state.stalled_then)
        tally[key] = tally.get(key, 0) + 1
    return tallies


def counts(scope: Scope, wanted: Wanted) -> Counts:
    """The figures of the tasks in scope, as tallies. A fixed number of aggregate queries,
    however many tasks, cadres, reports or periods."""
    return counts_by_part(scope, wanted, None)[None]


def counts_by_part(
    scope: Scope, wanted: Wanted, part_of_plan: dict[int, str] | None
) -> dict[Any, Counts]:
    """The figures of the tasks in scope per part (`part_of_plan`: each plan's part; None:
    all in one, under the key None), in the same queries as all at once: each groups its
    rows by plan as well when there are parts."""
    # A plan made since the parts were read is in none: its tasks are counted at the next
    # version (a new plan moves the figures' global version).
    group: Callable[[int], Any] = part_of_plan.get if part_of_plan else lambda _: None
    keys = set(part_of_plan.values()) if part_of_plan else {None}
    tasks = task_base(scope)
    states, trend = _task_states_on(scope, list(wanted.trend_days), group)
    by_group: dict[Any, list[TaskThen]] = {key: [] for key in keys}
    for state in states:
        by_group.setdefault(state.group, []).append(state)
    units = _unit_tallies(scope, tasks, states)
    report_figures = obligation_figures(scope.as_of)
    obligations = obligation_base(scope)
    plan = "assignment__task__plan_id" if part_of_plan else None
    reports = _per_group(
        _by_period(obligations, list(wanted.periods), report_figures, plan), group, plan
    )
    current = wanted.current
    cadre_reports = (
        _per_group(
            _grouped_by(
                obligations.filter(_in_period(current)),
                (plan, "cadre_then") if plan else ("cadre_then",),
                report_figures,
            ),
            group,
            plan,
        )
        if current
        else {}
    )
    task_plan = "task__plan_id" if part_of_plan else None
    proposal_counts = proposal_figures(scope.as_of)
    proposals = _per_group(
        _by_plan(proposal_base(scope), task_plan, proposal_counts), group, task_plan
    )
    directive_counts = directive_figures(scope.as_of)
    directives = _per_group(
        _by_plan(directive_base(scope), task_plan, directive_counts), group, task_plan
    )
    attainment = _attainment(tasks, scope.as_of, group)
    no_trend = {day: {} for day in wanted.trend_days}
    return {
        key: Counts(
            tasks=_tally(by_group[key]).get(None, {}),
            by_cadre=_tally(by_group[key], "lead_then"),
            by_category=_tally(by_group[key], "category_id"),
            by_unit=units.get(key, {}),
            trend=trend.get(key, no_trend),
            reports=reports.get(key, {}),
            cadre_reports={k[0]: v for k, v in cadre_reports.get(key, {}).items()},
            proposals=proposals.get(key, {}).get((), _empty(proposal_counts)),
            directives=directives.get(key, {}).get((), _empty(directive_counts)),
            attainment=attainment.get(key, []),
        )
        for key in keys
    }


def _by_plan(
    rows: QuerySet, plan: str | None, figures: dict[str, tuple[Any, Q]]
) -> dict[tuple, dict[str, int]]:
    """The figures of these rows per plan (`plan`: the way to its id), keyed (plan id,), or
    of all of them, keyed ()."""
    if plan is None:
        return {(): _aggregate(rows, figures)}
    return _grouped_by(rows, (plan,), figures)


def _per_group(
    counted: dict[tuple, dict[str, int]], group: Callable[[int], Any], plan: str | None
) -> dict[Any, dict[tuple, dict[str, int]]]:
    """Counts keyed (plan id, *rest) when `plan` is set, else (*rest), by group (the plan's
    group; None without a plan) and rest, summed over each group's plans."""
    by_group: dict[Any, dict[tuple, dict[str, int]]] = {}
    for key, row in counted.items():
        part, rest = (group(key[0]), key[1:]) if plan else (None, key)
        held = by_group.setdefault(part, {})
        held[rest] = _sum(held[rest], row) if rest in held else row
    return by_group


def assemble(scope: Scope, periods: list[PeriodKey], wanted: Wanted, counted: Counts) -> Figures:
    """The dashboard's figures from their tallies: the names of cadres, units, categories
    and tasks read now, so that renaming one does not count anything again."""
    as_of = scope.as_of
    report_figures = obligation_figures(as_of)
    in_progress, ended = _compliance_periods(periods, as_of)

    def reports_of(period: PeriodKey) -> dict[str, int]:
        found = counted.reports.get((period.kind, period.year, period.number))
        return found if found is not None else _empty(report_figures)

    compliance = [
        Compliance(period, reports_of(period), is_current=period in in_progress)
        for period in in_progress + ended
    ]
    cadre_ids = {key for key in counted.by_cadre if key is not None} | set(counted.cadre_reports)
    names = dict(Cadre.objects.filter(pk__in=cadre_ids).values_list("pk", "full_name"))
    by_cadre = [
        GroupRow(
            pk,
            names.get(pk, ""),
            _figures_of(counted.by_cadre.get(pk, {})),
            counted.cadre_reports.get(pk, _empty(report_figures)),
        )
        for pk in cadre_ids
    ]
    by_cadre.sort(key=lambda row: row.name)
    categories = Category.objects.filter(
        pk__in=[key for key in counted.by_category if key is not None]
    ).order_by("order", "name")
    by_category = [
        GroupRow(c.pk, c.name, _figures_of(counted.by_category[c.pk])) for c in categories
    ]
    by_unit = [
        GroupRow(
            unit.pk,
            unit.name,
            _figures_of(counted.by_unit[unit.path]),
            depth=unit.depth,
            path=unit.path,
        )
        for unit in units_visible_to(scope.user).order_by("path")
        if unit.path in counted.by_unit
    ]
    trend_days = dict(zip(periods, wanted.trend_days, strict=True)) if wanted.trend_days else {}
    trend_rows = [
        TrendRow(period, day, _figures_of(counted.trend[day]), reports_of(period))
        for period, day in trend_days.items()
    ]
    shown = Task.objects.in_bulk([task_id for _mean, task_id, _n in counted.attainment])
    return Figures(
        scope=scope,
        tasks=_figures_of(counted.tasks),
        periods=periods,
        compliance=compliance,
        proposals=counted.proposals,
        directives=counted.directives,
        by_cadre=by_cadre,
        by_unit=by_unit,
        by_category=by_category,
        trend=trend_rows,
        attainment=[Attainment(shown[pk], round(mean), n) for mean, pk, n in counted.attainment],
        report_period=wanted.current,
    )


def figures(
    *,
    user: Any,
    as_of: date,
    plan: int | None = None,
    trend: bool = True,
    period: tuple[str, int, int] | None = None,
) -> Figures:
    """The dashboard's figures for what `user` may see (a cadre: their own), of one plan or
    all, as they stood on `as_of`. A fixed number of aggregate queries, however many tasks,
    cadres, reports or reporting periods. `period` (kind, year, number) puts that period's
    reports in the by-cadre table (the consolidated report of a period) instead of the
    current one."""
    scope = scope_for(user, as_of=as_of, plan=plan)
    periods = reporting_periods(scope)
    wanted = _wanted(periods, as_of, trend, period)
    return assemble(scope, periods, wanted, counts(scope, wanted))


# ---------------------------------------------------------------- kept between visits


def kept_figures(
    *,
    user: Any,
    as_of: date,
    plan: int | None = None,
    trend: bool = True,
    period: tuple[str, int, int] | None = None,
) -> Figures:
    """`figures()`, kept until the data it counts changes: the dashboard's tables are paged
    and sorted on the server, and at national scale computing the figures takes seconds,
    so turning a page must not compute them again.

    Kept under the figures' global version, every part's token (monitoring.parts) and
    today's date, since a past date's figures cut wall-clock stamps at it and today's do not
    (Scope.stamps_cut). For a visitor who sees every task, each part's tallies are kept
    too, so that after a write only its part is counted again (`_counts_by_part`)."""
    scope = scope_for(user, as_of=as_of, plan=plan)
    alias = router.db_for_read(FigureChange)
    version = newest_change(FigureChange, alias)
    part_tokens = parts.tokens(alias)
    settings_read = (
        # Read from the environment: a restart with another value must not be served the old.
        settings.THAOGO_STALLED_DAYS,
        settings.THAOGO_NEAR_DUE_DAYS,
        as_of.isoformat(),
        clock.today().isoformat(),
    )
    key = (
        "monitoring-figures",
        sorted(part_tokens.items()),
        visibility_scope(user),
        scope.own_cadre,
        plan,
        trend,
        period,
        settings_read,
    )

    def compute() -> Figures:
        if plan or not scope.sees_every_task:
            found = figures(user=user, as_of=as_of, plan=plan, trend=trend, period=period)
        else:
            found = _figures_by_part(scope, trend, period, version, settings_read, part_tokens)
        # Kept without the user: the scope is the visitor's own on every visit.
        return replace(found, scope=None)

    # Put together under the data's version too (core.dataversion: tasks, assignments,
    # cadres, ...), which moves with every write a part's token moves with and with a
    # cadre's new name, which the parts do not read.
    return replace(
        cached(key, compute, wait=FIGURES_WAIT, version=f"{version}.{dataversion.current()}"),
        scope=scope,
    )


def _figures_by_part(
    scope: Scope,
    trend: bool,
    period: tuple[str, int, int] | None,
    version: str,
    settings_read: tuple,
    part_tokens: dict[str, int],
) -> Figures:
    """The figures of a visitor who sees every task, as the sum of each part's, each kept
    under its own token: after a write, only the part written to is counted again. The
    parts not kept are counted together, in one pass (`counts_by_part`)."""
    plans = parts.plans_by_part()
    part_of_plan = {pk: part for part, ids in plans.items() for pk in ids}

    def keys(name: str, *more: Any) -> dict[str, tuple]:
        return {part: (name, part, part_tokens.get(part), settings_read, *more) for part in plans}

    def only(missing: list[str]) -> Scope:
        # No list of plans when every part is missing: the scope is every plan already.
        if len(missing) == len(plans):
            return scope
        return replace(scope, plans=tuple(pk for part in missing for pk in plans[part]))

    def periods_of(missing: list[str]) -> dict[str, set]:
        found: dict[str, set] = {part: set() for part in missing}
        for plan, rows in _period_rows_by_plan(only(missing), by_plan=True).items():
            if plan in part_of_plan and part_of_plan[plan] in found:
                found[part_of_plan[plan]] |= rows
        return found

    rows = cached_many(keys("monitoring-part-periods"), periods_of, version=version)
    periods = _periods_from(set().union(*rows.values()))
    wanted = _wanted(periods, scope.as_of, trend, period)

    def counts_of(missing: list[str]) -> dict[str, Counts]:
        wanted_parts = set(missing)
        of_missing = {pk: part for pk, part in part_of_plan.items() if part in wanted_parts}
        return counts_by_part(only(missing), wanted, of_missing)

    counted = cached_many(keys("monitoring-part-counts", wanted), counts_of, version=version)
    if not counted:  # no plan: nothing to count
        return assemble(scope, periods, wanted, counts(scope, wanted))
    total = functools.reduce(lambda a, b: a + b, counted.values())
    return assemble(scope, periods, wanted, total)
