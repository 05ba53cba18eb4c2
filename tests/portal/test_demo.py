"""The portal part of the demo: the seed article first, public documents, albums, targets."""

from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings

from tests.demo_snapshot import demo_as_of
from thaogo.demo.loader import load_demo
from thaogo.portal.demo import SEED_CAPTION, SEED_REPEATED_PARAGRAPH, SEED_TITLE
from thaogo.portal.models import Album, Article, Image, Resolution
from thaogo.portal.selectors import (
    public_albums,
    public_documents,
    public_tasks,
    published_articles,
    resolution_scoreboard,
)

DEFAULT_DAY = date(2024, 10, 15)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        demo_as_of(DEFAULT_DAY, tmp_path_factory)
        yield
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_seed_article_is_the_first_news_item_with_its_source_and_caption(client):
    first = published_articles().first()
    assert first.title == SEED_TITLE
    assert first.source == "Báo Dân trí"
    assert first.lead.startswith("Ban Thường vụ Quận ủy Lê Chân ban hành Kế hoạch số 164-KH/QU")
    assert SEED_CAPTION in first.body
    html = client.get("/").content.decode()
    assert html.index(SEED_TITLE) < min(html.index(a.title) for a in published_articles()[1:])


def test_paragraph_the_original_page_printed_twice_appears_once(client):
    article = Article.objects.get(title=SEED_TITLE)
    assert article.body.count(SEED_REPEATED_PARAGRAPH) == 1
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.count(SEED_REPEATED_PARAGRAPH) == 1
    assert page.count(SEED_CAPTION) == 1


def test_demo_has_more_news_a_draft_albums_public_documents_and_public_tasks():
    assert published_articles().count() >= 4
    assert Article.objects.filter(status="draft").exists()
    assert public_albums().count() >= 2
    assert Album.objects.filter(task__code="01", is_published=True).exists()
    assert {d.symbol for d in public_documents()} >= {"164-KH/QU", "01-NQ/QU"}
    assert public_tasks().count() >= 3
    assert all(image.alt_text for image in Image.objects.all())


def test_congress_resolution_has_20_targets_3_party_17_socio_economic_14_met_or_exceeded():
    board = resolution_scoreboard(Resolution.objects.get(is_public=True))
    assert (board.resolution.term_start, board.resolution.term_end) == (2020, 2025)
    assert [len(group.rows) for group in board.groups] == [3, 17]
    assert (board.achieved, board.total) == (14, 20)


def test_loading_again_adds_no_article_picture_or_album(tmp_path):
    counts = (Article.objects.count(), Image.objects.count(), Album.objects.count())
    versions = dict(Article.objects.values_list("pk", "version"))
    load_demo(as_of=DEFAULT_DAY)
    assert (Article.objects.count(), Image.objects.count(), Album.objects.count()) == counts
    assert dict(Article.objects.values_list("pk", "version")) == versions
