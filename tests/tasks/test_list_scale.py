"""The task list at scale: its cached figures change with the data at once, its pages are
read past a row (and agree with the pages by number), and a filter with too many choices
becomes a search field that still sends the same parameter."""

import re

import pytest
from django.urls import reverse

from tests.tasks.test_summary import shown_total
from thaogo.tasks import choices, services
from thaogo.tasks.models import Status, Task

pytestmark = pytest.mark.django_db

LIST = reverse("tasks:list")


def _html(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return response.content.decode()


def _codes(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    row = r'<td data-label="[^"]*">([^<]*)</td>\s*<td><a href="/app/tasks/(\d+)/"'
    return re.findall(row, body)


def _link(html: str, rel: str) -> str:
    match = re.search(rf'<a href="(\?[^"]*)" rel="{rel}">', html)
    assert match, f"no {rel} link"
    return match.group(1).replace("&amp;", "&")


def _many_tasks(world, make, count: int) -> None:
    for number in range(count):
        make.task(plan=world.plan, title=f"Việc thêm {number}", code=f"9{number:03d}")


def test_a_write_changes_the_cached_figures_at_once(world, client_for):
    client = client_for(world.btc)
    before = shown_total(_html(client, LIST))
    dashboard = reverse("core:home")
    _html(client, dashboard)  # both figures are now cached
    task = Task.objects.exclude(status=Status.COMPLETED).first()
    completed_before = _html(client, LIST, {"status": "completed"}).count("<tr>")
    services.task_update(
        task=task,
        by=world.btc,
        expected_version=task.version,
        status=Status.COMPLETED,
        completed_on=task.start_date,
    )
    assert shown_total(_html(client, LIST)) == before  # the same tasks, one more completed
    html = _html(client, LIST, {"status": "completed"})
    assert html.count("<tr>") == completed_before + 1
    assert shown_total(html) == Task.objects.filter(status=Status.COMPLETED).count()
    world_make_more = services.task_create(
        plan=world.plan,
        code="99",
        title="Việc mới",
        category=task.category,
        start_date=task.start_date,
        by=world.btc,
    )
    assert world_make_more.pk
    assert shown_total(_html(client, LIST)) == before + 1


def test_pages_read_past_a_row_agree_with_pages_by_number(world, make, client_for, settings):
    _many_tasks(world, make, 12)
    settings.THAOGO_PAGE_SIZE = 5
    client = client_for(world.btc)
    total = shown_total(_html(client, LIST))
    pages = -(-total // 5)
    for sort in ("code", "-title", "status", "deadline"):
        by_number = [
            _codes(_html(client, LIST, {"sort": sort, "page": n})) for n in range(1, pages + 1)
        ]
        assert sum(len(rows) for rows in by_number) == total
        assert len({pk for rows in by_number for _code, pk in rows}) == total
        html = _html(client, LIST, {"sort": sort})
        for number in range(2, pages + 1):  # Next, Next, ...: each page as by its number
            link = _link(html, "next")
            assert ("after=" in link) == (sort != "deadline"), link
            html = _html(client, LIST + link)
            assert _codes(html) == by_number[number - 1], (sort, number)
        for number in range(pages - 1, 0, -1):  # and back with Previous
            html = _html(client, LIST + _link(html, "prev"))
            assert _codes(html) == by_number[number - 1], (sort, number)


def test_a_filter_with_too_many_choices_is_a_search_field(world, client_for, monkeypatch):
    monkeypatch.setattr(choices, "CHOICES_SHOWN", 2)
    client = client_for(world.btc)
    html = _html(client, LIST)
    assert 'name="unit_search"' in html and 'name="cadre_search"' in html
    assert world.vinh_niem.name not in html.split('name="unit"', 1)[1].split("</select>", 1)[0]
    # As one types (htmx), and without script (the form sends the words): the matches.
    options = _html(
        client,
        reverse("tasks:filter_options", args=["unit"]),
        {"unit_search": world.vinh_niem.name},
    )
    assert f'<option value="{world.vinh_niem.pk}">{world.vinh_niem.name}</option>' in options
    html = _html(client, LIST, {"unit_search": world.vinh_niem.name})
    assert f'<option value="{world.vinh_niem.pk}">' in html
    # The chosen unit is sent as before, filters the list and stays selected.
    html = _html(client, LIST, {"unit": world.vinh_niem.pk})
    assert f'<option value="{world.vinh_niem.pk}" selected>' in html
    assert shown_total(html) == len(_codes(html)) > 0
    assert client.get(reverse("tasks:filter_options", args=["task"])).status_code == 404
