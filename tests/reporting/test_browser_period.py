"""The period report in Chromium: each section saves itself as the cadre types, and one
button submits every part."""

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.reporting.test_browser_cycle import CHROMIUM_ARGS, log_in
from thaogo.reporting.models import PeriodReport, Report, ReportObligation, ReportStatus


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_cadre_writes_the_period_report_that_saves_itself_then_submits_it_once(
    live_server, world, make, monkeypatch
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    make.by = world.btc
    make.assign(world.obstacles, world.dat)
    obligations = list(
        ReportObligation.objects.filter(
            assignment__cadre=world.dat, kind="quarter", year=2024, number=3
        ).order_by("assignment__task__code")
    )
    assert len(obligations) == 2
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            cadre = log_in(browser, base, "cadre")
            cadre.goto(f"{base}/app/reports/?mine=1")
            cadre.locator("a[href='/app/reports/periods/quarter/2024/3/']").first.click()
            expect(cadre.locator("h1")).to_contain_text(
                "Báo cáo kết quả thực hiện nhiệm vụ – Quý III/2024"
            )
            first, second = obligations

            def type_and_wait(selector: str, text: str, status: str) -> None:
                # One save at a time: the test database (SQLite in memory) locks a table
                # while another thread writes it.
                with cadre.expect_response(lambda r: r.url.endswith("/autosave/")) as saved:
                    cadre.fill(selector, text)
                assert saved.value.status == 200
                expect(cadre.locator(status)).to_contain_text("Đã lưu bản nháp")

            status = f"#autosave-status-s{first.pk}"
            type_and_wait(f"textarea[name=s{first.pk}-results]", "Đã vận động thêm 10 hộ.", status)
            # A second save of the same section goes on from the version the first returned.
            type_and_wait(f"textarea[name=s{first.pk}-results]", "Đã vận động thêm 12 hộ.", status)
            type_and_wait(
                "textarea[name=general-general]",
                "Các nhiệm vụ đúng kế hoạch.",
                "#autosave-status-general",
            )
            cadre.fill(f"textarea[name=s{second.pk}-results]", "Đã tháo gỡ 2 vướng mắc.")
            cadre.locator("button[name=submit]").click()
            expect(cadre.locator("main")).to_contain_text("Đã gửi báo cáo")
        finally:
            browser.close()

    assert Report.objects.get(obligation=first).results == "Đã vận động thêm 12 hộ."
    assert PeriodReport.objects.get(cadre=world.dat).general == "Các nhiệm vụ đúng kế hoạch."
    for obligation in obligations:
        assert Report.objects.get(obligation=obligation).status == ReportStatus.SUBMITTED
