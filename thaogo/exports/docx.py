"""Administrative documents as Word files, filled from templates an administrator can
replace: party.docx (Hướng dẫn 36-HD/VPTW) and state.docx (Nghị định 30/2020/NĐ-CP).

A template holds the page set-up, the named styles and the header and signature tables.
It names what Thaogo fills in with placeholders: `{{issuing_body}}`, `{{superior_body}}`,
`{{number}}`, `{{place_date}}`, `{{doc_type_name}}`, `{{summary}}`, `{{signer_title}}`,
`{{signer_name}}`, and two paragraphs that stand for whole blocks,
`{{body}}` and `{{recipients}}`. A placeholder may be split over several runs (Word splits
text as it is edited); one whose value is empty and that had a line to itself takes the line
away with it. The body uses the template's styles: "Body Text" (first-line indent),
"Heading 2", "Table Text" and "Recipient"; a replacement template must keep those names.

THAOGO_DOCX_TEMPLATE_DIR names a folder whose party.docx or state.docx, when present, is
used instead of the one shipped in templates_docx/ (which `python -m
thaogo.exports.templates_docx.build` regenerates).
"""

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

import docx
from django.conf import settings
from django.utils import translation
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.shared import Cm
from docx.table import Table
from docx.text.paragraph import Paragraph

from thaogo.exports.exporters import DOCX, Exporter
from thaogo.units.models import DocumentStyle, Unit

SHIPPED_TEMPLATES = Path(__file__).resolve().parent / "templates_docx"
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
BLOCKS = ("body", "recipients")
# The body's named styles, which every template defines.
BODY_STYLE = "Body Text"
HEADING_STYLE = "Heading 2"
TABLE_TEXT_STYLE = "Table Text"
RECIPIENT_STYLE = "Recipient"


def template_path(style: str) -> Path:
    name = f"{'state' if style == DocumentStyle.STATE else 'party'}.docx"
    replacement_dir = getattr(settings, "THAOGO_DOCX_TEMPLATE_DIR", "")
    if replacement_dir and (Path(replacement_dir) / name).is_file():
        return Path(replacement_dir) / name
    return SHIPPED_TEMPLATES / name


@dataclass
class Letterhead:
    """What the top and the foot of an administrative document say."""

    style: str  # DocumentStyle: "party" or "state"
    superior_body: str
    issuing_body: str
    number: str  # "Số 12-TB/QU", "Số: 05/TB-UBND", or the blank a clerk fills in
    place_date: str  # "Lê Chân, ngày 15 tháng 10 năm 2024"
    doc_type_name: str  # "THÔNG BÁO", "BÁO CÁO"
    summary: str
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- the words of the header

# A committee's name and the locality it leads: "Thành ủy Hải Phòng" leads the Party
# organisation (đảng bộ) of "thành phố Hải Phòng". Checked longest first.
_COMMITTEE_LOCALITIES = (
    ("thành ủy", "thành phố"),
    ("tỉnh ủy", "tỉnh"),
    ("quận ủy", "quận"),
    ("huyện ủy", "huyện"),
    ("thị ủy", "thị xã"),
    ("đảng ủy", ""),
)
_LOCALITY_WORDS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "quận", "huyện", "phường", "xã")
_AGENCY_WORDS = ("ủy ban nhân dân", "ubnd", *(c for c, _locality in _COMMITTEE_LOCALITIES))


def _strip_prefix(text: str, prefixes: Sequence[str]) -> tuple[str, str]:
    lowered = text.casefold()
    for prefix in sorted(prefixes, key=len, reverse=True):
        if lowered.startswith(prefix + " "):
            return prefix, text[len(prefix) + 1 :].strip()
    return "", text


def place_name(unit: Unit) -> str:
    """The place written before the date: "Lê Chân" for "Quận ủy Lê Chân" or "UBND quận Lê
    Chân". THAOGO_DOCUMENT_PLACE sets it outright where the rule does not fit."""
    if configured := getattr(settings, "THAOGO_DOCUMENT_PLACE", ""):
        return configured
    _agency, rest = _strip_prefix(unit.name, _AGENCY_WORDS)
    _locality, place = _strip_prefix(rest, _LOCALITY_WORDS)
    return place


def party_organisation(unit: Unit) -> str:
    """ "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG" for "Thành ủy Hải Phòng"."""
    committee, rest = _strip_prefix(unit.name, [c for c, _locality in _COMMITTEE_LOCALITIES])
    locality = dict(_COMMITTEE_LOCALITIES).get(committee, "")
    return f"ĐẢNG BỘ {locality} {rest}".replace("  ", " ").upper()


def issuing_unit(unit: Unit) -> Unit:
    """The unit whose name and code a document carries: `unit`, or the nearest unit above
    it that numbers documents (the Standing Committee issues as its Party committee)."""
    if unit.issuer_code:
        return unit
    for ancestor in reversed(unit.ancestors()):
        if ancestor.issuer_code:
            return ancestor
    return unit


def superior_body(unit: Unit) -> str:
    """The line above the issuing body: the Party organisation above a Party committee; the
    State agency above a State agency, none above a People's Committee."""
    parent = unit.parent
    if parent is None:
        return ""
    if unit.document_style == DocumentStyle.STATE:
        if parent.document_style != DocumentStyle.STATE or unit.kind.code == "peoples-committee":
            return ""
        return parent.name.upper()
    return party_organisation(parent)


def date_line(place: str, day: date) -> str:
    """ "Lê Chân, ngày 05 tháng 02 năm 2024": days before the 10th and January and February
    with a leading zero, as both Party and State rules write them."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    words = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {words}" if place else words.capitalize()


def number_line(style: str, symbol: str | None, doc_type: str, issuer_code: str) -> str:
    """ "Số 12-TB/QU" (Party) or "Số: 12/TB-UBND" (State); without a number yet, the blank
    that the clerk fills in when the document is registered."""
    if style == DocumentStyle.STATE:
        return f"Số: {symbol}" if symbol else f"Số:       /{doc_type}-{issuer_code}"
    return f"Số {symbol}" if symbol else f"Số       -{doc_type}/{issuer_code}"


# ---------------------------------------------------------------- filling a template


def _paragraphs(container: Any) -> Iterator[Paragraph]:
    yield from container.paragraphs
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from _paragraphs(cell)


def _all_paragraphs(document: WordDocument) -> list[Paragraph]:
    found = list(_paragraphs(document))
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                found.extend(_paragraphs(part))
    return found


def _replace_in_paragraph(paragraph: Paragraph, values: dict[str, str]) -> None:
    runs = paragraph.runs
    text = "".join(run.text for run in runs)
    matches = [m for m in _PLACEHOLDER.finditer(text) if m.group(1) in values]
    if not matches:
        return
    starts, position = [], 0
    for run in runs:
        starts.append(position)
        position += len(run.text)

    def run_at(offset: int) -> int:
        return max(i for i, start in enumerate(starts) if start <= offset)

    # From the last match back, so that the offsets of the earlier ones still hold.
    for match in reversed(matches):
        start, end = match.span()
        first, last = run_at(start), run_at(end - 1)
        for index in range(first, last + 1):
            run_text = runs[index].text
            head = run_text[: start - starts[index]] if index == first else ""
            tail = run_text[end - starts[index] :] if index == last else ""
            runs[index].text = head + (values[match.group(1)] if index == first else "") + tail
    only_placeholders = not _PLACEHOLDER.sub("", text).strip()
    if only_placeholders and not paragraph.text.strip():
        _remove(paragraph)


def _remove(paragraph: Paragraph) -> None:
    element = paragraph._p
    element.getparent().remove(element)


class DocumentBody:
    """Writes paragraphs and tables where a block placeholder stood, in the template's
    styles."""

    def __init__(self, document: WordDocument, marker: Paragraph) -> None:
        self.document = document
        self.marker = marker

    def paragraph(self, text: str = "", style: str = BODY_STYLE, *, bold: bool = False):
        paragraph = self.marker.insert_paragraph_before(style=style)
        if text:
            paragraph.add_run(text).bold = bold or None
        return paragraph

    def heading(self, text: str) -> Paragraph:
        return self.paragraph(text, HEADING_STYLE)

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths_cm: Sequence[float]
    ) -> Table:
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.paragraphs[0].style = self.document.styles[TABLE_TEXT_STYLE]
            cell.paragraphs[0].add_run(header).bold = True
        for values in rows:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.paragraphs[0].style = self.document.styles[TABLE_TEXT_STYLE]
                cell.paragraphs[0].add_run(value)
        table.autofit = False
        for index, row in enumerate(table.rows):
            properties = row._tr.get_or_add_trPr()
            properties.append(OxmlElement("w:cantSplit"))  # a row stays on one page
            if index == 0:
                properties.append(OxmlElement("w:tblHeader"))  # repeated on each page
        for column, width in zip(table.columns, widths_cm, strict=True):
            column.width = Cm(width)  # the grid, which LibreOffice follows
            for cell in column.cells:
                cell.width = Cm(width)  # each cell, which Word follows
        self.marker._p.addprevious(table._tbl)
        self.paragraph("")  # a table straight after another block needs a line between
        return table


def fill(
    document: WordDocument,
    letterhead: Letterhead,
    write_body: Callable[[DocumentBody], None],
) -> None:
    values = {
        "superior_body": letterhead.superior_body,
        "issuing_body": letterhead.issuing_body,
        "number": letterhead.number,
        "place_date": letterhead.place_date,
        "doc_type_name": letterhead.doc_type_name,
        "summary": letterhead.summary,
        "signer_title": letterhead.signer_title,
        "signer_name": letterhead.signer_name,
    }
    for paragraph in _all_paragraphs(document):
        block = _PLACEHOLDER.fullmatch(paragraph.text.strip())
        if block and block.group(1) in BLOCKS:
            body = DocumentBody(document, paragraph)
            if block.group(1) == "body":
                write_body(body)
            else:
                for line in letterhead.recipients:
                    body.paragraph(line, RECIPIENT_STYLE)
            _remove(paragraph)
        else:
            _replace_in_paragraph(paragraph, values)


class DocumentExporter(Exporter):
    """An administrative document as .docx, in the format of its issuing unit's numbering
    style. Always in Vietnamese: it is the document itself, not a page about it."""

    extension = "docx"
    content_type = DOCX

    def letterhead(self) -> Letterhead:
        raise NotImplementedError

    def write_body(self, body: DocumentBody) -> None:
        raise NotImplementedError

    def write(self, out: IO[bytes]) -> None:
        with translation.override("vi"):
            letterhead = self.letterhead()
            document = docx.Document(str(template_path(letterhead.style)))
            fill(document, letterhead, self.write_body)
        document.save(out)
