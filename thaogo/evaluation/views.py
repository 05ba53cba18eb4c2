"""Evaluation pages: rule sets, rounds, each cadre's evaluation, and the cadre-source list.

Who sees what (accounts.policy): the evaluated cadre their own evaluation; the Organization
Board, the Standing Committee and administrators every one. The Board (and administrators)
edit the rules, open rounds and propose; the Standing Committee (and administrators)
approve; the Board and the Committee may reopen an approved round, giving a reason.
"""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thaogo.accounts.policy import Action, can, require
from thaogo.accounts.roles import cadre_of
from thaogo.core.audit import history_entries
from thaogo.core.forms import add_service_errors, form_status
from thaogo.core.paging import paginate
from thaogo.core.panels import Panel
from thaogo.evaluation import scoring, services
from thaogo.evaluation.exports import (
    CadreSourceExporter,
    EvaluationSheetExporter,
    RoundTableExporter,
)
from thaogo.evaluation.forms import (
    ApproveForm,
    ProposalForm,
    ReopenForm,
    RoundForm,
    RuleSetForm,
    SelfAssessmentForm,
)
from thaogo.evaluation.models import Evaluation, Rating, Round, RoundState, RuleSet
from thaogo.evaluation.selectors import (
    SOURCE_SORTS,
    cadre_source_rows,
    evaluations_visible_to,
    ratings_of,
    rounds_visible_to,
)
from thaogo.exports.views import serve
from thaogo.lib import clock
from thaogo.units.models import Cadre

LINK_NAMES = {
    "task": "tasks:detail",
    "metric": "tasks:detail",
    "report": "reporting:report_detail",
    "directive": "direction:directive_detail",
}


# ---------------------------------------------------------------- rule sets


@login_required
@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.EVALUATION_MANAGE)
    rule_sets = RuleSet.objects.all()
    return render(request, "evaluation/rule_list.html", {"rule_sets": rule_sets})


def _rule_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in data.items() if name != "version"}


@login_required
@require_http_methods(["GET", "POST"])
def rule_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.EVALUATION_MANAGE)
    latest = RuleSet.objects.first()
    form = RuleSetForm(request.POST or None, copy_of=latest)
    if request.method == "POST" and form.is_valid():
        try:
            rule_set = services.rule_set_save(
                rule_set=None, by=request.user, **_rule_fields(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rule set saved."))
            return redirect("evaluation:rule_edit", rule_set.pk)
    return render(
        request,
        "evaluation/rule_form.html",
        {"form": form, "rule_set": None},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.EVALUATION_MANAGE)
    rule_set = get_object_or_404(RuleSet, pk=pk)
    in_use = services.rule_set_in_use(rule_set)
    form = RuleSetForm(request.POST or None, instance=rule_set)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_set_save(
                rule_set=rule_set,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **_rule_fields(form.cleaned_data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rule set saved."))
            return redirect("evaluation:rule_edit", rule_set.pk)
    return render(
        request,
        "evaluation/rule_form.html",
        {
            "form": form,
            "rule_set": rule_set,
            "in_use": in_use,
            "history": history_entries(rule_set.history.all(), viewer=request.user),
        },
        status=form_status(form),
    )


# ---------------------------------------------------------------- rounds


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = rounds_visible_to(request.user).select_related("rule_set")
    if not can(request.user, Action.EVALUATION_OVERVIEW) and cadre_of(request.user) is None:
        raise PermissionDenied
    page = paginate(request, rounds)
    own = {}
    cadre = cadre_of(request.user)
    if cadre is not None:
        own = dict(
            Evaluation.objects.filter(cadre=cadre, round__in=page.object_list).values_list(
                "round_id", "pk"
            )
        )
    for round_ in page.object_list:
        round_.own_evaluation = own.get(round_.pk)
    return render(
        request,
        "evaluation/round_list.html",
        {
            "page": page,
            "rounds": page.object_list,
            "sees_all": can(request.user, Action.EVALUATION_OVERVIEW),
            "may_open": can(request.user, Action.EVALUATION_MANAGE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.EVALUATION_MANAGE)
    cadres = Cadre.objects.filter(is_active=True).order_by("full_name")
    form = RoundForm(request.POST or None, cadres=cadres)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.round_open(
                title=data["title"],
                kind=data["kind"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                group_name=data["group_name"],
                cadres=list(data["cadres"]),
                self_assessment_deadline=data["self_assessment_deadline"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Round opened; the task-result points are computed."))
            return redirect("evaluation:round_detail", round_.pk)
    return render(request, "evaluation/round_form.html", {"form": form}, status=form_status(form))


def _overseen_round(request: HttpRequest, pk: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("rule_set"), pk=pk)
    require(request.user, Action.EVALUATION_OVERVIEW, hide=True)
    return round_


def _round_summary(round_: Round, evaluations: list[Evaluation]) -> dict[str, Any]:
    rules = round_.rule_set
    rated = [e.approved_rating or e.proposed_rating for e in evaluations]
    good = sum(1 for r in rated if r in (Rating.EXCELLENT, Rating.GOOD))
    return {
        "good_or_above": good,
        "excellent": sum(1 for r in rated if r == Rating.EXCELLENT),
        "quota": scoring.excellent_quota(good, rules),
        "quota_explanation": scoring.quota_explanation(good, rules),
    }


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _overseen_round(request, pk)
    evaluations = list(round_.evaluations.select_related("cadre", "rule_set"))
    for evaluation in evaluations:
        evaluation.suggested_total, evaluation.suggested_rating = services.suggestion(evaluation)
    return render(
        request,
        "evaluation/round_detail.html",
        {
            "round": round_,
            "evaluations": evaluations,
            "summary": _round_summary(round_, evaluations),
            "breaches": services.approval_breaches(round_, evaluations)
            if round_.state == RoundState.PROPOSED
            else [],
            "may_manage": can(request.user, Action.EVALUATION_MANAGE),
            "may_approve": can(request.user, Action.EVALUATION_APPROVE),
            "approve_form": ApproveForm(initial={"version": round_.version}),
            "history": history_entries(round_.history.all(), viewer=request.user),
        },
    )


@login_required
@require_POST
def round_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _overseen_round(request, pk)
    require(request.user, Action.EVALUATION_MANAGE)
    try:
        services.round_recompute(round=round_, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Task-result points computed again from the record."))
    return redirect("evaluation:round_detail", round_.pk)


@login_required
@require_POST
def round_approve(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _overseen_round(request, pk)
    require(request.user, Action.EVALUATION_APPROVE)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.round_approve(
                round=round_, by=request.user, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            messages.error(request, _("Approval refused:"))
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Ratings approved; the round is locked."))
    else:
        for message in form.non_field_errors() or form.errors.get("version", []):
            messages.error(request, message)
    return redirect("evaluation:round_detail", round_.pk)


@login_required
@require_http_methods(["GET", "POST"])
def round_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _overseen_round(request, pk)
    if not (
        can(request.user, Action.EVALUATION_MANAGE) or can(request.user, Action.EVALUATION_APPROVE)
    ):
        raise PermissionDenied
    form = ReopenForm(request.POST or None, initial={"version": round_.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.round_reopen(
                round=round_,
                reason=form.cleaned_data["reason"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Round reopened for correction."))
            return redirect("evaluation:round_detail", round_.pk)
    return render(
        request,
        "evaluation/round_reopen.html",
        {"form": form, "round": round_},
        status=form_status(form),
    )


@login_required
@require_GET
def round_export(request: HttpRequest, pk: int) -> FileResponse:
    round_ = _overseen_round(request, pk)
    return serve(RoundTableExporter(user=request.user, today=clock.today(), round=round_))


# ---------------------------------------------------------------- one evaluation


def _visible_evaluation(request: HttpRequest, pk: int) -> Evaluation:
    evaluation = get_object_or_404(
        evaluations_visible_to(request.user).select_related("round", "cadre", "rule_set"),
        pk=pk,
    )
    require(request.user, Action.EVALUATION_VIEW, evaluation.cadre, hide=True)
    return evaluation


def breakdown_rows(evaluation: Evaluation) -> list[dict[str, Any]]:
    rows = []
    for line in evaluation.breakdown:
        rows.append(
            {
                **line,
                "url": reverse(LINK_NAMES[line["kind"]], args=[line["id"]]),
                "rule": scoring.describe(line, evaluation.rule_set),
                "points": Decimal(line["points"]),
            }
        )
    return rows


def _self_rows(evaluation: Evaluation) -> list[dict[str, Any]]:
    points = evaluation.self_points
    return [
        {
            "name": criterion["name"],
            "max": Decimal(str(criterion["max"])),
            "points": Decimal(points[index]) if index < len(points) else None,
        }
        for index, criterion in enumerate(evaluation.rule_set.criteria)
    ]


@login_required
@require_GET
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _visible_evaluation(request, pk)
    total, rating = services.suggestion(evaluation)
    own = cadre_of(request.user)
    is_own = own is not None and own.pk == evaluation.cadre_id
    round_ = evaluation.round
    return render(
        request,
        "evaluation/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "round": round_,
            "rules": evaluation.rule_set,
            "breakdown": breakdown_rows(evaluation),
            "self_rows": _self_rows(evaluation),
            "suggested_total": total,
            "suggested_rating": Rating(rating),
            "may_self_assess": is_own
            and round_.state == RoundState.SELF_ASSESSMENT
            and clock.today() <= round_.self_assessment_deadline,
            "may_propose": can(request.user, Action.EVALUATION_MANAGE) and not round_.is_locked,
            "sees_round": can(request.user, Action.EVALUATION_OVERVIEW),
            "history": history_entries(evaluation.history.all(), viewer=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _visible_evaluation(request, pk)
    own = cadre_of(request.user)
    if own is None or own.pk != evaluation.cadre_id:
        raise PermissionDenied
    form = SelfAssessmentForm(
        request.POST or None,
        criteria=evaluation.rule_set.criteria,
        points=evaluation.self_points,
        initial={"comment": evaluation.self_comment},
        version=evaluation.version,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_submit(
                evaluation=evaluation,
                points=form.points(),
                comment=form.cleaned_data["comment"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Self-assessment sent."))
            return redirect("evaluation:detail", evaluation.pk)
    return render(
        request,
        "evaluation/self_assessment.html",
        {"form": form, "evaluation": evaluation, "round": evaluation.round},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _visible_evaluation(request, pk)
    require(request.user, Action.EVALUATION_MANAGE)
    total, rating = services.suggestion(evaluation)
    proposed = evaluation.proposed_rating != ""
    initial = {
        "general_points": evaluation.proposed_general_points
        if proposed
        else evaluation.self_general_points or Decimal(0),
        "task_points": evaluation.proposed_task_points
        if proposed
        else evaluation.computed_task_points,
        "beyond_percent": evaluation.proposed_beyond_percent
        if proposed
        else evaluation.computed_beyond_percent,
        "rating": evaluation.proposed_rating or rating,
        "disciplined": evaluation.disciplined,
        "discipline_note": evaluation.discipline_note,
        "justification": evaluation.justification,
    }
    form = ProposalForm(request.POST or None, initial=initial, version=evaluation.version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluation_propose(
                evaluation=evaluation,
                general_points=data["general_points"],
                task_points=data["task_points"],
                beyond_percent=data["beyond_percent"],
                disciplined=data["disciplined"],
                discipline_note=data["discipline_note"],
                rating=data["rating"],
                justification=data["justification"],
                by=request.user,
                expected_version=data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Proposal recorded."))
            return redirect("evaluation:round_detail", evaluation.round_id)
    return render(
        request,
        "evaluation/propose.html",
        {
            "form": form,
            "evaluation": evaluation,
            "round": evaluation.round,
            "suggested_total": total,
            "suggested_rating": Rating(rating),
        },
        status=form_status(form),
    )


@login_required
@require_GET
def evaluation_sheet(request: HttpRequest, pk: int) -> FileResponse:
    evaluation = _visible_evaluation(request, pk)
    return serve(
        EvaluationSheetExporter(user=request.user, today=clock.today(), evaluation=evaluation)
    )


# ---------------------------------------------------------------- the cadre-source view


def _source_request(request: HttpRequest) -> tuple[str, str]:
    query = request.GET.get("q", "")[:200].strip()
    sort = request.GET.get("sort", "name")
    if sort.lstrip("-") not in SOURCE_SORTS:
        sort = "name"
    return query, sort


@login_required
@require_GET
def cadre_source(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.EVALUATION_OVERVIEW)
    query, sort = _source_request(request)
    rows = cadre_source_rows(today=clock.today(), query=query, sort=sort)
    page = paginate(request, rows)
    return render(
        request,
        "evaluation/cadre_source.html",
        {"page": page, "rows": page.object_list, "query": query, "sort": sort},
    )


@login_required
@require_GET
def cadre_source_export(request: HttpRequest) -> FileResponse:
    require(request.user, Action.EVALUATION_OVERVIEW)
    query, sort = _source_request(request)
    return serve(
        CadreSourceExporter(user=request.user, today=clock.today(), query=query, sort=sort)
    )


def cadre_ratings_panel(user: Any, cadre: Cadre) -> Panel | None:
    """The cadre page's ratings across rounds, for those who may see them."""
    if not can(user, Action.EVALUATION_VIEW, cadre):
        return None
    return Panel("evaluation/_cadre_ratings.html", {"evaluations": ratings_of(user, cadre)})
