"""Every number on the monitoring dashboard is a link to the list behind it, and that list has
exactly as many rows: on the demo, for every role that may open the page, today and on a
past date."""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from tests.demo_snapshot import demo_as_of

DEMO_DAY = date(2024, 10, 15)
FIGURE = re.compile(r'<a class="figure" href="([^"]+)" data-figure-count="(\d+)"')
ROW = "<tr data-row>"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        demo_as_of(DEMO_DAY, tmp_path_factory)
        yield
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo", "today")]


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def links_on(client: Client, query: str) -> list[tuple[str, int]]:
    response = client.get(reverse("monitoring:dashboard") + query)
    assert response.status_code == 200
    found = FIGURE.findall(response.content.decode())
    return sorted({(url.replace("&amp;", "&"), int(count)) for url, count in found})


@pytest.mark.parametrize(
    ("username", "query"),
    # An overseer today, another on a past date, and a cadre's own record on a past date (the
    # Office sees what the Organization Board sees; a cadre's today is covered by its past).
    [
        ("btc", ""),
        ("btv", "?as_of=20/09/2024&sort=-overdue"),
        ("canbo01", "?as_of=15/07/2024"),
    ],
)
def test_every_number_links_to_a_list_of_that_many_rows(username, query):
    client = client_of(username)
    links = links_on(client, query)
    assert len(links) > 20
    assert any(count > 0 for _url, count in links)
    wrong = []
    for url, count in links:
        rows = rows_on_every_page(client, url)
        if rows != count:
            wrong.append((url, count, rows))
    assert wrong == []


def rows_on_every_page(client: Client, url: str) -> int:
    rows, page = 0, 1
    while True:
        response = client.get(f"{url}&page={page}")
        assert response.status_code == 200, url
        html = response.content.decode()
        rows += html.count(ROW)
        if 'rel="next"' not in html:
            return rows
        page += 1


@override_settings(THAOGO_PAGE_SIZE=5)
def test_a_long_list_is_paged_and_its_pages_add_up_to_the_number():
    client = client_of("btc")
    [(url, count)] = [(u, c) for u, c in links_on(client, "") if "figure=total" in u][:1]
    assert count > 5
    first = client.get(url).content.decode()
    assert first.count(ROW) == 5
    assert f'data-list-count="{count}"' in first
    assert rows_on_every_page(client, url) == count


def test_the_overview_links_to_the_dashboard():
    response = client_of("btc").get(reverse("core:dashboard"))
    assert reverse("monitoring:dashboard") in response.content.decode()


def test_all_seventeen_cadres_on_one_screen():
    html = client_of("btc").get(reverse("monitoring:dashboard")).content.decode()
    section = html.split('id="by-cadre"')[1].split("</section>")[0]
    assert section.count('<tr><th scope="row">') == 17


def test_sorting_by_a_column():
    client = client_of("btc")
    url = reverse("monitoring:dashboard")

    def names(sort: str) -> list[str]:
        html = client.get(url, {"sort": sort}).content.decode()
        section = html.split('id="by-cadre"')[1].split("</section>")[0]
        return re.findall(r'<tr><th scope="row">([^<]+)</th>', section)

    assert names("name") == sorted(names("name"))
    assert names("-name") == list(reversed(names("name")))
    assert names("overdue") != names("-overdue")
    # An unknown column sorts by name rather than failing.
    assert names("nonsense") == names("name")


@pytest.mark.parametrize(
    "query",
    ["?as_of=31/02/2024", "?as_of=01/01/2099", "?as_of=abc", "?plan=999999", "?plan=abc"],
)
def test_a_bad_date_or_plan_is_refused(query):
    response = client_of("btc").get(reverse("monitoring:dashboard") + query)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "?family=tasks&figure=nonsense",
        "?family=nonsense&figure=total",
        "?family=tasks&figure=total&as_of=32/01/2024",
    ],
)
def test_a_list_of_nothing_known_is_refused(query):
    response = client_of("btc").get(reverse("monitoring:list") + query)
    assert response.status_code == 400


def test_chart_lengths_are_numbers_an_svg_can_read():
    # In Vietnamese a decimal is written with a comma; an SVG length with one draws no bar.
    html = client_of("btc").get(reverse("monitoring:dashboard")).content.decode()
    widths = re.findall(r'<rect [^>]*width="([^"]*)"', html)
    assert widths
    for width in widths:
        assert re.fullmatch(r"\d+(\.\d+)?", width), width
    assert any(float(width) > 0 for width in widths)


def test_the_two_compliance_blocks_name_the_period_in_progress_and_the_last_one():
    html = client_of("btc").get(reverse("monitoring:dashboard")).content.decode()
    assert html.count("Kỳ hiện tại:") == 1
    assert html.count("Kỳ trước:") == 1


def section(html: str, name: str) -> str:
    return html.split(f'id="{name}"')[1].split("</section>")[0]


def next_page(html: str) -> str | None:
    found = re.search(r'<a href="([^"]+)" rel="next">', html)
    return found.group(1).replace("&amp;", "&") if found else None


@override_settings(THAOGO_PAGE_SIZE=5)
def test_the_by_cadre_table_is_paged_and_its_pages_hold_every_cadre_once():
    client = client_of("btc")
    url = reverse("monitoring:dashboard")
    names: list[str] = []
    query = "?sort=-name"
    while query:
        html = section(client.get(url + query.split("#")[0]).content.decode(), "by-cadre")
        shown = re.findall(r'<tr><th scope="row">([^<]+)</th>', html)
        assert 0 < len(shown) <= 5
        names += shown
        query = next_page(html)
        assert query is None or query.endswith("#by-cadre")
    assert len(names) == 17
    assert names == sorted(names, reverse=True)
    # Sorting again starts at the first page of the new order.
    second = section(
        client.get(url, {"sort": "name", "cadre_page": 2}).content.decode(), "by-cadre"
    )
    assert "cadre_page" not in "".join(re.findall(r'<th[^>]*><a href="([^"]+)"', second))


@override_settings(THAOGO_PAGE_SIZE=5)
def test_the_unit_tree_opens_a_level_at_a_time_and_shows_every_unit_with_its_figures():
    from thaogo.lib import clock
    from thaogo.monitoring.selectors import figures

    btc = get_user_model().objects.get(username="btc")
    expected = {
        row.key: row.tasks["total"] for row in figures(user=btc, as_of=clock.today()).by_unit
    }
    assert len(expected) > 5  # more than a page: the tree is opened and paged
    client = client_of("btc")
    url = reverse("monitoring:dashboard")
    seen: dict[int, int] = {}
    opened_from: dict[int, list[str]] = {}
    queue, visited = [""], set()
    while queue:
        query = queue.pop()
        if query in visited:
            continue
        visited.add(query)
        html = section(client.get(url + query).content.decode(), "by-unit")
        trail = re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', html)
        for up in re.findall(r'<li><a href="([^"]+)">', html):
            queue.append(up.replace("&amp;", "&").split("#")[0])
        for row in re.findall(r"<tr[^>]*><th scope=\"row\".*?</tr>", html, re.S):
            unit = int(re.search(r"unit=(\d+)", row).group(1))
            total = int(re.search(r'data-figure-count="(\d+)"', row).group(1))
            assert seen.setdefault(unit, total) == total
            link = re.search(r'<th scope="row"[^>]*><a href="([^"]+)">', row)
            if link:
                opened_from[unit] = trail
                queue.append(link.group(1).replace("&amp;", "&").split("#")[0])
        following = next_page(html)
        if following:
            queue.append(following.split("#")[0])
    assert seen == expected
    # A unit opened below the top names the units above it, to go back up.
    assert any(trail for trail in opened_from.values())


def test_an_unknown_unit_to_open_shows_the_top_of_the_tree():
    client = client_of("btc")
    url = reverse("monitoring:dashboard")
    top = section(client.get(url + "?open_unit=0").content.decode(), "by-unit")
    for query in ("?open_unit=999999", "?open_unit=abc", "?unit_page=999"):
        response = client.get(url + query)
        assert response.status_code == 200
        html = section(response.content.decode(), "by-unit")
        if "unit_page" not in query:
            assert html == top
