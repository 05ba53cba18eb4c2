"""In Chromium: the Organization Board filters the task list, downloads it, and prints it."""

import re

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.exports.reading import workbook
from tests.helpers import PASSWORD
from tests.test_browser import CHROMIUM_ARGS


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_filtered_list_downloads_as_shown_and_prints_landscape(
    live_server, world, monkeypatch, tmp_path
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(accept_downloads=True)
            page.set_default_timeout(15_000)
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", "btc")
            page.fill("input[name=password]", PASSWORD)
            page.locator("form[action='/accounts/login/'] button[type=submit]").click()
            expect(page).to_have_url(re.compile(r"/app/$"))

            page.goto(f"{live_server.url}/app/tasks/")
            page.select_option("select[name=timing]", "on_track")  # htmx redraws the list
            expect(page).to_have_url(re.compile(r"timing=on_track"))
            count = page.locator(".result-count")
            expect(count).to_have_attribute("data-count", "2")
            with page.expect_download() as download:
                page.locator("#download-tasks").click()
            path = tmp_path / download.value.suggested_filename
            download.value.save_as(path)
            assert path.name == "danh-sach-nhiem-vu-2024-10-15.xlsx"
            rows = list(workbook(path.read_bytes()).worksheets[0].iter_rows(min_row=2))
            assert sorted(row[1].value for row in rows) == ["01", "02"]

            page.emulate_media(media="print")
            expect(page.locator(".app-header")).to_be_hidden()
            expect(page.locator("form.filters")).to_be_hidden()
            expect(page.locator("table.data")).to_be_visible()
            pdf = page.pdf(prefer_css_page_size=True)
            width, height = map(
                float, re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups()
            )
            assert width > height  # A4 landscape: 842 x 595 points
            assert round(width) == 842 and round(height) == 595
        finally:
            browser.close()
