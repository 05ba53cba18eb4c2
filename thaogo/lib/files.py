"""Recognising uploaded files by their content, not their name, without letting a small file
cost a worker a lot of memory: a picture's pixels are counted from its header before any is
decoded, and an Office file's zip directory is sized from its last bytes before it is read."""

import io
import struct
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image

# The raster formats Thaogo accepts anywhere; Pillow tries no other decoder on an upload.
IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")

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
# A Word or Excel file has tens of parts, a big workbook a few thousand. zipfile builds an
# object per directory entry, so a directory of a million tiny entries (a 20 MB upload)
# would cost hundreds of megabytes: anything beyond these is not an Office file we take.
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_DIRECTORY_BYTES = 1024 * 1024

# The names a file of each recognised kind may carry.
_EXTENSIONS = {"jpg": {"jpg", "jpeg"}}


def name_matches(name: str, extension: str) -> bool:
    """Whether a file name ends the way a file of this (sniffed) kind should."""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    return suffix in _EXTENSIONS.get(extension, {extension})


# ---------------------------------------------------------------- pictures


def _too_many_pixels(width: int = 0, height: int = 0, frames: int = 1) -> ValidationError:
    limit = number_format(settings.THAOGO_MAX_IMAGE_PIXELS, force_grouping=True)
    if not width:
        message = _(
            "The picture has more than %(limit)s pixels. Reduce its size and upload it again."
        )
        return ValidationError(message % {"limit": limit}, code="too_many_pixels")
    size = {
        "width": number_format(width, force_grouping=True),
        "height": number_format(height, force_grouping=True),
        "frames": number_format(frames, force_grouping=True),
        "limit": limit,
    }
    if frames > 1:
        message = _(
            "The picture is an animation of %(frames)s frames of %(width)s × %(height)s "
            "pixels; at most %(limit)s pixels in all frames together are accepted. Reduce its "
            "size or number of frames and upload it again."
        )
    else:
        message = _(
            "The picture is %(width)s × %(height)s pixels; at most %(limit)s pixels are "
            "accepted. Reduce its size and upload it again."
        )
    return ValidationError(message % size, code="too_many_pixels")


def check_image_pixels(picture: Image.Image) -> None:
    """Refuse a picture whose decoded pixels, over all its frames, exceed the setting
    THAOGO_MAX_IMAGE_PIXELS.

    Image.open reads only the header, so this runs before any pixel is decoded: a 600 KB
    PNG of 13000 × 13000 pixels would take 500 MB once decoded. Animated GIF, WebP and PNG
    count their frames from headers too (GIF skips over each frame's data unread).
    """
    width, height = picture.size
    frames = max(1, getattr(picture, "n_frames", 1))
    if width * height * frames > settings.THAOGO_MAX_IMAGE_PIXELS:
        raise _too_many_pixels(width, height, frames)


@contextmanager
def open_image(file: IO[bytes]) -> Iterator[Image.Image]:
    """`with open_image(file) as picture:` the picture in `file`, opened by its header only and
    already checked by check_image_pixels(); picture.load() decodes it.

    Raises ValidationError for a pixel flood, and Pillow's own errors (UnidentifiedImageError,
    OSError, ...) for anything that is not a JPEG, PNG, GIF or WebP picture.
    """
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own limit (about 89 megapixels) and refuses at twice
            # that; check_image_pixels applies ours, with a message for the user.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            picture = Image.open(file, formats=IMAGE_FORMATS)
    except Image.DecompressionBombError:
        # Beyond twice Pillow's limit: it gives no picture whose size could be named.
        raise _too_many_pixels() from None
    # Leaving the block lets go of the picture but leaves the caller's file open.
    with picture:
        check_image_pixels(picture)
        yield picture


def _is_whole_image(file: IO[bytes]) -> bool:
    """A picture that decodes to its end: not truncated, not another file with a picture's
    first bytes. Raises ValidationError for a pixel flood, before decoding it."""
    try:
        with open_image(file) as picture:
            picture.load()
    except ValidationError:
        raise
    except Exception:  # Pillow raises many kinds of error on a damaged picture
        return False
    finally:
        file.seek(0)
    return True


# ---------------------------------------------------------------- zip archives

_END = struct.Struct("<4s4H2LH")  # end of central directory record
_END_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_END = struct.Struct("<4sQ2H2L4Q")
_ZIP64_END_SIGNATURE = b"PK\x06\x06"


def _zip_directory_is_small(file: IO[bytes]) -> bool:
    """Whether the zip's central directory, as its end record declares it, is small enough
    for zipfile to read. Reads only the last 64 KB (and a zip64 record if there is one)."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    tail_size = min(size, _END.size + 0xFFFF)  # the record, then a comment of up to 64 KB
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    at = tail.rfind(_END_SIGNATURE)
    if at < 0 or at + _END.size > len(tail):
        return False
    _sig, _disk, _start_disk, _here, members, directory_size, _offset, _comment = _END.unpack_from(
        tail, at
    )
    if members == 0xFFFF or directory_size == 0xFFFFFFFF:
        locator_at = at - _ZIP64_LOCATOR.size
        if locator_at < 0:
            return False
        signature, _disk, record_offset, _disks = _ZIP64_LOCATOR.unpack_from(tail, locator_at)
        if signature != _ZIP64_LOCATOR_SIGNATURE or record_offset + _ZIP64_END.size > size:
            return False
        file.seek(record_offset)
        record = file.read(_ZIP64_END.size)
        if len(record) < _ZIP64_END.size:
            return False
        fields = _ZIP64_END.unpack(record)
        if fields[0] != _ZIP64_END_SIGNATURE:
            return False
        members, directory_size = fields[7], fields[8]
    return members <= MAX_ZIP_MEMBERS and directory_size <= MAX_ZIP_DIRECTORY_BYTES


def _office_kind(file: IO[bytes]) -> tuple[str, str] | None:
    # zipfile reads only the central directory (the list of names); no member is ever
    # decompressed here, so a member declaring gigabytes costs nothing.
    try:
        if not _zip_directory_is_small(file):
            return None
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, struct.error, OSError, ValueError, EOFError):
        return None
    finally:
        file.seek(0)
    for part, kind in _OOXML.items():
        if part in names:
            return kind
    return None


# ---------------------------------------------------------------- recognising a file


def sniff(file: IO[bytes]) -> tuple[str, str] | None:
    """(content type, extension) of a PDF, DOCX, XLSX, PNG, JPEG, GIF or WebP file, else None.

    Pictures must also decode whole. Raises ValidationError (code "too_many_pixels") for a
    picture with more pixels than THAOGO_MAX_IMAGE_PIXELS, without decoding it.
    """
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
        return _office_kind(file)
    return None
