"""The Organization Board in Chromium: the dashboard, the list behind "overdue", a past date,
and the consolidated report of that date downloaded as Word."""

import re
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect, sync_playwright

from tests.exports.reading import workbook
from tests.helpers import PASSWORD
from tests.test_browser import CHROMIUM_ARGS


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_board_follows_overdue_to_its_list_and_goes_back_in_time(live_server, world, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.set_default_timeout(15_000)
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", "btc")
            page.fill("input[name=password]", PASSWORD)
            page.locator("form[action='/accounts/login/'] button[type=submit]").click()
            expect(page).to_have_url(re.compile(r"/app/$"))

            page.get_by_role("button", name="Theo dõi", exact=True).click()
            expect(page).to_have_url(re.compile(r"/app/monitoring/$"))
            # No sideways scrolling of the page at 390 px: wide tables scroll in their box.
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390
            # Every unit of the tree, which the page opens one at a time, comes down at once.
            with page.expect_download() as download:
                page.get_by_role("button", name="Tải Excel (tất cả đơn vị)").click()
            units = workbook(Path(download.value.path()).read_bytes()).worksheets[0]
            names = [row[0] for row in units.iter_rows(min_row=2, values_only=True)]
            assert world.district.name in names and len(names) > 1

            overdue = page.locator("#headline tr", has_text="Đang thực hiện quá hạn").locator(
                "a.figure"
            )
            count = int(overdue.get_attribute("data-figure-count"))
            assert count == 1  # 04, due 30/09/2024
            overdue.click()
            expect(page).to_have_url(re.compile(r"/app/monitoring/list/\?"))
            expect(page.locator("tr[data-row]")).to_have_count(count)
            expect(page.locator("tr[data-row]")).to_contain_text(world.investment.title)

            page.go_back()
            page.fill("input[name=as_of]", "01/09/2024")
            page.get_by_role("button", name="Xem").click()
            expect(page).to_have_url(re.compile(r"as_of=01%2F09%2F2024"))
            expect(page.locator("p.muted").first).to_contain_text("01/09/2024")
            past = page.locator("#headline tr", has_text="Đang thực hiện quá hạn").locator(
                "a.figure"
            )
            expect(past).to_have_attribute("data-figure-count", "0")

            # One plan chosen, the consolidated report of that date comes down as Word.
            page.select_option("select[name=plan]", str(world.plan.pk))
            page.get_by_role("button", name="Xem").click()
            expect(page).to_have_url(re.compile(rf"plan={world.plan.pk}"))
            with page.expect_download() as download:
                page.get_by_role("button", name="Tải báo cáo tổng hợp (Word)").click()
            assert download.value.suggested_filename.endswith(".docx")
            text = "\n".join(p.text for p in Document(download.value.path()).paragraphs)
            assert "BÁO CÁO" in text
            assert "Kết quả thực hiện Kế hoạch số" in text
        finally:
            browser.close()
