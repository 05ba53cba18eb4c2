"""Reading: every list and every object comes through the same scoping selectors as the
pages (thaogo.accounts.policy.visible), so a user reads here exactly what they may open
there, and anything else is a 404."""

from datetime import date
from typing import Any, Literal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from ninja import Field, Query, Router
from ninja.errors import ValidationError as SchemaError

from thaogo.accounts.policy import Action, can, visible
from thaogo.accounts.roles import cadre_of, role_of, scope_unit
from thaogo.api import schemas as s
from thaogo.api.errors import not_found
from thaogo.api.paging import ListIn, page
from thaogo.core.rules import Rule, rule_on
from thaogo.direction.models import DirectiveStatus, MeetingStatus, ProposalStatus
from thaogo.lib import clock
from thaogo.lib.text import search_terms
from thaogo.notifications.models import Notification
from thaogo.reporting.kinds import kind_book
from thaogo.reporting.models import ReportStatus, ReportSubmission
from thaogo.reporting.services import obligation_state
from thaogo.tasks.models import (
    Assignment,
    AssignmentRole,
    Metric,
    MetricValue,
    Status,
    Task,
    Timing,
)
from thaogo.tasks.selectors import timings_counted_as, with_timing

router = Router()


def Choice(choices: type) -> Any:
    """One of a model's choices, as an enum in the OpenAPI document; anything else is a 422."""
    return Literal[tuple(choices.values)]


def get_one(rows: QuerySet, pk: int) -> Any:
    """The row, if the (scoped) rows hold it; else 404, whether it exists or not."""
    found = rows.filter(pk=pk).first()
    if found is None:
        raise not_found()
    return found


def _search(rows: QuerySet, q: str | None) -> QuerySet:
    for term in search_terms(q or ""):
        rows = rows.filter(search_text__contains=term)
    return rows


# ---------------------------------------------------------------- who am I


@router.get("/me", response=s.MeOut, url_name="me", summary="The caller")
def me(request):
    user = request.user
    cadre = cadre_of(user)
    unit = scope_unit(user)
    role = role_of(user)
    token = getattr(request, "api_token", None)
    return {
        "id": user.pk,
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "role": role.value if role else None,
        "unit_id": unit.pk if unit else None,
        "cadre_id": cadre.pk if cadre else None,
        "token_scope": token.scope if token else None,
    }


# ---------------------------------------------------------------- units and cadres


def unit_out(unit: Any) -> dict[str, Any]:
    return {
        "id": unit.pk,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind.code,
        "parent_id": unit.parent_id,
        "issuer_code": unit.issuer_code,
        "document_style": unit.document_style,
        "is_active": unit.is_active,
    }


class UnitsIn(ListIn):
    parent: s.Id | None = None
    q: s.Text | None = Field(None, max_length=200)


@router.get("/units", response=s.UnitPage, url_name="units", summary="Units")
def units(request, params: Query[UnitsIn]):
    rows = visible(request.user, "unit").select_related("kind")
    if params.parent:
        rows = rows.filter(parent_id=params.parent)
    return page(_search(rows, params.q), params, unit_out)


@router.get("/units/{unit_id}", response=s.UnitOut, url_name="unit", summary="A unit")
def unit(request, unit_id: s.Id):
    return unit_out(get_one(visible(request.user, "unit").select_related("kind"), unit_id))


def cadre_out(cadre: Any) -> dict[str, Any]:
    return {
        "id": cadre.pk,
        "full_name": cadre.full_name,
        "unit_id": cadre.unit_id,
        "committee_membership": cadre.committee_membership,
        "planned_position": cadre.planned_position,
        "is_active": cadre.is_active,
    }


class CadresIn(ListIn):
    unit: s.Id | None = None
    active: bool | None = None
    q: s.Text | None = Field(None, max_length=200)


@router.get("/cadres", response=s.CadrePage, url_name="cadres", summary="Cadres")
def cadres(request, params: Query[CadresIn]):
    rows = visible(request.user, "cadre")
    if params.unit:
        rows = rows.filter(unit_id=params.unit)
    if params.active is not None:
        rows = rows.filter(is_active=params.active)
    return page(_search(rows, params.q), params, cadre_out)


@router.get("/cadres/{cadre_id}", response=s.CadreOut, url_name="cadre", summary="A cadre")
def cadre(request, cadre_id: s.Id):
    return cadre_out(get_one(visible(request.user, "cadre"), cadre_id))


# ---------------------------------------------------------------- plans and documents


def plan_out(plan: Any) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "title": plan.title,
        "document_id": plan.document_id,
        "issuing_body_id": plan.issuing_body_id,
        "start_date": plan.start_date,
        "end_date": plan.end_date,
        "version": plan.version,
    }


@router.get("/plans", response=s.PlanPage, url_name="plans", summary="Plans")
def plans(request, params: Query[ListIn]):
    return page(visible(request.user, "plan"), params, plan_out)


@router.get("/plans/{plan_id}", response=s.PlanOut, url_name="plan", summary="A plan")
def plan(request, plan_id: s.Id):
    return plan_out(get_one(visible(request.user, "plan"), plan_id))


def document_out(document: Any) -> dict[str, Any]:
    return {
        "id": document.pk,
        "symbol": document.symbol,
        "number": document.number,
        "doc_type": document.doc_type.code,
        "issuer_id": document.issuer_id,
        "series": document.series,
        "issued_on": document.issued_on,
        "abstract": document.abstract,
        "is_public": document.is_public,
        "has_file": bool(document.file),
    }


class DocumentsIn(ListIn):
    issuer: s.Id | None = None
    doc_type: s.Text | None = Field(None, max_length=10, description="A type code: KH, NQ, …")
    issued_from: date | None = None
    issued_to: date | None = None
    q: s.Text | None = Field(None, max_length=200)


@router.get("/documents", response=s.DocumentPage, url_name="documents", summary="Documents")
def documents(request, params: Query[DocumentsIn]):
    rows = visible(request.user, "document").select_related("doc_type", "issuer")
    if params.issuer:
        rows = rows.filter(issuer_id=params.issuer)
    if params.doc_type:
        rows = rows.filter(doc_type__code__iexact=params.doc_type)
    if params.issued_from:
        rows = rows.filter(issued_on__gte=params.issued_from)
    if params.issued_to:
        rows = rows.filter(issued_on__lte=params.issued_to)
    return page(_search(rows, params.q), params, document_out)


@router.get(
    "/documents/{document_id}", response=s.DocumentOut, url_name="document", summary="A document"
)
def document(request, document_id: s.Id):
    rows = visible(request.user, "document").select_related("doc_type", "issuer")
    return document_out(get_one(rows, document_id))


# ---------------------------------------------------------------- tasks and assignments


def _tasks(user: Any) -> QuerySet[Task]:
    lead = Assignment.objects.filter(
        task=OuterRef("pk"), role=AssignmentRole.LEAD, end_date__isnull=True
    ).values("cadre_id")[:1]
    return (
        with_timing(visible(user, "task"), today=clock.today())
        .select_related("category")
        .prefetch_related(Prefetch("units", to_attr="unit_list"))
        .annotate(lead_cadre_id=Subquery(lead))
    )


def task_out(task: Any) -> dict[str, Any]:
    return {
        "id": task.pk,
        "plan_id": task.plan_id,
        "code": task.code,
        "title": task.title,
        "description": task.description,
        "category": task.category.code if task.category_id else None,
        "is_hard": task.is_hard,
        "is_new": task.is_new,
        "is_backlogged": task.is_backlogged,
        "is_complex": task.is_complex,
        "unit_ids": sorted(unit.pk for unit in task.unit_list),
        "start_date": task.start_date,
        "deadline": task.deadline,
        "priority": task.priority,
        "status": task.status,
        "timing": task.timing_value,
        "completed_on": task.completed_on,
        "lead_cadre_id": task.lead_cadre_id,
        "is_public": task.is_public,
        "version": task.version,
    }


class TasksIn(ListIn):
    plan: s.Id | None = None
    unit: s.Id | None = Field(None, description="Tasks concerning this unit or its sub-units.")
    cadre: s.Id | None = Field(None, description="Tasks this cadre is assigned to now.")
    status: Choice(Status) | None = None
    timing: Choice(Timing) | None = None
    q: s.Text | None = Field(None, max_length=200)


@router.get("/tasks", response=s.TaskPage, url_name="tasks", summary="Tasks")
def tasks(request, params: Query[TasksIn]):
    rows = _tasks(request.user)
    if params.plan:
        rows = rows.filter(plan_id=params.plan)
    if params.unit:
        unit = visible(request.user, "unit").filter(pk=params.unit).first()
        if unit is None:
            rows = rows.none()
        else:
            through = Task.units.through.objects.filter(
                task=OuterRef("pk"), unit__path__startswith=unit.path
            )
            rows = rows.filter(Exists(through))
    if params.cadre:
        rows = rows.filter(
            Exists(
                Assignment.objects.filter(
                    task=OuterRef("pk"), cadre_id=params.cadre, end_date__isnull=True
                )
            )
        )
    if params.status:
        rows = rows.filter(status=params.status)
    if params.timing:
        rows = rows.filter(timing_value__in=timings_counted_as(params.timing))
    return page(_search(rows, params.q), params, task_out)


@router.get("/tasks/{task_id}", response=s.TaskOut, url_name="task", summary="A task")
def task(request, task_id: s.Id):
    return task_out(get_one(_tasks(request.user), task_id))


def assignment_out(assignment: Any) -> dict[str, Any]:
    return {
        "id": assignment.pk,
        "task_id": assignment.task_id,
        "cadre_id": assignment.cadre_id,
        "role": assignment.role,
        "start_date": assignment.start_date,
        "end_date": assignment.end_date,
        "decision_id": assignment.decision_id,
        "note": assignment.note,
    }


class AssignmentsIn(ListIn):
    task: s.Id | None = None
    cadre: s.Id | None = None
    active: bool | None = Field(None, description="true: not ended; false: ended.")


@router.get(
    "/assignments", response=s.AssignmentPage, url_name="assignments", summary="Assignments"
)
def assignments(request, params: Query[AssignmentsIn]):
    rows = Assignment.objects.filter(task__in=visible(request.user, "task"))
    if params.task:
        rows = rows.filter(task_id=params.task)
    if params.cadre:
        rows = rows.filter(cadre_id=params.cadre)
    if params.active is not None:
        rows = rows.filter(end_date__isnull=params.active)
    return page(rows, params, assignment_out)


# ---------------------------------------------------------------- metrics and values


def metric_out(metric: Any) -> dict[str, Any]:
    return {
        "id": metric.pk,
        "task_id": metric.task_id,
        "name": metric.name,
        "unit": metric.unit_id,
        "baseline": metric.baseline,
        "target": metric.target,
        "target_date": metric.target_date,
        "version": metric.version,
    }


def visible_metrics(user: Any) -> QuerySet[Metric]:
    return Metric.objects.filter(task__in=visible(user, "task"))


class MetricsIn(ListIn):
    task: s.Id | None = None


@router.get("/metrics", response=s.MetricPage, url_name="metrics", summary="Metrics")
def metrics(request, params: Query[MetricsIn]):
    rows = visible_metrics(request.user)
    if params.task:
        rows = rows.filter(task_id=params.task)
    return page(rows, params, metric_out)


@router.get("/metrics/{metric_id}", response=s.MetricOut, url_name="metric", summary="A metric")
def metric(request, metric_id: s.Id):
    return metric_out(get_one(visible_metrics(request.user), metric_id))


def metric_value_out(value: Any) -> dict[str, Any]:
    return {
        "id": value.pk,
        "metric_id": value.metric_id,
        "measured_on": value.measured_on,
        "value": value.value,
        "note": value.note,
    }


class MetricValuesIn(ListIn):
    metric: s.Id | None = None
    measured_from: date | None = None
    measured_to: date | None = None


@router.get(
    "/metric-values",
    response=s.MetricValuePage,
    url_name="metric_values",
    summary="Measured values of metrics",
)
def metric_values(request, params: Query[MetricValuesIn]):
    rows = MetricValue.objects.filter(metric__in=visible_metrics(request.user))
    if params.metric:
        rows = rows.filter(metric_id=params.metric)
    if params.measured_from:
        rows = rows.filter(measured_on__gte=params.measured_from)
    if params.measured_to:
        rows = rows.filter(measured_on__lte=params.measured_to)
    return page(rows, params, metric_value_out)


# ---------------------------------------------------------------- obligations and reports


def _submission_out(submission: Any) -> dict[str, Any]:
    return {
        "number": submission.number,
        "submitted_at": submission.submitted_at,
        "is_late": submission.is_late,
        "decision": submission.decision,
        "review_comment": submission.review_comment,
        "reviewed_at": submission.reviewed_at,
        "content": submission.content,
    }


def obligation_out(obligation: Any, user: Any, *, rule: Rule | None = None) -> dict[str, Any]:
    """The obligation, and its report as the pages show it: the author reads the draft
    they are writing; everyone else only what was submitted. A list passes the deadline
    rule of the day, read once for all its rows."""
    report = getattr(obligation, "report", None)
    today = clock.today()
    rule = rule or rule_on(today)
    out = {
        "id": obligation.pk,
        "task_id": obligation.assignment.task_id,
        "assignment_id": obligation.assignment_id,
        "cadre_id": obligation.assignment.cadre_id,
        "kind": obligation.kind,
        "year": obligation.year,
        "number": obligation.number,
        "label": str(obligation.label),
        "period_start": obligation.period_start,
        "period_end": obligation.period_end,
        "due_on": obligation.due_on,
        "state": obligation_state(obligation, report, today, due_soon_days=rule.due_soon_days),
        "report": None,
    }
    if report is None:
        return out
    submissions = report.submission_list
    out["report"] = {
        "status": report.status,
        "version": report.version,
        "revision": report.revision,
        "submitted_at": report.submitted_at,
        "is_late": report.is_late,
        "revision_due_on": report.revision_due_on,
        "draft": None,
        "last_submission": _submission_out(submissions[0]) if submissions else None,
    }
    if can(user, Action.REPORT_WRITE, obligation):
        out["report"]["draft"] = {
            "results": report.results,
            "difficulties": report.difficulties,
            "causes": report.causes,
            "next_steps": report.next_steps,
            "self_assessed_progress": report.self_assessed_progress,
            "values": [
                {"metric_id": v.metric_id, "value": v.value} for v in report.metric_values.all()
            ],
        }
    return out


def visible_obligations(user: Any) -> QuerySet:
    rows = (
        visible(user, "report")
        .select_related("assignment__cadre", "report")
        .prefetch_related(
            Prefetch(
                "report__submissions",
                queryset=ReportSubmission.objects.order_by("-number"),
                to_attr="submission_list",
            )
        )
    )
    if cadre_of(user) is not None:
        # A draft's figures are shown to its author only (obligation_out): a user with no
        # cadre record writes no report, so they are not read for them.
        rows = rows.prefetch_related("report__metric_values")
    return rows


class ObligationsIn(ListIn):
    task: s.Id | None = None
    cadre: s.Id | None = None
    kind: str | None = Field(
        None,
        max_length=12,
        description="The code of a reporting kind on record: month, quarter, half_year, "
        "nine_months, year, or one an administrator added.",
    )
    year: int | None = Field(None, ge=1, le=9999)
    report_status: Choice(ReportStatus) | None = None
    due_from: date | None = None
    due_to: date | None = None


@router.get(
    "/obligations",
    response=s.ObligationPage,
    url_name="obligations",
    summary="Report obligations, each with its report",
)
def obligations(request, params: Query[ObligationsIn]):
    rows = visible_obligations(request.user)
    if params.task:
        rows = rows.filter(assignment__task_id=params.task)
    if params.cadre:
        rows = rows.filter(assignment__cadre_id=params.cadre)
    if params.kind:
        if params.kind not in kind_book():
            raise SchemaError(
                [{"loc": ("query", "kind"), "msg": "Not a reporting kind on record."}]
            )
        rows = rows.filter(kind=params.kind)
    if params.year:
        rows = rows.filter(year=params.year)
    if params.report_status:
        rows = rows.filter(report__status=params.report_status)
    if params.due_from:
        rows = rows.filter(due_on__gte=params.due_from)
    if params.due_to:
        rows = rows.filter(due_on__lte=params.due_to)
    rule = rule_on(clock.today())
    return page(rows, params, lambda row: obligation_out(row, request.user, rule=rule))


@router.get(
    "/obligations/{obligation_id}",
    response=s.ObligationOut,
    url_name="obligation",
    summary="A report obligation and its report",
)
def obligation(request, obligation_id: s.Id):
    found = get_one(visible_obligations(request.user), obligation_id)
    return obligation_out(found, request.user)


# ---------------------------------------------------------------- direction


def proposal_out(proposal: Any) -> dict[str, Any]:
    return {
        "id": proposal.pk,
        "task_id": proposal.task_id,
        "raised_by_id": proposal.raised_by_id,
        "report_obligation_id": proposal.report.obligation_id if proposal.report_id else None,
        "title": proposal.title,
        "content": proposal.content,
        "beyond_authority": proposal.beyond_authority,
        "status": proposal.status,
        "created_at": proposal.created_at,
    }


class ProposalsIn(ListIn):
    task: s.Id | None = None
    status: Choice(ProposalStatus) | None = None


@router.get("/proposals", response=s.ProposalPage, url_name="proposals", summary="Proposals")
def proposals(request, params: Query[ProposalsIn]):
    rows = visible(request.user, "proposal").select_related("report")
    if params.task:
        rows = rows.filter(task_id=params.task)
    if params.status:
        rows = rows.filter(status=params.status)
    return page(rows, params, proposal_out)


@router.get(
    "/proposals/{proposal_id}", response=s.ProposalOut, url_name="proposal", summary="A proposal"
)
def proposal(request, proposal_id: s.Id):
    rows = visible(request.user, "proposal").select_related("report")
    return proposal_out(get_one(rows, proposal_id))


def meeting_out(meeting: Any) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "held_on": meeting.held_on,
        "status": meeting.status,
    }


class MeetingsIn(ListIn):
    status: Choice(MeetingStatus) | None = None


@router.get("/meetings", response=s.MeetingPage, url_name="meetings", summary="Meetings")
def meetings(request, params: Query[MeetingsIn]):
    rows = visible(request.user, "meeting")
    if params.status:
        rows = rows.filter(status=params.status)
    return page(rows, params, meeting_out)


@router.get(
    "/meetings/{meeting_id}", response=s.MeetingOut, url_name="meeting", summary="A meeting"
)
def meeting(request, meeting_id: s.Id):
    return meeting_out(get_one(visible(request.user, "meeting"), meeting_id))


def directive_out(directive: Any) -> dict[str, Any]:
    return {
        "id": directive.pk,
        "task_id": directive.task_id,
        "proposal_id": directive.proposal_id,
        "meeting_id": directive.meeting_id,
        "source_document_id": directive.source_document_id,
        "text": directive.text,
        "responsible_cadre_id": directive.responsible_cadre_id,
        "responsible_unit_id": directive.responsible_unit_id,
        "deadline": directive.deadline,
        "issued_on": directive.issued_on,
        "status": directive.status,
        "acknowledged_at": directive.acknowledged_at,
        "completed_on": directive.completed_on,
    }


class DirectivesIn(ListIn):
    task: s.Id | None = None
    responsible_cadre: s.Id | None = None
    status: Choice(DirectiveStatus) | None = None
    overdue: bool | None = Field(None, description="true: open and past their deadline.")


@router.get("/directives", response=s.DirectivePage, url_name="directives", summary="Directives")
def directives(request, params: Query[DirectivesIn]):
    rows = visible(request.user, "directive")
    if params.task:
        rows = rows.filter(task_id=params.task)
    if params.responsible_cadre:
        rows = rows.filter(responsible_cadre_id=params.responsible_cadre)
    if params.status:
        rows = rows.filter(status=params.status)
    if params.overdue is not None:
        late = rows.exclude(status="completed").filter(deadline__lt=clock.today())
        rows = late if params.overdue else rows.exclude(pk__in=late.values("pk"))
    return page(rows, params, directive_out)


@router.get(
    "/directives/{directive_id}",
    response=s.DirectiveOut,
    url_name="directive",
    summary="A directive",
)
def directive(request, directive_id: s.Id):
    return directive_out(get_one(visible(request.user, "directive"), directive_id))


# ---------------------------------------------------------------- notifications


def notification_out(notice: Any) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "kind": notice.kind,
        "message": notice.message,
        "url": notice.url,
        "created_at": notice.created_at,
        "read_at": notice.read_at,
    }


class NotificationsIn(ListIn):
    unread: bool | None = None


@router.get(
    "/notifications",
    response=s.NotificationPage,
    url_name="notifications",
    summary="The caller's own notifications",
)
def notifications(request, params: Query[NotificationsIn]):
    rows = Notification.objects.filter(user=request.user)
    if params.unread is not None:
        rows = rows.filter(read_at__isnull=params.unread)
    return page(rows, params, notification_out)
