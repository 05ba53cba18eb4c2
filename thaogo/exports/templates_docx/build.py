"""Write the shipped templates party.docx and state.docx (run after changing this file):

    python -m thaogo.exports.templates_docx.build

They are ordinary Word files: an administrator may open one in Word, change the wording,
the signer or the styles, keep the placeholders (see thaogo/exports/docx.py) and put it in
THAOGO_DOCX_TEMPLATE_DIR. Party: Hướng dẫn 36-HD/VPTW; State: Nghị định 30/2020/NĐ-CP,
Phụ lục I.
"""

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Layout:
    name: str
    margins_mm: tuple[int, int, int, int]  # top, bottom, left, right
    body_pt: int
    header_pt: int  # the issuing body's lines
    national_lines: tuple[tuple[str, int, bool], ...]  # text, size, underlined
    left_under_issuer: str  # "*" for the Party; a short rule for the State
    left_width_cm: float
    right_width_cm: float
    type_pt: int
    summary_pt: int
    recipients_heading: tuple[int, bool, bool, bool]  # size, bold, italic, underlined
    recipient_pt: int
    signer_authority: str


PARTY = Layout(
    name="party",
    margins_mm=(20, 20, 30, 15),
    body_pt=14,
    header_pt=14,
    national_lines=(("ĐẢNG CỘNG SẢN VIỆT NAM", 15, True),),
    left_under_issuer="*",
    left_width_cm=9.2,
    right_width_cm=8.0,
    type_pt=16,
    summary_pt=14,
    recipients_heading=(14, False, False, True),
    recipient_pt=12,
    signer_authority="T/M BAN THƯỜNG VỤ",
)
STATE = Layout(
    name="state",
    margins_mm=(20, 20, 30, 15),
    body_pt=14,
    header_pt=13,
    national_lines=(
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, False),
        ("Độc lập - Tự do - Hạnh phúc", 13, True),
    ),
    left_under_issuer="rule",
    left_width_cm=7.0,
    right_width_cm=10.0,
    type_pt=14,
    summary_pt=14,
    recipients_heading=(12, True, True, False),
    recipient_pt=11,
    signer_authority="TM. ỦY BAN NHÂN DÂN",
)


def _times(element) -> None:
    """Times New Roman for every script, with no theme font overriding it."""
    r_pr = element.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        element.append(r_pr)
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)


def _style(document, name, *, size, bold=False, italic=False, base="Normal", kind=1):
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, kind)
    if name != "Normal":
        style.base_style = styles[base]
    _times(style.element)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = None
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.first_line_indent = None
    return style


def _styles(document, layout: Layout) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr_default = defaults.find(qn("w:rPrDefault"))
        if r_pr_default is not None:
            _times(r_pr_default)
    normal = _style(document, "Normal", size=layout.body_pt)
    normal.paragraph_format.line_spacing = 1.0
    body = _style(document, "Body Text", size=layout.body_pt)
    body.paragraph_format.first_line_indent = Cm(1.27)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.space_after = Pt(6)
    body.paragraph_format.line_spacing = 1.15
    heading = _style(document, "Heading 2", size=layout.body_pt, bold=True, base="Body Text")
    heading.paragraph_format.first_line_indent = Cm(1.27)
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    kind = _style(document, "Document Type", size=layout.type_pt, bold=True)
    kind.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    kind.paragraph_format.space_before = Pt(18)
    summary = _style(document, "Document Summary", size=layout.summary_pt, bold=True)
    summary.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    summary.paragraph_format.space_after = Pt(18)
    _style(document, "Table Text", size=13)
    size, bold, italic, underline = layout.recipients_heading
    recipients = _style(document, "Recipients Heading", size=size, bold=bold, italic=italic)
    recipients.font.underline = underline
    _style(document, "Recipient", size=layout.recipient_pt)
    signer = _style(document, "Signature", size=14, bold=True)
    signer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _page(document, layout: Layout) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, bottom, left, right = layout.margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)


def _line(cell_or_doc, text, *, size, bold=False, italic=False, underline=False, first=False):
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold or None
        run.italic = italic or None
        run.underline = underline or None
    return paragraph


def _short_rule(cell) -> None:
    """A short line centred under the issuing agency (Nghị định 30: one third to one half
    of the line above)."""
    paragraph = cell.add_paragraph()
    paragraph.paragraph_format.left_indent = Cm(2.0)
    paragraph.paragraph_format.right_indent = Cm(2.0)
    run = paragraph.add_run()
    run.font.size = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _two_columns(document, layout: Layout):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Cm(layout.left_width_cm), Cm(layout.right_width_cm))
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = cell.width = width
    return table.rows[0].cells


def _header(document, layout: Layout) -> None:
    left, right = _two_columns(document, layout)
    size = layout.header_pt
    _line(left, "{{superior_body}}", size=size, first=True)
    _line(left, "{{issuing_body}}", size=size, bold=True)
    if layout.left_under_issuer == "rule":
        _short_rule(left)
    else:
        _line(left, layout.left_under_issuer, size=size)
    _line(left, "{{number}}", size=size if layout.name == "party" else 13)
    for index, (text, line_size, underlined) in enumerate(layout.national_lines):
        _line(right, text, size=line_size, bold=True, underline=underlined, first=index == 0)
    _line(right, "", size=size)
    _line(right, "{{place_date}}", size=14, italic=True)


def _title_and_body(document) -> None:
    document.add_paragraph("{{doc_type_name}}", style="Document Type")
    document.add_paragraph("{{summary}}", style="Document Summary")
    document.add_paragraph("{{body}}", style="Body Text")


def _signature(document, layout: Layout) -> None:
    document.add_paragraph("")
    left, right = _two_columns(document, layout)
    left.paragraphs[0].style = document.styles["Recipients Heading"]
    left.paragraphs[0].add_run("Nơi nhận:")
    left.add_paragraph("{{recipients}}", style="Recipient")
    right.paragraphs[0].style = document.styles["Signature"]
    right.paragraphs[0].add_run(layout.signer_authority)
    right.add_paragraph("{{signer_title}}", style="Signature")
    for _blank in range(3):
        right.add_paragraph("", style="Signature")
    right.add_paragraph("{{signer_name}}", style="Signature")


def build(layout: Layout, path: Path) -> None:
    document = docx.Document()
    _styles(document, layout)
    _page(document, layout)
    # The default document starts with no paragraph; the header table comes first.
    _header(document, layout)
    _title_and_body(document)
    _signature(document, layout)
    document.core_properties.title = f"Thaogo — {layout.name}"
    document.core_properties.author = "Thaogo"
    document.save(str(path))


def main() -> None:
    for layout in (PARTY, STATE):
        build(layout, HERE / f"{layout.name}.docx")
        print(f"wrote {HERE / layout.name}.docx")


if __name__ == "__main__":
    main()
