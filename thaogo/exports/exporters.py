"""One shape for every file the Office sends, after pretix's base/exporter.py: an exporter
names itself (`identifier`, `verbose_name`), checks who asks (`authorize`) and renders one
file (`render`). A view hands that file to the browser and the `export` command writes it to
disk, so the page and the scheduled job send the same bytes.

Spreadsheets are written with openpyxl in write-only mode into a temporary file, row by row
from a database iterator: a list of 100,000 tasks exports in bounded memory
(`python -m bench.export_tasks`). Word documents are filled from the replaceable templates
in docx.py.
"""

import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, ClassVar

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from thaogo.lib.text import slugify_vi

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# Excel shows these with the reader's own separators: "1.234,5" on a Vietnamese system.
NUMBER_FORMATS = {"integer": "#,##0", "decimal": "#,##0.00", "percent": "0.0%"}


def scheduled_job_user() -> User:
    """Who the `export` command runs as without --user: an administrator who is never saved,
    so the selectors give it everything, as they give every administrator."""
    return User(username="thaogo-export", is_superuser=True, is_active=True)


@dataclass(frozen=True)
class ExportFile:
    """A rendered export: its name, its type, and the file, at its start. Whoever receives
    it closes the file (a temporary file: closing deletes it)."""

    filename: str
    content_type: str
    file: IO[bytes]


class Exporter:
    """The base of every export. A subclass sets the class attributes, takes its options as
    keyword arguments, and writes its file in `write`."""

    identifier: ClassVar[str]
    verbose_name: ClassVar[Any]  # a lazy translation
    filename_stem: ClassVar[Any]
    extension: ClassVar[str]
    content_type: ClassVar[str]

    def __init__(self, *, user: Any, today: date) -> None:
        self.user = user
        self.today = today

    def authorize(self) -> None:
        """Raise Http404 or PermissionDenied if the user may not have this export."""

    def filename(self) -> str:
        return f"{slugify_vi(str(self.filename_stem))}-{self.today:%Y-%m-%d}.{self.extension}"

    def write(self, out: IO[bytes]) -> None:
        raise NotImplementedError

    def render(self) -> ExportFile:
        self.authorize()
        out = tempfile.TemporaryFile()  # noqa: SIM115 (handed on: the receiver closes it)
        try:
            self.write(out)
            out.seek(0)
        except BaseException:
            out.close()
            raise
        return ExportFile(self.filename(), self.content_type, out)


EXPORTERS: dict[str, type[Exporter]] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    """Make an exporter reachable by its identifier (the `export` command's subcommands)."""
    EXPORTERS[cls.identifier] = cls
    return cls


# ---------------------------------------------------------------- spreadsheets


@dataclass(frozen=True)
class Column:
    """One column of a list: its header and what its cells hold. `kind` is "text", "date",
    "datetime", "integer", "decimal" or "percent" (a value from 0 to 100)."""

    header: Any
    kind: str = "text"
    width: float = 14


def _text(value: Any) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _cell(sheet: WriteOnlyWorksheet, kind: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if kind in ("date", "datetime"):
        if isinstance(value, datetime):
            value = timezone.localtime(value) if value.tzinfo else value
            value = value.replace(tzinfo=None, microsecond=0)
            if kind == "date":
                value = value.date()
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT if kind == "date" else DATETIME_FORMAT
        return cell
    if kind in NUMBER_FORMATS and isinstance(value, int | float | Decimal):
        cell = WriteOnlyCell(sheet, value=value / 100 if kind == "percent" else value)
        cell.number_format = NUMBER_FORMATS[kind]
        return cell
    text = _text(value)
    if text.startswith("="):  # text, never a formula
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text


def _header_row(sheet: WriteOnlyWorksheet, headers: Iterable[Any]) -> list[WriteOnlyCell]:
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=_text(header))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cells.append(cell)
    return cells


class ListExporter(Exporter):
    """A list as an .xlsx workbook: one sheet of rows under a frozen, bold header with an
    autofilter, and a sheet "Thông tin" saying what the list holds (its filters and the date
    it was true on)."""

    extension = "xlsx"
    content_type = XLSX

    def columns(self) -> Sequence[Column]:
        raise NotImplementedError

    def rows(self) -> Iterable[Sequence[Any]]:
        """The rows, one value per column, read lazily: a long list is never held whole."""
        raise NotImplementedError

    def filters(self) -> list[tuple[Any, Any]]:
        """(label, value) for each filter applied, as the list's page names them."""
        return []

    def sheet_title(self) -> str:
        return str(self.verbose_name)

    def write(self, out: IO[bytes]) -> None:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_sheet_name(self.sheet_title()))
        columns = list(self.columns())
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.append(_header_row(sheet, (column.header for column in columns)))
        count = 0
        for row in self.rows():
            cells = zip(columns, row, strict=True)
            sheet.append([_cell(sheet, column.kind, value) for column, value in cells])
            count += 1
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
        self._write_information(workbook, count)
        workbook.save(out)

    def _write_information(self, workbook: Workbook, count: int) -> None:
        sheet = workbook.create_sheet(_("Information"))
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 60
        sheet.append(_header_row(sheet, [self.verbose_name, ""]))
        filters = self.filters() or [(_("Filters"), _("None: the whole list"))]
        rows: list[tuple[Any, Any, str]] = [
            (_("As of"), self.today, "date"),
            (_("Rows"), count, "integer"),
            (_("Exported at"), timezone.now(), "datetime"),
            (_("Exported by"), _exporter_name(self.user), "text"),
            *((label, value, "text") for label, value in filters),
        ]
        for label, value, kind in rows:
            sheet.append([_text(label), _cell(sheet, kind, value)])


class TableExporter(ListExporter):
    """A table built elsewhere (a page's figures: by cadre, reporting compliance ...) as a
    spreadsheet: the caller gives the columns, the rows and the filters it was computed
    with."""

    identifier = "table"
    extension = "xlsx"

    def __init__(
        self,
        *,
        user: Any,
        today: date,
        title: Any,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Any]],
        filters: list[tuple[Any, Any]] | None = None,
        filename_stem: Any = None,
    ) -> None:
        super().__init__(user=user, today=today)
        self.verbose_name = title
        self.filename_stem = filename_stem or title
        self._columns = columns
        self._rows = rows
        self._filters = filters or []

    def columns(self) -> Sequence[Column]:
        return self._columns

    def rows(self) -> Iterable[Sequence[Any]]:
        return self._rows

    def filters(self) -> list[tuple[Any, Any]]:
        return self._filters


def _sheet_name(title: str) -> str:
    # Excel refuses these characters in a sheet name, and names longer than 31.
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet"


def _exporter_name(user: Any) -> str:
    if user is None or not getattr(user, "pk", None):
        return _("Scheduled export (all data)")
    return user.get_full_name() or user.get_username()
