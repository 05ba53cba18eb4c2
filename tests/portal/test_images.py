"""Uploaded pictures: judged by content, resized, thumbnailed, stripped of EXIF, served publicly."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image as PILImage

from tests.portal.conftest import jpeg_bytes, png_bytes
from thaogo.portal import services
from thaogo.portal.images import process_image

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def test_large_photo_is_resized_and_thumbnailed_and_loses_its_exif():
    original = jpeg_bytes(2400, 1600)
    assert PILImage.open(io.BytesIO(original)).getexif()  # it had some

    processed = process_image(original, max_bytes=10 * MB)

    display = PILImage.open(io.BytesIO(processed.display))
    thumb = PILImage.open(io.BytesIO(processed.thumbnail))
    assert (display.width, display.height) == (1600, 1067) == (processed.width, processed.height)
    assert max(thumb.size) == 400 and thumb.size == (processed.thumb_width, processed.thumb_height)
    for picture, raw in ((display, processed.display), (thumb, processed.thumbnail)):
        assert picture.format == "JPEG"
        assert not picture.getexif()
        assert b"Exif" not in raw and b"PhoneMaker" not in raw


def test_small_png_with_transparency_becomes_a_jpeg_of_the_same_size():
    processed = process_image(png_bytes(300, 200), max_bytes=10 * MB)
    assert (processed.width, processed.height) == (300, 200)
    assert PILImage.open(io.BytesIO(processed.display)).mode == "RGB"


@pytest.mark.parametrize(
    "content",
    [
        b"This is a text file pretending to be a photo.\n",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"%PDF-1.4 not a picture",
        jpeg_bytes(100, 100)[:200],  # a truncated JPEG
    ],
    ids=["text-named-jpg", "svg", "html", "pdf", "truncated"],
)
def test_anything_but_a_raster_picture_is_refused_whatever_its_name(content):
    with pytest.raises(ValidationError) as refused:
        process_image(content, max_bytes=10 * MB)
    assert refused.value.code == "not_an_image"


def test_picture_over_the_size_limit_is_refused():
    with pytest.raises(ValidationError) as refused:
        process_image(jpeg_bytes(2400, 1600), max_bytes=1000)
    assert refused.value.code == "too_large"


def test_upload_stores_both_files_and_they_are_served_publicly_with_long_caching(
    client, portal, settings
):
    picture = portal.picture
    assert default_storage.exists(picture.path) and default_storage.exists(picture.thumbnail_path)
    for url in (picture.url, picture.thumbnail_url):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert "immutable" in response["Cache-Control"] and "public" in response["Cache-Control"]
        body = b"".join(response.streaming_content)
        assert b"Exif" not in body


def test_only_portal_pictures_can_be_reached_never_private_uploads(client, world):
    assert world.decision.file.name.startswith("documents/")
    assert client.get("/anh/00000000-0000-0000-0000-000000000000.jpg").status_code == 404
    assert client.get("/anh/../documents/quyet-dinh-512.pdf").status_code == 404
    assert client.get(f"/anh/{world.decision.file.name}").status_code == 404


def test_upload_service_refuses_a_text_file_named_jpg_and_saves_nothing(portal, editor):
    before = portal.article.images.count()
    with pytest.raises(ValidationError):
        services.image_upload(
            data=b"not a picture", alt_text="x", article=portal.article, by=editor
        )
    assert portal.article.images.count() == before


def test_picture_used_in_the_text_cannot_be_deleted_until_removed(portal, editor):
    with pytest.raises(ValidationError):
        services.image_delete(image=portal.picture, by=editor)
    photo = portal.photos[1]
    services.image_delete(image=photo, by=editor)
    assert not portal.album.photos.filter(pk=photo.pk).exists()
