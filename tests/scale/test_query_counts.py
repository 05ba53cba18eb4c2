"""The pages make as many queries with few tasks as with several times more."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers import TODAY
from thaogo.scale.generator import generate
from thaogo.tasks.models import Task
from thaogo.tasks.selectors import tasks_visible_to

pytestmark = pytest.mark.django_db


def _queries(client, username: str, path: str) -> int:
    client.force_login(User.objects.get(username=username))
    # What a visit costs once the caches a running server keeps (the reporting kinds) are
    # warm, at either size: which page happens to fill them first is not the data's size.
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def _pages() -> list[tuple[str, str]]:
    task = Task.objects.filter(assignments__cadre__user__username="scale-cadre").latest("pk")
    last = -(-tasks_visible_to(User.objects.get(username="scale-standing")).count() // 20)
    return [
        ("scale-standing", reverse("tasks:list")),
        ("scale-standing", reverse("tasks:list") + "?page=2"),
        ("scale-standing", reverse("tasks:list") + f"?page={last}"),
        ("scale-province", reverse("tasks:list")),
        ("scale-standing", reverse("core:home")),
        ("scale-cadre", reverse("tasks:detail", args=[task.pk])),
        ("scale-standing", reverse("tasks:detail", args=[task.pk])),
        ("scale-standing", reverse("monitoring:dashboard")),
    ]


def test_query_counts_do_not_grow_with_the_data(client, today):
    # Each run adds a tree of its own and points the scale-* accounts at it.
    generate(tasks=45, units=5, years=2, as_of=TODAY, seed=1)
    small = {path_of: _queries(client, *path_of) for path_of in _pages()}
    generate(tasks=180, units=5, years=2, as_of=TODAY, seed=2)
    large = {path_of: _queries(client, *path_of) for path_of in _pages()}
    assert list(large.values()) == list(small.values())
    # The last page (read from the end) costs the queries the second one does.
    assert large[_pages()[2]] == large[_pages()[1]]
