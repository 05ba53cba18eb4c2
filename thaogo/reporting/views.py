from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thaogo.accounts.policy import Action, can, require, visible
from thaogo.accounts.roles import cadre_of, oversees
from thaogo.core.audit import history_entries
from thaogo.core.form_tokens import creates_once
from thaogo.core.forms import add_service_errors, form_status
from thaogo.core.ids import parse_id, parse_year
from thaogo.core.paging import paginate
from thaogo.core.services import ConcurrentEditError
from thaogo.core.views import upload_refused
from thaogo.documents.selectors import plans_visible_to
from thaogo.lib import clock
from thaogo.reporting import services
from thaogo.reporting.forms import (
    AttachmentForm,
    ContributionForm,
    PeriodReportForm,
    ReportForm,
    ReviewForm,
    ScheduleForm,
)
from thaogo.reporting.kinds import kind_book, period_label
from thaogo.reporting.models import (
    ObligationState,
    Report,
    ReportStatus,
)
from thaogo.reporting.selectors import (
    attachments_visible_to,
    contributions_visible_to,
    obligations_visible_to,
    report_board_rows,
    report_versions_visible_to,
    states_counted_as,
)
from thaogo.tasks.models import Metric
from thaogo.tasks.selectors import metrics_with_progress

# A report its lead can still change: being written, or returned for revision.
OPEN = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _require_participant(request: HttpRequest) -> None:
    require(request.user, Action.REPORTING_TAKE_PART, hide=True)


# ---------------------------------------------------------------- reports


@login_required
@require_GET
def report_board(request: HttpRequest) -> HttpResponse:
    """My reports for a cadre; the tracking board of every visible report for the others."""
    _require_participant(request)
    today = clock.today()
    mine = request.GET.get("mine") == "1" or not oversees(request.user)
    cadre_id = parse_id(request.GET.get("cadre"))
    state = request.GET.get("state", "")
    if not states_counted_as(state):
        state = ""
    rows = report_board_rows(request.user, mine=mine, state=state, cadre_id=cadre_id, today=today)
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
            "filtered_cadre": cadre_id is not None,
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
    reported = {v.metric_id: v.value for v in report.metric_values.all()} if report.pk else {}
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
                report = _save_draft(request, form)
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
            "contributions": contributions_visible_to(request.user).filter(obligation=obligation),
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
    return _autosave(request, form, lambda: _save_draft(request, form))


def _save_draft(request: HttpRequest, form: ReportForm):
    return services.report_save_draft(
        report=form.instance,
        by=request.user,
        expected_version=form.cleaned_data["version"],
        values=form.metric_values(),
        **form.text_fields(),
    )


def _autosave(request: HttpRequest, form, save: Callable[[], Any]) -> HttpResponse:
    """Saves what the cadre typed when the form reads, and answers with the new version
    number: 409 when someone saved it since, 400 when it cannot be saved yet."""
    saved, error, conflict = form.instance, "", False
    if form.is_valid():
        try:
            saved = save()
        except ConcurrentEditError as exc:
            error, conflict = " ".join(exc.messages), True
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Some values are not valid yet; the draft was not saved.")
    return render(
        request,
        "reporting/_autosave.html",
        {"report": saved, "error": error, "conflict": conflict, "prefix": form.prefix},
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
    if report is None and obligation.assignment.cadre.user_id == request.user.pk:
        return redirect("reporting:report_edit", obligation.pk)
    form = ReviewForm(
        request.POST or None,
        revision_due_default=_revision_due_default(request, report),
        submission=report.revision if report else None,
    )
    if request.method == "POST":
        require(request.user, Action.REPORT_REVIEW)
        if report is None:
            raise Http404
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "accept":
                    services.report_accept(
                        report=report,
                        by=request.user,
                        comment=form.cleaned_data["comment"],
                        expected_revision=form.cleaned_data["submission"],
                    )
                    messages.success(request, _("Report accepted; its figures are recorded."))
                else:
                    services.report_return(
                        report=report,
                        by=request.user,
                        comment=form.cleaned_data["comment"],
                        revision_due_on=form.cleaned_data["revision_due_on"],
                        expected_revision=form.cleaned_data["submission"],
                    )
                    messages.success(request, _("Report returned to the cadre for revision."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("reporting:report_detail", obligation.pk)
    return _render_detail(request, obligation, review_form=form)


def _can_review(request: HttpRequest, report) -> bool:
    return (
        can(request.user, Action.REPORT_REVIEW)
        and report is not None
        and report.status == ReportStatus.SUBMITTED
    )


def _revision_due_default(request: HttpRequest, report):
    if not _can_review(request, report):
        return None
    return services.revision_due_default(report=report, returned_on=clock.today())


def _render_detail(
    request: HttpRequest,
    obligation,
    *,
    review_form: ReviewForm | None = None,
    contribution_form: ContributionForm | None = None,
) -> HttpResponse:
    report = getattr(obligation, "report", None)
    if review_form is None:
        review_form = ReviewForm(
            revision_due_default=_revision_due_default(request, report),
            submission=report.revision if report else None,
        )
    may_contribute = can(request.user, Action.REPORT_CONTRIBUTE, obligation) and (
        report is None or report.status in OPEN
    )
    if may_contribute and contribution_form is None:
        contribution_form = ContributionForm()
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
            "review_form": review_form,
            "can_review": _can_review(request, report),
            "is_author": obligation.assignment.cadre.user_id == request.user.pk,
            "contribution_form": contribution_form if may_contribute else None,
            "own_contributions": contributions_visible_to(request.user).filter(
                obligation=obligation, author__user=request.user
            ),
            "history": history_entries(
                report_versions_visible_to(request.user, report), viewer=request.user
            )
            if report
            else [],
        },
        status=form_status(review_form, contribution_form),
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


# ---------------------------------------------------------------- one report per period


def _period(request: HttpRequest, kind: str, year: int, number: int):
    """The user's own period report and its sections; 404 for anyone without a part in it."""
    _require_participant(request)
    cadre = cadre_of(request.user)
    if (
        cadre is None
        or kind not in kind_book()
        or parse_year(year) is None
        or not 1 <= number <= 12
    ):
        raise Http404
    obligations = list(
        services.period_obligations(cadre=cadre, kind=kind, year=year, number=number).filter(
            pk__in=obligations_visible_to(request.user).values("pk")
        )
    )
    if not obligations:
        raise Http404
    period_report = services.period_report_for(cadre=cadre, kind=kind, year=year, number=number)
    return period_report, obligations


def _section_form(obligation, report, data: QueryDict | None) -> ReportForm:
    return ReportForm(
        data,
        instance=report,
        metrics=_metrics_with_reported(report),
        prefix=f"s{obligation.pk}",
    )


def _sent(form: ReportForm) -> services.Section:
    return services.Section(
        report=form.instance,
        expected_version=form.cleaned_data["version"],
        fields=form.text_fields(),
        values=form.metric_values(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_report(request: HttpRequest, kind: str, year: int, number: int) -> HttpResponse:
    """One page for all the cadre's tasks in a period, submitted once: every open part at
    once, or none of them."""
    period_report, obligations = _period(request, kind, year, number)
    data = request.POST if request.method == "POST" else None
    today = clock.today()
    general_form = PeriodReportForm(
        data, instance=period_report, prefix="general", version=period_report.version
    )
    sections = []
    for obligation in obligations:
        # Not saved until the cadre writes in it: opening the page writes nothing.
        report = getattr(obligation, "report", None) or Report(obligation=obligation)
        is_open = report.status in OPEN
        sections.append(
            {
                "obligation": obligation,
                "report": report,
                "form": _section_form(obligation, report, data) if is_open else None,
                "state": services.obligation_state(obligation, report, today),
                "returned": report.submissions.filter(decision=ReportStatus.RETURNED).first()
                if report.status == ReportStatus.RETURNED
                else None,
                "submission": None if is_open else report.submissions.first(),
                "contributions": contributions_visible_to(request.user).filter(
                    obligation=obligation
                ),
            }
        )
    forms_ = [general_form, *(s["form"] for s in sections if s["form"])]
    refused = []
    if request.method == "POST":
        submit = "submit" in request.POST
        # Every form is read, so that the page shows every part's errors at once.
        if all([form.is_valid() for form in forms_]):
            try:
                services.period_report_save(
                    period_report=period_report,
                    by=request.user,
                    expected_version=general_form.cleaned_data["version"],
                    general=general_form.cleaned_data["general"],
                    sections=[_sent(s["form"]) for s in sections if s["form"]],
                    submit=submit,
                )
            except services.SectionError as error:
                section = next(s for s in sections if s["obligation"] == error.obligation)
                add_service_errors(section["form"], error.error)
            except ValidationError as error:
                add_service_errors(general_form, error)
            else:
                if submit:
                    messages.success(request, _("Report submitted: every part has been sent."))
                else:
                    messages.success(request, _("Draft saved."))
                return redirect("reporting:period_report", kind, year, number)
        refused = [s["obligation"] for s in sections if s["form"] and s["form"].errors]
    return render(
        request,
        "reporting/period_report.html",
        {
            "period_report": period_report,
            "label": period_label(kind, year, number),
            "general_form": general_form,
            "sections": sections,
            "refused": refused,
            "has_open": any(s["form"] for s in sections),
        },
        status=form_status(*forms_),
    )


@login_required
@require_POST
def period_autosave(request: HttpRequest, kind: str, year: int, number: int) -> HttpResponse:
    """Saves one section of the period page as the cadre types (htmx): the general section,
    or one task's part, each with its own version."""
    period_report, obligations = _period(request, kind, year, number)
    section = request.POST.get("section", "")
    if section == "general":
        form = PeriodReportForm(
            request.POST, instance=period_report, prefix="general", version=period_report.version
        )
        return _autosave(
            request,
            form,
            lambda: services.period_report_save(
                period_report=period_report,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                general=form.cleaned_data["general"],
            ),
        )
    obligation_id = parse_id(section.removeprefix("s"))
    obligation = next((o for o in obligations if o.pk == obligation_id), None)
    if obligation is None:
        raise Http404
    report = getattr(obligation, "report", None) or Report(obligation=obligation)
    form = _section_form(obligation, report, request.POST)
    return _autosave(request, form, lambda: _save_draft(request, form))


@login_required
@require_POST
def contribution_add(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = _obligation(request, pk)
    require(request.user, Action.REPORT_CONTRIBUTE, obligation)
    form = ContributionForm(request.POST)
    if form.is_valid():
        try:
            services.contribution_add(
                obligation=obligation, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your contribution was added to the report."))
            return redirect("reporting:report_detail", obligation.pk)
    return _render_detail(request, obligation, contribution_form=form)
