"""The public pages' server-side cache (thaogo/portal/page_cache.py): a visitor gets the
page from the cache while the content is unchanged, and the new page the moment it changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.portal.test_visitors import BROWSER, numbers, widget
from thaogo.lib import clock
from thaogo.portal import services
from thaogo.portal.models import ArticleStatus
from thaogo.portal.page_cache import content_version

pytestmark = pytest.mark.django_db


def test_a_second_visit_is_the_same_page_from_the_cache_in_one_query(
    client, portal, django_assert_num_queries
):
    for url in ("/", portal.article.get_absolute_url(), "/tin-tuc/"):
        first = client.get(url)
        with django_assert_num_queries(1):  # the content version, nothing else
            again = client.get(url)
        assert again.status_code == 200
        assert again.content == first.content
        assert again["ETag"] == first["ETag"]
        assert again["Cache-Control"] == first["Cache-Control"]
        assert again["Content-Type"] == first["Content-Type"]
        assert not again.cookies
        revisit = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert revisit.status_code == 304


def test_an_edit_shows_at_once_on_the_article_and_the_home_page(client, portal, editor):
    url = portal.article.get_absolute_url()
    assert "Đoạn thứ nhất" in client.get(url).content.decode()
    client.get("/")
    services.article_update(
        article=portal.article,
        by=editor,
        expected_version=portal.article.version,
        title="Tiêu đề đã sửa",
        body="<p>Đoạn đã sửa.</p>",
    )
    page = client.get(url).content.decode()
    assert "Đoạn đã sửa" in page and "Đoạn thứ nhất" not in page
    assert "Tiêu đề đã sửa" in client.get("/").content.decode()


def test_publishing_and_unpublishing_show_at_once(client, portal, editor):
    assert "Bản nháp chưa đăng" not in client.get("/").content.decode()
    draft = services.article_update(
        article=portal.draft,
        by=editor,
        expected_version=portal.draft.version,
        status=ArticleStatus.PUBLISHED,
        published_at=timezone.now() - timedelta(minutes=1),
    )
    assert "Bản nháp chưa đăng" in client.get("/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200
    services.article_update(
        article=draft, by=editor, expected_version=draft.version, status=ArticleStatus.DRAFT
    )
    assert "Bản nháp chưa đăng" not in client.get("/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_an_article_scheduled_for_later_appears_when_its_time_comes(client, portal, editor):
    at = timezone.now() + timedelta(hours=1)
    scheduled = services.article_update(
        article=portal.draft,
        by=editor,
        expected_version=portal.draft.version,
        status=ArticleStatus.PUBLISHED,
        published_at=at,
    )
    assert "Bản nháp chưa đăng" not in client.get("/").content.decode()
    assert "Bản nháp chưa đăng" not in client.get("/").content.decode()  # from the cache
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    with clock.acting_at(at + timedelta(seconds=1)):
        assert "Bản nháp chưa đăng" in client.get("/").content.decode()
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_a_renamed_news_category_shows_on_every_cached_page(client, portal):
    client.get("/")
    portal.party.name = "Xây dựng Đảng và hệ thống chính trị"
    portal.party.save()
    assert "Xây dựng Đảng và hệ thống chính trị" in client.get("/").content.decode()


def test_logged_in_users_are_not_served_from_the_cache(
    client, client_for, portal, world, django_assert_max_num_queries
):
    anonymous = client.get("/")
    staff = client_for(world.btc)
    with django_assert_max_num_queries(100) as queries:
        page = staff.get("/")
    assert page.content == anonymous.content  # the same public page...
    assert len(queries) > 2  # ...rendered for them (session, user, content), not cached


def test_logged_in_users_do_not_fill_the_cache(
    client, client_for, portal, world, django_assert_max_num_queries
):
    client_for(world.btc).get("/")
    with django_assert_max_num_queries(100) as queries:
        client.get("/")
    assert len(queries) > 1  # rendered for the visitor: nothing was kept for them


def test_cached_pages_still_count_their_visitors(client, portal):
    first = client.get("/", HTTP_USER_AGENT=BROWSER)
    again = client.get("/", HTTP_USER_AGENT=BROWSER)
    assert again.content == first.content
    assert 'hx-post="/thong-ke-truy-cap/"' in again.content.decode()
    assert numbers(widget(client, REMOTE_ADDR="203.0.113.7"))["today"] == 1
    client.get("/", HTTP_USER_AGENT=BROWSER)  # a second visitor, from the cache too
    assert numbers(widget(client, REMOTE_ADDR="203.0.113.8"))["today"] == 2


def test_a_query_string_is_never_cached(client, portal, django_assert_max_num_queries):
    client.get("/?utm_source=x")
    with django_assert_max_num_queries(100) as queries:
        client.get("/?utm_source=x")
    assert len(queries) > 1


def test_the_version_moves_with_the_portals_content_not_with_other_work(portal, world, make):
    before = content_version()
    make.task(plan=world.plan, code="99", title="Việc mới không lên cổng thông tin")
    assert content_version() == before
    unit = world.vinh_niem
    unit.name = "Phường Vĩnh Niệm (mới)"
    unit.save()  # a unit names a document's issuer on the portal
    assert content_version() != before
