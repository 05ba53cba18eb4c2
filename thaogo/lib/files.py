"""Recognising uploaded files by their content, not their name."""

import zipfile
from pathlib import PurePath
from typing import IO

from PIL import Image

# Office Open XML files are zip archives; the part names tell Word from Excel.
_OOXML = {
    "word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "xl/workbook.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
}


# The names a file of each recognised kind may carry.
_EXTENSIONS = {"jpg": {"jpg", "jpeg"}}


def name_matches(name: str, extension: str) -> bool:
    """Whether a file name ends the way a file of this (sniffed) kind should."""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    return suffix in _EXTENSIONS.get(extension, {extension})


def _is_whole_image(file: IO[bytes]) -> bool:
    """A picture that decodes to its end: not truncated, not a bomb, not another file with a
    picture's first bytes."""
    try:
        with Image.open(file) as picture:
            picture.load()
    except Exception:  # Pillow raises many kinds of error on a damaged picture
        return False
    finally:
        file.seek(0)
    return True


def sniff(file: IO[bytes]) -> tuple[str, str] | None:
    """(content type, extension) of a PDF, DOCX, XLSX, PNG, JPEG, GIF or WebP file, else None.
    Pictures must also decode whole."""
    kind = _sniff_head(file)
    if kind is not None and kind[0].startswith("image/") and not _is_whole_image(file):
        return None
    return kind


def _sniff_head(file: IO[bytes]) -> tuple[str, str] | None:
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif", "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            file.seek(0)
        for part, kind in _OOXML.items():
            if part in names:
                return kind
    return None
