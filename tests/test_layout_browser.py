"""The internal pages in Chromium at a phone's width and a desktop's: nothing scrolls sideways,
and nothing in the header or in the summary cards overlaps (a badge spilling out of its card
counts as overlapping it).

The demo is loaded once for the module and served by a live server of its own: each page is
opened by the demo account that works with it, as someone trying Thaogo would."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.utils import override_settings
from playwright.sync_api import expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.demo_snapshot import demo_as_of
from thaogo.lib import clock

DEMO_DAY = date(2024, 10, 15)
WIDTHS = [390, 1280]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

# (name, demo account, address, or "address -> selector of the link to follow -> ...")
PAGES = [
    ("cadre home", "canbo01", "/app/"),
    ("task list", "canbo01", "/app/tasks/"),
    ("task page", "canbo01", "/app/tasks/ -> main table a[href^='/app/tasks/']"),
    (
        "task's reporting periods",
        "canbo01",
        "/app/tasks/ -> main table a[href^='/app/tasks/'] -> #periods a[href$='/periods/']",
    ),
    (
        "task's history",
        "btc",
        "/app/tasks/ -> main table a[href^='/app/tasks/'] -> #history a[href$='/history/']",
    ),
    ("report board", "canbo01", "/app/reports/"),
    ("report writing", "canbo01", "/app/reports/ -> main a[href$='/write/']"),
    ("board home", "btc", "/app/"),
    ("overview", "btc", "/app/overview/"),
    ("monitoring", "btc", "/app/monitoring/"),
    ("list behind a figure", "btc", "/app/monitoring/ -> #headline a.figure"),
    ("new task", "btc", "/app/tasks/new/"),
    ("report review", "btc", "/app/reports/ -> main table a[href^='/app/reports/']"),
    ("proposal list", "btc", "/app/proposals/"),
    ("proposal page", "btc", "/app/proposals/ -> main table a[href^='/app/proposals/']"),
    ("meeting list", "btc", "/app/meetings/"),
    ("meeting page", "btc", "/app/meetings/ -> main table a[href^='/app/meetings/']"),
    ("directive list", "btc", "/app/directives/"),
    ("directive page", "btc", "/app/directives/ -> main table a[href^='/app/directives/']"),
    ("standing committee home", "btv", "/app/"),
    (
        "evaluation round",
        "btv",
        "/app/evaluation/rounds/ -> main table a[href^='/app/evaluation/']",
    ),
    (
        "own evaluation",
        "canbo07",
        "/app/evaluation/rounds/ -> main table a[href^='/app/evaluation/']",
    ),
    ("unit staff home", "phuong", "/app/"),
]

# Pairs of visible boxes that intersect: the header's own items (brand, links, menu button,
# search box, account menu, notifications), and the summary cards with what each holds, which
# must also stay inside its card.
OVERLAPS = """() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"
      && el.checkVisibility();
  };
  const box = (el) => el.getBoundingClientRect();
  const name = (el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : "")
    + " '" + el.textContent.trim().slice(0, 30) + "'";
  const cross = (a, b) => a.left < b.right - 1 && b.left < a.right - 1
    && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const found = [];
  const items = [...document.querySelectorAll(
    ".app-header .brand, .app-header .nav-menu > summary, .app-header .main-nav li > a, "
    + ".app-header .main-nav details > summary, .app-header .header-search input, "
    + ".app-header .user-menu > summary, .app-header .notice-link"
  )].filter(visible);
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (cross(box(items[i]), box(items[j]))) found.push(name(items[i]) + " × " + name(items[j]));
    }
  }
  const cards = [...document.querySelectorAll(".stats > .stat")].filter(visible);
  for (let i = 0; i < cards.length; i++) {
    const card = box(cards[i]);
    for (let j = i + 1; j < cards.length; j++) {
      if (cross(card, box(cards[j]))) found.push(name(cards[i]) + " × " + name(cards[j]));
    }
    const parts = [...cards[i].querySelectorAll(".badge, strong, span, .of-which")].filter(visible);
    for (const part of parts) {
      const r = box(part);
      if (r.left < card.left - 1 || r.right > card.right + 1
          || r.top < card.top - 1 || r.bottom > card.bottom + 1) {
        found.push(name(part) + " spills out of " + name(cards[i]));
      }
    }
  }
  return found;
}"""


class OneRequestAtATime(WSGIServer):
    """The live server without its threads. On SQLite the test's in-memory database has one
    connection, which the server shares: two requests at once on it (a page and the browser's
    favicon, say) make SQLite answer "database table is locked"."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo as of its own day, committed once for the module; the database is put back
    as the migrations left it afterwards, for the tests that follow."""
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        AXES_ENABLED=False,
    )
    with django_db_blocker.unblock(), fast, pytest.MonkeyPatch.context() as patch:
        name = "system_today" if hasattr(clock, "system_today") else "today"
        patch.setattr(clock, name, lambda: DEMO_DAY)
        # What the data migrations seeded (kinds of units, categories, holidays…). The admin's
        # log is left out: its table is not created in tests.
        with override_settings(TEST_NON_SERIALIZED_APPS=["django.contrib.admin"]):
            seeded = connection.creation.serialize_db_to_string()
        demo_as_of(DEMO_DAY, tmp_path_factory)
        try:
            yield
        finally:
            call_command(
                "flush",
                interactive=False,
                verbosity=0,
                inhibit_post_migrate=True,
                reset_sequences=False,
            )
            connection.creation.deserialize_db_from_string(seeded)


@pytest.fixture
def demo_site(demo, _live_server_settings, today):
    """A live server of the demo for one test, started inside the test's transaction: on
    SQLite it must share the connection the test holds (the one open when it starts)."""
    server = LiveServer("localhost", start=False)
    server.thread.server_class = OneRequestAtATime
    server.start()
    server._live_server_modified_settings.enable()  # its host in ALLOWED_HOSTS
    try:
        yield server.url
    finally:
        server._live_server_modified_settings.disable()
        server.stop()


@pytest.fixture(scope="module")
def chromium():
    # Playwright's sync API runs an event loop in this thread for the whole module; Django's
    # ORM is only used here to open and close each test's transaction around it.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def log_in(demo_site, chromium):
    """A page logged in as a demo account. Each test logs in anew: its session is written
    in the test's transaction, which on SQLite the live server shares and which is rolled
    back after the test."""
    contexts = []

    def open_as(username: str):
        context = chromium.new_context()
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{demo_site}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "demo")
        page.locator("form[action='/accounts/login/'] button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/app/$"))
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.mark.browser
@pytest.mark.django_db
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "username", "where"), PAGES, ids=[p[0] for p in PAGES])
def test_page_fits_the_screen_and_nothing_overlaps(demo_site, log_in, name, username, where, width):
    page = log_in(username)
    page.set_viewport_size({"width": width, "height": 900})
    address, *links = where.split(" -> ")
    response = page.goto(demo_site + address)
    for link in links:
        href = page.locator(link).first.get_attribute("href")
        response = page.goto(demo_site + href)
    assert response.status == 200, f"{name}: {page.url} answered {response.status}"

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name} at {width} px scrolls sideways to {scroll_width} px"
    assert page.evaluate(OVERLAPS) == [], f"{name} at {width} px"

    if width >= 1280:
        # One row of header, and a search box that shows its whole placeholder.
        header = page.locator(".app-header nav").bounding_box()
        assert header["height"] < 70, f"{name}: the header wraps ({header['height']} px)"
        search = page.locator(".header-search input")
        assert search.evaluate(
            "input => { const typed = input.value; input.value = input.placeholder;"
            " const fits = input.scrollWidth <= input.clientWidth; input.value = typed;"
            " return fits; }"
        ), f"{name}: the search box cuts its placeholder"
    else:
        # The menu is a button that opens the links.
        menu = page.locator(".nav-menu > summary")
        expect(menu).to_be_visible()
        expect(page.locator(".main-nav").get_by_role("link").first).to_be_hidden()
        menu.click()
        expect(page.locator(".main-nav").get_by_role("link").first).to_be_visible()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name}: the open menu scrolls sideways"


@pytest.mark.browser
@pytest.mark.django_db
def test_dates_are_picked_or_typed_and_the_units_list_filters_as_one_types(demo_site, log_in):
    page = log_in("btc")
    page.goto(f"{demo_site}/app/tasks/new/")
    expect(page.locator("select[name=plan] option:checked")).to_contain_text("164-KH/QU")
    expect(page.locator("input[name=code]")).to_have_value("25")

    # The calendar writes its day in the text field as dd/mm/yyyy; typing still works.
    start = page.locator("input[name=start_date]")
    expect(page.locator(".date-field button.date-button")).to_have_count(3)
    start.locator("xpath=..").locator("input[type=date]").fill("2024-10-15")
    expect(start).to_have_value("15/10/2024")
    deadline = page.locator("input[name=deadline]")
    deadline.fill("31/12/2025")
    expect(deadline).to_have_value("31/12/2025")

    # Units are checkboxes; the box above them hides those that do not match (accents aside).
    units = page.locator("fieldset.choices div.checkbox-choices label")
    total = units.count()
    assert total > 5
    page.locator("fieldset.choices input.choice-filter").fill("vinh niem")
    shown = units.filter(visible=True).all_inner_texts()
    assert 1 <= len(shown) < total
    assert all("Vĩnh Niệm" in text for text in shown), shown
    page.locator("fieldset.choices input.choice-filter").fill("")
    expect(units.filter(visible=True)).to_have_count(total)
