"""The portal's test world, on top of tests/conftest.py's `world`:

news        "Quận Lê Chân tăng cường chỉ đạo ..."   published yesterday, with a picture
            "Bản nháp chưa đăng"                     draft
album       "Kiểm tra thực địa Vĩnh Niệm"            published, 2 photos, task 01 (public)
documents   115/KH-UBND public (world); 164-KH/QU and 512-QĐ/QU private (world);
            01-NQ/QU public with a file (here)
"""

import io
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from thaogo.portal import services
from thaogo.portal.models import (
    ArticleStatus,
    NewsCategory,
    Resolution,
    ResolutionTarget,
    TargetDirection,
    TargetGroup,
    TargetYear,
)


def jpeg_bytes(width: int = 2400, height: int = 1600, *, exif: bool = True) -> bytes:
    """A photo as a phone would send it: large, with EXIF (camera and GPS position)."""
    picture = PILImage.new("RGB", (width, height), (180, 120, 60))
    out = io.BytesIO()
    if exif:
        data = PILImage.Exif()
        data[0x010F] = "PhoneMaker"  # Make
        data[0x0110] = "Model X"  # Model
        data[0x8825] = {1: "N", 2: (20.0, 50.0, 30.0), 3: "E", 4: (106.0, 40.0, 10.0)}  # GPS
        picture.save(out, "JPEG", exif=data.tobytes())
    else:
        picture.save(out, "JPEG")
    return out.getvalue()


def png_bytes(width: int = 300, height: int = 200) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGBA", (width, height), (0, 128, 0, 128)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def portal(world, make):
    return build_portal(world, make)


def build_portal(world, make) -> SimpleNamespace:
    p = SimpleNamespace()
    editor = world.editor
    p.news = NewsCategory.objects.get(slug="tin-tuc-su-kien")
    p.party = NewsCategory.objects.get(slug="xay-dung-dang")
    p.article = services.article_create(
        title="Quận Lê Chân tăng cường chỉ đạo giải quyết việc khó, tồn đọng tại địa phương",
        lead="Ban Thường vụ Quận ủy Lê Chân ban hành Kế hoạch số 164-KH/QU.",
        body="<p>Đoạn thứ nhất.</p>",
        source="Báo Dân trí",
        category=p.party,
        status=ArticleStatus.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
        by=editor,
    )
    p.picture = services.image_upload(
        data=jpeg_bytes(),
        alt_text="Cán bộ kiểm tra công trường",
        caption="Lãnh đạo quận kiểm tra thực địa tại phường Vĩnh Niệm.",
        article=p.article,
        by=editor,
    )
    p.article = services.article_update(
        article=p.article,
        by=editor,
        expected_version=p.article.version,
        body=(
            f'<p>Đoạn thứ nhất.</p><figure><img src="{p.picture.url}" alt="{p.picture.alt_text}" '
            f'width="{p.picture.width}" height="{p.picture.height}">'
            f"<figcaption>{p.picture.caption}</figcaption></figure>"
        ),
        cover=p.picture,
    )
    p.draft = services.article_create(
        title="Bản nháp chưa đăng",
        lead="Chưa đăng.",
        category=p.news,
        by=editor,
    )
    services.task_set_public(task=world.clearance, is_public=True, by=world.btc)
    world.clearance.refresh_from_db()
    p.album = services.album_create(
        title="Kiểm tra thực địa Vĩnh Niệm",
        event_date=timezone.localdate() - timedelta(days=2),
        description="Ảnh kiểm tra thực địa.",
        task=world.clearance,
        by=editor,
    )
    p.photos = [
        services.image_upload(
            data=jpeg_bytes(800, 600, exif=False),
            alt_text=f"Ảnh thực địa số {n}",
            caption=f"Chú thích ảnh {n}",
            album=p.album,
            by=editor,
        )
        for n in (1, 2)
    ]
    p.album = services.album_update(
        album=p.album, is_published=True, expected_version=p.album.version, by=editor
    )
    p.resolution_doc = make.document(
        1,
        doc_type="NQ",
        issuer=world.district,
        issued_on=world.plan_doc.issued_on.replace(year=2020, month=8, day=20),
        abstract="Nghị quyết Đại hội đại biểu Đảng bộ quận nhiệm kỳ 2020-2025",
        is_public=True,
        file=SimpleUploadedFile(
            "nq-01.pdf", b"%PDF-1.4 nghi quyet", content_type="application/pdf"
        ),
    )
    p.resolution = Resolution.objects.create(
        title="Nghị quyết Đại hội Đảng bộ quận nhiệm kỳ 2020-2025",
        slug="nghi-quyet-dai-hoi",
        document=p.resolution_doc,
        term_start=2020,
        term_end=2025,
        is_public=True,
    )
    for order, (group, direction, term, planned, actual) in enumerate(TARGETS, start=1):
        target = ResolutionTarget.objects.create(
            resolution=p.resolution,
            order=order,
            group=group,
            name=f"Chỉ tiêu số {order}",
            unit="%",
            direction=direction,
            term_target=Decimal(term),
        )
        TargetYear.objects.create(
            target=target, year=2023, planned=Decimal(planned), actual=Decimal(actual)
        )
    return p


# (group, direction, term target, 2023 target, 2023 actual): exceeded, met, not met, and a
# falling target that is exceeded by staying below.
TARGETS = [
    (TargetGroup.PARTY_BUILDING, TargetDirection.AT_LEAST, "90", "90", "92"),
    (TargetGroup.SOCIO_ECONOMIC, TargetDirection.AT_LEAST, "95", "95", "95"),
    (TargetGroup.SOCIO_ECONOMIC, TargetDirection.AT_LEAST, "95", "95", "81.4"),
    (TargetGroup.SOCIO_ECONOMIC, TargetDirection.AT_MOST, "0.3", "0.3", "0.21"),
]
