"""Task-result points, their breakdown, the suggested rating and the quota: pure functions.

Nothing here reads the database: `selectors.cadre_record` gathers a cadre's record in a
period into the plain values below, and `score` turns it into points, one line per source.
So a cadre can see exactly why they got their score, and tests can feed any record.

How the points are counted (the rule set holds every number):

- Each item of the record weighs: a task led `lead_weight` (3), a task supported
  `support_weight` (1), each metric of a task led `metric_weight` (1), each report due in the
  period `report_weight` (1), each directive with its deadline in the period
  `directive_weight` (1).
- Each item earns a share of its weight: on time, or still within its deadline, 100 %; late
  (a task completed after its deadline, a report submitted after its due date, a directive
  done after its deadline) 100 % minus `late_deduction_percent` (25 % under Nghị định
  335/2025/NĐ-CP); overdue and not done, or a report missing, 0 %. A metric earns its
  attainment against what was expected by then (its share of the time from the task's start
  to its deadline), capped at 100 %.
- Task-result points = `task_points` × earned weight ÷ total weight. So the score is always
  between 0 and `task_points`, and an item that becomes late can only lower it.
- A task handed over to another cadre before it was done, and before it was overdue, is
  listed without points: its outcome belongs to whoever finished it. A task already overdue
  when handed over stays on the record of the cadre who let it slip.
- A cadre with nothing in the period gets 0 task-result points and a note saying so: the
  evaluation is of the work given, and none was. The Organization Board may propose
  otherwise, with a justification.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from thaogo.evaluation.models import RATING_ORDER, QuotaRounding, Rating, rating_rank

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class Outcome:
    ON_TIME = "on_time"
    WITHIN_DEADLINE = "within_deadline"
    LATE = "late"
    OVERDUE = "overdue"
    MISSING = "missing"
    HANDED_OVER = "handed_over"
    METRIC = "metric"


# Outcomes that break "every item on time".
NOT_ON_TIME = (Outcome.LATE, Outcome.OVERDUE, Outcome.MISSING)


@dataclass(frozen=True)
class TaskItem:
    task_id: int
    label: str
    role: str  # "lead" or "support"
    start_date: date
    deadline: date | None
    completed_on: date | None
    handed_over_on: date | None = None  # the assignment ended in the period


@dataclass(frozen=True)
class MetricItem:
    task_id: int
    label: str
    progress: Decimal  # % of the way from baseline to target, as of the cut-off
    expected: Decimal  # % expected by then (100 once the task is done or has no deadline)


@dataclass(frozen=True)
class ReportItem:
    obligation_id: int
    label: str
    due_on: date
    submitted_on: date | None  # the first submission


@dataclass(frozen=True)
class DirectiveItem:
    directive_id: int
    label: str
    deadline: date
    completed_on: date | None


@dataclass(frozen=True)
class Record:
    """A cadre's record in a period, as of `cut` (the period's end, or today if earlier)."""

    cut: date
    tasks: tuple[TaskItem, ...] = ()
    metrics: tuple[MetricItem, ...] = ()
    reports: tuple[ReportItem, ...] = ()
    directives: tuple[DirectiveItem, ...] = ()


@dataclass(frozen=True)
class Line:
    kind: str  # "task", "metric", "report", "directive"
    object_id: int
    label: str
    outcome: str
    weight: int
    share: Decimal  # 0–100: the % of its weight the item earned
    points: Decimal = Decimal(0)
    role: str = ""
    detail: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.object_id,
            "label": self.label,
            "outcome": self.outcome,
            "weight": self.weight,
            "share": str(self.share),
            "points": str(self.points),
            "role": self.role,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Score:
    task_points: Decimal
    lines: list[Line] = field(default_factory=list)
    all_on_time: bool = True
    beyond_percent: Decimal | None = None  # mean attainment beyond what was expected


def _late_share(rules: Any) -> Decimal:
    return HUNDRED - Decimal(rules.late_deduction_percent)


def _task_line(item: TaskItem, cut: date, rules: Any) -> Line:
    weight = rules.lead_weight if item.role == "lead" else rules.support_weight
    done = item.completed_on if item.completed_on and item.completed_on <= cut else None
    handed = item.handed_over_on
    if handed is not None and (done is None or done > handed):
        if item.deadline is None or item.deadline >= handed:
            return Line(
                "task",
                item.task_id,
                item.label,
                Outcome.HANDED_OVER,
                0,
                HUNDRED,
                role=item.role,
                detail=handed.isoformat(),
            )
        return Line(
            "task",
            item.task_id,
            item.label,
            Outcome.OVERDUE,
            weight,
            Decimal(0),
            role=item.role,
            detail=handed.isoformat(),
        )
    if done is not None:
        if item.deadline is None or done <= item.deadline:
            return Line(
                "task", item.task_id, item.label, Outcome.ON_TIME, weight, HUNDRED, role=item.role
            )
        return Line(
            "task",
            item.task_id,
            item.label,
            Outcome.LATE,
            weight,
            _late_share(rules),
            role=item.role,
        )
    if item.deadline is not None and item.deadline < cut:
        return Line(
            "task", item.task_id, item.label, Outcome.OVERDUE, weight, Decimal(0), role=item.role
        )
    return Line(
        "task", item.task_id, item.label, Outcome.WITHIN_DEADLINE, weight, HUNDRED, role=item.role
    )


def _metric_line(item: MetricItem, rules: Any) -> Line:
    ratio = HUNDRED if item.expected <= 0 else item.progress / item.expected * HUNDRED
    share = max(Decimal(0), min(HUNDRED, ratio)).quantize(CENT)
    detail = f"{item.progress.quantize(CENT)}/{item.expected.quantize(CENT)}"
    return Line(
        "metric",
        item.task_id,
        item.label,
        Outcome.METRIC,
        rules.metric_weight,
        share,
        role="lead",
        detail=detail,
    )


def _report_line(item: ReportItem, cut: date, rules: Any) -> Line | None:
    submitted = item.submitted_on if item.submitted_on and item.submitted_on <= cut else None
    if submitted is not None:
        if submitted <= item.due_on:
            return Line(
                "report",
                item.obligation_id,
                item.label,
                Outcome.ON_TIME,
                rules.report_weight,
                HUNDRED,
            )
        return Line(
            "report",
            item.obligation_id,
            item.label,
            Outcome.LATE,
            rules.report_weight,
            _late_share(rules),
        )
    if item.due_on < cut:
        return Line(
            "report",
            item.obligation_id,
            item.label,
            Outcome.MISSING,
            rules.report_weight,
            Decimal(0),
        )
    return None  # still due: nothing to count yet


def _directive_line(item: DirectiveItem, cut: date, rules: Any) -> Line:
    done = item.completed_on if item.completed_on and item.completed_on <= cut else None
    weight = rules.directive_weight
    if done is not None:
        if done <= item.deadline:
            return Line(
                "directive", item.directive_id, item.label, Outcome.ON_TIME, weight, HUNDRED
            )
        return Line(
            "directive", item.directive_id, item.label, Outcome.LATE, weight, _late_share(rules)
        )
    if item.deadline < cut:
        return Line("directive", item.directive_id, item.label, Outcome.OVERDUE, weight, Decimal(0))
    return Line(
        "directive", item.directive_id, item.label, Outcome.WITHIN_DEADLINE, weight, HUNDRED
    )


def score(record: Record, rules: Any) -> Score:
    """The task-result points of one record under one rule set, line by line."""
    lines: list[Line] = [_task_line(item, record.cut, rules) for item in record.tasks]
    lines += [_metric_line(item, rules) for item in record.metrics]
    lines += [line for item in record.reports if (line := _report_line(item, record.cut, rules))]
    lines += [_directive_line(item, record.cut, rules) for item in record.directives]
    total_weight = sum(line.weight for line in lines)
    maximum = Decimal(rules.task_points)
    if total_weight == 0:
        return Score(task_points=Decimal(0), lines=lines)
    per_weight = maximum / Decimal(total_weight)
    priced = [
        Line(**{**line.__dict__, "points": (per_weight * line.weight * line.share / HUNDRED)})
        for line in lines
    ]
    earned = sum((line.points for line in priced), Decimal(0))
    points = max(Decimal(0), min(maximum, earned)).quantize(CENT, rounding=ROUND_HALF_UP)
    shown = [Line(**{**line.__dict__, "points": line.points.quantize(CENT)}) for line in priced]
    beyond = None
    if record.metrics:
        ratios = [
            (m.progress / m.expected * HUNDRED) if m.expected > 0 else HUNDRED
            for m in record.metrics
        ]
        beyond = (sum(ratios, Decimal(0)) / len(ratios) - HUNDRED).quantize(CENT)
    return Score(
        task_points=points,
        lines=shown,
        all_on_time=not any(line.outcome in NOT_ON_TIME for line in lines),
        beyond_percent=beyond,
    )


# ---------------------------------------------------------------- ratings


def band_of(total: Decimal, rules: Any) -> Rating:
    """The band the points alone reach: ≥ 90 excellent, ≥ 70 good, ≥ 50 fulfilled."""
    for rating in RATING_ORDER:
        if total >= rules.band_min(rating):
            return rating
    return Rating.NOT_FULFILLED


def condition_breaches(
    *,
    rating: str,
    total: Decimal,
    all_on_time: bool,
    beyond_percent: Decimal | None,
    disciplined: bool,
    rules: Any,
) -> list[str]:
    """Why `rating` may not be given: each rule of the rule set it breaks, in words."""
    breaches = []
    if rating_rank(rating) < rating_rank(band_of(total, rules)):
        breaches.append(
            _("the rating needs at least %(min)s points; the total is %(total)s")
            % {"min": _points(rules.band_min(rating)), "total": _points(total)}
        )
    if rating == Rating.EXCELLENT:
        if rules.excellent_needs_all_on_time and not all_on_time:
            breaches.append(_("“excellent” needs every task, report and directive on time"))
        needed = Decimal(rules.excellent_beyond_percent)
        if needed > 0 and (beyond_percent is None or beyond_percent < needed):
            breaches.append(
                _("“excellent” needs results at least %(needed)s%% beyond requirement")
                % {"needed": rules.excellent_beyond_percent}
            )
    if rating == Rating.GOOD and rules.good_needs_all_on_time and not all_on_time:
        breaches.append(_("“good” needs every task, report and directive on time"))
    if disciplined and rating_rank(rating) < rating_rank(rules.disciplined_cap):
        breaches.append(
            _("a cadre disciplined in the period cannot be rated above “%(cap)s”")
            % {"cap": Rating(rules.disciplined_cap).label}
        )
    return breaches


def suggest_rating(
    *,
    total: Decimal,
    all_on_time: bool,
    beyond_percent: Decimal | None,
    disciplined: bool,
    rules: Any,
) -> Rating:
    """The highest rating the points reach whose conditions are met."""
    for rating in RATING_ORDER:
        if not condition_breaches(
            rating=rating,
            total=total,
            all_on_time=all_on_time,
            beyond_percent=beyond_percent,
            disciplined=disciplined,
            rules=rules,
        ):
            return rating
    return Rating.NOT_FULFILLED


def excellent_quota(good_or_above: int, rules: Any) -> int:
    """How many may be rated excellent in a group where `good_or_above` are rated good or
    excellent: `quota_percent` of them, rounded as the rule set says.

    The default rounds down, because the rule says "at most 20 %": rounding down is the only
    way the share of excellent never exceeds 20 %. The price is that a group with fewer than
    five rated good or above has no excellent rating (one of four is 25 %). We chose that
    over rounding to the nearest (one of three would be 33 %) since the approval must never
    break the rule it enforces; a committee that reads the rule otherwise for small groups
    says so in its rule set (round to nearest, or up), and every round shows the sum.
    """
    product = good_or_above * rules.quota_percent
    if rules.quota_rounding == QuotaRounding.CEIL:
        return -(-product // 100)
    if rules.quota_rounding == QuotaRounding.HALF_UP:
        return (product * 2 + 100) // 200
    return product // 100


def quota_explanation(good_or_above: int, rules: Any) -> str:
    rounding = QuotaRounding(rules.quota_rounding).label
    return _(
        "At most %(percent)s%% of the %(count)s rated good or above: %(exact)s, "
        "%(rounding)s: %(quota)s."
    ) % {
        "percent": rules.quota_percent,
        "count": good_or_above,
        "exact": _points(Decimal(good_or_above * rules.quota_percent) / HUNDRED),
        "rounding": str(rounding).lower(),
        "quota": excellent_quota(good_or_above, rules),
    }


def _points(value: Decimal) -> str:
    """A number the Vietnamese way, as the pages write it: 89,99; 90."""
    text = f"{value.quantize(CENT):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def describe(line: dict[str, Any], rules: Any) -> str:
    """The rule a breakdown line applied, in words."""
    outcome = line["outcome"]
    late = {"deduction": rules.late_deduction_percent}
    texts = {
        Outcome.ON_TIME: _("on time: full points"),
        Outcome.WITHIN_DEADLINE: _("still within its deadline: full points"),
        Outcome.LATE: _("late: %(deduction)s%% deducted") % late,
        Outcome.OVERDUE: _("overdue and not done: no points"),
        Outcome.MISSING: _("report missing: no points"),
        Outcome.HANDED_OVER: _("handed over before it was done: not counted"),
    }
    if outcome == Outcome.METRIC:
        progress, expected = line["detail"].split("/")
        return _("attained %(progress)s%% where %(expected)s%% was expected by then") % {
            "progress": _points(Decimal(progress)),
            "expected": _points(Decimal(expected)),
        }
    return texts.get(outcome, outcome)
