"""The timing split as pages show it: its parts add up to the total, near due is counted
inside "in progress within deadline", and every figure counts what the page shows."""

import re

import pytest
from django.urls import reverse

from thaogo.tasks.models import Timing

pytestmark = pytest.mark.django_db

LIST = reverse("tasks:list")


def split_on(html: str) -> tuple[dict[str, int], int]:
    """The headline parts shown on a page, and the "of which near due" figure."""
    parts = {
        value: int(count)
        for value, count in re.findall(r'data-timing-part="(\w+)" data-count="(\d+)"', html)
    }
    near = re.search(r'data-timing-of-which="near_due" data-count="(\d+)"', html)
    assert parts and near, "no timing split on the page"
    return parts, int(near.group(1))


def shown_total(html: str) -> int:
    match = re.search(r'data-timing-total="(\d+)"', html) or re.search(
        r'<p class="result-count" data-count="(\d+)"', html
    )
    assert match, "no total on the page"
    return int(match.group(1))


def page(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["btc", "cadre", "unit_staff"])
def test_the_parts_of_each_split_add_up_to_its_total(world, client_for, who):
    client = client_for(getattr(world, who))
    urls = [reverse("core:dashboard"), LIST, reverse("documents:plan_detail", args=[world.plan.pk])]
    for url in urls:
        html = page(client, url)
        parts, near_due = split_on(html)
        assert set(parts) == {
            Timing.COMPLETED_ON_TIME,
            Timing.COMPLETED_LATE,
            Timing.ON_TRACK,
            Timing.OVERDUE,
            Timing.NO_DEADLINE,
        }
        assert sum(parts.values()) == shown_total(html), url
        assert near_due <= parts[Timing.ON_TRACK], url


def test_near_due_is_counted_within_deadline_not_beside_it(world, client_for):
    html = page(client_for(world.btc), reverse("core:dashboard"))
    parts, near_due = split_on(html)
    # 01 is within its deadline with time to spare, 02 is due in two days: both within.
    assert parts[Timing.ON_TRACK] == 2
    assert near_due == 1
    assert sum(parts.values()) == 6


def test_the_task_list_figures_count_only_the_filtered_tasks(world, client_for):
    client = client_for(world.btc)
    html = page(client, LIST, {"cadre": world.dat.pk})
    parts, near_due = split_on(html)
    assert shown_total(html) == 1
    assert sum(parts.values()) == 1
    assert parts[Timing.ON_TRACK] == 1 and near_due == 0

    html = page(client, LIST, {"unit": world.an_bien.pk})
    parts, near_due = split_on(html)
    assert sum(parts.values()) == shown_total(html) == 2
    assert parts[Timing.OVERDUE] == 1 and parts[Timing.ON_TRACK] == 1 and near_due == 1


def test_a_timing_figure_links_to_a_list_of_exactly_that_many_tasks(world, client_for):
    client = client_for(world.btc)
    html = page(client, reverse("core:dashboard"))
    parts, near_due = split_on(html)
    for timing, count in [*parts.items(), (Timing.NEAR_DUE.value, near_due)]:
        assert shown_total(page(client, LIST, {"timing": timing})) == count, timing


def test_the_plan_list_counts_only_the_tasks_the_viewer_can_open(world, client_for):
    html = page(client_for(world.cadre), reverse("documents:plan_list"))
    row = re.search(r"164-KH/QU.*?</tr>", html, re.S).group(0)
    assert re.findall(r"<td[^>]*>(\d+)</td>", row) == ["1"]  # only task 01 is the cadre's


def test_the_cadre_list_counts_only_assignments_on_tasks_the_viewer_can_open(
    world, make, client_for
):
    # Đạt also supports task 02, which the ward staff of Vĩnh Niệm cannot open.
    make.assign(world.revenue, world.dat, role="support")
    html = page(client_for(world.unit_staff), reverse("units:cadre_list"))
    row = re.search(r"Nguyễn Văn Đạt.*?</tr>", html, re.S).group(0)
    assert re.findall(r"<td[^>]*>(\d+)</td>", row)[-1] == "1"
