"""Turn an uploaded file into the two JPEGs the portal serves: a display copy and a thumbnail.

The file is judged by its content, never its name: Pillow must recognise it as a JPEG, PNG,
WebP or GIF picture with no more pixels than THAOGO_MAX_IMAGE_PIXELS (the rule of every
upload, in thaogo/lib/files.py). SVG and HTML are not raster formats, so they are refused,
as is anything else. Re-encoding writes only pixels, so EXIF (camera, GPS position, time)
never reaches the public.
"""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from thaogo.lib.files import open_image

DISPLAY_SIZE = 1600
THUMBNAIL_SIZE = 400
JPEG_QUALITY = 85


@dataclass(frozen=True)
class ProcessedImage:
    display: bytes
    thumbnail: bytes
    width: int
    height: int
    thumb_width: int
    thumb_height: int


def _encode(picture: PILImage.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _flatten(picture: PILImage.Image) -> PILImage.Image:
    """RGB on a white background (JPEG has no transparency)."""
    if picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        background = PILImage.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return picture.convert("RGB")


def process_image(data: bytes, *, max_bytes: int) -> ProcessedImage:
    """Validate and re-encode an upload; raise ValidationError for anything but a photo."""
    if len(data) > max_bytes:
        raise ValidationError(
            _("The picture is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    not_a_picture = ValidationError(
        _("This file is not a picture. Upload a JPEG, PNG, WebP or GIF photo."),
        code="not_an_image",
    )
    try:
        # open_image refuses a pixel flood from the header, before anything is decoded.
        with open_image(io.BytesIO(data)) as probe:
            probe.verify()
        # verify() leaves the image unusable: open it again to read the pixels.
        with open_image(io.BytesIO(data)) as source:
            source.seek(0)  # the first frame of an animation
            picture = ImageOps.exif_transpose(source)
            picture = _flatten(picture)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_a_picture from None

    picture.thumbnail((DISPLAY_SIZE, DISPLAY_SIZE), PILImage.Resampling.LANCZOS)
    thumb = picture.copy()
    thumb.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE), PILImage.Resampling.LANCZOS)
    return ProcessedImage(
        display=_encode(picture),
        thumbnail=_encode(thumb),
        width=picture.width,
        height=picture.height,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
    )
