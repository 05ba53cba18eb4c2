"""Downloads: each view builds its exporter from the request, as its list page reads the same
request, and `serve` sends the file."""

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from thaogo.accounts.roles import oversees
from thaogo.core.ids import parse_id
from thaogo.exports.conclusion import ConclusionNoticeExporter
from thaogo.exports.consolidated import ConsolidatedReportExporter
from thaogo.exports.exporters import Column, Exporter, TableExporter
from thaogo.exports.lists import ReportListExporter, TaskListExporter
from thaogo.lib import clock
from thaogo.monitoring.selectors import (
    OBLIGATIONS,
    TASKS,
    Figures,
    family_figures,
    kept_figures,
)
from thaogo.monitoring.views import (
    CADRE_REPORT_COLUMNS,
    COMPLIANCE,
    GROUP_COLUMNS,
    MonitoringForm,
    require_access,
)
from thaogo.tasks.selectors import task_filters_from


def serve(exporter: Exporter) -> FileResponse:
    """The exporter's file, streamed from its temporary file (closed, and so deleted, once
    sent)."""
    exported = exporter.render()
    return FileResponse(
        exported.file,
        as_attachment=True,
        filename=exported.filename,
        content_type=exported.content_type,
    )


@login_required
@require_GET
def task_list_export(request: HttpRequest) -> FileResponse:
    return serve(
        TaskListExporter(
            user=request.user, today=clock.today(), filters=task_filters_from(request.GET)
        )
    )


@login_required
@require_GET
def report_list_export(request: HttpRequest) -> FileResponse:
    return serve(
        ReportListExporter(
            user=request.user,
            today=clock.today(),
            mine=request.GET.get("mine") == "1",
            state=request.GET.get("state", ""),
            cadre_id=parse_id(request.GET.get("cadre")),
        )
    )


@login_required
@require_GET
def conclusion_notice(request: HttpRequest, pk: int) -> FileResponse:
    return serve(ConclusionNoticeExporter(user=request.user, today=clock.today(), meeting=pk))


def _monitoring_filters(request: HttpRequest) -> tuple[date, Any]:
    """The dashboard's own filters (as of, plan), read by the dashboard's own form: a
    refused value answers 400 there, and nothing here."""
    form = MonitoringForm(request.GET, user=request.user)
    if not form.is_valid():
        raise Http404
    return form.cleaned_data["as_of"], form.cleaned_data["plan"]


@login_required
@require_GET
def consolidated_report(request: HttpRequest) -> FileResponse:
    if not oversees(request.user):
        raise PermissionDenied  # before reading the filters: a cadre learns nothing
    as_of, plan = _monitoring_filters(request)
    if plan is None:
        raise Http404  # a consolidated report is of one plan
    return serve(
        ConsolidatedReportExporter(
            user=request.user,
            today=clock.today(),
            plan=plan,
            period=request.GET.get("period", "")[:40],
            as_of=as_of,
        )
    )


def _serve_table(
    request: HttpRequest, result: Figures, plan: Any, title: Any, columns: list, rows: list
) -> FileResponse:
    """One table of the dashboard as .xlsx, with its date and plan on the information sheet."""
    filters = [(_("Plan"), str(plan) if plan else _("All plans"))]
    return serve(
        TableExporter(
            user=request.user,
            today=result.as_of,
            title=title,
            columns=columns,
            rows=rows,
            filters=filters,
        )
    )


def _labels(family: str, as_of: date) -> dict[str, str]:
    return {key: str(label) for key, (label, _q) in family_figures(family, as_of).items()}


def _dashboard_figures(request: HttpRequest) -> tuple[Figures, Any]:
    require_access(request.user)
    as_of, plan = _monitoring_filters(request)
    return kept_figures(user=request.user, as_of=as_of, plan=plan.pk if plan else None), plan


@login_required
@require_GET
def cadre_table(request: HttpRequest) -> FileResponse:
    result, plan = _dashboard_figures(request)
    tasks, reports = _labels(TASKS, result.as_of), _labels(OBLIGATIONS, result.as_of)
    period = result.current_period
    report_keys = CADRE_REPORT_COLUMNS if period else []
    columns = [
        Column(_("Cadre"), width=28),
        *(Column(tasks[key], "integer") for key in GROUP_COLUMNS),
        Column(_("On-time rate"), "percent"),
        *(Column(f"{reports[key]} ({period.label})", "integer") for key in report_keys),
    ]
    rows = [
        [
            row.name,
            *(row.tasks[key] for key in GROUP_COLUMNS),
            row.on_time_rate,
            *(row.reports.get(key, 0) for key in report_keys),
        ]
        for row in result.by_cadre
    ]
    return _serve_table(request, result, plan, gettext_lazy("By cadre"), columns, rows)


@login_required
@require_GET
def unit_table(request: HttpRequest) -> FileResponse:
    """Every unit of the dashboard's by-unit table at once, in the order of the tree (the page
    opens one unit at a time), with the unit above each so that the sheet can be filtered."""
    result, plan = _dashboard_figures(request)
    tasks = _labels(TASKS, result.as_of)
    names = {row.path: row.name for row in result.by_unit}
    columns = [
        Column(_("Unit"), width=32),
        Column(_("Unit above"), width=32),
        Column(_("Level"), "integer", width=8),
        *(Column(tasks[key], "integer") for key in GROUP_COLUMNS),
        Column(_("On-time rate"), "percent"),
    ]
    rows = [
        [
            row.name,
            names.get(row.path_above),
            row.depth + 1,
            *(row.tasks[key] for key in GROUP_COLUMNS),
            row.on_time_rate,
        ]
        for row in result.by_unit
    ]
    return _serve_table(request, result, plan, gettext_lazy("By unit"), columns, rows)


@login_required
@require_GET
def compliance_table(request: HttpRequest) -> FileResponse:
    result, plan = _dashboard_figures(request)
    reports = _labels(OBLIGATIONS, result.as_of)
    columns = [
        Column(_("Reporting period"), width=24),
        *(Column(reports[key], "integer") for key in COMPLIANCE),
    ]
    rows = [
        [block.period.label, *(block.counts[key] for key in COMPLIANCE)]
        for block in result.compliance
    ]
    return _serve_table(request, result, plan, gettext_lazy("Reporting compliance"), columns, rows)
