"""The lists as spreadsheets: each exports exactly the rows its page lists for the same user
and the same filters, every page of it, through the same selector."""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from thaogo.accounts.policy import Action, require
from thaogo.documents.selectors import plans_visible_to
from thaogo.exports.exporters import Column, ListExporter, register
from thaogo.lib.numbers import format_number
from thaogo.reporting.models import ObligationState, Report
from thaogo.reporting.selectors import report_board_rows
from thaogo.tasks.models import (
    Assignment,
    AssignmentRole,
    Category,
    Metric,
    Status,
    Task,
    Timing,
)
from thaogo.tasks.selectors import NATURES, TaskFilters, task_list
from thaogo.units.models import CommitteeMembership, DocumentStyle, Unit
from thaogo.units.selectors import cadres_visible_to, units_visible_to

PATH_SEPARATOR = " / "


def metric_text(metric: Metric) -> str:
    """A metric in one line, as the import reads it back: "Name: 0 → 48650 households".
    Its numbers carry no thousands dots: "48.650" could be read two ways, "48650" cannot."""

    def plain(value: Any) -> str:
        return format_number(value, trim=True).replace(".", "")

    return (
        f"{metric.name}: {plain(metric.baseline)} → {plain(metric.target)} "
        f"{metric.get_unit_display()}"
    )


def unit_paths() -> dict[int, str]:
    """Each unit's path from the top of the tree ("Thành ủy Hải Phòng / Quận ủy Lê Chân"),
    which names a unit without doubt where its name alone may not."""
    units = {unit.pk: unit for unit in Unit.objects.only("pk", "name", "parent_id", "path")}
    paths: dict[int, str] = {}

    def path_of(pk: int) -> str:
        if pk not in paths:
            unit = units[pk]
            head = path_of(unit.parent_id) + PATH_SEPARATOR if unit.parent_id else ""
            paths[pk] = head + unit.name
        return paths[pk]

    for pk in sorted(units, key=lambda pk: units[pk].path):
        path_of(pk)
    return paths


def position_text(position: Any, paths: dict[int, str]) -> str:
    """A post held, as the cadre import reads it back: "Bí thư (Thành ủy Hải Phòng / Phường
    Vĩnh Niệm, 01/01/2021 – )", with its unit's path and the dates it was held."""
    dates = ""
    if position.start_date or position.end_date:
        start = f"{position.start_date:%d/%m/%Y}" if position.start_date else ""
        end = f"{position.end_date:%d/%m/%Y}" if position.end_date else ""
        dates = f", {start} – {end}".rstrip()
    return f"{position.title} ({paths.get(position.unit_id, '')}{dates})"


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _field_label(model: Any, name: str) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


@register
class TaskListExporter(ListExporter):
    identifier = "tasks"
    verbose_name = gettext_lazy("Tasks")
    filename_stem = gettext_lazy("task list")

    def __init__(self, *, user: Any, today: date, filters: TaskFilters) -> None:
        super().__init__(user=user, today=today)
        self.task_filters = filters

    def columns(self) -> Sequence[Column]:
        return [
            Column(_("Plan"), width=14),
            Column(_("Code"), width=8),
            Column(_("Task"), width=60),
            Column(_("Category"), width=26),
            Column(_("Nature"), width=22),
            Column(_field_label(Task, "units_summary"), width=30),
            Column(_("Lead"), width=24),
            Column(_field_label(Task, "start_date"), "date", width=12),
            Column(_("Deadline"), "date", width=12),
            Column(_("Priority"), width=12),
            Column(_("Status"), width=14),
            Column(_field_label(Task, "completed_on"), "date", width=12),
            Column(_("Timing"), width=24),
            # The two below make the list importable again (thaogo/registry/importers.py).
            Column(_("Support"), width=30),
            Column(_("Metrics"), width=50),
        ]

    def rows(self) -> Iterable[Sequence[Any]]:
        tasks = task_list(self.user, self.task_filters, today=self.today)
        chunk: list[Task] = []
        for task in tasks.iterator(chunk_size=2000):
            chunk.append(task)
            if len(chunk) == 2000:
                yield from self._rows_of(chunk)
                chunk = []
        yield from self._rows_of(chunk)

    def _rows_of(self, tasks: list[Task]) -> Iterable[Sequence[Any]]:
        ids = [task.pk for task in tasks]
        support: dict[int, list[str]] = {}
        for task_id, name in (
            Assignment.objects.filter(
                task_id__in=ids, role=AssignmentRole.SUPPORT, end_date__isnull=True
            )
            .order_by("cadre__full_name")
            .values_list("task_id", "cadre__full_name")
        ):
            support.setdefault(task_id, []).append(name)
        metrics: dict[int, list[str]] = {}
        rows = Metric.objects.filter(task_id__in=ids).select_related("unit").order_by("order", "pk")
        for metric in rows:
            metrics.setdefault(metric.task_id, []).append(metric_text(metric))
        for task in tasks:
            yield (
                task.plan.document.symbol,
                task.code,
                task.title,
                task.category.name,
                ", ".join(task.natures),
                task.units_summary,
                task.lead_name,
                task.start_date,
                task.deadline,
                task.get_priority_display(),
                task.get_status_display(),
                task.completed_on,
                Timing(task.timing_value).label,
                "; ".join(support.get(task.pk, [])),
                "\n".join(metrics.get(task.pk, [])),
            )

    def filters(self) -> list[tuple[Any, Any]]:
        f, user = self.task_filters, self.user
        chosen: list[tuple[Any, Any]] = []

        def named(label: Any, pk: int | None, queryset: Any, name: Any) -> None:
            if pk is not None:
                found = queryset.filter(pk=pk).first()
                chosen.append((label, name(found) if found is not None else f"#{pk}"))

        if f.q:
            chosen.append((_("Search"), f.q))
        named(_("Plan"), f.plan, plans_visible_to(user), lambda p: p.document.symbol)
        named(_("Category"), f.category, Category.objects.all(), lambda c: c.name)
        named(_("Unit"), f.unit, units_visible_to(user), lambda u: u.name)
        named(_("Cadre"), f.cadre, cadres_visible_to(user), lambda c: c.full_name)
        if f.status in Status.values:
            chosen.append((_("Status"), Status(f.status).label))
        if f.timing in Timing.values:
            chosen.append((_("Timing"), Timing(f.timing).label))
        if f.nature in NATURES:
            chosen.append((_("Nature"), _field_label(Task, NATURES[f.nature])))
        return chosen


@register
class ReportListExporter(ListExporter):
    identifier = "reports"
    verbose_name = gettext_lazy("Report tracking")
    filename_stem = gettext_lazy("reports")

    def __init__(
        self,
        *,
        user: Any,
        today: date,
        mine: bool = False,
        state: str = "",
        cadre_id: int | None = None,
    ) -> None:
        super().__init__(user=user, today=today)
        self.mine = mine
        self.state = state
        self.cadre_id = cadre_id

    def authorize(self) -> None:
        require(self.user, Action.REPORTING_TAKE_PART, hide=True)

    def columns(self) -> Sequence[Column]:
        return [
            Column(pgettext("reporting", "Period"), width=18),
            Column(_("Code"), width=8),
            Column(_("Task"), width=60),
            Column(_("Lead"), width=24),
            Column(_("Due on"), "date", width=12),
            Column(_("State"), width=22),
            Column(_field_label(Report, "submitted_at"), "datetime", width=17),
            Column(_field_label(Report, "revision"), "integer", width=10),
        ]

    def rows(self) -> Iterable[Sequence[Any]]:
        rows = report_board_rows(
            self.user, mine=self.mine, state=self.state, cadre_id=self.cadre_id, today=self.today
        )
        for obligation in rows:
            report = obligation.report_or_none
            submitted = report is not None and report.submitted_at is not None
            yield (
                obligation.label,
                obligation.assignment.task.code,
                obligation.assignment.task.title,
                obligation.assignment.cadre.full_name,
                obligation.due_on,
                ObligationState(obligation.state).label,
                report.submitted_at if submitted else None,
                report.revision if submitted else None,
            )

    def filters(self) -> list[tuple[Any, Any]]:
        chosen: list[tuple[Any, Any]] = []
        if self.mine:
            chosen.append((_("Reports"), _("Only mine")))
        if self.state in ObligationState.values:
            chosen.append((_("State"), ObligationState(self.state).label))
        return chosen


@register
class CadreListExporter(ListExporter):
    """The cadres, in the layout the cadre import reads back."""

    identifier = "cadres"
    verbose_name = gettext_lazy("Cadres")
    filename_stem = gettext_lazy("cadres")

    def columns(self) -> Sequence[Column]:
        return [
            Column(_("Full name"), width=26),
            Column(_("Date of birth"), "date", width=12),
            Column(_("Unit"), width=40),
            Column(_("Committee membership"), width=24),
            Column(_("Positions held"), width=48),
            Column(_("Planned for position"), width=30),
            Column(_("Planning term"), width=14),
            Column(_("Planning decision"), width=18),
            Column(_("Email"), width=26),
            Column(_("Phone"), width=14),
            Column(_("Login account"), width=14),
            Column(_("Active"), width=10),
        ]

    def rows(self) -> Iterable[Sequence[Any]]:
        paths = unit_paths()
        cadres = (
            cadres_visible_to(self.user)
            .select_related("user")
            .prefetch_related("positions")
            .order_by("full_name", "date_of_birth", "pk")
        )
        for cadre in cadres:
            yield (
                cadre.full_name,
                cadre.date_of_birth,
                paths.get(cadre.unit_id, ""),
                CommitteeMembership(cadre.committee_membership).label,
                "; ".join(position_text(p, paths) for p in cadre.positions.all()),
                cadre.planned_position,
                cadre.planning_term,
                cadre.planning_decision,
                cadre.email,
                cadre.phone,
                cadre.user.username if cadre.user_id else "",
                yes_no(cadre.is_active),
            )


@register
class UnitListExporter(ListExporter):
    """The units, each under its parent's path, in the layout the unit import reads back."""

    identifier = "units"
    verbose_name = gettext_lazy("Units")
    filename_stem = gettext_lazy("units")

    def columns(self) -> Sequence[Column]:
        return [
            Column(_("Unit name"), width=36),
            Column(_("Parent unit"), width=50),
            Column(_("Kind"), width=20),
            Column(_("Short name"), width=16),
            Column(_("Issuer code"), width=12),
            Column(_("Document numbering style"), width=20),
            Column(_("Active"), width=10),
            Column(_("Thaogo ID (keep it: a renamed unit is found by it)"), width=12),
        ]

    def rows(self) -> Iterable[Sequence[Any]]:
        paths = unit_paths()
        for unit in units_visible_to(self.user).select_related("kind").order_by("path"):
            yield (
                unit.name,
                paths.get(unit.parent_id, "") if unit.parent_id else "",
                unit.kind.name,
                unit.short_name,
                unit.issuer_code,
                DocumentStyle(unit.document_style).label,
                yes_no(unit.is_active),
                unit.pk,
            )
