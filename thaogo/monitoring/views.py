"""The monitoring dashboard and the list behind each of its numbers."""

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from thaogo.accounts.roles import cadre_of, oversees, scope_unit
from thaogo.core.forms import DateInput, Form, ModelChoiceField
from thaogo.core.ids import parse_id
from thaogo.core.paging import paginate
from thaogo.documents.models import Plan
from thaogo.documents.selectors import plans_visible_to
from thaogo.lib import clock
from thaogo.monitoring import charts
from thaogo.monitoring.selectors import (
    DIRECTIVES,
    OBLIGATIONS,
    PROPOSALS,
    TASKS,
    Figures,
    GroupRow,
    PeriodKey,
    family_figures,
    figure_rows,
    kept_figures,
    period_from_key,
    reporting_periods,
    scope_for,
)
from thaogo.tasks.choices import filter_choices
from thaogo.units.selectors import units_visible_to

HEADLINE = [
    "total",
    "completed",
    "completed_on_time",
    "completed_late",
    "in_progress",
    "within_deadline",
    "near_due",
    "overdue",
    "no_deadline",
    "stalled",
]
COMPLIANCE = ["expected", "on_time", "late", "missing", "returned", "waiting"]
GROUP_COLUMNS = [
    "total",
    "completed_on_time",
    "completed_late",
    "within_deadline",
    "near_due",
    "overdue",
    "no_deadline",
]
CADRE_REPORT_COLUMNS = ["on_time", "late", "missing"]
TREND_TASKS = ["total", "completed_on_time", "completed_late", "within_deadline", "overdue"]
TREND_REPORTS = ["expected", "on_time", "late", "missing"]
# The query parameters of the dashboard's paged tables and of the unit opened in its tree.
CADRE_PAGE, UNIT_PAGE, OPEN_UNIT = "cadre_page", "unit_page", "open_unit"
SORTABLE = ["name", *GROUP_COLUMNS, "on_time_rate", *(f"reports_{c}" for c in CADRE_REPORT_COLUMNS)]


class MonitoringForm(Form):
    """The dashboard's and its lists' filters, read from the query string."""

    as_of = forms.DateField(label=gettext_lazy("As of"), required=False, widget=DateInput())
    plan = ModelChoiceField(
        label=gettext_lazy("Plan"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=gettext_lazy("All plans"),
        error_messages={"invalid_choice": gettext_lazy("Unknown plan.")},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans_visible_to(user).select_related(
            "document__doc_type", "document__issuer"
        )

    def clean_as_of(self) -> date:
        day = self.cleaned_data.get("as_of") or clock.today()
        if day > clock.today():
            raise forms.ValidationError(_("Figures cannot be shown for a future date."))
        return day


@dataclass(frozen=True)
class Cell:
    """A number on the page and the address of the list behind it."""

    value: int
    url: str


class Links:
    """Builds the address of the list behind each number, with the page's filters."""

    def __init__(self, *, as_of: date, plan: int | None) -> None:
        self.base = {"as_of": as_of.strftime("%d/%m/%Y")}
        if plan:
            self.base["plan"] = str(plan)

    def cell(self, family: str, figure: str, value: int, **extra: Any) -> Cell:
        params = {**self.base, "family": family, "figure": figure}
        params.update({k: str(v) for k, v in extra.items() if v is not None})
        return Cell(value, f"{reverse('monitoring:list')}?{urlencode(params)}")


def require_access(user: Any) -> None:
    """Overseers see the whole dashboard; a cadre their own; anyone else nothing."""
    if not (oversees(user) or cadre_of(user) is not None):
        raise PermissionDenied


def plan_choice(request: HttpRequest) -> dict[str, Any]:
    """The plan filter as the task list has it: a search field when there are many plans
    (a province has thousands, and a drop-down of them all was most of a visit's time)."""
    return filter_choices(
        request.user,
        "plan",
        parse_id(request.GET.get("plan")),
        request.GET.get("plan_search", "")[:200],
    )


def _read_filters(request: HttpRequest) -> tuple[MonitoringForm, date, int | None]:
    form = MonitoringForm(request.GET, user=request.user)
    if form.is_valid():
        plan = form.cleaned_data["plan"]
        return form, form.cleaned_data["as_of"], plan.pk if plan else None
    return form, clock.today(), None


def _labels(family: str, as_of: date) -> dict[str, str]:
    return {key: str(label) for key, (label, _q) in family_figures(family, as_of).items()}


def _group_cells(links: Links, row: GroupRow, group: str) -> list[Cell]:
    return [links.cell(TASKS, c, row.tasks[c], **{group: row.key}) for c in GROUP_COLUMNS]


def _sorted_cadres(rows: list[GroupRow], sort: str) -> list[GroupRow]:
    column = sort.lstrip("-")
    if column not in SORTABLE:
        column, sort = "name", "name"

    def key(row: GroupRow) -> Any:
        if column == "name":
            return row.name
        if column == "on_time_rate":
            return -1 if row.on_time_rate is None else row.on_time_rate
        if column.startswith("reports_"):
            return row.reports.get(column.removeprefix("reports_"), 0)
        return row.tasks[column]

    return sorted(rows, key=lambda r: (key(r), r.name), reverse=sort.startswith("-"))


def _sort_headers(
    request: HttpRequest, sort: str, task_labels: dict, report_labels: dict
) -> list[dict]:
    """The by-cadre table's column heads, each a link that sorts by it (again: reversed)."""
    labels = {
        "name": _("Cadre"),
        **{c: task_labels[c] for c in GROUP_COLUMNS},
        "on_time_rate": _("On-time rate"),
        **{f"reports_{c}": report_labels[c] for c in CADRE_REPORT_COLUMNS},
    }
    heads = []
    for column in SORTABLE:
        params = request.GET.copy()
        params.pop(CADRE_PAGE, None)  # another order starts again at its first page
        params["sort"] = f"-{column}" if sort == column else column
        state = "ascending" if sort == column else "descending" if sort == f"-{column}" else ""
        heads.append(
            {"label": labels[column], "url": f"?{params.urlencode()}#by-cadre", "state": state}
        )
    return heads


def _unit_link(request: HttpRequest, key: int) -> str:
    """The page with that unit opened in the by-unit tree (0: the top level)."""
    params = request.GET.copy()
    params.pop(UNIT_PAGE, None)
    params[OPEN_UNIT] = str(key)
    return f"?{params.urlencode()}#by-unit"


def _unit_branch(request: HttpRequest, links: Links, rows: list[GroupRow]) -> dict:
    """The by-unit table as shown: one unit opened (the one asked for, else the visitor's own
    unit, else the single top unit) with the units above it, to go back up, and a page of
    the units one level below it. At national scale the table has thousands of rows; a
    level of one unit has tens. Every ancestor of a counted unit is counted (its subtree
    holds the unit's tasks), so the rows one level down are all the units below with
    tasks."""
    parents = {row.path_above for row in rows}
    top = min((row.depth for row in rows), default=0)
    tops = [row for row in rows if row.depth == top]
    asked = request.GET.get(OPEN_UNIT)
    if asked is None:
        own = scope_unit(request.user)
        wanted = own.pk if own is not None else None
    else:
        wanted = parse_id(asked)  # unknown or "0" (all units): the top level
    opened = next((row for row in rows if row.key == wanted), None)
    if opened is None and len(tops) == 1:
        opened = tops[0]
    if opened is None:
        below, trail = tops, []
    else:
        below = [
            row
            for row in rows
            if row.depth == opened.depth + 1 and row.path.startswith(opened.path)
        ]
        trail = [
            {"name": row.name, "open_url": _unit_link(request, row.key)}
            for row in rows
            if opened.path.startswith(row.path) and row != opened
        ]
        if len(tops) > 1:  # the top level is a list of units: a way back to it
            trail.insert(0, {"name": _("All units"), "open_url": _unit_link(request, 0)})

    def item(row: GroupRow) -> dict:
        return {
            "row": row,
            "cells": _group_cells(links, row, "unit"),
            "open_url": _unit_link(request, row.key) if row.path in parents else "",
        }

    page = paginate(request, below, param=UNIT_PAGE)
    return {
        "unit_trail": trail,
        "unit_opened": item(opened) if opened is not None else None,
        "units": [item(row) for row in page.object_list],
        "unit_page": page,
    }


def _dashboard_context(request: HttpRequest, result: Figures, plan: int | None) -> dict:
    as_of = result.as_of
    links = Links(as_of=as_of, plan=plan)
    task_labels = _labels(TASKS, as_of)
    report_labels = _labels(OBLIGATIONS, as_of)
    headline = [(task_labels[k], links.cell(TASKS, k, result.tasks[k])) for k in HEADLINE]
    compliance = [
        {
            "period": block.period,
            "is_current": block.is_current,
            "cells": [
                (
                    report_labels[k],
                    links.cell(OBLIGATIONS, k, block.counts[k], period=block.period.key),
                )
                for k in COMPLIANCE
            ],
        }
        for block in result.compliance
    ]
    current = result.current_period
    sort = request.GET.get("sort", "name")[:40]
    # Paged like every list: a province has thousands of cadres; the downloads keep them all.
    cadre_page = paginate(request, _sorted_cadres(result.by_cadre, sort), param=CADRE_PAGE)
    cadres = [
        {
            "row": row,
            "cells": _group_cells(links, row, "cadre"),
            "reports": [
                links.cell(OBLIGATIONS, c, row.reports.get(c, 0), cadre=row.key, period=current.key)
                for c in CADRE_REPORT_COLUMNS
            ]
            if current
            else [],
        }
        for row in cadre_page.object_list
    ]
    trend = [
        {
            "row": row,
            "tasks": [
                Links(as_of=row.as_of, plan=plan).cell(TASKS, k, row.tasks[k]) for k in TREND_TASKS
            ],
            "reports": [
                links.cell(OBLIGATIONS, k, row.reports[k], period=row.period.key)
                for k in TREND_REPORTS
            ],
        }
        for row in result.trend
    ]
    return {
        "figures": result,
        "stalled_days": settings.THAOGO_STALLED_DAYS,
        "headline": headline,
        "compliance": compliance,
        "proposals": [
            (label, links.cell(PROPOSALS, key, result.proposals[key]))
            for key, label in _labels(PROPOSALS, as_of).items()
        ],
        "directives": [
            (label, links.cell(DIRECTIVES, key, result.directives[key]))
            for key, label in _labels(DIRECTIVES, as_of).items()
        ],
        "cadres": cadres,
        "cadre_page": cadre_page,
        "sort": sort,
        **_unit_branch(request, links, result.by_unit),
        "categories": [
            {"row": row, "cells": _group_cells(links, row, "category")}
            for row in result.by_category
        ],
        "trend": trend,
        "group_labels": [task_labels[c] for c in GROUP_COLUMNS],
        "trend_task_labels": [task_labels[c] for c in TREND_TASKS],
        "trend_report_labels": [report_labels[c] for c in TREND_REPORTS],
        "report_labels": [report_labels[c] for c in CADRE_REPORT_COLUMNS],
        "cadre_headers": _sort_headers(request, sort, task_labels, report_labels),
        "headline_chart": charts.bars(
            [(task_labels[k], result.tasks[k]) for k in GROUP_COLUMNS[1:]]
        ),
        "trend_chart": charts.bars(
            [(row.period.label, row.overdue_rate) for row in result.trend], percent=True
        ),
        "cadre_chart": charts.bars(
            [(row.name, row.on_time_rate or 0) for row in cadre_page.object_list], percent=True
        ),
    }


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    require_access(request.user)
    form, as_of, plan = _read_filters(request)
    if form.errors:
        context = {"form": form, "plan_choice": plan_choice(request)}
        return render(request, "monitoring/dashboard.html", context, status=400)
    result = kept_figures(user=request.user, as_of=as_of, plan=plan)
    context = {
        "form": form,
        "plan_choice": plan_choice(request),
        "own": result.scope.own_cadre is not None,
    }
    # The downloads take the page's own filters (exports sits above monitoring: by name).
    context["export_query"] = urlencode(Links(as_of=as_of, plan=plan).base)
    context["report_plan"] = plan
    context.update(_dashboard_context(request, result, plan))
    if context["own"]:
        links = Links(as_of=as_of, plan=plan)
        context["due"] = (
            figure_rows(result.scope, family=TASKS, figure="in_progress")
            .select_related("category")
            .order_by(F("deadline_then").asc(nulls_last=True), "code")
        )
        context["own_directives"] = (
            figure_rows(result.scope, family=DIRECTIVES, figure="open")
            .select_related("task")
            .order_by("deadline")
        )
        context["in_progress_cell"] = links.cell(TASKS, "in_progress", result.tasks["in_progress"])
    return render(request, "monitoring/dashboard.html", context)


FAMILY_TITLES = {
    TASKS: gettext_lazy("Tasks"),
    OBLIGATIONS: gettext_lazy("Reports"),
    PROPOSALS: gettext_lazy("Proposals"),
    DIRECTIVES: gettext_lazy("Directives"),
}


def _period_of(scope: Any, key: str) -> PeriodKey | None:
    wanted = period_from_key(key)
    if wanted is None:
        return None
    return next(iter(reporting_periods(scope, only=wanted)), None)


@login_required
@require_GET
def figure_list(request: HttpRequest) -> HttpResponse:
    """The rows behind one number of the dashboard, counted by the same code."""
    require_access(request.user)
    form, as_of, plan = _read_filters(request)
    family = request.GET.get("family", TASKS)
    figure = request.GET.get("figure", "total")
    if form.errors or family not in FAMILY_TITLES or figure not in family_figures(family, as_of):
        return render(
            request,
            "monitoring/list.html",
            {"form": form, "plan_choice": plan_choice(request), "refused": True},
            status=400,
        )
    scope = scope_for(request.user, as_of=as_of, plan=plan)
    cadre = parse_id(request.GET.get("cadre"))
    category = parse_id(request.GET.get("category"))
    unit_id = parse_id(request.GET.get("unit"))
    unit = units_visible_to(request.user).filter(pk=unit_id).first() if unit_id else None
    period = _period_of(scope, request.GET.get("period", "")[:40])
    rows = figure_rows(
        scope,
        family=family,
        figure=figure,
        cadre=cadre,
        unit=unit,
        category=category,
        period=period,
    )
    if unit_id and unit is None:
        rows = rows.none()
    if family == TASKS:
        rows = rows.select_related("category", "plan__document__doc_type", "plan__document__issuer")
        rows = rows.order_by(F("deadline_then").asc(nulls_last=True), "plan_id", "code")
    elif family == OBLIGATIONS:
        rows = rows.select_related("assignment__task", "assignment__cadre").order_by(
            "due_on", "assignment__task__code"
        )
    elif family == PROPOSALS:
        rows = rows.select_related("task", "raised_by").order_by("created_at")
    else:
        rows = rows.select_related("task", "responsible_cadre").order_by("deadline")
    # Paged as every list is: "Total tasks" at national scale must not render every task.
    page = paginate(request, rows)
    rows = page.object_list
    links = Links(as_of=as_of, plan=plan)
    if family == PROPOSALS:
        for proposal in rows:
            proposal.wait_days = (as_of - timezone.localdate(proposal.created_at)).days
    return render(
        request,
        "monitoring/list.html",
        {
            "form": form,
            "family": family,
            "title": FAMILY_TITLES[family],
            "figure_label": family_figures(family, as_of)[figure][0],
            "rows": rows,
            "page": page,
            "as_of": as_of,
            "period": period,
            "back": f"{reverse('monitoring:dashboard')}?{urlencode(links.base)}",
        },
    )
