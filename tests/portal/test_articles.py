"""News: readable addresses, a body nobody can inject script into, drafts kept private."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from thaogo.portal import services
from thaogo.portal.models import ArticleStatus
from thaogo.portal.sanitize import clean_body

pytestmark = pytest.mark.django_db


def test_slug_is_the_vietnamese_title_without_diacritics(portal):
    assert portal.article.slug == (
        "quan-le-chan-tang-cuong-chi-dao-giai-quyet-viec-kho-ton-dong-tai-dia-phuong"
    )
    assert portal.article.get_absolute_url() == f"/tin-tuc/{portal.article.slug}/"


def test_same_title_gets_a_numbered_slug(portal, editor):
    again = services.article_create(
        title=portal.article.title, lead="…", category=portal.news, by=editor
    )
    assert again.slug == f"{portal.article.slug}-2"


def test_slug_follows_the_title_until_first_published_then_stays(portal, editor):
    draft = services.article_update(
        article=portal.draft,
        by=editor,
        expected_version=portal.draft.version,
        title="Đường Thiên Lôi",
    )
    assert draft.slug == "duong-thien-loi"
    published = services.article_update(
        article=portal.article,
        by=editor,
        expected_version=portal.article.version,
        title="Tiêu đề mới",
    )
    assert published.slug == portal.article.slug


@pytest.mark.parametrize(
    "dirty",
    [
        "<p>Tin</p><script>alert(1)</script>",
        '<p onclick="alert(1)">Tin</p>',
        '<p>Tin <a href="javascript:alert(1)">bấm</a></p>',
        "<p>Tin</p><style>body{display:none}</style>",
        '<p>Tin</p><iframe src="https://example.com"></iframe>',
        '<p>Tin <a href="JaVaScRiPt:alert(1)" onmouseover="x()">bấm</a></p>',
        '<svg onload="alert(1)"><p>Tin</p></svg>',
    ],
)
def test_body_keeps_no_script_event_handler_or_javascript_url(dirty):
    clean = clean_body(dirty).lower()
    assert "script" not in clean
    assert "onclick" not in clean and "onmouseover" not in clean and "onload" not in clean
    assert "javascript:" not in clean
    assert "<style" not in clean and "<iframe" not in clean and "<svg" not in clean
    assert "tin" in clean


def test_links_get_rel_noopener_and_headings_lists_and_figures_survive():
    html = (
        '<h2>Mục</h2><ul><li>Một</li></ul><p><a href="https://dantri.com.vn/">Báo</a></p>'
        '<figure><img src="/anh/abc.jpg" alt="Ảnh"><figcaption>Chú thích</figcaption></figure>'
    )
    clean = clean_body(html)
    assert "<h2>Mục</h2>" in clean and "<li>Một</li>" in clean
    assert 'rel="noopener noreferrer nofollow"' in clean
    assert '<img src="/anh/abc.jpg" alt="Ảnh">' in clean and "<figcaption>" in clean


def test_pictures_from_other_sites_or_without_description_are_refused():
    with pytest.raises(ValidationError) as external:
        clean_body('<p><img src="https://tracker.example/pixel.gif" alt="x"></p>')
    assert "body" in external.value.message_dict
    with pytest.raises(ValidationError):
        clean_body('<p><img src="/anh/abc.jpg"></p>')
    with pytest.raises(ValidationError):
        clean_body('<p><img src="/anh/abc.jpg" alt="  "></p>')


def test_saved_body_is_cleaned_by_the_service(portal, editor):
    article = services.article_update(
        article=portal.draft,
        by=editor,
        expected_version=portal.draft.version,
        body='<p onclick="steal()">Xin chào<script>alert(1)</script></p>',
    )
    assert article.body == "<p>Xin chào</p>"


def test_article_page_shows_title_lead_body_caption_and_source_without_login(client, portal):
    response = client.get(portal.article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert portal.article.title in html
    assert portal.article.lead in html
    assert "Lãnh đạo quận kiểm tra thực địa tại phường Vĩnh Niệm." in html
    assert 'data-source="Báo Dân trí"' in html


def test_draft_article_is_404_for_the_public_and_not_listed(client, portal):
    assert client.get(f"/tin-tuc/{portal.draft.slug}/").status_code == 404
    assert portal.draft.title not in client.get("/").content.decode()
    assert portal.draft.title not in client.get("/tin-tuc/").content.decode()


def test_article_scheduled_for_later_is_hidden_until_then(client, portal, editor):
    later = services.article_update(
        article=portal.draft,
        by=editor,
        expected_version=portal.draft.version,
        status=ArticleStatus.PUBLISHED,
        published_at=timezone.now() + timedelta(hours=2),
    )
    assert client.get(later.get_absolute_url()).status_code == 404


def test_publishing_without_a_date_publishes_now(portal, editor):
    article = services.article_update(
        article=portal.draft,
        by=editor,
        expected_version=portal.draft.version,
        status=ArticleStatus.PUBLISHED,
    )
    assert abs(article.published_at - timezone.now()) < timedelta(seconds=5)


def test_second_save_of_an_old_version_is_refused(portal, editor):
    version = portal.draft.version
    services.article_update(article=portal.draft, by=editor, expected_version=version, lead="A")
    with pytest.raises(ValidationError):
        services.article_update(article=portal.draft, by=editor, expected_version=version, lead="B")


def test_category_list_shows_only_its_published_articles_and_pages(client, portal, editor):
    for n in range(12):
        services.article_create(
            title=f"Tin xây dựng Đảng số {n}",
            lead="…",
            category=portal.party,
            status=ArticleStatus.PUBLISHED,
            published_at=timezone.now() - timedelta(days=2, minutes=n),
            by=editor,
        )
    first = client.get("/chuyen-muc/xay-dung-dang/").content.decode()
    assert portal.article.title in first and 'rel="next"' in first
    second = client.get("/chuyen-muc/xay-dung-dang/?page=2").content.decode()
    assert "Tin xây dựng Đảng số 11" in second
    assert portal.draft.title not in first + second
    assert client.get("/chuyen-muc/khong-co/").status_code == 404
