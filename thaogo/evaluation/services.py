"""Every write of an evaluation: rules, opening a round, computing, self-assessment,
proposal, approval and reopening. Each is one transaction and leaves a history row."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thaogo.accounts.roles import cadre_of
from thaogo.core.services import audited_save, lock_for_update
from thaogo.evaluation import scoring
from thaogo.evaluation.models import Evaluation, Rating, Round, RoundState, RuleSet
from thaogo.evaluation.selectors import cadre_record, rule_set_on
from thaogo.lib import clock
from thaogo.units.models import Cadre

RULE_FIELDS = {
    "name",
    "legal_basis",
    "effective_from",
    "general_points",
    "task_points",
    "criteria",
    "excellent_min",
    "good_min",
    "fulfilled_min",
    "excellent_needs_all_on_time",
    "excellent_beyond_percent",
    "good_needs_all_on_time",
    "disciplined_cap",
    "late_deduction_percent",
    "lead_weight",
    "support_weight",
    "report_weight",
    "directive_weight",
    "metric_weight",
    "quota_percent",
    "quota_rounding",
}


def _check_criteria(rule_set: RuleSet) -> None:
    total = sum(Decimal(str(item["max"])) for item in rule_set.criteria)
    if not rule_set.criteria or total != rule_set.general_points:
        raise ValidationError(
            {
                "criteria": _(
                    "The general criteria's maximum points must add up to the general "
                    "criteria points (%(points)s); they add up to %(total)s."
                )
                % {"points": rule_set.general_points, "total": scoring._points(total)}
            }
        )


def rule_set_in_use(rule_set: RuleSet) -> bool:
    return rule_set.rounds.exists()


@transaction.atomic
def rule_set_save(
    *, rule_set: RuleSet | None, by: Any, expected_version: int | None = None, **fields: Any
) -> RuleSet:
    """Create a rule set, or change one no round has used yet: a rule set in use stays as it
    was, so the evaluations made under it keep their rules; new rules take a new date."""
    unknown = set(fields) - RULE_FIELDS
    if unknown:
        raise ValueError(f"unknown rule fields {sorted(unknown)}")
    if rule_set is None:
        rule_set = RuleSet(**fields)
    else:
        rule_set = lock_for_update(rule_set, expected_version=expected_version)
        if rule_set_in_use(rule_set):
            raise ValidationError(
                _(
                    "Rounds were evaluated under this rule set, so it cannot change. Create a "
                    "new rule set that takes effect from a later date."
                )
            )
        for name, value in fields.items():
            setattr(rule_set, name, value)
        rule_set.version += 1
    _check_criteria(rule_set)
    return audited_save(rule_set, by=by)


def _compute(evaluation: Evaluation, *, today: date) -> None:
    round_ = evaluation.round
    record = cadre_record(
        cadre=evaluation.cadre, start=round_.period_start, end=round_.period_end, today=today
    )
    result = scoring.score(record, evaluation.rule_set)
    evaluation.computed_task_points = result.task_points
    evaluation.computed_all_on_time = result.all_on_time
    evaluation.computed_beyond_percent = result.beyond_percent
    evaluation.breakdown = [line.as_json() for line in result.lines]
    evaluation.computed_at = clock.now()


@transaction.atomic
def round_open(
    *,
    title: str,
    kind: str,
    period_start: date,
    period_end: date,
    group_name: str,
    cadres: list[Cadre],
    self_assessment_deadline: date,
    by: Any,
) -> Round:
    """Open a round: the rule set in force on the period's last day, and one evaluation per
    cadre with its task-result points computed from the record."""
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period must end on or after its start.")})
    rule_set = rule_set_on(period_end)
    if rule_set is None:
        raise ValidationError(
            _("No evaluation rule set is in force on %(day)s.") % {"day": f"{period_end:%d/%m/%Y}"}
        )
    if not cadres:
        raise ValidationError({"cadres": _("Choose the cadres to evaluate.")})
    round_ = audited_save(
        Round(
            title=title,
            kind=kind,
            period_start=period_start,
            period_end=period_end,
            group_name=group_name,
            rule_set=rule_set,
            self_assessment_deadline=self_assessment_deadline,
            opened_by=by if getattr(by, "pk", None) else None,
        ),
        by=by,
    )
    today = clock.today()
    for cadre in cadres:
        evaluation = Evaluation(round=round_, cadre=cadre, rule_set=rule_set)
        _compute(evaluation, today=today)
        audited_save(evaluation, by=by)
    return round_


def _require_open(round_: Round) -> None:
    if round_.is_locked:
        raise ValidationError(
            _("The round is approved and locked. Reopen it, with a reason, to change it.")
        )


@transaction.atomic
def round_recompute(*, round: Round, by: Any) -> Round:
    """Compute every evaluation's task-result points again from the record as it is now."""
    _require_open(round)
    today = clock.today()
    for evaluation in round.evaluations.select_for_update().select_related(
        "round", "cadre", "rule_set"
    ):
        _compute(evaluation, today=today)
        evaluation.version += 1
        audited_save(evaluation, by=by)
    return round


@transaction.atomic
def self_assessment_submit(
    *,
    evaluation: Evaluation,
    points: list[Decimal],
    comment: str,
    by: Any,
    expected_version: int | None,
) -> Evaluation:
    """The cadre's own points on each general criterion, with comments, before the
    deadline."""
    evaluation = lock_for_update(evaluation, expected_version=expected_version)
    round_ = evaluation.round
    own = cadre_of(by)
    if own is None or own.pk != evaluation.cadre_id:
        raise PermissionDenied
    if round_.state != RoundState.SELF_ASSESSMENT:
        raise ValidationError(_("The self-assessment is closed: the round has moved on."))
    if clock.today() > round_.self_assessment_deadline:
        raise ValidationError(
            _("The self-assessment deadline (%(day)s) has passed.")
            % {"day": f"{round_.self_assessment_deadline:%d/%m/%Y}"}
        )
    criteria = evaluation.rule_set.criteria
    if len(points) != len(criteria):
        raise ValidationError(_("Give points for every general criterion."))
    for value, criterion in zip(points, criteria, strict=True):
        if value < 0 or value > Decimal(str(criterion["max"])):
            raise ValidationError(
                _("“%(name)s”: from 0 to %(max)s points.")
                % {"name": criterion["name"], "max": criterion["max"]}
            )
    evaluation.self_points = [str(value) for value in points]
    evaluation.self_comment = comment
    evaluation.self_submitted_at = clock.now()
    evaluation.version += 1
    return audited_save(evaluation, by=by)


def suggestion(evaluation: Evaluation) -> tuple[Decimal, Rating]:
    """The computed suggestion: the self-assessed general points (0 until given) plus the
    computed task-result points, and the highest rating they reach whose conditions hold."""
    general = evaluation.self_general_points or Decimal(0)
    total = general + evaluation.computed_task_points
    rating = scoring.suggest_rating(
        total=total,
        all_on_time=evaluation.computed_all_on_time,
        beyond_percent=evaluation.computed_beyond_percent,
        disciplined=evaluation.disciplined,
        rules=evaluation.rule_set,
    )
    return total, rating


@transaction.atomic
def evaluation_propose(
    *,
    evaluation: Evaluation,
    general_points: Decimal,
    task_points: Decimal,
    beyond_percent: Decimal | None,
    disciplined: bool,
    discipline_note: str,
    rating: str,
    justification: str,
    by: Any,
    expected_version: int | None,
) -> Evaluation:
    """The Organization Board's final score and rating. Where it departs from the computed
    suggestion (points, excess or rating), a justification is required."""
    evaluation = lock_for_update(evaluation, expected_version=expected_version)
    _require_open(evaluation.round)
    rules = evaluation.rule_set
    errors: dict[str, str] = {}
    if not 0 <= general_points <= rules.general_points:
        errors["general_points"] = _("From 0 to %(max)s points.") % {"max": rules.general_points}
    if not 0 <= task_points <= rules.task_points:
        errors["task_points"] = _("From 0 to %(max)s points.") % {"max": rules.task_points}
    if errors:
        raise ValidationError(errors)
    evaluation.disciplined = disciplined
    evaluation.discipline_note = discipline_note
    _total, suggested = suggestion(evaluation)
    departs = (
        task_points != evaluation.computed_task_points
        or general_points != (evaluation.self_general_points or Decimal(0))
        or beyond_percent != evaluation.computed_beyond_percent
        or rating != suggested
    )
    if departs and not justification.strip():
        raise ValidationError(
            {
                "justification": _(
                    "The proposal departs from the computed suggestion (%(points)s points, "
                    "“%(rating)s”): say why."
                )
                % {"points": scoring._points(_total), "rating": suggested.label}
            }
        )
    evaluation.proposed_general_points = general_points
    evaluation.proposed_task_points = task_points
    evaluation.proposed_beyond_percent = beyond_percent
    evaluation.proposed_rating = rating
    evaluation.justification = justification
    evaluation.proposed_by = by
    evaluation.proposed_at = clock.now()
    evaluation.version += 1
    audited_save(evaluation, by=by)
    round_ = evaluation.round
    if (
        round_.state == RoundState.SELF_ASSESSMENT
        and not round_.evaluations.filter(proposed_rating="").exists()
    ):
        round_.state = RoundState.PROPOSED
        round_.version += 1
        audited_save(round_, by=by)
    return evaluation


def approval_breaches(round: Round, evaluations: list[Evaluation]) -> list[str]:
    """Every rule the proposed ratings break, each naming the cadre and the rule."""
    rules = round.rule_set
    messages = []
    for evaluation in evaluations:
        if not evaluation.proposed_rating:
            messages.append(
                _("%(cadre)s: no proposal yet.") % {"cadre": evaluation.cadre.full_name}
            )
            continue
        for breach in scoring.condition_breaches(
            rating=evaluation.proposed_rating,
            total=evaluation.proposed_total,
            all_on_time=evaluation.computed_all_on_time,
            beyond_percent=evaluation.proposed_beyond_percent,
            disciplined=evaluation.disciplined,
            rules=evaluation.rule_set,
        ):
            messages.append(
                _("%(cadre)s, proposed “%(rating)s”: %(rule)s.")
                % {
                    "cadre": evaluation.cadre.full_name,
                    "rating": Rating(evaluation.proposed_rating).label,
                    "rule": breach,
                }
            )
    good = [e for e in evaluations if e.proposed_rating in (Rating.EXCELLENT, Rating.GOOD)]
    excellent = [e for e in good if e.proposed_rating == Rating.EXCELLENT]
    quota = scoring.excellent_quota(len(good), rules)
    if len(excellent) > quota:
        messages.append(
            _(
                "Quota: %(count)s proposed “%(rating)s” (%(names)s), but at most %(quota)s "
                "may be. %(explanation)s"
            )
            % {
                "count": len(excellent),
                "rating": Rating.EXCELLENT.label,
                "names": ", ".join(e.cadre.full_name for e in excellent),
                "quota": quota,
                "explanation": scoring.quota_explanation(len(good), rules),
            }
        )
    return messages


@transaction.atomic
def round_approve(*, round: Round, by: Any, expected_version: int | None) -> Round:
    """The Standing Committee's approval: refused, with every reason, if any proposal breaks
    a band condition or the quota. Approved, the round is locked."""
    round_ = lock_for_update(round, expected_version=expected_version)
    _require_open(round_)
    evaluations = list(round_.evaluations.select_for_update().select_related("cadre", "rule_set"))
    breaches = approval_breaches(round_, evaluations)
    if breaches:
        raise ValidationError(breaches)
    for evaluation in evaluations:
        evaluation.approved_rating = evaluation.proposed_rating
        evaluation.version += 1
        audited_save(evaluation, by=by)
    round_.state = RoundState.APPROVED
    round_.approved_by = by
    round_.approved_at = clock.now()
    round_.version += 1
    return audited_save(round_, by=by)


@transaction.atomic
def round_reopen(*, round: Round, reason: str, by: Any, expected_version: int | None) -> Round:
    """Reopen an approved round for a correction. The reason is recorded; the history keeps
    the approved version and the corrected one."""
    round_ = lock_for_update(round, expected_version=expected_version)
    if not round_.is_locked:
        raise ValidationError(_("Only an approved round can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the round is reopened.")})
    for evaluation in round_.evaluations.select_for_update():
        evaluation.approved_rating = ""
        evaluation.version += 1
        audited_save(evaluation, by=by)
    round_.state = RoundState.PROPOSED
    round_.reopen_reason = reason
    round_.approved_by = None
    round_.approved_at = None
    round_.version += 1
    return audited_save(round_, by=by)
