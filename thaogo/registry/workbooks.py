"""Reading an uploaded .xlsx safely, before any of it is trusted.

A file is refused whole, with a message that says what to do, when it is not an .xlsx (a
CSV renamed, an old .xls), is protected by a password, is damaged, has more rows than
THAOGO_IMPORT_MAX_ROWS, holds formulas, or has merged cells. What passes comes back as plain
values: the first sheet's header and its non-empty rows, each cell tagged with its kind so
that the rows can be kept as JSON between the preview and the confirmation.
"""

import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

from thaogo.lib.files import name_matches, sniff

# A workbook of a few thousand rows unpacks to a few megabytes; a zip bomb to gigabytes.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls, or an encrypted (password) .xlsx
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


class FileRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Sheet:
    headers: list[str]  # the header row as typed, one per column
    rows: list[dict]  # {"row": sheet row number, "cells": [tagged value per column]}


def tag(value: Any) -> list | None:
    """A cell's value as JSON: [kind, text]."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return ["date", value.date().isoformat()]
        return ["datetime", value.isoformat()]
    if isinstance(value, date):
        return ["date", value.isoformat()]
    if isinstance(value, int | float):
        return ["number", repr(value)]
    return ["text", str(value).strip()]


def _refuse_by_content(file: IO[bytes], name: str) -> None:
    file.seek(0)
    head = file.read(4096)
    file.seek(0)
    if head.startswith(_OLE):
        whole = file.read()
        file.seek(0)
        if _ENCRYPTED in whole:
            raise FileRefused(
                _(
                    "The workbook is protected by a password. Open it in Excel, remove the "
                    "password (File → Info → Protect Workbook), save it and upload it again."
                )
            )
        raise FileRefused(
            _("This is an old Excel file (.xls). Save it as .xlsx in Excel and upload it again.")
        )
    kind = sniff(file)
    if kind is None or kind[1] != "xlsx":
        if head and b"\x00" not in head and not head.startswith(b"PK"):
            raise FileRefused(
                _(
                    "This is a text (CSV) file, not an Excel workbook, whatever its name says. "
                    "Open it in Excel, save it as .xlsx and upload it again."
                )
            )
        raise FileRefused(
            _("This is not an Excel workbook (.xlsx), or it is damaged. Download the template.")
        )
    if not name_matches(name, "xlsx"):
        raise FileRefused(_("The file name must end in .xlsx."))
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(_("The workbook is damaged and cannot be read.")) from None
    finally:
        file.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRefused(_("The workbook is too large to import. Split it into smaller files."))


def _too_many_rows() -> FileRefused:
    limit = number_format(settings.THAOGO_IMPORT_MAX_ROWS, force_grouping=True)
    return FileRefused(
        _("The sheet has more than %(limit)s rows. Split it into files of at most %(limit)s rows.")
        % {"limit": limit}
    )


def read_sheet(file: IO[bytes], *, name: str) -> Sheet:
    """The first sheet of an uploaded workbook, or FileRefused saying why not."""
    if getattr(file, "size", 0) > settings.THAOGO_MAX_UPLOAD_BYTES:
        raise FileRefused(
            _("The file is larger than %(mb)s MB.")
            % {"mb": settings.THAOGO_MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    _refuse_by_content(file, name)
    limit = settings.THAOGO_IMPORT_MAX_ROWS
    try:
        # A first pass in streaming mode counts the rows without holding them.
        streaming = load_workbook(file, read_only=True, data_only=False)
        try:
            first = streaming.worksheets[0]
            for count, _row in enumerate(first.iter_rows(values_only=True), start=1):
                if count > limit + 1:  # the header row and `limit` rows
                    raise _too_many_rows()
        finally:
            streaming.close()
        file.seek(0)
        workbook = load_workbook(file, data_only=False)
    except FileRefused:
        raise
    except Exception:  # openpyxl raises many kinds of error on a damaged file
        raise FileRefused(_("The workbook is damaged and cannot be read.")) from None
    finally:
        file.seek(0)
    sheet = workbook.worksheets[0]
    for merged in sheet.merged_cells.ranges:
        where = merged.coord
        if merged.min_row == 1:
            raise FileRefused(
                _(
                    "The header cells %(cells)s are merged. Keep one column name per cell, as "
                    "in the template, and upload the file again."
                )
                % {"cells": where}
            )
        raise FileRefused(
            _("The cells %(cells)s are merged. Unmerge them, fill each cell, and upload again.")
            % {"cells": where}
        )
    rows = sheet.iter_rows()
    header_cells = next(rows, ())
    headers = [str(cell.value).strip() if cell.value is not None else "" for cell in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    found = []
    for cells in rows:
        tagged = []
        for cell in cells[: len(headers)]:
            if cell.data_type == "f" or isinstance(cell.value, ArrayFormula):
                raise FileRefused(
                    _(
                        "Cell %(cell)s holds a formula. Replace formulas by their values (copy, "
                        "then Paste Special → Values) and upload the file again."
                    )
                    % {"cell": f"{get_column_letter(cell.column)}{cell.row}"}
                )
            tagged.append(tag(cell.value))
        if any(value is not None for value in tagged):
            tagged += [None] * (len(headers) - len(tagged))
            found.append({"row": cells[0].row, "cells": tagged})
    workbook.close()
    return Sheet(headers=headers, rows=found)
