import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thaogo.accounts.policy import Action, can, require
from thaogo.accounts.roles import cadre_of, oversees
from thaogo.core.audit import history_entries
from thaogo.core.forms import add_service_errors, form_status
from thaogo.core.paging import paginate
from thaogo.core.services import ConcurrentEditError
from thaogo.core.views import upload_refused
from thaogo.documents.selectors import documents_visible_to, plans_visible_to
from thaogo.lib import clock
from thaogo.reporting import calendar, services
from thaogo.reporting.forms import (
    AttachmentForm,
    DirectiveCompleteForm,
    DirectiveForm,
    MeetingCreateForm,
    MeetingForm,
    ProposalForm,
    ReportForm,
    ReviewForm,
    ScheduleForm,
)
from thaogo.reporting.models import (
    CalendarFeed,
    Directive,
    DirectiveStatus,
    Meeting,
    Notification,
    ObligationState,
    Proposal,
    ProposalStatus,
    ReportStatus,
)
from thaogo.reporting.selectors import (
    attachments_visible_to,
    directives_visible_to,
    meetings_visible_to,
    obligations_visible_to,
    proposals_visible_to,
    report_versions_visible_to,
    with_states,
)
from thaogo.tasks.models import Metric
from thaogo.tasks.selectors import metrics_with_progress, tasks_visible_to


def _require_participant(request: HttpRequest) -> None:
    require(request.user, Action.REPORTING_TAKE_PART, hide=True)


# ---------------------------------------------------------------- reports


@login_required
@require_GET
def report_board(request: HttpRequest) -> HttpResponse:
    """My reports for a cadre; the tracking board of every visible report for the others."""
    _require_participant(request)
    today = clock.today()
    obligations = obligations_visible_to(request.user)
    mine = request.GET.get("mine") == "1" or not oversees(request.user)
    cadre = cadre_of(request.user)
    if mine and cadre is not None:
        obligations = obligations.filter(assignment__cadre=cadre)
    rows = with_states(obligations.filter(period_start__lte=today), today=today)
    state = request.GET.get("state", "")
    if state in ObligationState.values:
        rows = [row for row in rows if row.state == state]
    else:
        rows.reverse()  # newest periods first
    # The figures count the rows the board shows, with its filters.
    counts = {value: 0 for value in ObligationState.values}
    for row in rows:
        counts[row.state] += 1
    page = paginate(request, rows)
    return render(
        request,
        "reporting/report_board.html",
        {
            "page": page,
            "obligations": page.object_list,
            "counts": [(s.value, s.label, counts[s.value]) for s in ObligationState],
            "state": state,
            "mine": mine,
            "can_see_all": oversees(request.user),
            "today": today,
        },
    )


def _obligation(request: HttpRequest, pk: int):
    return get_object_or_404(
        obligations_visible_to(request.user).select_related(
            "assignment__task__plan", "assignment__cadre"
        ),
        pk=pk,
    )


def _metrics_with_reported(report) -> list[Metric]:
    """The task's metrics, each with the value this report gives, or else the latest value
    measured, as a starting point for the cadre."""
    reported = {v.metric_id: v.value for v in report.metric_values.all()}
    metrics = list(metrics_with_progress(report.obligation.assignment.task))
    for metric in metrics:
        metric.reported_value = reported.get(metric.pk, metric.current_value)
    return metrics


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = _obligation(request, pk)
    require(request.user, Action.REPORT_WRITE, obligation)
    report = services.report_for(obligation)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        return redirect("reporting:report_detail", obligation.pk)
    form = ReportForm(request.POST or None, instance=report, metrics=_metrics_with_reported(report))
    proposal_form = ProposalForm(prefix="proposal")
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                report = services.report_save_draft(
                    report=report,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    values=form.metric_values(),
                    **form.text_fields(),
                )
                if "submit" in request.POST:
                    services.report_submit(
                        report=report, by=request.user, expected_version=report.version
                    )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if "submit" in request.POST:
                messages.success(request, _("Report submitted."))
                return redirect("reporting:report_detail", obligation.pk)
            messages.success(request, _("Draft saved."))
            return redirect("reporting:report_edit", obligation.pk)
    if request.headers.get("HX-Request"):
        return render(request, "reporting/_autosave.html", {"form": form, "report": report})
    return render(
        request,
        "reporting/report_edit.html",
        {
            "obligation": obligation,
            "report": report,
            "form": form,
            "attachment_form": AttachmentForm(),
            "attachments": attachments_visible_to(request.user).filter(report=report),
            "proposal_form": proposal_form,
            "returned": report.submissions.filter(decision=ReportStatus.RETURNED).first(),
            "state": services.obligation_state(obligation, report, clock.today()),
        },
        status=form_status(form),
    )


@login_required
@require_POST
def report_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """Saves the draft as the cadre types (htmx); answers with the new version number."""
    obligation = _obligation(request, pk)
    require(request.user, Action.REPORT_WRITE, obligation)
    report = services.report_for(obligation)
    form = ReportForm(request.POST, instance=report, metrics=_metrics_with_reported(report))
    error, conflict = "", False
    if form.is_valid():
        try:
            report = services.report_save_draft(
                report=report,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                values=form.metric_values(),
                **form.text_fields(),
            )
        except ConcurrentEditError as exc:
            error, conflict = " ".join(exc.messages), True
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Some values are not valid yet; the draft was not saved.")
    return render(
        request,
        "reporting/_autosave.html",
        {"report": report, "error": error, "conflict": conflict},
        status=409 if conflict else 400 if error else 200,
    )


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = _obligation(request, pk)
    require(request.user, Action.REPORT_WRITE, obligation)
    report = services.report_for(obligation)
    form = AttachmentForm(request.POST, request.FILES)
    back = reverse("reporting:report_edit", args=[obligation.pk])
    if not form.is_valid():
        return upload_refused(request, errors=[_("Choose a file to attach.")], back=back)
    try:
        services.attachment_add(report=report, file=form.cleaned_data["file"], by=request.user)
    except ValidationError as error:
        return upload_refused(request, errors=error.messages, back=back)
    messages.success(request, _("File attached."))
    return redirect(back)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(attachments_visible_to(request.user), pk=pk)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = _obligation(request, pk)
    report = getattr(obligation, "report", None)
    if report is None:
        if obligation.assignment.cadre.user_id == request.user.pk:
            return redirect("reporting:report_edit", obligation.pk)
        report = None
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Action.REPORT_REVIEW)
        if report is None:
            raise Http404
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "accept":
                    services.report_accept(
                        report=report, by=request.user, comment=form.cleaned_data["comment"]
                    )
                    messages.success(request, _("Report accepted; its figures are recorded."))
                else:
                    services.report_return(
                        report=report, by=request.user, comment=form.cleaned_data["comment"]
                    )
                    messages.success(request, _("Report returned to the cadre for revision."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("reporting:report_detail", obligation.pk)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "obligation": obligation,
            "report": report,
            # Only what was submitted: the frozen versions, never the live (draft) fields.
            "submissions": report.submissions.select_related("submitted_by", "reviewed_by")
            if report
            else [],
            "attachments": attachments_visible_to(request.user).filter(report=report)
            if report
            else [],
            "proposals": proposals_visible_to(request.user).filter(report=report) if report else [],
            "state": services.obligation_state(obligation, report, clock.today()),
            "review_form": form,
            "can_review": can(request.user, Action.REPORT_REVIEW)
            and report is not None
            and report.status == ReportStatus.SUBMITTED,
            "is_author": obligation.assignment.cadre.user_id == request.user.pk,
            "history": history_entries(report_versions_visible_to(request.user, report))
            if report
            else [],
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(plans_visible_to(request.user), pk=pk)
    require(request.user, Action.SCHEDULE_MANAGE)
    schedule = services.schedule_for(plan)
    form = ScheduleForm(request.POST or None, instance=schedule)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.schedule_update(
                schedule=schedule, by=request.user, expected_version=version, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Reporting schedule saved; report deadlines updated."))
            return redirect("documents:plan_detail", plan.pk)
    return render(
        request,
        "reporting/schedule_form.html",
        {"form": form, "plan": plan},
        status=form_status(form),
    )


# ---------------------------------------------------------------- proposals and meetings


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    _require_participant(request)
    proposals = proposals_visible_to(request.user).select_related("task", "raised_by")
    status = request.GET.get("status", "pending")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    page = paginate(request, proposals.order_by("created_at"))
    return render(
        request,
        "reporting/proposal_list.html",
        {
            "page": page,
            "proposals": page.object_list,
            "status": status,
            "statuses": ProposalStatus.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = get_object_or_404(tasks_visible_to(request.user), pk=task_pk)
    require(request.user, Action.PROPOSAL_RAISE, task)
    cadre = cadre_of(request.user)
    report = None
    if request.GET.get("report", "").isdigit():
        obligation = (
            obligations_visible_to(request.user)
            .filter(pk=int(request.GET["report"]), assignment__cadre=cadre)
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
                    services.attachment_add(
                        proposal=proposal, file=form.cleaned_data["file"], by=request.user
                    )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Proposal sent to the Standing Committee."))
            if report is not None:
                return redirect("reporting:report_edit", report.obligation_id)
            return redirect("reporting:proposal_detail", proposal.pk)
    return render(
        request,
        "reporting/proposal_form.html",
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
        "reporting/proposal_detail.html",
        {
            "proposal": proposal,
            "agenda": proposal.agenda_items.select_related("meeting"),
            "directives": proposal.directives.select_related("responsible_cadre", "meeting"),
            "attachments": attachments_visible_to(request.user).filter(proposal=proposal),
            "history": history_entries(Proposal.history.filter(id=proposal.pk)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_list(request: HttpRequest) -> HttpResponse:
    _require_participant(request)
    form = MeetingCreateForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Action.MEETING_MANAGE)
        if form.is_valid():
            meeting = services.meeting_create(by=request.user, **form.cleaned_data)
            messages.success(request, _("Meeting created: add proposals to its agenda."))
            return redirect("reporting:meeting_detail", meeting.pk)
    page = paginate(request, meetings_visible_to(request.user).select_related("conclusion"))
    return render(
        request,
        "reporting/meeting_list.html",
        {
            "page": page,
            "meetings": page.object_list,
            "form": form,
            "can_create": can(request.user, Action.MEETING_MANAGE),
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(meetings_visible_to(request.user), pk=pk)
    can_manage = can(request.user, Action.MEETING_MANAGE)
    form = MeetingForm(instance=meeting)
    form.fields["conclusion"].queryset = documents_visible_to(request.user).select_related(
        "doc_type", "issuer"
    )
    directive_form = DirectiveForm(prefix="directive")
    action = request.POST.get("action", "")
    if request.method == "POST":
        require(request.user, Action.MEETING_MANAGE)
        try:
            if action == "agenda":
                proposal = get_object_or_404(
                    proposals_visible_to(request.user), pk=request.POST.get("proposal") or 0
                )
                services.agenda_add(meeting=meeting, proposal=proposal, by=request.user)
                messages.success(request, _("Proposal added to the agenda."))
                return redirect("reporting:meeting_detail", meeting.pk)
            if action == "meeting":
                form = MeetingForm(request.POST, instance=meeting)
                form.fields["conclusion"].queryset = documents_visible_to(request.user)
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
                    return redirect("reporting:meeting_detail", meeting.pk)
            if action == "directive":
                directive_form = DirectiveForm(request.POST, prefix="directive")
                if directive_form.is_valid():
                    data = directive_form.cleaned_data
                    proposal_id = request.POST.get("proposal_id", "")
                    item = get_object_or_404(
                        meeting.agenda.select_related("proposal"),
                        proposal_id=int(proposal_id) if proposal_id.isdigit() else 0,
                    )
                    proposal = item.proposal
                    services.directive_issue(
                        proposal=proposal,
                        meeting=meeting,
                        text=data["text"],
                        responsible_cadre=data["responsible_cadre"],
                        responsible_unit=data["responsible_unit"],
                        deadline=data["deadline"],
                        by=request.user,
                    )
                    messages.success(request, _("Directive recorded and sent to the cadre."))
                    return redirect("reporting:meeting_detail", meeting.pk)
        except ValidationError as error:
            target = directive_form if action == "directive" else form
            add_service_errors(target, error)
    agenda = list(
        meeting.agenda.select_related("proposal__task", "proposal__raised_by").prefetch_related(
            "proposal__directives__responsible_cadre"
        )
    )
    pending = (
        proposals_visible_to(request.user)
        .filter(status__in=[ProposalStatus.PENDING])
        .select_related("task", "raised_by")
    )
    return render(
        request,
        "reporting/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "pending": pending,
            "form": form,
            "directive_form": directive_form,
            "can_manage": can_manage,
            "attendees": meeting.attendees.all(),
            "history": history_entries(Meeting.history.filter(id=meeting.pk)),
        },
        status=form_status(form, directive_form),
    )


@login_required
@require_GET
def directive_list(request: HttpRequest) -> HttpResponse:
    _require_participant(request)
    today = clock.today()
    directives = directives_visible_to(request.user).select_related(
        "proposal__task", "responsible_cadre", "meeting"
    )
    cadre = cadre_of(request.user)
    mine = request.GET.get("mine") == "1" or not oversees(request.user)
    if mine and cadre is not None:
        directives = directives.filter(responsible_cadre=cadre)
    rows = list(directives.order_by("status", "deadline"))
    for row in rows:
        row.timing_value = row.timing(today)
    return render(
        request,
        "reporting/directive_list.html",
        {"directives": rows, "mine": mine, "can_see_all": oversees(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = get_object_or_404(
        directives_visible_to(request.user).select_related(
            "proposal__task", "responsible_cadre", "meeting", "responsible_unit"
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
                return redirect("reporting:directive_detail", directive.pk)
            if form.is_valid():
                services.directive_complete(
                    directive=directive, by=request.user, **form.cleaned_data
                )
                messages.success(request, _("Completion reported."))
                return redirect("reporting:directive_detail", directive.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "reporting/directive_detail.html",
        {
            "directive": directive,
            "timing": directive.timing(clock.today()),
            "is_responsible": is_responsible,
            "form": form,
            "completed": directive.status == DirectiveStatus.COMPLETED,
            "history": history_entries(Directive.history.filter(id=directive.pk)),
        },
        status=form_status(form),
    )


# ---------------------------------------------------------------- notifications and calendar


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        return redirect("reporting:notifications")
    page = paginate(request, Notification.objects.filter(user=request.user))
    return render(
        request, "reporting/notifications.html", {"page": page, "notices": page.object_list}
    )


@login_required
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notification.objects.filter(user=request.user), pk=pk)
    services.notifications_mark_read(user=request.user, ids=[notice.pk])
    return redirect(notice.url or "reporting:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            CalendarFeed.objects.filter(user=request.user).delete()
            messages.success(request, _("The calendar address was revoked."))
        else:
            CalendarFeed.objects.update_or_create(
                user=request.user, defaults={"token": secrets.token_urlsafe(32)}
            )
            messages.success(request, _("A new private calendar address was made."))
        return redirect("reporting:calendar")
    url = (
        request.build_absolute_uri(reverse("reporting_feed:calendar_feed", args=[feed.token]))
        if feed
        else ""
    )
    return render(request, "reporting/calendar.html", {"feed": feed, "url": url})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed itself: the token is the credential, so no login."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    body = calendar.feed_for(feed.user, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="thaogo.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
