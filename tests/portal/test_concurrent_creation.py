"""Two editors saving articles or albums with the same title at the same moment: both are
saved, each at its own address, instead of one failing on the address the other took."""

import time

import pytest

from tests.threads import run_in_threads
from thaogo.portal import services
from thaogo.portal.models import Album, Article, NewsCategory

TITLE = "Lãnh đạo quận kiểm tra tiến độ giải phóng mặt bằng"
EDITORS = 3


@pytest.fixture
def slow_addresses(monkeypatch):
    """Every editor finds the address free before any of them saves."""
    find = services.unique_slug

    def slow(*args, **kwargs):
        slug = find(*args, **kwargs)
        time.sleep(0.3)
        return slug

    monkeypatch.setattr(services, "unique_slug", slow)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_articles_of_the_same_title_saved_at_once_each_get_an_address(
    world, tmp_path, slow_addresses
):
    category = NewsCategory.objects.get(slug="tin-tuc-su-kien")

    def write(_i: int) -> None:
        services.article_create(title=TITLE, lead="Sapo.", category=category, by=world.editor)

    assert run_in_threads(write, EDITORS, tmp_path=tmp_path) == []
    slugs = sorted(Article.objects.filter(title=TITLE).values_list("slug", flat=True))
    base = "lanh-dao-quan-kiem-tra-tien-do-giai-phong-mat-bang"
    assert slugs == sorted([base, f"{base}-2", f"{base}-3"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_albums_of_the_same_title_saved_at_once_each_get_an_address(
    world, tmp_path, slow_addresses
):
    def create(_i: int) -> None:
        services.album_create(title=TITLE, event_date=world.plan.start_date, by=world.editor)

    assert run_in_threads(create, EDITORS, tmp_path=tmp_path) == []
    assert Album.objects.filter(title=TITLE).values("slug").distinct().count() == EDITORS
