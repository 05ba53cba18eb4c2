"""Small files that would cost a worker a lot of memory: a "pixel flood" picture (a few KB of
PNG that decodes to 13000 × 13000 pixels), animations of many frames, and zip archives whose
directory or members are huge. Every upload path refuses the pictures before decoding them,
with a message naming the limit, and the Office sniffer reads only the zip's directory."""

import io
import struct
import zipfile
import zlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from tests.helpers import assert_vietnamese
from tests.portal.conftest import portal  # noqa: F401
from thaogo.direction.models import Proposal, ProposalAttachment
from thaogo.documents.models import Document, DocumentType
from thaogo.lib.files import MAX_ZIP_MEMBERS, sniff
from thaogo.portal import services as portal_services
from thaogo.portal.images import process_image
from thaogo.portal.models import Image
from thaogo.reporting.models import Attachment, ReportObligation

MB = 1024 * 1024


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def flood_png(width: int = 13000, height: int = 13000) -> bytes:
    """A black 1-bit PNG, written row by row so the test itself never holds the pixels:
    about 20 KB on disk, 169 million pixels once decoded."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then 8 pixels a byte
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def animation(kind: str, *, frames: int = 10, size: int = 400) -> bytes:
    """An animated GIF, WebP or PNG whose every frame differs (so none is merged away)."""
    colours = [(20 * i, 255 - 20 * i, 90) for i in range(frames)]
    pictures = [PILImage.new("RGB", (size, size), colour) for colour in colours]
    out = io.BytesIO()
    pictures[0].save(out, kind, save_all=True, append_images=pictures[1:], duration=100)
    return out.getvalue()


def upload(data: bytes, name: str = "ban-do.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "image/png")


def assert_pixel_message(text: str) -> None:
    assert "điểm ảnh" in text, text
    assert "50.000.000" in text, text
    assert_vietnamese(text)


@pytest.fixture(scope="module")
def flood() -> bytes:
    return flood_png()


@pytest.fixture
def obligation(world):
    return ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )


# ---------------------------------------------------------------- the one rule


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_the_flood_is_small_on_disk_but_huge_decoded(flood):
    assert len(flood) < 100_000
    with PILImage.open(io.BytesIO(flood)) as header:
        assert header.size == (13000, 13000)


def test_sniff_refuses_a_pixel_flood_with_a_vietnamese_message(flood):
    with pytest.raises(ValidationError) as refused:
        sniff(upload(flood))
    assert refused.value.code == "too_many_pixels"
    text = " ".join(refused.value.messages)
    assert_pixel_message(text)
    assert "13.000 × 13.000" in text


def test_a_picture_beyond_pillows_own_hard_limit_is_refused_with_the_same_message():
    with pytest.raises(ValidationError) as refused:
        sniff(upload(flood_png(20000, 20000)))  # 400 million pixels: Pillow refuses to open
    assert refused.value.code == "too_many_pixels"
    assert_pixel_message(" ".join(refused.value.messages))


def test_the_limit_is_a_setting_and_a_picture_within_it_is_accepted(settings):
    picture = io.BytesIO()
    PILImage.new("RGB", (1000, 1000), (10, 20, 30)).save(picture, "PNG")
    assert sniff(upload(picture.getvalue())) == ("image/png", "png")
    settings.THAOGO_MAX_IMAGE_PIXELS = 999_999
    with pytest.raises(ValidationError, match=r"999\.999"):
        sniff(upload(picture.getvalue()))


@pytest.mark.parametrize(
    ("kind", "content_type"), [("GIF", "gif"), ("WEBP", "webp"), ("PNG", "png")]
)
def test_animations_count_the_pixels_of_every_frame(settings, kind, content_type):
    settings.THAOGO_MAX_IMAGE_PIXELS = 1_000_000
    one_frame = animation(kind, frames=1)  # 160 000 pixels
    assert sniff(upload(one_frame, f"anh.{content_type}"))[1] == content_type
    ten_frames = animation(kind, frames=10)  # 1,6 million pixels in all
    with pytest.raises(ValidationError) as refused:
        sniff(upload(ten_frames, f"anh.{content_type}"))
    text = " ".join(refused.value.messages)
    assert "10 khung hình" in text and "400 × 400" in text, text


def test_the_portal_uses_the_same_rule(flood, settings):
    with pytest.raises(ValidationError) as refused:
        process_image(flood, max_bytes=10 * MB)
    assert_pixel_message(" ".join(refused.value.messages))
    settings.THAOGO_MAX_IMAGE_PIXELS = 1_000_000
    with pytest.raises(ValidationError, match="khung hình"):
        process_image(animation("GIF"), max_bytes=10 * MB)


# ---------------------------------------------------------------- every upload path


def test_a_report_attachment_flood_is_refused(world, client_for, obligation, flood):
    before = Attachment.objects.count()
    response = client_for(world.cadre).post(
        reverse("reporting:attachment_upload", args=[obligation.pk]), {"file": upload(flood)}
    )
    assert response.status_code == 400
    assert_pixel_message(" ".join(str(e) for e in response.context["errors"]))
    assert Attachment.objects.count() == before


def test_a_proposal_attachment_flood_is_refused_and_no_proposal_is_made(world, client_for, flood):
    before = Proposal.objects.count(), ProposalAttachment.objects.count()
    response = client_for(world.cadre).post(
        reverse("direction:proposal_create", args=[world.clearance.pk]),
        {"title": "Đề xuất", "content": "Nội dung", "file": upload(flood)},
    )
    assert response.status_code == 400
    assert_pixel_message(response.content.decode())
    assert (Proposal.objects.count(), ProposalAttachment.objects.count()) == before


def test_a_document_file_flood_is_refused(world, client_for, flood):
    before = Document.objects.count()
    response = client_for(world.btc).post(
        reverse("documents:create"),
        {
            "doc_type": DocumentType.objects.get(code="KH", system="party").pk,
            "number": 901,
            "issuer": world.district.pk,
            "issued_on": "01/10/2024",
            "abstract": "Bản đồ hiện trạng",
            "file": upload(flood),
        },
    )
    assert response.status_code == 400
    assert_pixel_message(" ".join(response.context["form"].errors["file"]))
    assert Document.objects.count() == before


@pytest.mark.parametrize("where", ["album", "article"])
def test_a_portal_picture_flood_is_refused(world, client_for, portal, flood, where):  # noqa: F811
    before = Image.objects.count()
    url = (
        reverse("portal_staff:album_photo_upload", args=[portal.album.pk])
        if where == "album"
        else reverse("portal_staff:article_image_upload", args=[portal.article.pk])
    )
    response = client_for(world.editor).post(url, {"file": upload(flood), "alt_text": "Bản đồ"})
    assert response.status_code == 400
    assert_pixel_message(" ".join(str(e) for e in response.context["errors"]))
    assert Image.objects.count() == before


# ---------------------------------------------------------------- zip archives


class CountingReader(io.BytesIO):
    """A file that remembers how many bytes were read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.bytes_read += len(data)
        return data


def docx(*, extra: dict[str, bytes] | None = None, members: int = 0) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        for number in range(members):
            archive.writestr(f"p/{number}", b"")
    return out.getvalue()


def test_a_word_file_is_recognised_by_reading_only_its_directory():
    file = CountingReader(docx(extra={"word/media/image1.bin": bytes(range(256)) * 8192}))
    kind = sniff(file)
    assert kind == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    )
    assert file.bytes_read < 100_000  # the 2 MB member (stored) was never read
    assert file.tell() == 0


def test_members_declaring_gigabytes_are_never_read_nor_decompressed():
    data = bytearray(docx(extra={"word/media/image1.bin": bytes(range(256)) * 8192}))
    # Every entry of the central directory now claims 4 GB uncompressed.
    start = 0
    while (at := data.find(b"PK\x01\x02", start)) >= 0:
        struct.pack_into("<L", data, at + 24, 0xFFFFFFF0)
        start = at + 4
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()[-1].file_size == 0xFFFFFFF0
    file = CountingReader(bytes(data))
    assert sniff(file)[1] == "docx"
    assert file.bytes_read < 100_000


def test_a_zip_with_a_huge_directory_is_refused_before_it_is_read():
    file = CountingReader(docx(members=MAX_ZIP_MEMBERS + 1))
    assert len(file.getvalue()) > 500_000
    assert sniff(file) is None
    assert file.bytes_read < 70_000  # only the end record was read


def test_a_zip_declaring_more_members_than_it_holds_is_refused():
    data = bytearray(docx())
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 60000, 60000)
    assert sniff(io.BytesIO(bytes(data))) is None


def test_a_zip64_word_file_is_read_through_its_zip64_record():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    data = out.getvalue()
    end = data.rfind(b"PK\x05\x06")
    _sig, _d, _s, _here, count, size, offset, _c = struct.unpack_from("<4s4H2LH", data, end)
    zip64_end = struct.pack(
        "<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, offset
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end, 1)
    end_record = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, size, offset, 0)
    zip64 = data[:end] + zip64_end + locator + end_record
    assert zipfile.ZipFile(io.BytesIO(zip64)).namelist() == ["word/document.xml"]
    assert sniff(io.BytesIO(zip64))[1] == "docx"

    many = zip64_end[:24] + struct.pack("<2Q", 10**9, 10**9) + zip64_end[40:]
    assert sniff(io.BytesIO(data[:end] + many + locator + end_record)) is None


def test_a_portal_picture_over_the_size_limit_is_refused_without_being_read_whole(
    world,
    client_for,
    portal,  # noqa: F811
    settings,
    monkeypatch,
):
    settings.THAOGO_PORTAL_MAX_IMAGE_BYTES = 1 * MB
    before = Image.objects.count()
    handed_over = []
    real_upload = portal_services.image_upload

    def image_upload(*, data, **kwargs):
        handed_over.append(len(data))
        return real_upload(data=data, **kwargs)

    monkeypatch.setattr(portal_services, "image_upload", image_upload)
    big = SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff" + b"\x00" * (3 * MB), "image/jpeg")
    response = client_for(world.editor).post(
        reverse("portal_staff:album_photo_upload", args=[portal.album.pk]),
        {"file": big, "alt_text": "Ảnh"},
    )
    assert response.status_code == 400
    assert "1 MB" in " ".join(str(e) for e in response.context["errors"])
    assert Image.objects.count() == before
    assert handed_over == [1 * MB + 1]
