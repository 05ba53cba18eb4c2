"""The portal's staff pages: editors write news and albums; to everyone else they are 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.portal.conftest import jpeg_bytes
from thaogo.portal.models import Article, ArticleStatus

pytestmark = pytest.mark.django_db


def staff_urls(portal) -> list[str]:
    return [
        "/app/portal/",
        "/app/portal/articles/new/",
        f"/app/portal/articles/{portal.draft.pk}/",
        f"/app/portal/images/{portal.picture.pk}/",
        "/app/portal/albums/",
        "/app/portal/albums/new/",
        f"/app/portal/albums/{portal.album.pk}/",
    ]


@pytest.mark.parametrize("who", ["editor", "admin"])
def test_editors_and_administrators_open_every_staff_page(client_for, portal, world, who):
    client = client_for(getattr(world, who))
    for url in staff_urls(portal):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["btv", "btc", "office", "cadre", "unit_staff", "outsider"])
def test_everyone_else_gets_404_and_cannot_write(client_for, portal, world, who):
    client = client_for(getattr(world, who))
    for url in staff_urls(portal):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"/app/portal/articles/{portal.draft.pk}/",
        {"title": "Sửa trộm", "category": portal.news.pk, "lead": "x", "status": "published"},
    )
    assert response.status_code == 404
    portal.draft.refresh_from_db()
    assert portal.draft.title == "Bản nháp chưa đăng"


def test_anonymous_visitor_is_sent_to_log_in(client, portal):
    response = client.get("/app/portal/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_editor_writes_uploads_a_picture_and_publishes_an_article(client_for, portal, world):
    client = client_for(world.editor)
    response = client.post(
        "/app/portal/articles/new/",
        {
            "title": "Phường Hồ Nam ra quân chỉnh trang đô thị",
            "category": portal.news.pk,
            "lead": "Ra quân chỉnh trang.",
            "body": '<p onclick="x()">Nội dung<script>alert(1)</script></p>',
            "source": "",
            "status": ArticleStatus.DRAFT,
            "published_at": "",
        },
    )
    article = Article.objects.get(title="Phường Hồ Nam ra quân chỉnh trang đô thị")
    assert response.status_code == 302
    assert article.slug == "phuong-ho-nam-ra-quan-chinh-trang-do-thi"
    assert article.body == "<p>Nội dung</p>"

    upload = client.post(
        f"/app/portal/articles/{article.pk}/images/",
        {
            "file": SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg"),
            "alt_text": "Người dân dọn vệ sinh",
            "caption": "Ra quân chỉnh trang",
        },
    )
    assert upload.status_code == 302
    picture = article.images.get()
    assert picture.width == 1600

    refused = client.post(
        f"/app/portal/articles/{article.pk}/images/",
        {
            "file": SimpleUploadedFile(
                "anh.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg"
            ),
            "alt_text": "x",
        },
    )
    assert article.images.count() == 1
    assert refused.status_code == 400

    edit = client.get(f"/app/portal/articles/{article.pk}/").content.decode()
    assert picture.thumbnail_url in edit and 'id="editor-images"' in edit
    assert "portal/vendor/pell-1.0.6.min.js" in edit

    published = client.post(
        f"/app/portal/articles/{article.pk}/",
        {
            "title": article.title,
            "category": portal.news.pk,
            "lead": article.lead,
            "body": (
                f'<p>Nội dung</p><figure><img src="{picture.url}" alt="{picture.alt_text}">'
                "</figure>"
            ),
            "source": "Văn phòng Quận ủy",
            "status": ArticleStatus.PUBLISHED,
            "published_at": "",
            "cover": picture.pk,
            "version": article.version,
        },
    )
    assert published.status_code == 302
    assert client_for(None).get(article.get_absolute_url()).status_code == 200


def test_editor_creates_an_album_linked_to_a_public_task_and_publishes_it(
    client_for, portal, world
):
    client = client_for(world.editor)
    client.post(
        "/app/portal/albums/new/",
        {
            "title": "Album mới",
            "event_date": "10/10/2024",
            "description": "",
            "task": world.clearance.pk,
        },
    )
    album = world.clearance.albums.get(title="Album mới")
    assert not album.is_published
    client.post(
        f"/app/portal/albums/{album.pk}/photos/",
        {
            "file": SimpleUploadedFile("a.jpg", jpeg_bytes(300, 200), content_type="image/jpeg"),
            "alt_text": "Ảnh",
        },
    )
    client.post(
        f"/app/portal/albums/{album.pk}/",
        {
            "title": "Album mới",
            "event_date": "10/10/2024",
            "task": world.clearance.pk,
            "is_published": "on",
            "version": album.version,
        },
    )
    album.refresh_from_db()
    assert album.is_published
    assert client_for(None).get(album.get_absolute_url()).status_code == 200
