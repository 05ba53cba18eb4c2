from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thaogo.accounts.policy import Action, can, require
from thaogo.accounts.roles import cadre_of, oversees
from thaogo.core.audit import history_entries
from thaogo.core.form_tokens import creates_once
from thaogo.core.forms import add_service_errors, form_status
from thaogo.core.ids import parse_id
from thaogo.core.paging import paginate
from thaogo.core.rules import rule_on
from thaogo.direction import services
from thaogo.direction.forms import (
    DirectiveCompleteForm,
    DirectiveCreateForm,
    DirectiveForm,
    MeetingCreateForm,
    MeetingForm,
    ProposalForm,
)
from thaogo.direction.models import (
    Directive,
    DirectiveStatus,
    Meeting,
    MeetingStatus,
    Proposal,
    ProposalStatus,
)
from thaogo.direction.selectors import (
    WAITING_PROPOSALS,
    directives_open,
    directives_overdue,
    directives_visible_to,
    meetings_visible_to,
    proposal_attachments_visible_to,
    proposals_visible_to,
)
from thaogo.documents.selectors import documents_visible_to, visible_document_ids
from thaogo.lib import clock
from thaogo.reporting.selectors import obligations_visible_to
from thaogo.tasks.selectors import tasks_visible_to


def _require_participant(request: HttpRequest) -> None:
    require(request.user, Action.REPORTING_TAKE_PART, hide=True)


# ---------------------------------------------------------------- proposals


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    _require_participant(request)
    proposals = proposals_visible_to(request.user).select_related("task", "raised_by")
    status = request.GET.get("status", "pending")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    elif status == "waiting":
        proposals = proposals.filter(status__in=WAITING_PROPOSALS)
    page = paginate(request, proposals.order_by("created_at"))
    return render(
        request,
        "direction/proposal_list.html",
        {
            "page": page,
            "proposals": page.object_list,
            "status": status,
            "statuses": [("waiting", _("Waiting for a decision")), *ProposalStatus.choices],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def proposal_create(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = get_object_or_404(tasks_visible_to(request.user), pk=task_pk)
    require(request.user, Action.PROPOSAL_RAISE, task)
    cadre = cadre_of(request.user)
    report = None
    if (obligation_id := parse_id(request.GET.get("report"))) is not None:
        obligation = (
            obligations_visible_to(request.user)
            .filter(pk=obligation_id, assignment__cadre=cadre)
            .first()
        )
        report = getattr(obligation, "report", None) if obligation else None
    form = ProposalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                proposal = services.proposal_create(
                    task=task,
                    raised_by=cadre,
                    title=form.cleaned_data["title"],
                    content=form.cleaned_data["content"],
                    beyond_authority=form.cleaned_data["beyond_authority"],
                    report=report,
                    by=request.user,
                )
                if form.cleaned_data["file"]:
                    services.proposal_attachment_add(
                        proposal=proposal, file=form.cleaned_data["file"], by=request.user
                    )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Proposal sent to the Standing Committee."))
            if report is not None:
                return redirect("reporting:report_edit", report.obligation_id)
            return redirect("direction:proposal_detail", proposal.pk)
    return render(
        request,
        "direction/proposal_form.html",
        {"form": form, "task": task, "report": report},
        status=form_status(form),
    )


@login_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        proposals_visible_to(request.user).select_related("task", "raised_by", "report"), pk=pk
    )
    return render(
        request,
        "direction/proposal_detail.html",
        {
            "proposal": proposal,
            "agenda": proposal.agenda_items.filter(
                meeting__in=meetings_visible_to(request.user)
            ).select_related("meeting"),
            "directives": directives_visible_to(request.user)
            .filter(proposal=proposal)
            .select_related("responsible_cadre", "meeting"),
            "attachments": proposal.attachments.all(),
            "history": history_entries(
                Proposal.history.filter(id=proposal.pk), viewer=request.user
            ),
        },
    )


@login_required
@require_GET
def proposal_attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(proposal_attachments_visible_to(request.user), pk=pk)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )


# ---------------------------------------------------------------- meetings


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def meeting_list(request: HttpRequest) -> HttpResponse:
    _require_participant(request)
    form = MeetingCreateForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Action.MEETING_MANAGE)
        if form.is_valid():
            meeting = services.meeting_create(by=request.user, **form.cleaned_data)
            messages.success(request, _("Meeting created: add proposals to its agenda."))
            return redirect("direction:meeting_detail", meeting.pk)
    page = paginate(request, meetings_visible_to(request.user).select_related("conclusion"))
    return render(
        request,
        "direction/meeting_list.html",
        {
            "page": page,
            "meetings": page.object_list,
            "form": form,
            "can_create": can(request.user, Action.MEETING_MANAGE),
            "visible_documents": visible_document_ids(
                request.user, [m.conclusion_id for m in page.object_list]
            ),
        },
        status=form_status(form),
    )


def _meeting_form(request: HttpRequest, meeting: Meeting, data=None) -> MeetingForm:
    form = MeetingForm(data, instance=meeting)
    form.fields["conclusion"].queryset = documents_visible_to(request.user).select_related(
        "doc_type", "issuer"
    )
    return form


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(meetings_visible_to(request.user), pk=pk)
    can_manage = can(request.user, Action.MEETING_MANAGE)
    form = _meeting_form(request, meeting)
    directive_form = DirectiveForm(prefix="directive")
    action = request.POST.get("action", "")
    if request.method == "POST":
        require(request.user, Action.MEETING_MANAGE)
        try:
            if action == "agenda":
                proposal = get_object_or_404(
                    proposals_visible_to(request.user), pk=parse_id(request.POST.get("proposal"))
                )
                services.agenda_add(meeting=meeting, proposal=proposal, by=request.user)
                messages.success(request, _("Proposal added to the agenda."))
                return redirect("direction:meeting_detail", meeting.pk)
            if action == "meeting":
                form = _meeting_form(request, meeting, request.POST)
                if form.is_valid():
                    data = dict(form.cleaned_data)
                    version = data.pop("version")
                    attendees = list(data.pop("attendees"))
                    services.meeting_update(
                        meeting=meeting,
                        by=request.user,
                        expected_version=version,
                        attendees=attendees,
                        **data,
                    )
                    messages.success(request, _("Meeting saved."))
                    return redirect("direction:meeting_detail", meeting.pk)
            if action == "directive":
                directive_form = DirectiveForm(request.POST, prefix="directive")
                if directive_form.is_valid():
                    data = directive_form.cleaned_data
                    item = get_object_or_404(
                        meeting.agenda.select_related("proposal__task").filter(
                            proposal__in=proposals_visible_to(request.user)
                        ),
                        proposal_id=parse_id(request.POST.get("proposal_id")),
                    )
                    services.directive_issue(
                        task=item.proposal.task,
                        proposal=item.proposal,
                        meeting=meeting,
                        text=data["text"],
                        responsible_cadre=data["responsible_cadre"],
                        responsible_unit=data["responsible_unit"],
                        deadline=data["deadline"],
                        by=request.user,
                    )
                    messages.success(request, _("Directive recorded and sent to the cadre."))
                    return redirect("direction:meeting_detail", meeting.pk)
        except ValidationError as error:
            target = directive_form if action == "directive" else form
            add_service_errors(target, error)
    # Everything shown goes through the selector of its own kind: a cadre who sees this
    # meeting for one proposal sees nothing of the others on its agenda.
    visible_proposals = proposals_visible_to(request.user)
    visible_directives = list(
        directives_visible_to(request.user)
        .filter(meeting=meeting)
        .select_related("responsible_cadre", "task")
    )
    agenda = list(
        meeting.agenda.filter(proposal__in=visible_proposals).select_related(
            "proposal__task", "proposal__raised_by"
        )
    )
    for item in agenda:
        item.visible_directives = [
            d for d in visible_directives if d.proposal_id == item.proposal_id
        ]
    on_agenda = {item.proposal_id for item in agenda}
    pending = visible_proposals.filter(status=ProposalStatus.PENDING).select_related(
        "task", "raised_by"
    )
    sees_whole_meeting = can(request.user, Action.MEETING_RECORD_VIEW, meeting)
    conclusion_visible = bool(visible_document_ids(request.user, [meeting.conclusion_id]))
    return render(
        request,
        "direction/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "other_directives": [d for d in visible_directives if d.proposal_id not in on_agenda],
            "pending": pending,
            "form": form,
            "directive_form": directive_form,
            "can_manage": can_manage,
            "is_held": meeting.status == MeetingStatus.HELD and meeting.held_on <= clock.today(),
            # The minutes, attendees and history speak of every item on the agenda: they are
            # for those who see every proposal, not for a cadre let in by one of them.
            "sees_whole_meeting": sees_whole_meeting,
            "conclusion_visible": conclusion_visible,
            "attendees": meeting.attendees.all(),
            "history": history_entries(Meeting.history.filter(id=meeting.pk), viewer=request.user)
            if sees_whole_meeting
            else [],
        },
        status=form_status(form, directive_form),
    )


# ---------------------------------------------------------------- directives


@login_required
@require_GET
def directive_list(request: HttpRequest) -> HttpResponse:
    _require_participant(request)
    today = clock.today()
    directives = directives_visible_to(request.user).select_related(
        "task", "responsible_cadre", "meeting", "source_document"
    )
    cadre = cadre_of(request.user)
    mine = request.GET.get("mine") == "1" or not oversees(request.user)
    if mine and cadre is not None:
        directives = directives.filter(responsible_cadre=cadre)
    state = request.GET.get("state", "")
    if state == "open":
        directives = directives_open(directives)
    elif state == "overdue":
        directives = directives_overdue(directives, today=today)
    else:
        state = ""
    rows = list(directives.order_by("status", "deadline", "pk"))
    # A responsible cadre may hold a directive on a task they cannot open: it is named, not
    # linked.
    open_tasks = set(
        tasks_visible_to(request.user)
        .filter(pk__in={row.task_id for row in rows})
        .values_list("pk", flat=True)
    )
    near_due_days = rule_on(today).near_due_days
    for row in rows:
        row.timing_value = row.timing(today, near_due_days=near_due_days)
        row.task_visible = row.task_id in open_tasks
    return render(
        request,
        "direction/directive_list.html",
        {
            "directives": rows,
            "mine": mine,
            "state": state,
            "can_see_all": oversees(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def directive_create(request: HttpRequest, task_pk: int) -> HttpResponse:
    """A directive on a task from outside a meeting's agenda: from a meeting that was held or
    from a document such as a notice of conclusions, with or without a proposal."""
    task = get_object_or_404(tasks_visible_to(request.user), pk=task_pk)
    require(request.user, Action.MEETING_MANAGE)
    today = clock.today()
    form = DirectiveCreateForm(
        request.POST or None,
        meetings=meetings_visible_to(request.user).filter(
            status=MeetingStatus.HELD, held_on__lte=today
        ),
        documents=documents_visible_to(request.user)
        .filter(issued_on__lte=today)
        .select_related("doc_type", "issuer"),
        proposals=proposals_visible_to(request.user)
        .filter(task=task)
        .exclude(status=ProposalStatus.CLOSED),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            directive = services.directive_issue(task=task, by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Directive recorded and sent to the cadre."))
            return redirect("direction:directive_detail", directive.pk)
    return render(
        request,
        "direction/directive_form.html",
        {"form": form, "task": task},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = get_object_or_404(
        directives_visible_to(request.user).select_related(
            "task",
            "proposal",
            "responsible_cadre",
            "meeting",
            "responsible_unit",
            "source_document",
        ),
        pk=pk,
    )
    is_responsible = can(request.user, Action.DIRECTIVE_ACT, directive)
    form = DirectiveCompleteForm(request.POST or None, initial={"completed_on": clock.today()})
    if request.method == "POST":
        require(request.user, Action.DIRECTIVE_ACT, directive)
        try:
            if request.POST.get("action") == "acknowledge":
                services.directive_acknowledge(directive=directive, by=request.user)
                messages.success(request, _("Directive acknowledged."))
                return redirect("direction:directive_detail", directive.pk)
            if form.is_valid():
                services.directive_complete(
                    directive=directive, by=request.user, **form.cleaned_data
                )
                messages.success(request, _("Completion reported."))
                return redirect("direction:directive_detail", directive.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    user = request.user
    return render(
        request,
        "direction/directive_detail.html",
        {
            "directive": directive,
            "timing": directive.timing(clock.today()),
            "is_responsible": is_responsible,
            "form": form,
            "completed": directive.status == DirectiveStatus.COMPLETED,
            # The responsible cadre may see a directive on a task they cannot open: what they
            # cannot open is named, not linked, and other objects' contents stay out.
            "task_visible": tasks_visible_to(user).filter(pk=directive.task_id).exists(),
            "proposal_visible": directive.proposal_id is not None
            and proposals_visible_to(user).filter(pk=directive.proposal_id).exists(),
            "meeting_visible": directive.meeting_id is not None
            and meetings_visible_to(user).filter(pk=directive.meeting_id).exists(),
            "document_visible": bool(visible_document_ids(user, [directive.source_document_id])),
            "history": history_entries(
                Directive.history.filter(id=directive.pk), viewer=request.user
            ),
        },
        status=form_status(form),
    )
