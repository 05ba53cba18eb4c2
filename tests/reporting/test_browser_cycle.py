"""The whole reporting cycle, walked in Chromium by the people who do it."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.helpers import PASSWORD, TODAY
from thaogo.direction.models import Directive, DirectiveStatus, Proposal, ProposalStatus
from thaogo.reporting.models import ReportObligation, ReportStatus
from thaogo.tasks.models import MetricValue

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def log_in(browser, base_url: str, username: str):
    page = browser.new_context().new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/app/$"))
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_report_proposal_meeting_and_directive_cycle(live_server, world, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    obligation = ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            # 1. The cadre writes the report, raises a proposal in it, and submits.
            cadre = log_in(browser, base, "cadre")
            cadre.goto(f"{base}/app/reports/")
            cadre.locator(f"a[href='/app/reports/{obligation.pk}/write/']").click()
            expect(cadre.locator("h1")).to_contain_text("Quý III/2024")
            cadre.fill("textarea[name=results]", "Đã vận động thêm 10 hộ bàn giao mặt bằng.")
            cadre.fill(f"input[name=metric_{world.households.pk}]", "100")
            expect(cadre.locator("#autosave-status")).to_contain_text("Đã lưu bản nháp")
            cadre.locator("a", has_text="Đề xuất hướng xử lý").click()
            cadre.fill("input[name=title]", "Đề nghị cưỡng chế thu hồi đất 3 hộ")
            cadre.fill("textarea[name=content]", "Ba hộ không chấp hành, đề nghị BTV chỉ đạo.")
            cadre.check("input[name=beyond_authority]")
            cadre.locator("main form button[type=submit]").click()
            expect(cadre.locator("textarea[name=results]")).to_have_value(
                "Đã vận động thêm 10 hộ bàn giao mặt bằng."
            )
            cadre.locator("button[name=submit]").click()
            expect(cadre.locator(".badge[data-state]").first).to_contain_text("Nộp")

            # 2. The Organization Board returns it; the cadre revises; it is accepted.
            board = log_in(browser, base, "btc")
            board.goto(f"{base}/app/reports/{obligation.pk}/")
            board.check("input[name=decision][value=return]")
            board.fill("textarea[name=comment]", "Bổ sung số hộ đã nhận tiền bồi thường.")
            board.get_by_role("button", name="Ghi nhận kết quả xem xét").click()
            expect(board.locator(".badge[data-state]").first).to_have_attribute(
                "data-state", "returned"
            )

            cadre.goto(f"{base}/app/reports/{obligation.pk}/write/")
            expect(cadre.locator(".alert-warning")).to_contain_text("Bổ sung số hộ")
            cadre.fill("textarea[name=results]", "Đã vận động 10 hộ; 8 hộ đã nhận tiền.")
            cadre.locator("button[name=submit]").click()

            board.goto(f"{base}/app/reports/{obligation.pk}/")
            board.check("input[name=decision][value=accept]")
            board.get_by_role("button", name="Ghi nhận kết quả xem xét").click()
            expect(board.locator(".badge[data-state]").first).to_have_attribute(
                "data-state", "accepted"
            )
            expect(board.locator(".report-version")).to_have_count(2)

            # 3. The Office puts the proposal on a meeting agenda and records a directive.
            office = log_in(browser, base, "office")
            office.goto(f"{base}/app/proposals/")
            expect(office.locator("main table")).to_contain_text("Đề nghị cưỡng chế")
            office.goto(f"{base}/app/meetings/")
            office.locator("main details summary").first.click()
            office.fill("input[name=title]", "Phiên họp Ban Thường vụ tháng 10")
            office.fill("input[name=held_on]", TODAY.strftime("%d/%m/%Y"))
            office.locator("main details form button[type=submit]").click()
            expect(office.locator("h1")).to_have_text("Phiên họp Ban Thường vụ tháng 10")
            proposal_id = str(Proposal.objects.get(title__startswith="Đề nghị cưỡng chế").pk)
            office.locator("select[name=proposal]").select_option(value=proposal_id)
            office.locator("form:has(input[value=agenda]) button[type=submit]").click()
            # Directives are recorded once the meeting has been held.
            expect(office.locator("#agenda")).to_contain_text("Đã họp")
            office.locator("select[name=status]").select_option(value="held")
            office.locator("form:has(input[value=meeting]) button[type=submit]").click()
            office.locator("#agenda details summary").first.click()
            office.fill("textarea[name=directive-text]", "Giao UBND phường hoàn thiện hồ sơ.")
            office.locator("select[name=directive-responsible_cadre]").select_option(
                value=str(world.dat.pk)
            )
            office.fill("input[name=directive-deadline]", "15/11/2024")
            office.locator("form:has(input[value=directive]) button[type=submit]").click()
            expect(office.locator("#agenda .directive")).to_contain_text("hoàn thiện hồ sơ")

            # 4. The cadre acknowledges and completes the directive.
            cadre.goto(f"{base}/app/directives/")
            cadre.get_by_role("link", name=re.compile("hoàn thiện hồ sơ")).click()
            cadre.get_by_role("button", name="Tiếp nhận").click()
            cadre.fill("input[name=completed_on]", TODAY.strftime("%d/%m/%Y"))
            cadre.fill("textarea[name=note]", "Đã hoàn thiện hồ sơ cưỡng chế.")
            cadre.locator("form:has(input[value=complete]) button[type=submit]").click()
            expect(cadre.locator("main")).to_contain_text("Đã hoàn thiện hồ sơ cưỡng chế.")

            # The task page tells the whole story in order.
            cadre.goto(f"{base}/app/tasks/{world.clearance.pk}/")
            thread = cadre.locator("#thread ol.thread")
            expect(thread).to_contain_text("Đề nghị cưỡng chế")
            expect(thread.locator("li.thread-directive")).to_have_count(1)
        finally:
            browser.close()

    report = obligation.report
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert (
        MetricValue.objects.get(metric=world.households, measured_on=date(2024, 9, 14)).value == 100
    )
    proposal = Proposal.objects.get(title="Đề nghị cưỡng chế thu hồi đất 3 hộ")
    assert proposal.report_id == report.pk and proposal.status == ProposalStatus.CLOSED
    assert Directive.objects.get(proposal=proposal).status == DirectiveStatus.COMPLETED
