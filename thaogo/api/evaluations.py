"""Evaluations, read-only, under the evaluation pages' policy (thaogo.evaluation.selectors):
the evaluated cadre reads their own evaluations and the rounds they are in; the
Organization Board, the Standing Committee and administrators read every one; anyone else
is refused the lists (403, as the round list page refuses them) and gets 404 for a single
round or evaluation."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from ninja import Field, Query

from thaogo.accounts.policy import Action, can
from thaogo.accounts.roles import cadre_of
from thaogo.api import schemas as s
from thaogo.api.paging import ListIn, page
from thaogo.api.reads import Choice, get_one, router
from thaogo.evaluation import scoring
from thaogo.evaluation.models import Evaluation, Rating, Round, RoundKind, RoundState
from thaogo.evaluation.selectors import evaluations_visible_to, rounds_visible_to
from thaogo.evaluation.services import suggestion


def _may_read_evaluations(user: Any) -> None:
    """The round list page's rule: someone who evaluates, or a cadre (who reads their own)."""
    if not can(user, Action.EVALUATION_OVERVIEW) and cadre_of(user) is None:
        raise PermissionDenied


def _visible_rounds(user: Any) -> QuerySet[Round]:
    return rounds_visible_to(user).select_related("rule_set")


def _visible_evaluations(user: Any) -> QuerySet[Evaluation]:
    return evaluations_visible_to(user).select_related("rule_set")


def round_out(round_: Round) -> dict[str, Any]:
    return {
        "id": round_.pk,
        "title": round_.title,
        "kind": round_.kind,
        "period_start": round_.period_start,
        "period_end": round_.period_end,
        "group_name": round_.group_name,
        "rule_set": {
            "id": round_.rule_set_id,
            "name": round_.rule_set.name,
            "legal_basis": round_.rule_set.legal_basis,
            "effective_from": round_.rule_set.effective_from,
            "general_points": round_.rule_set.general_points,
            "task_points": round_.rule_set.task_points,
        },
        "self_assessment_deadline": round_.self_assessment_deadline,
        "state": round_.state,
        "approved_at": round_.approved_at,
        "version": round_.version,
    }


def _line_out(line: dict[str, Any], evaluation: Evaluation) -> dict[str, Any]:
    return {
        "kind": line["kind"],
        "object_id": line["id"],
        "label": line["label"],
        "role": line.get("role", ""),
        "outcome": line["outcome"],
        "rule": scoring.describe(line, evaluation.rule_set),
        "weight": line["weight"],
        "share": Decimal(line["share"]),
        "points": Decimal(line["points"]),
    }


def evaluation_out(evaluation: Evaluation) -> dict[str, Any]:
    """What the evaluation page shows: the computed task points and where they come from,
    the self-assessment, the suggestion, the proposal and the approved rating."""
    total, rating = suggestion(evaluation)
    return {
        "id": evaluation.pk,
        "round_id": evaluation.round_id,
        "cadre_id": evaluation.cadre_id,
        "rule_set_id": evaluation.rule_set_id,
        "computed_task_points": evaluation.computed_task_points,
        "computed_all_on_time": evaluation.computed_all_on_time,
        "computed_beyond_percent": evaluation.computed_beyond_percent,
        "computed_at": evaluation.computed_at,
        "breakdown": [_line_out(line, evaluation) for line in evaluation.breakdown],
        "self_points": [Decimal(str(points)) for points in evaluation.self_points],
        "self_general_points": evaluation.self_general_points,
        "self_comment": evaluation.self_comment,
        "self_submitted_at": evaluation.self_submitted_at,
        "suggested_total": total,
        "suggested_rating": rating.value,
        "disciplined": evaluation.disciplined,
        "discipline_note": evaluation.discipline_note,
        "proposed_general_points": evaluation.proposed_general_points,
        "proposed_task_points": evaluation.proposed_task_points,
        "proposed_beyond_percent": evaluation.proposed_beyond_percent,
        "proposed_total": evaluation.proposed_total,
        "proposed_rating": evaluation.proposed_rating or None,
        "justification": evaluation.justification,
        "proposed_at": evaluation.proposed_at,
        "approved_rating": evaluation.approved_rating or None,
        "version": evaluation.version,
    }


class RoundsIn(ListIn):
    kind: Choice(RoundKind) | None = None
    state: Choice(RoundState) | None = None
    ended_from: date | None = Field(None, description="Rounds whose period ends on or after.")
    ended_to: date | None = Field(None, description="Rounds whose period ends on or before.")


@router.get(
    "/evaluation-rounds",
    response=s.EvaluationRoundPage,
    url_name="evaluation_rounds",
    summary="Evaluation rounds: every one for the evaluators, a cadre's own for a cadre",
)
def evaluation_rounds(request, params: Query[RoundsIn]):
    _may_read_evaluations(request.user)
    rows = _visible_rounds(request.user)
    if params.kind:
        rows = rows.filter(kind=params.kind)
    if params.state:
        rows = rows.filter(state=params.state)
    if params.ended_from:
        rows = rows.filter(period_end__gte=params.ended_from)
    if params.ended_to:
        rows = rows.filter(period_end__lte=params.ended_to)
    return page(rows, params, round_out)


@router.get(
    "/evaluation-rounds/{round_id}",
    response=s.EvaluationRoundOut,
    url_name="evaluation_round",
    summary="An evaluation round",
)
def evaluation_round(request, round_id: s.Id):
    return round_out(get_one(_visible_rounds(request.user), round_id))


class EvaluationsIn(ListIn):
    round: s.Id | None = None
    cadre: s.Id | None = None
    approved_rating: Choice(Rating) | None = None
    proposed_rating: Choice(Rating) | None = None


@router.get(
    "/evaluations",
    response=s.EvaluationPage,
    url_name="evaluations",
    summary="Evaluations with their score breakdown: a cadre's own, or every one",
)
def evaluations(request, params: Query[EvaluationsIn]):
    _may_read_evaluations(request.user)
    rows = _visible_evaluations(request.user)
    if params.round:
        rows = rows.filter(round_id=params.round)
    if params.cadre:
        rows = rows.filter(cadre_id=params.cadre)
    if params.approved_rating:
        rows = rows.filter(approved_rating=params.approved_rating)
    if params.proposed_rating:
        rows = rows.filter(proposed_rating=params.proposed_rating)
    return page(rows, params, evaluation_out)


@router.get(
    "/evaluations/{evaluation_id}",
    response=s.EvaluationOut,
    url_name="evaluation",
    summary="An evaluation and where its points come from",
)
def evaluation(request, evaluation_id: s.Id):
    return evaluation_out(get_one(_visible_evaluations(request.user), evaluation_id))
