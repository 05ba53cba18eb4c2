"""Reading exported files back, as the Office's software would."""

import io

import docx
from openpyxl import load_workbook


def response_bytes(response) -> bytes:
    return b"".join(response.streaming_content)


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def document(data: bytes):
    return docx.Document(io.BytesIO(data))


def docx_text(data: bytes) -> str:
    word = document(data)
    lines = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def xlsx_text(data: bytes) -> str:
    book = workbook(data)
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def exported_text(response) -> str:
    """The text of an exported file (.xlsx or .docx) served by `response`."""
    data = response_bytes(response)
    if response["Content-Type"].endswith("spreadsheetml.sheet"):
        return xlsx_text(data)
    return docx_text(data)
