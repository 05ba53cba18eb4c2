"""Reads for evaluation: who sees which round and evaluation, a cadre's record in a period,
and the cadre-source list (nguồn cán bộ)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from thaogo.accounts.policy import EVALUATING_ROLES
from thaogo.accounts.roles import cadre_of, role_of
from thaogo.direction.models import Directive
from thaogo.evaluation.models import Evaluation, Round, RoundState, RuleSet
from thaogo.evaluation.scoring import (
    HUNDRED,
    DirectiveItem,
    MetricItem,
    Record,
    ReportItem,
    TaskItem,
)
from thaogo.reporting.models import ReportObligation
from thaogo.tasks.models import Assignment, Metric, MetricValue, Status
from thaogo.units.models import Cadre


def sees_all_evaluations(user: Any) -> bool:
    return role_of(user) in EVALUATING_ROLES


def evaluations_visible_to(user: Any) -> QuerySet[Evaluation]:
    """Every evaluation for the evaluating roles; a cadre their own; nobody else any."""
    if sees_all_evaluations(user):
        return Evaluation.objects.all()
    cadre = cadre_of(user)
    if cadre is None:
        return Evaluation.objects.none()
    return Evaluation.objects.filter(cadre=cadre)


def rounds_visible_to(user: Any) -> QuerySet[Round]:
    if sees_all_evaluations(user):
        return Round.objects.all()
    cadre = cadre_of(user)
    if cadre is None:
        return Round.objects.none()
    # EXISTS rather than a join and DISTINCT: the API's cursor pages order and slice it.
    return Round.objects.filter(
        Exists(Evaluation.objects.filter(round=OuterRef("pk"), cadre=cadre))
    )


def rule_set_on(day: date) -> RuleSet | None:
    """The rule set in force on a day: the latest that took effect by then."""
    return RuleSet.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


def _local_date(moment: Any) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _progress(metric: Metric, value: Decimal | None) -> Decimal:
    """How far from baseline to target, in %, not capped at 100 (beyond is what counts)."""
    if value is None:
        return Decimal(0)
    span = metric.target - metric.baseline
    return max(Decimal(0), (value - metric.baseline) / span * HUNDRED)


def _expected(metric: Metric, cut: date) -> Decimal:
    """The % of the target expected by `cut`: the share of the time from the task's start to
    the metric's target date (or the task's deadline) gone by; all of it once done."""
    task = metric.task
    if task.status == Status.COMPLETED and task.completed_on and task.completed_on <= cut:
        return HUNDRED
    end = metric.target_date or task.deadline
    if end is None or end <= task.start_date:
        return HUNDRED
    elapsed = Decimal((cut - task.start_date).days) / Decimal((end - task.start_date).days)
    return max(Decimal(0), min(HUNDRED, elapsed * HUNDRED))


def cadre_record(*, cadre: Cadre, start: date, end: date, today: date) -> Record:
    """The cadre's record in the period, as of its end (or today, if the period has not
    ended): the tasks they led or supported, the metrics of those they led, the reports due
    and the directives given to them."""
    cut = min(end, today)
    assignments = list(
        Assignment.objects.filter(cadre=cadre, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .exclude(task__status=Status.COMPLETED, task__completed_on__lt=start)
        .select_related("task")
        .order_by("task__code", "start_date", "pk")
    )
    tasks = []
    led = []
    for assignment in assignments:
        task = assignment.task
        handed = assignment.end_date if assignment.end_date and assignment.end_date <= end else None
        completed = task.completed_on if task.status == Status.COMPLETED else None
        tasks.append(
            TaskItem(
                task_id=task.pk,
                label=f"{task.code}. {task.title}",
                role=assignment.role,
                start_date=task.start_date,
                deadline=task.deadline,
                completed_on=completed,
                handed_over_on=handed,
            )
        )
        if assignment.role == "lead" and handed is None:
            led.append(task.pk)
    metrics = []
    metric_rows = list(
        Metric.objects.filter(task_id__in=led)
        .select_related("task")
        .order_by("task__code", "order", "pk")
    )
    latest: dict[int, Decimal] = {}
    for value in MetricValue.objects.filter(metric__in=metric_rows, measured_on__lte=cut).order_by(
        "metric_id", "measured_on", "pk"
    ):
        latest[value.metric_id] = value.value
    for metric in metric_rows:
        metrics.append(
            MetricItem(
                task_id=metric.task_id,
                label=f"{metric.task.code}. {metric.name}",
                progress=_progress(metric, latest.get(metric.pk)),
                expected=_expected(metric, cut),
            )
        )
    reports = [
        ReportItem(
            obligation_id=obligation.pk,
            label=f"{obligation.label} — {obligation.assignment.task.code}. "
            f"{obligation.assignment.task.title}",
            due_on=obligation.due_on,
            submitted_on=_local_date(obligation.first_submitted_at),
        )
        for obligation in ReportObligation.objects.filter(
            assignment__cadre=cadre, due_on__gte=start, due_on__lte=end
        )
        .annotate(first_submitted_at=Min("report__submissions__submitted_at"))
        .select_related("assignment__task")
        .order_by("due_on", "pk")
    ]
    directives = [
        DirectiveItem(
            directive_id=directive.pk,
            label=f"{directive.task.code}. {directive.text[:120]}",
            deadline=directive.deadline,
            completed_on=directive.completed_on,
        )
        for directive in Directive.objects.filter(
            responsible_cadre=cadre, deadline__gte=start, deadline__lte=end
        )
        .select_related("task")
        .order_by("deadline", "pk")
    ]
    return Record(
        cut=cut,
        tasks=tuple(tasks),
        metrics=tuple(metrics),
        reports=tuple(reports),
        directives=tuple(directives),
    )


# ---------------------------------------------------------------- the cadre-source view


@dataclass
class SourceRow:
    cadre: Cadre
    last_rating: str
    last_round: Round | None
    tasks_due: int
    tasks_on_time: int

    @property
    def last_rating_label(self) -> str:
        from thaogo.evaluation.models import Rating

        return str(Rating(self.last_rating).label) if self.last_rating else ""

    @property
    def on_time_rate(self) -> float | None:
        """The share of tasks whose deadline has come that were completed on time, in %."""
        if not self.tasks_due:
            return None
        return round(self.tasks_on_time * 100 / self.tasks_due, 1)


SOURCE_SORTS = {
    "name": lambda row: row.cadre.full_name,
    "position": lambda row: row.cadre.planned_position,
    "rating": lambda row: (row.last_rating == "", _rank(row.last_rating)),
    "on_time": lambda row: (row.on_time_rate is None, -(row.on_time_rate or 0)),
}


def _rank(rating: str) -> int:
    from thaogo.evaluation.models import rating_rank

    return rating_rank(rating) if rating else 99


def cadre_source_rows(*, today: date, query: str = "", sort: str = "name") -> list[SourceRow]:
    """The cadres planned for a higher post, each with their last approved rating and their
    on-time rate: a fixed number of queries whatever the number of cadres."""
    cadres = Cadre.objects.exclude(planned_position="").filter(is_active=True)
    if query:
        cadres = cadres.filter(Q(full_name__icontains=query) | Q(planned_position__icontains=query))
    cadres = list(cadres.select_related("unit").order_by("full_name"))
    ids = [cadre.pk for cadre in cadres]
    last: dict[int, Evaluation] = {}
    for evaluation in (
        Evaluation.objects.filter(cadre_id__in=ids, round__state=RoundState.APPROVED)
        .select_related("round")
        .order_by("round__period_end", "round__pk")
    ):
        last[evaluation.cadre_id] = evaluation
    due: dict[int, int] = {}
    on_time: dict[int, int] = {}
    for cadre_id, status, deadline, completed_on in (
        Assignment.objects.filter(cadre_id__in=ids, role="lead", task__deadline__isnull=False)
        .filter(Q(task__deadline__lt=today) | Q(task__status=Status.COMPLETED))
        .values_list("cadre_id", "task__status", "task__deadline", "task__completed_on")
        .distinct()
    ):
        due[cadre_id] = due.get(cadre_id, 0) + 1
        if status == Status.COMPLETED and completed_on and completed_on <= deadline:
            on_time[cadre_id] = on_time.get(cadre_id, 0) + 1
    rows = [
        SourceRow(
            cadre=cadre,
            last_rating=last[cadre.pk].approved_rating if cadre.pk in last else "",
            last_round=last[cadre.pk].round if cadre.pk in last else None,
            tasks_due=due.get(cadre.pk, 0),
            tasks_on_time=on_time.get(cadre.pk, 0),
        )
        for cadre in cadres
    ]
    key = sort.lstrip("-")
    if key in SOURCE_SORTS:
        rows.sort(key=SOURCE_SORTS[key], reverse=sort.startswith("-"))
    return rows


def ratings_of(user: Any, cadre: Cadre) -> list[Evaluation]:
    """The cadre's evaluations across rounds, as far as the user may see them."""
    return list(
        evaluations_visible_to(user)
        .filter(cadre=cadre)
        .select_related("round")
        .order_by("-round__period_end", "-round__pk")
    )
