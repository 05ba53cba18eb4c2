"""One import flow for every list: upload an .xlsx, preview each row, confirm.

An Importer names the exporter whose layout it reads (so the template to fill is that
export without rows, and an exported list imports back unchanged), parses each row into
plain values, finds the record the row's natural key names, says which fields would change,
and writes a row through the services. The uploaded rows are kept server-side in an
ImportBatch between the preview and the confirmation; the confirmation parses and compares
them again against the database as it is then, and writes every row in one transaction.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from thaogo.core.forms import EARLIEST_YEAR, LATEST_YEAR
from thaogo.exports.exporters import ListExporter
from thaogo.lib.numbers import NumberError, format_number, parse_number
from thaogo.lib.text import fold

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"


class CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class RowResult:
    number: int  # the row's number in the sheet
    key: str = ""
    status: str = NEW
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    record: Any = None


@dataclass
class Preview:
    rows: list[RowResult]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def has_errors(self) -> bool:
        return any(row.status == ERROR for row in self.rows)

    @property
    def to_write(self) -> list[RowResult]:
        return [row for row in self.rows if row.status in (NEW, CHANGED)]


# ---------------------------------------------------------------- cell values


def cell_text(cell: list | None) -> str:
    if cell is None:
        return ""
    kind, value = cell
    if kind == "number":
        number = Decimal(value)
        return format(number.to_integral_value() if number == int(number) else number, "f")
    if kind == "date":
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if kind == "bool":
        return _("Yes") if value else _("No")
    return str(value)


_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Excel's serial day numbers of 1/1/1900 and 31/12/2100.
_FIRST_SERIAL, _LAST_SERIAL = 1, 73415


def _checked(day: date) -> date:
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise CellError(_("The date %(date)s is out of range.") % {"date": f"{day:%d/%m/%Y}"})
    return day


def cell_date(cell: list | None) -> date | None:
    """A date cell; a date typed as text or as Excel's serial number when it can be read
    only one way. "15/10/2024" is accepted; "05/10/2024" (5 October or 10 May?) is not."""
    if cell is None:
        return None
    kind, value = cell
    if kind == "date":
        return _checked(date.fromisoformat(value))
    if kind == "datetime":
        raise CellError(_("A date is expected here, without a time of day."))
    if kind == "number":
        number = Decimal(value)
        if number != int(number) or not _FIRST_SERIAL <= number <= _LAST_SERIAL:
            raise CellError(
                _("“%(value)s” is not a date. Enter a date cell, e.g. 15/10/2024.")
                % {"value": value}
            )
        return _checked(from_excel(int(number)).date())
    text = str(value).strip()
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        if day <= 12 and month <= 12 and day != month:
            raise CellError(
                _(
                    "“%(value)s” can be read as %(first)s or as %(second)s. Enter the date as "
                    "an Excel date cell, or as yyyy-mm-dd (%(iso)s)."
                )
                % {
                    "value": text,
                    "first": f"{day:02d}/{month:02d}/{year}",
                    "second": f"{month:02d}/{day:02d}/{year}",
                    "iso": f"{year}-{month:02d}-{day:02d}",
                }
            )
    else:
        raise CellError(
            _("“%(value)s” is not a date. Enter a date cell, e.g. 15/10/2024.") % {"value": text}
        )
    try:
        return _checked(date(year, month, day))
    except ValueError:
        raise CellError(_("“%(value)s” is not a date that exists.") % {"value": text}) from None


def cell_decimal(text: str) -> Decimal:
    try:
        return parse_number(text.strip(), max_digits=14, decimal_places=2)
    except NumberError:
        raise CellError(
            _("“%(value)s” is not a number written the Vietnamese way, e.g. 30.907,38.")
            % {"value": text}
        ) from None


def choice(text: str, options: dict[str, Any], what: str) -> Any:
    """The option whose label (or code) is `text`, compared without accents or case."""
    found = {fold(str(label)): value for label, value in options.items()}
    if fold(text) in found:
        return found[fold(text)]
    raise CellError(
        _("Unknown %(what)s “%(value)s”. Use one of: %(options)s.")
        % {"what": what, "value": text, "options": ", ".join(str(label) for label in options)}
    )


def yes_no(text: str) -> bool:
    return choice(text or _("Yes"), {_("Yes"): True, _("No"): False}, _("value"))


def shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return format_number(value, trim=True)
    if isinstance(value, list | tuple | set):
        return "; ".join(sorted(shown(item) for item in value)) or "—"
    return str(value)


# ---------------------------------------------------------------- importers


class Importer:
    kind: ClassVar[str]
    verbose_name: ClassVar[Any]
    exporter: ClassVar[type[ListExporter]]
    # The record field each exported column fills, in the exporter's order; None: a column
    # the export shows but the import does not read (a derived figure).
    fields: ClassVar[list[str | None]]
    required: ClassVar[set[str]] = set()
    list_url: ClassVar[str]

    def __init__(self, *, user: Any, today: date) -> None:
        self.user = user
        self.today = today

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.template().columns()]

    def template(self) -> ListExporter:
        return self.exporter(user=self.user, today=self.today)

    def labels(self) -> dict[str, str]:
        return {f: h for f, h in zip(self.fields, self.headers(), strict=True) if f}

    # Subclasses implement these four.
    def parse(self, cells: dict[str, list | None], row: RowResult) -> None:
        """Fill row.data from the cells, or add to row.errors (via self.cell)."""
        raise NotImplementedError

    def find(self, data: dict) -> Any:
        raise NotImplementedError

    def compare(self, record: Any, data: dict) -> list[Change]:
        raise NotImplementedError

    def write(self, record: Any, data: dict, *, by: Any) -> Any:
        raise NotImplementedError

    def cell(self, row: RowResult, name: str, read: Any, cells: dict) -> Any:
        """`read(cell)` for the field `name`, its error recorded with its row and column."""
        try:
            value = read(cells.get(name))
        except CellError as error:
            index = self.fields.index(name)
            row.errors.append(
                _("Row %(row)s, column %(column)s (%(header)s): %(message)s")
                % {
                    "row": row.number,
                    "column": get_column_letter(index + 1),
                    "header": self.headers()[index],
                    "message": error.message,
                }
            )
            return None
        if name in self.required and value in (None, "", []):
            index = self.fields.index(name)
            row.errors.append(
                _("Row %(row)s, column %(column)s (%(header)s): this cell must be filled in.")
                % {
                    "row": row.number,
                    "column": get_column_letter(index + 1),
                    "header": self.headers()[index],
                }
            )
        return value

    def diff(self, pairs: list[tuple[str, Any, Any]]) -> list[Change]:
        labels = self.labels()
        return [
            Change(labels.get(name, name), shown(old), shown(new))
            for name, old, new in pairs
            if old != new
        ]

    # The flow.
    def columns_of(self, headers: list[str]) -> dict[str, int]:
        """Which sheet column holds each field; raises CellError naming what is wrong."""
        expected = {fold(h): f for h, f in zip(self.headers(), self.fields, strict=True)}
        found: dict[str, int] = {}
        unknown = []
        for index, header in enumerate(headers):
            name = expected.get(fold(header), "?")
            if name == "?":
                unknown.append(header or get_column_letter(index + 1))
            elif name is not None:
                if name in found:
                    raise CellError(
                        _("The column “%(header)s” appears twice.") % {"header": header}
                    )
                found[name] = index
        if unknown:
            raise CellError(
                _("Unknown columns: %(columns)s. Use the template's columns.")
                % {"columns": ", ".join(unknown)}
            )
        missing = [
            h for h, f in zip(self.headers(), self.fields, strict=True) if f and f not in found
        ]
        if missing:
            raise CellError(
                _("Missing columns: %(columns)s. Download the template and fill it in.")
                % {"columns": ", ".join(missing)}
            )
        return found

    def preview(self, headers: list[str], rows: list[dict]) -> Preview:
        columns = self.columns_of(headers)
        results = []
        seen: dict[str, int] = {}
        for raw in rows:
            row = RowResult(number=raw["row"])
            cells = {name: raw["cells"][index] for name, index in columns.items()}
            self.parse(cells, row)
            if not row.errors:
                row.key = self.key(row.data)
                if row.key in seen:
                    row.errors.append(
                        _("Row %(row)s repeats row %(first)s (%(key)s).")
                        % {"row": row.number, "first": seen[row.key], "key": row.key}
                    )
                else:
                    seen[row.key] = row.number
            if not row.errors:
                try:
                    row.record = self.find(row.data)
                    if row.record is None:
                        row.status = NEW
                    else:
                        row.changes = self.compare(row.record, row.data)
                        row.status = CHANGED if row.changes else UNCHANGED
                except CellError as error:
                    row.errors.append(
                        _("Row %(row)s: %(message)s")
                        % {"row": row.number, "message": error.message}
                    )
            if row.errors:
                row.status = ERROR
            results.append(row)
        return Preview(results)

    def key(self, data: dict) -> str:
        raise NotImplementedError

    def apply(self, headers: list[str], rows: list[dict], *, only_valid: bool, by: Any) -> Preview:
        """Write the new and changed rows in one transaction; with errors and not
        `only_valid`, nothing. A service's refusal undoes every row."""
        with transaction.atomic():
            preview = self.preview(headers, rows)
            if preview.has_errors and not only_valid:
                return preview
            for row in preview.to_write:
                try:
                    # Rows later in the file may name what earlier rows create.
                    record = self.find(row.data) if row.record is None else row.record
                    self.write(record, row.data, by=by)
                except ValidationError as error:
                    raise ValidationError(
                        _("Row %(row)s: %(message)s")
                        % {"row": row.number, "message": " ".join(error.messages)}
                    ) from None
            return preview


IMPORTERS: dict[str, type[Importer]] = {}


def register(cls: type[Importer]) -> type[Importer]:
    IMPORTERS[cls.kind] = cls
    return cls
