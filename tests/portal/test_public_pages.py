"""Every public page: no login, cacheable, valid HTML, described images, a fixed query count."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import html5lib
import pytest
from django.utils import timezone

from tests.portal.conftest import jpeg_bytes
from thaogo.portal import services
from thaogo.portal.models import ArticleStatus

pytestmark = pytest.mark.django_db


def public_urls(portal, world) -> dict[str, str]:
    return {
        "home": "/",
        "news": "/tin-tuc/",
        "category": "/chuyen-muc/xay-dung-dang/",
        "article": portal.article.get_absolute_url(),
        "documents": "/van-ban/?q=ke+hoach&type=&year=",
        "albums": "/thu-vien-anh/",
        "album": portal.album.get_absolute_url(),
        "photo": f"{portal.album.get_absolute_url()}{portal.photos[0].key}/",
        "progress": "/tien-do/",
        "progress_detail": f"/tien-do/{world.clearance.pk}/",
        "targets": "/chi-tieu/",
    }


PAGE_NAMES = [
    "home",
    "news",
    "category",
    "article",
    "documents",
    "albums",
    "album",
    "photo",
    "progress",
    "progress_detail",
    "targets",
]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_public_page_needs_no_login_and_is_cacheable_by_anyone(client, portal, world, name):
    url = public_urls(portal, world)[name]
    response = client.get(url)
    assert response.status_code == 200
    cache = response["Cache-Control"]
    assert "public" in cache and "max-age=" in cache
    assert response["ETag"].startswith('"')
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == response["ETag"] and again.content == b""


def test_page_changes_its_etag_when_the_content_changes(client, portal, editor):
    first = client.get("/")
    services.article_create(
        title="Tin mới đăng",
        lead="…",
        category=portal.news,
        status=ArticleStatus.PUBLISHED,
        published_at=timezone.now() - timedelta(minutes=1),
        by=editor,
    )
    second = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second["ETag"] != first["ETag"]


def test_logged_in_staff_get_the_very_same_public_page(client_for, portal, world):
    anonymous = client_for(None).get("/").content
    assert client_for(world.btc).get("/").content == anonymous
    assert b"csrfmiddlewaretoken" not in anonymous


class Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.images: list[dict] = []
        self.ids: list[str] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "img":
            self.images.append(values)
        if tag == "html":
            self.lang = values.get("lang")
        if "id" in values:
            self.ids.append(values["id"])


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_public_page_is_valid_html_with_one_h1_ordered_headings_and_described_images(
    client, portal, world, name
):
    html = client.get(public_urls(portal, world)[name]).content.decode()
    html5lib.HTMLParser(strict=True).parse(html)  # raises on any parse error
    outline = Outline()
    outline.feed(html)
    assert outline.lang == "vi"
    assert outline.headings.count(1) == 1, outline.headings
    for previous, current in zip(outline.headings, outline.headings[1:], strict=False):
        assert current <= previous + 1, f"heading h{current} after h{previous}"
    assert all((img.get("alt") or "").strip() for img in outline.images), outline.images
    assert all(img.get("width") and img.get("height") for img in outline.images)
    assert len(outline.ids) == len(set(outline.ids)), "duplicate id"
    assert "<script>" not in html and "onclick" not in html  # no inline script


def test_layout_has_skip_link_landmarks_and_stats_widget(client, portal):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert 'hx-post="/thong-ke-truy-cap/"' in html and 'hx-trigger="load"' in html
    assert 'name="viewport"' in html


def _more_content(portal, world, editor, n: int) -> None:
    for i in range(n):
        article = services.article_create(
            title=f"Tin bổ sung {i}",
            lead="…",
            category=portal.party,
            status=ArticleStatus.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=i + 1),
            by=editor,
        )
        services.image_upload(
            data=jpeg_bytes(60, 40, exif=False), alt_text="Ảnh", article=article, by=editor
        )
        album = services.album_create(
            title=f"Album bổ sung {i}",
            event_date=timezone.localdate(),
            task=world.clearance,
            by=editor,
        )
        services.image_upload(
            data=jpeg_bytes(60, 40, exif=False), alt_text="Ảnh", album=album, by=editor
        )
        services.image_upload(
            data=jpeg_bytes(60, 40, exif=False), alt_text="Ảnh", album=portal.album, by=editor
        )
        services.album_update(
            album=album, is_published=True, expected_version=album.version, by=editor
        )
    for task in (world.revenue, world.petitions, world.investment):
        services.task_set_public(task=task, is_public=True, by=world.btc)


# The same number of queries with little content and with a lot: no N+1 anywhere.
EXPECTED_QUERIES = {
    "home": 8,
    "news": 3,
    "category": 3,
    "article": 3,
    "documents": 7,
    "albums": 4,
    "album": 3,
    "photo": 3,
    "progress": 4,
    "progress_detail": 7,  # + the accepted reports behind the milestones
    "targets": 4,
}


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_public_page_runs_a_fixed_number_of_queries_whatever_the_data_size(
    client, portal, world, editor, django_assert_num_queries, settings, name
):
    # What rendering costs: without the page cache (tests/portal/test_page_cache.py).
    settings.THAOGO_PORTAL_PAGE_CACHE_SECONDS = 0
    url = public_urls(portal, world)[name]
    client.get(url)  # warm up: content types, the salt and such are not counted
    with django_assert_num_queries(EXPECTED_QUERIES[name]):
        client.get(url)
    _more_content(portal, world, editor, 6)
    url = public_urls(portal, world)[name]
    with django_assert_num_queries(EXPECTED_QUERIES[name]):
        assert client.get(url).status_code == 200
