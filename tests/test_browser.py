"""One walk through the real app in Chromium: a cadre logs in, checks their task and opens
its history and its reporting periods."""

import re

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.helpers import PASSWORD

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cadre_logs_in_opens_their_task_and_sees_its_progress(live_server, world, monkeypatch):
    task, metric = world.clearance, world.households
    # Playwright's sync API runs an event loop in this thread; Django's ORM is not used here
    # while it runs (the live server answers from its own thread).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(15_000)
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", "cadre")
            page.fill("input[name=password]", PASSWORD)
            page.locator("form[action='/accounts/login/'] button[type=submit]").click()

            expect(page).to_have_url(re.compile(r"/app/$"))
            expect(page.locator("h1")).to_have_text("Việc cần xử lý")

            page.get_by_role("link", name=task.title).click()
            expect(page).to_have_url(re.compile(rf"/app/tasks/{task.pk}/$"))
            expect(page.locator("h1")).to_contain_text(task.title)

            metrics = page.locator("#metrics")
            expect(metrics).to_contain_text(metric.name)
            bar = metrics.locator("progress")
            expect(bar).to_have_count(1)
            expect(bar).to_have_attribute("value", "75")
            expect(bar).to_have_attribute("max", "100")
            expect(metrics.locator(".metric-percent")).to_have_text("75%")

            # The history is fetched when its section is unfolded, into the page.
            history = page.locator("#history")
            expect(history.locator(".history-entry")).to_have_count(0)
            history.locator("summary").click()
            expect(history.locator(".history-entry").first).to_be_visible()
            expect(history).to_contain_text("Tạo mới")
            expect(page).to_have_url(re.compile(rf"/app/tasks/{task.pk}/$"))

            # So are the reporting periods, each linked to its report.
            periods = page.locator("#periods")
            expect(periods.locator("tbody tr")).to_have_count(0)
            periods.locator("summary").click()
            expect(periods.locator("tbody tr").first).to_be_visible()
            expect(periods.locator("tbody tr").first.locator("a")).to_have_attribute(
                "href", re.compile(r"^/app/reports/\d+/$")
            )
            expect(page).to_have_url(re.compile(rf"/app/tasks/{task.pk}/$"))
        finally:
            browser.close()
