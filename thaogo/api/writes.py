"""Writing: each call checks the same rule the page checks (thaogo.accounts.policy), then
calls the same service the page calls, in one transaction: a refused call changes nothing.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Status

from thaogo.accounts.policy import Action, can, visible
from thaogo.accounts.roles import cadre_of
from thaogo.api import schemas as s
from thaogo.api.errors import ApiError, ErrorOut, forbidden, refused
from thaogo.api.reads import (
    directive_out,
    get_one,
    metric_value_out,
    obligation_out,
    proposal_out,
    router,
    visible_metrics,
    visible_obligations,
)
from thaogo.direction import services as direction
from thaogo.direction.models import MeetingStatus, ProposalStatus
from thaogo.lib import clock
from thaogo.reporting import services as reporting
from thaogo.tasks import services as tasks
from thaogo.units.models import Cadre

T = TypeVar("T")

WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _in_one_transaction(write: Callable[[], T]) -> T:
    """Run the write; a service's refusal rolls back all of it and answers 400 or 409."""
    try:
        with transaction.atomic():
            return write()
    except ValidationError as error:
        raise refused(error) from error


def _require(user: Any, action: Action, obj: Any = None) -> None:
    if not can(user, action, obj):
        raise forbidden()


def _choice(rows: Any, pk: int | None, field: str) -> Any:
    """The row a write names, among those the page's form offers; else a 400 on the field."""
    if pk is None:
        return None
    found = rows.filter(pk=pk).first()
    if found is None:
        message = _("Choose one of the choices offered.")
        raise ApiError(400, "refused", message, fields={field: [message]})
    return found


# ---------------------------------------------------------------- reports


@router.post(
    "/obligations/{obligation_id}/report/submit",
    response={200: s.ObligationOut, **WRITE_ERRORS},
    url_name="report_submit",
    summary="Write and submit the report of an obligation (its lead cadre)",
)
def report_submit(request, obligation_id: s.Id, payload: s.ReportSubmitIn):
    obligation = get_one(visible_obligations(request.user), obligation_id)
    _require(request.user, Action.REPORT_WRITE, obligation)
    values = (
        {value.metric_id: value.value for value in payload.values}
        if payload.values is not None
        else None
    )

    def write() -> None:
        report = reporting.report_for(obligation)
        saved = reporting.report_save_draft(
            report=report,
            by=request.user,
            expected_version=payload.expected_version,
            values=values,
            results=payload.results,
            difficulties=payload.difficulties,
            causes=payload.causes,
            next_steps=payload.next_steps,
            self_assessed_progress=payload.self_assessed_progress,
        )
        reporting.report_submit(report=saved, by=request.user, expected_version=saved.version)

    _in_one_transaction(write)
    return obligation_out(get_one(visible_obligations(request.user), obligation_id), request.user)


@router.post(
    "/obligations/{obligation_id}/report/review",
    response={200: s.ObligationOut, **WRITE_ERRORS},
    url_name="report_review",
    summary="Accept a submitted report, or return it for revision",
)
def report_review(request, obligation_id: s.Id, payload: s.ReviewIn):
    obligation = get_one(visible_obligations(request.user), obligation_id)
    _require(request.user, Action.REPORT_REVIEW)
    report = getattr(obligation, "report", None)
    if report is None:
        message = _("Only a submitted report can be reviewed.")
        raise ApiError(400, "refused", message)

    def write() -> None:
        if payload.decision == "accept":
            reporting.report_accept(
                report=report,
                by=request.user,
                comment=payload.comment,
                expected_revision=payload.expected_revision,
            )
        else:
            reporting.report_return(
                report=report,
                by=request.user,
                comment=payload.comment,
                revision_due_on=payload.revision_due_on,
                expected_revision=payload.expected_revision,
            )

    _in_one_transaction(write)
    return obligation_out(get_one(visible_obligations(request.user), obligation_id), request.user)


# ---------------------------------------------------------------- proposals and directives


@router.post(
    "/tasks/{task_id}/proposals",
    response={201: s.ProposalOut, **WRITE_ERRORS},
    url_name="proposal_raise",
    summary="Raise a proposal on a task (a cadre assigned to it)",
)
def proposal_raise(request, task_id: s.Id, payload: s.ProposalIn):
    task = get_one(visible(request.user, "task"), task_id)
    _require(request.user, Action.PROPOSAL_RAISE, task)
    cadre = cadre_of(request.user)
    report = None
    if payload.report_obligation_id is not None:
        obligation = _choice(
            visible(request.user, "report").filter(assignment__cadre=cadre),
            payload.report_obligation_id,
            "report_obligation_id",
        )
        report = getattr(obligation, "report", None)
    proposal = _in_one_transaction(
        lambda: direction.proposal_create(
            task=task,
            raised_by=cadre,
            title=payload.title,
            content=payload.content,
            beyond_authority=payload.beyond_authority,
            report=report,
            by=request.user,
        )
    )
    return Status(201, proposal_out(proposal))


@router.post(
    "/tasks/{task_id}/directives",
    response={201: s.DirectiveOut, **WRITE_ERRORS},
    url_name="directive_record",
    summary="Record a directive on a task (the Standing Committee and its offices)",
)
def directive_record(request, task_id: s.Id, payload: s.DirectiveIn):
    user = request.user
    task = get_one(visible(user, "task"), task_id)
    _require(user, Action.MEETING_MANAGE)
    today = clock.today()
    # The choices the page's form offers (direction.views.directive_create).
    meetings = visible(user, "meeting").filter(status=MeetingStatus.HELD, held_on__lte=today)
    proposals = visible(user, "proposal").filter(task=task).exclude(status=ProposalStatus.CLOSED)
    chosen = {
        "responsible_cadre": _choice(
            Cadre.objects.filter(is_active=True),
            payload.responsible_cadre_id,
            "responsible_cadre_id",
        ),
        "responsible_unit": _choice(
            visible(user, "unit"), payload.responsible_unit_id, "responsible_unit_id"
        ),
        "meeting": _choice(meetings, payload.meeting_id, "meeting_id"),
        "source_document": _choice(
            visible(user, "document").filter(issued_on__lte=today),
            payload.source_document_id,
            "source_document_id",
        ),
        "proposal": _choice(proposals, payload.proposal_id, "proposal_id"),
    }
    directive = _in_one_transaction(
        lambda: direction.directive_issue(
            task=task, text=payload.text, deadline=payload.deadline, by=user, **chosen
        )
    )
    return Status(201, directive_out(directive))


# ---------------------------------------------------------------- measured values


@router.post(
    "/metrics/{metric_id}/values",
    response={201: s.MetricValueOut, **WRITE_ERRORS},
    url_name="metric_value_record",
    summary="Record a metric's measured value (a second value on the same day replaces it)",
)
def metric_value_record(request, metric_id: s.Id, payload: s.MetricValueIn):
    metric = get_one(visible_metrics(request.user).select_related("task"), metric_id)
    _require(request.user, Action.METRIC_RECORD, metric.task)
    value = _in_one_transaction(
        lambda: tasks.metric_value_record(
            metric=metric,
            measured_on=payload.measured_on,
            value=payload.value,
            note=payload.note,
            by=request.user,
        )
    )
    value.refresh_from_db()  # the value as stored, with its two decimal places
    return Status(201, metric_value_out(value))
