"""The importers of cadres, units and tasks, each reading its export's layout back."""

import re
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thaogo.documents.models import Plan
from thaogo.exports.lists import (
    PATH_SEPARATOR,
    CadreListExporter,
    TaskListExporter,
    UnitListExporter,
    metric_text,
    position_text,
    unit_paths,
)
from thaogo.lib.text import fold
from thaogo.registry import services
from thaogo.registry.imports import (
    CellError,
    Change,
    Importer,
    RowResult,
    cell_date,
    cell_decimal,
    cell_text,
    choice,
    register,
    yes_no,
)
from thaogo.tasks import services as task_services
from thaogo.tasks.models import (
    Assignment,
    AssignmentRole,
    Category,
    Priority,
    Status,
    Task,
    UnitOfMeasure,
)
from thaogo.tasks.selectors import TaskFilters
from thaogo.units.models import Cadre, CommitteeMembership, DocumentStyle, Unit, UnitKind


def text(cell: list | None) -> str:
    return cell_text(cell).strip()


def _former_paths(units: dict[int, Unit], most: int = 20) -> dict[int, set[str]]:
    """Each unit's paths through the names it and the units above it had before a rename
    (Unit.former_names), at most `most` a unit."""
    found: dict[int, set[str]] = {}

    def paths_of(pk: int) -> set[str]:
        if pk not in found:
            unit = units[pk]
            names = [unit.name, *(n for n in unit.former_names.split("\n") if n)]
            heads = paths_of(unit.parent_id) if unit.parent_id in units else {""}
            found[pk] = {
                f"{head}{PATH_SEPARATOR}{name}" if head else name
                for head in heads
                for name in names
            }
            found[pk] = set(sorted(found[pk])[:most])
        return found[pk]

    for pk in sorted(units, key=lambda pk: units[pk].path):
        paths_of(pk)
    return found


class UnitNames:
    """Units named by their path from the top ("Quận ủy Lê Chân / Phường Vĩnh Niệm"), by a
    name no other unit has, or by an issuer code no other unit has."""

    def __init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        paths = unit_paths()
        units = Unit.objects.in_bulk(paths.keys())
        self.by_path = {}
        for pk, alternatives in _former_paths(units).items():  # a list exported before a rename
            self.by_path.update({fold(path): units[pk] for path in alternatives})
        self.by_path.update({fold(path): units[pk] for pk, path in paths.items()})
        self.paths = {pk: path for pk, path in paths.items()}
        self.by_name: dict[str, list[Unit]] = {}
        self.by_code: dict[str, list[Unit]] = {}
        for unit in units.values():
            self.by_name.setdefault(fold(unit.name), []).append(unit)
            if unit.issuer_code:
                self.by_code.setdefault(fold(unit.issuer_code), []).append(unit)

    def find(self, name: str) -> Unit | None:
        key = fold(name)
        if key in self.by_path:
            return self.by_path[key]
        for index in (self.by_name, self.by_code):
            found = index.get(key, [])
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise CellError(
                    _("Several units are called “%(name)s”: write its path, e.g. “%(example)s”.")
                    % {"name": name, "example": self.paths[found[0].pk]}
                )
        return None

    def get(self, name: str) -> Unit:
        unit = self.find(name)
        if unit is None:
            raise CellError(_("No unit is called “%(name)s”.") % {"name": name})
        return unit


_CADRE_REF = re.compile(r"(?P<name>.+?)\s*\((?P<born>\d{1,2}/\d{1,2}/\d{4})\)")


def find_cadre(reference: str) -> Cadre:
    """A cadre by name, or by "name (dd/mm/yyyy)" when two share a name."""
    born = None
    name = reference.strip()
    if match := _CADRE_REF.fullmatch(name):
        name = match["name"]
        born = cell_date(["text", match["born"]])
    cadres = Cadre.objects.filter(full_name__iexact=name, is_active=True)
    if born is not None:
        cadres = cadres.filter(date_of_birth=born)
    found = list(cadres[:2])
    if not found:
        raise CellError(
            _("No active cadre is called “%(name)s”. Import or add the cadre first.")
            % {"name": reference}
        )
    if len(found) > 1:
        raise CellError(
            _(
                "Several cadres are called “%(name)s”: add the date of birth, "
                "“%(name)s (dd/mm/yyyy)”."
            )
            % {"name": name}
        )
    return found[0]


# ---------------------------------------------------------------- cadres

_POSITION = re.compile(
    r"(?P<title>.+?)\s*\((?P<unit>[^()]+?)"
    r"(?:,\s*(?P<start>[0-9/]*)\s*[–-]\s*(?P<end>[0-9/]*))?\)"
)
_USERNAME = re.compile(r"[A-Za-z0-9._-]{2,150}")


def day_month_year(text: str) -> Any:
    """A date in a position's text, always day/month/year as the export writes it."""
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if match is None:
        raise CellError(_("“%(value)s” is not a date written dd/mm/yyyy.") % {"value": text})
    return cell_date(["date", f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"])


@register
class CadreImporter(Importer):
    kind = "cadres"
    verbose_name = gettext_lazy("Cadres")
    exporter = CadreListExporter
    fields = [
        "full_name",
        "date_of_birth",
        "unit",
        "committee_membership",
        "positions",
        "planned_position",
        "planning_term",
        "planning_decision",
        "email",
        "phone",
        "username",
        "is_active",
    ]
    required = {"full_name", "unit"}
    list_url = "registry:cadre_list"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.units = UnitNames()

    def parse(self, cells: dict, row: RowResult) -> None:
        memberships = {label: value for value, label in CommitteeMembership.choices}
        data = {
            "full_name": " ".join(self.cell(row, "full_name", text, cells).split()),
            "date_of_birth": self.cell(row, "date_of_birth", cell_date, cells),
            "unit": self.cell(
                row, "unit", lambda c: self.units.get(text(c)) if text(c) else None, cells
            ),
            "committee_membership": self.cell(
                row,
                "committee_membership",
                lambda c: (
                    choice(text(c), memberships, _("committee membership"))
                    if text(c)
                    else CommitteeMembership.NONE
                ),
                cells,
            ),
            "is_active": self.cell(row, "is_active", lambda c: yes_no(text(c)), cells),
            "positions": self.cell(row, "positions", self.positions, cells) or [],
            "username": self.cell(row, "username", self.username, cells) or "",
        }
        for name, limit in (
            ("planned_position", 200),
            ("planning_term", 20),
            ("planning_decision", 80),
            ("email", 254),
            ("phone", 30),
        ):
            value = self.cell(row, name, text, cells)
            if value and len(value) > limit:
                row.errors.append(
                    _("Row %(row)s: “%(value)s” is longer than %(limit)s characters.")
                    % {"row": row.number, "value": value, "limit": limit}
                )
            data[name] = value or ""
        if data["email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", data["email"]):
            row.errors.append(
                _("Row %(row)s: “%(value)s” is not an e-mail address.")
                % {"row": row.number, "value": data["email"]}
            )
        row.data = data

    def positions(self, cell: list | None) -> list[tuple]:
        """ "Title (unit, from – to); ..." as the export writes it."""
        found = []
        for part in re.split(r"\s*[;\n]\s*", text(cell)):
            if not part:
                continue
            match = _POSITION.fullmatch(part)
            if match is None:
                raise CellError(
                    _("“%(value)s” is not a position written “title (unit, dd/mm/yyyy – )”.")
                    % {"value": part}
                )
            title = " ".join(match["title"].split())
            if len(title) > 200:
                raise CellError(_("The position title “%(value)s” is too long.") % {"value": title})
            start, end = day_month_year(match["start"] or ""), day_month_year(match["end"] or "")
            if start and end and end < start:
                raise CellError(_("The end date cannot be before the start date."))
            found.append((title, self.units.get(match["unit"].strip()), start, end))
        return found

    def username(self, cell: list | None) -> str:
        name = text(cell)
        if name and not _USERNAME.fullmatch(name):
            raise CellError(
                _("Letters, digits and . _ - only. A set-password link is e-mailed to the owner.")
            )
        return name

    def key(self, data: dict) -> str:
        born = data["date_of_birth"]
        return f"{data['full_name']} ({born:%d/%m/%Y})" if born else data["full_name"]

    def find_cadre(self, data: dict) -> Cadre | None:
        found = list(
            Cadre.objects.select_related("user").filter(
                full_name__iexact=data["full_name"], date_of_birth=data["date_of_birth"]
            )[:2]
        )
        if len(found) > 1:
            raise CellError(
                _("Several cadres are called “%(name)s”: add the date of birth.")
                % {"name": data["full_name"]}
            )
        return found[0] if found else None

    def check_account(self, cadre: Cadre | None, data: dict) -> None:
        """A login account is created by an import, never renamed or removed by one."""
        name = data["username"]
        account = cadre.user if cadre is not None and cadre.user_id else None
        if account is not None:
            if name and name != account.username:
                raise CellError(
                    _(
                        "This cadre's login account is “%(account)s”: it cannot be renamed "
                        "by an import."
                    )
                    % {"account": account.username}
                )
            return
        if name and User.objects.filter(username__iexact=name).exists():
            raise CellError(_("The user name “%(name)s” is already taken.") % {"name": name})
        if name and not data["email"]:
            raise CellError(
                _("Give the cadre's e-mail address: the set-password link is sent there.")
            )

    def position_texts(self, positions: list[tuple]) -> list[str]:
        return [
            position_text(
                SimpleNamespace(title=t, unit_id=u.pk, start_date=s, end_date=e), self.units.paths
            )
            for t, u, s, e in positions
        ]

    def find(self, data: dict) -> Cadre | None:
        cadre = self.find_cadre(data)
        self.check_account(cadre, data)
        return cadre

    def compare(self, cadre: Cadre, data: dict) -> list[Change]:
        own = {"unit", "positions", "username"}
        pairs = [(name, getattr(cadre, name), data[name]) for name in data if name not in own]
        old_unit = self.units.paths.get(cadre.unit_id)
        pairs.append(("unit", old_unit, self.units.paths.get(data["unit"].pk)))
        held = [(p.title, p.unit, p.start_date, p.end_date) for p in cadre.positions.all()]
        pairs.append(
            ("positions", self.position_texts(held), self.position_texts(data["positions"]))
        )
        if not cadre.user_id:
            pairs.append(("username", "", data["username"]))
        return self.diff(pairs)

    def write(self, cadre: Cadre | None, data: dict, *, by: Any) -> Cadre:
        fields = {k: v for k, v in data.items() if k != "positions"}
        if cadre is None:
            active = fields.pop("is_active")
            cadre = services.cadre_create(by=by, **fields)
            if not active:
                cadre = services.cadre_update(
                    cadre=cadre, by=by, expected_version=cadre.version, is_active=False
                )
        else:
            if cadre.user_id:
                fields.pop("username")
            cadre = services.cadre_update(
                cadre=cadre, by=by, expected_version=cadre.version, **fields
            )
        services.cadre_positions_set(cadre=cadre, positions=data["positions"], by=by)
        return cadre


# ---------------------------------------------------------------- units


@register
class UnitImporter(Importer):
    kind = "units"
    verbose_name = gettext_lazy("Units")
    exporter = UnitListExporter
    fields = [
        "name",
        "parent",
        "kind",
        "short_name",
        "issuer_code",
        "document_style",
        "is_active",
        "record_id",
    ]
    required = {"name", "kind"}
    list_url = "registry:unit_list"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.units = UnitNames()
        self.pending: set[str] = set()  # paths of units earlier rows create

    def parse(self, cells: dict, row: RowResult) -> None:
        kinds = {kind.name: kind for kind in UnitKind.objects.all()}
        kinds.update({kind.code: kind for kind in kinds.values()})
        styles = {label: value for value, label in DocumentStyle.choices}
        styles.update({value: value for value in DocumentStyle.values})
        name = " ".join(self.cell(row, "name", text, cells).split())
        parent = self.cell(row, "parent", text, cells)
        if parent and fold(parent) not in self.pending:
            self.cell(row, "parent", lambda c: self.units.get(parent), cells)
        data = {
            "name": name,
            "parent": parent,
            "kind": self.cell(row, "kind", lambda c: choice(text(c), kinds, _("kind")), cells),
            "short_name": self.cell(row, "short_name", text, cells)[:80],
            "issuer_code": self.cell(row, "issuer_code", text, cells)[:20],
            "document_style": self.cell(
                row,
                "document_style",
                lambda c: (
                    choice(text(c), styles, _("numbering style"))
                    if text(c)
                    else DocumentStyle.PARTY
                ),
                cells,
            ),
            "is_active": self.cell(row, "is_active", lambda c: yes_no(text(c)), cells),
            "record_id": self.cell(row, "record_id", self.record_id, cells),
        }
        if len(name) > 200:
            row.errors.append(_("Row %(row)s: the name is too long.") % {"row": row.number})
        row.data = data

    def record_id(self, cell: list | None) -> int | None:
        """The unit's number in Thaogo, as exported: it finds a unit renamed or moved in the
        sheet. Empty for a new unit."""
        value = text(cell)
        if not value:
            return None
        unit = Unit.objects.filter(pk=int(value)).first() if value.isdigit() else None
        if unit is None:
            raise CellError(
                _("No unit has the Thaogo ID “%(value)s”. Leave it empty for a new unit.")
                % {"value": value}
            )
        return unit.pk

    def path(self, data: dict) -> str:
        parent = data["parent"]
        return f"{parent}{PATH_SEPARATOR}{data['name']}" if parent else data["name"]

    def key(self, data: dict) -> str:
        return f"#{data['record_id']}" if data["record_id"] else self.path(data)

    def find(self, data: dict) -> Unit | None:
        if data["record_id"]:
            return Unit.objects.get(pk=data["record_id"])
        found = self.units.by_path.get(fold(self.path(data)))
        if found is None:
            self.pending.add(fold(self.path(data)))
        return found

    def compare(self, unit: Unit, data: dict) -> list[Change]:
        old_parent = self.units.paths.get(unit.parent_id, "") if unit.parent_id else ""
        parent = self.units.find(data["parent"]) if data["parent"] else None
        new_parent = self.units.paths[parent.pk] if parent else data["parent"]
        return self.diff(
            [
                ("name", unit.name, data["name"]),
                ("parent", old_parent, new_parent),
                ("kind", unit.kind, data["kind"]),
                ("short_name", unit.short_name, data["short_name"]),
                ("issuer_code", unit.issuer_code, data["issuer_code"]),
                (
                    "document_style",
                    DocumentStyle(unit.document_style).label,
                    DocumentStyle(data["document_style"]).label,
                ),
                ("is_active", unit.is_active, data["is_active"]),
            ]
        )

    def write(self, unit: Unit | None, data: dict, *, by: Any) -> Unit:
        fields = {k: v for k, v in data.items() if k not in ("parent", "record_id")}
        try:
            parent = self.units.get(data["parent"]) if data["parent"] else None
        except CellError as error:  # renamed by a row above: its rows below name it anew
            raise ValidationError(error.message) from None
        if unit is None:
            unit = services.unit_create(by=by, parent=parent, **fields)
        else:
            unit = services.unit_update(
                unit=unit, by=by, expected_version=unit.version, parent=parent, **fields
            )
        self.units.refresh()  # the rows below may name it, by its new name, as their parent
        return unit


# ---------------------------------------------------------------- tasks

_METRIC = re.compile(
    r"(?P<name>.+):\s*(?P<baseline>[0-9.,]+)\s*(?:→|->)\s*(?P<target>[0-9.,]+)\s*(?P<unit>.+)"
)


@register
class TaskImporter(Importer):
    kind = "tasks"
    verbose_name = gettext_lazy("Tasks")
    exporter = TaskListExporter
    fields = [
        "plan",
        "code",
        "title",
        "category",
        "natures",
        "units",
        "lead",
        "start_date",
        "deadline",
        "priority",
        "status",
        "completed_on",
        None,  # timing: derived from the dates and the status
        "support",
        "metrics",
    ]
    required = {"plan", "code", "title", "category", "start_date"}
    list_url = "tasks:list"
    NATURE_FIELDS = ("is_hard", "is_new", "is_backlogged", "is_complex")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.units = UnitNames()
        self.plans = {
            fold(plan.document.symbol): plan
            for plan in Plan.objects.select_related("document__doc_type", "document__issuer")
        }

    def template(self) -> TaskListExporter:
        return self.exporter(user=self.user, today=self.today, filters=TaskFilters())

    def _plan(self, cell: list | None) -> Plan | None:
        symbol = text(cell)
        if not symbol:
            return None
        if fold(symbol) not in self.plans:
            raise CellError(_("No plan has the number “%(symbol)s”.") % {"symbol": symbol})
        return self.plans[fold(symbol)]

    def _natures(self, cell: list | None) -> dict[str, bool]:
        labels = {fold(str(Task._meta.get_field(f).verbose_name)): f for f in self.NATURE_FIELDS}
        chosen = {f: False for f in self.NATURE_FIELDS}
        for part in filter(None, (p.strip() for p in text(cell).split(","))):
            if fold(part) not in labels:
                raise CellError(
                    _("Unknown nature “%(value)s”. Use: %(options)s.")
                    % {
                        "value": part,
                        "options": ", ".join(
                            str(Task._meta.get_field(f).verbose_name) for f in self.NATURE_FIELDS
                        ),
                    }
                )
            chosen[labels[fold(part)]] = True
        return chosen

    def _units(self, cell: list | None) -> list[Unit]:
        return [self.units.get(p.strip()) for p in text(cell).split(";") if p.strip()]

    def _metrics(self, cell: list | None) -> list[dict]:
        active = list(UnitOfMeasure.objects.filter(is_active=True))
        units = {unit.name: unit for unit in active}
        units.update({unit.code: unit for unit in active})
        found = []
        for line in filter(None, (line.strip() for line in text(cell).splitlines())):
            match = _METRIC.fullmatch(line)
            if match is None:
                raise CellError(
                    _("“%(value)s” is not a metric written as “Name: 0 → 120 households”.")
                    % {"value": line}
                )
            found.append(
                {
                    "name": match["name"].strip(),
                    "baseline": cell_decimal(match["baseline"]),
                    "target": cell_decimal(match["target"]),
                    "unit": choice(match["unit"].strip(), units, _("unit of measure")),
                }
            )
        return found

    def parse(self, cells: dict, row: RowResult) -> None:
        categories = {c.name: c for c in Category.objects.filter(is_active=True)}
        categories.update({c.code: c for c in list(categories.values())})
        priorities = {label: value for value, label in Priority.choices}
        statuses = {label: value for value, label in Status.choices}
        data: dict[str, Any] = {
            "plan": self.cell(row, "plan", self._plan, cells),
            "code": self.cell(row, "code", text, cells)[:20],
            "title": self.cell(row, "title", text, cells)[:300],
            "category": self.cell(
                row, "category", lambda c: choice(text(c), categories, _("category")), cells
            ),
            "units": self.cell(row, "units", self._units, cells),
            "lead": self.cell(
                row, "lead", lambda c: find_cadre(text(c)) if text(c) else None, cells
            ),
            "support": self.cell(
                row,
                "support",
                lambda c: [find_cadre(p) for p in text(c).split(";") if p.strip()],
                cells,
            ),
            "start_date": self.cell(row, "start_date", cell_date, cells),
            "deadline": self.cell(row, "deadline", cell_date, cells),
            "priority": self.cell(
                row,
                "priority",
                lambda c: (
                    choice(text(c), priorities, _("priority")) if text(c) else Priority.NORMAL
                ),
                cells,
            ),
            "status": self.cell(
                row,
                "status",
                lambda c: choice(text(c), statuses, _("status")) if text(c) else Status.NOT_STARTED,
                cells,
            ),
            "completed_on": self.cell(row, "completed_on", cell_date, cells),
            "metrics": self.cell(row, "metrics", self._metrics, cells),
        }
        data.update(self.cell(row, "natures", self._natures, cells) or {})
        if data["lead"] and data["lead"] in (data["support"] or []):
            row.errors.append(
                _("Row %(row)s: %(name)s cannot both lead and support the task.")
                % {"row": row.number, "name": data["lead"]}
            )
        row.data = data

    def key(self, data: dict) -> str:
        return f"{data['plan'].document.symbol} — {data['code']}"

    def find(self, data: dict) -> Task | None:
        return Task.objects.filter(plan=data["plan"], code=data["code"]).first()

    SCALARS = ("title", "category", "start_date", "deadline", "priority", "status", "completed_on")

    def compare(self, task: Task, data: dict) -> list[Change]:
        active = list(task.assignments.filter(end_date__isnull=True).select_related("cadre"))
        lead = next((a.cadre for a in active if a.role == AssignmentRole.LEAD), None)
        support = {a.cadre for a in active if a.role == AssignmentRole.SUPPORT}
        pairs: list[tuple[str, Any, Any]] = [
            (name, getattr(task, name), data[name]) for name in self.SCALARS
        ]
        pairs[4] = ("priority", task.get_priority_display(), Priority(data["priority"]).label)
        pairs[5] = ("status", task.get_status_display(), Status(data["status"]).label)
        natures = [f for f in self.NATURE_FIELDS if getattr(task, f)]
        wanted = [f for f in self.NATURE_FIELDS if data[f]]
        pairs.append(("natures", natures, wanted))
        pairs.append(
            (
                "units",
                sorted(u.name for u in task.units.all()),
                sorted(u.name for u in data["units"]),
            )
        )
        pairs.append(("lead", lead, data["lead"]))
        pairs.append(("support", sorted(map(str, support)), sorted(map(str, data["support"]))))
        metrics = {m.name: m for m in task.metrics.all()}
        for wanted_metric in data["metrics"]:
            metric = metrics.get(wanted_metric["name"])
            old = (metric.unit, metric.baseline, metric.target) if metric is not None else None
            new = (wanted_metric["unit"], wanted_metric["baseline"], wanted_metric["target"])
            if old != new:
                pairs.append(
                    ("metrics", self._metric_shown(metric), self._metric_shown(wanted_metric))
                )
        changes = self.diff(pairs)
        for change in changes:
            if change.label in (self.labels()["natures"],):
                change.old = (
                    ", ".join(str(Task._meta.get_field(f).verbose_name) for f in natures) or "—"
                )
                change.new = (
                    ", ".join(str(Task._meta.get_field(f).verbose_name) for f in wanted) or "—"
                )
        return changes

    @staticmethod
    def _metric_shown(metric: Any) -> str:
        if metric is None:
            return "—"
        return metric_text(SimpleNamespace(**metric) if isinstance(metric, dict) else metric)

    def write(self, task: Task | None, data: dict, *, by: Any) -> Task:
        fields = {name: data[name] for name in (*self.SCALARS, *self.NATURE_FIELDS)}
        if task is None:
            task = task_services.task_create(
                plan=data["plan"], code=data["code"], units=data["units"], by=by, **fields
            )
        else:
            task = task_services.task_update(
                task=task, by=by, expected_version=task.version, units=data["units"], **fields
            )
        on = max(task.start_date, self.today)
        active = list(task.assignments.filter(end_date__isnull=True).select_related("cadre"))
        lead = next((a for a in active if a.role == AssignmentRole.LEAD), None)
        for assignment in active:
            if (
                assignment.role == AssignmentRole.SUPPORT
                and assignment.cadre not in data["support"]
            ):
                task_services.assignment_end(
                    assignment=assignment,
                    end_date=max(on, assignment.start_date),
                    expected_version=assignment.version,
                    by=by,
                    reason=_("Removed by an import."),
                )
        if data["lead"] != (lead.cadre if lead else None):
            if lead is not None and data["lead"] is None:
                task_services.assignment_end(
                    assignment=lead,
                    end_date=max(on, lead.start_date),
                    expected_version=lead.version,
                    by=by,
                    reason=_("Removed by an import."),
                )
            elif lead is not None:
                task_services.lead_reassign(
                    task=task,
                    cadre=data["lead"],
                    on=max(on, lead.start_date + timedelta(days=1)),
                    by=by,
                )
            else:
                task_services.assignment_create(
                    task=task, cadre=data["lead"], role=AssignmentRole.LEAD, start_date=on, by=by
                )
        supporting = set(
            Assignment.objects.filter(
                task=task, role=AssignmentRole.SUPPORT, end_date__isnull=True
            ).values_list("cadre_id", flat=True)
        )
        for cadre in data["support"]:
            if cadre.pk not in supporting:
                task_services.assignment_create(
                    task=task, cadre=cadre, role=AssignmentRole.SUPPORT, start_date=on, by=by
                )
        metrics = {m.name: m for m in task.metrics.all()}
        for order, wanted in enumerate(data["metrics"]):
            metric = metrics.get(wanted["name"])
            if metric is None:
                task_services.metric_create(task=task, by=by, order=order, **wanted)
            elif (metric.unit, metric.baseline, metric.target) != (
                wanted["unit"],
                wanted["baseline"],
                wanted["target"],
            ):
                task_services.metric_update(
                    metric=metric,
                    by=by,
                    expected_version=metric.version,
                    unit=wanted["unit"],
                    baseline=wanted["baseline"],
                    target=wanted["target"],
                )
        return task
