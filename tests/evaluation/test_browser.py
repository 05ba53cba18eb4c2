"""A round in Chromium: the Board opens it, the cadre self-assesses, the Board proposes, the
Standing Committee's approval is refused for the quota, the Board corrects, it is approved."""

import re

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.helpers import PASSWORD
from tests.test_browser import CHROMIUM_ARGS


def login(browser, live_server, username):
    page = browser.new_context().new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/app/"))
    return page


def propose(page, cadre, rating, justification):
    page.locator(f"tr[data-cadre='{cadre}']").get_by_role("link", name="Đề xuất xếp loại").click()
    page.select_option("select[name=rating]", label=rating)
    page.fill("textarea[name=justification]", justification)
    page.get_by_role("button", name="Ghi nhận đề xuất").click()
    expect(page.locator("body")).to_contain_text("Đã ghi nhận đề xuất")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_round_from_opening_to_approval(live_server, world, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            board = login(browser, live_server, "btc")
            board.goto(f"{live_server.url}/app/evaluation/rounds/")
            board.get_by_role("button", name="Mở đợt đánh giá").click()
            board.fill("input[name=title]", "Đánh giá quý III/2024")
            board.select_option("select[name=kind]", "quarter")
            board.fill("input[name=period_start]", "01/07/2024")
            board.fill("input[name=period_end]", "30/09/2024")
            board.fill("input[name=group_name]", "Kế hoạch 164")
            board.get_by_label("Nguyễn Văn Đạt").check()
            board.get_by_label("Trần Thị Hoa").check()
            board.fill("input[name=self_assessment_deadline]", "25/10/2024")
            board.get_by_role("button", name="Mở đợt").click()
            expect(board.locator("h1")).to_have_text("Đánh giá quý III/2024")
            round_url = board.url

            cadre = login(browser, live_server, "cadre")
            cadre.goto(f"{live_server.url}/app/evaluation/rounds/")
            cadre.get_by_role("link", name="Đánh giá quý III/2024").click()
            expect(cadre.locator("#breakdown")).to_contain_text("Giải phóng mặt bằng")
            cadre.get_by_role("button", name="Tự đánh giá").click()
            for index, value in enumerate(["9", "9,5", "9"]):
                cadre.fill(f"input[name=point_{index}]", value)
            cadre.fill("textarea[name=comment]", "Hoàn thành các việc được giao")
            cadre.get_by_role("button", name="Gửi").click()
            expect(cadre.locator("body")).to_contain_text("Đã gửi bản tự đánh giá")

            board.goto(round_url)
            propose(board, "Nguyễn Văn Đạt", "Hoàn thành xuất sắc nhiệm vụ", "Vượt tiến độ")
            board.goto(round_url)
            propose(board, "Trần Thị Hoa", "Không hoàn thành nhiệm vụ", "Chưa nộp báo cáo")

            committee = login(browser, live_server, "btv")
            committee.goto(round_url)
            committee.get_by_role("button", name="Phê duyệt xếp loại").click()
            refusal = committee.locator("body")
            expect(refusal).to_contain_text("Không thể phê duyệt")
            expect(refusal).to_contain_text("Hạn mức: 1 người được đề xuất")
            expect(refusal).to_contain_text("Nguyễn Văn Đạt")
            expect(committee.locator("[data-round-state]")).to_have_text(
                "Đã đề xuất, chờ phê duyệt"
            )

            board.goto(round_url)
            propose(board, "Nguyễn Văn Đạt", "Không hoàn thành nhiệm vụ", "Theo hạn mức")

            committee.goto(round_url)
            committee.get_by_role("button", name="Phê duyệt xếp loại").click()
            expect(committee.locator("body")).to_contain_text("Đã phê duyệt xếp loại")
            expect(committee.locator("[data-round-state]")).to_have_text("Đã phê duyệt và khóa")
        finally:
            browser.close()
