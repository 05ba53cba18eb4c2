"""The one check every attached file passes, whatever it is attached to."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from thaogo.lib.files import name_matches, sniff


def checked_attachment_type(file: UploadedFile) -> str:
    """The content type of a PDF, DOCX, XLSX or image within the size limit, recognised by its
    content; anything else is refused."""
    if file.size > settings.THAOGO_MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(mb)s MB.")
                % {"mb": settings.THAOGO_MAX_UPLOAD_BYTES // (1024 * 1024)}
            }
        )
    try:
        kind = sniff(file)
    except ValidationError as error:  # a picture too large to decode: say so by the field
        raise ValidationError({"file": error.messages}) from error
    # A name that lies about the content (a PDF called .exe) would be downloaded under it.
    if kind is None or not name_matches(file.name, kind[1]):
        raise ValidationError(
            {"file": _("Only PDF, Word (DOCX), Excel (XLSX) and image files can be attached.")}
        )
    return kind[0]
