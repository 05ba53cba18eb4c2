from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thaogo.accounts.policy import Action, can, require, visible
from thaogo.accounts.roles import cadre_of, oversees
from thaogo.core.audit import history_entries
from thaogo.core.form_tokens import creates_once
from thaogo.core.forms import add_service_errors, form_status
from thaogo.core.paging import paginate
from thaogo.core.services import ConcurrentEditError
from thaogo.core.views import upload_refused
from thaogo.documents.selectors import plans_visible_to
from thaogo.lib import clock
from thaogo.reporting import services
from thaogo.reporting.forms import (
    AttachmentForm,
    ReportForm,
    ReviewForm,
    ScheduleForm,
)
from thaogo.reporting.models import (
    ObligationState,
    ReportStatus,
)
from thaogo.reporting.selectors import (
    attachments_visible_to,
    obligations_visible_to,
    report_versions_visible_to,
    with_states,
)
from thaogo.tasks.models import Metric
from thaogo.tasks.selectors import metrics_with_progress


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
        error = _("Some values are not valid yet; the draft was not saved.") if form.errors else ""
        return render(
            request,
            "reporting/_autosave.html",
            {"report": report, "error": error},
            status=form_status(form),
        )
    return render(
        request,
        "reporting/report_edit.html",
        {
            "obligation": obligation,
            "report": report,
            "form": form,
            "attachment_form": AttachmentForm(),
            "attachments": attachments_visible_to(request.user).filter(report=report),
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
@creates_once
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
            "proposals": visible(request.user, "proposal").filter(report=report) if report else [],
            "state": services.obligation_state(obligation, report, clock.today()),
            "review_form": form,
            "can_review": can(request.user, Action.REPORT_REVIEW)
            and report is not None
            and report.status == ReportStatus.SUBMITTED,
            "is_author": obligation.assignment.cadre.user_id == request.user.pk,
            "history": history_entries(
                report_versions_visible_to(request.user, report), viewer=request.user
            )
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
