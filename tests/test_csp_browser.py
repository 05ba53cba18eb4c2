"""Chromium enforces the content security policy: Thaogo's pages, htmx's partial updates
included, run without a single violation (no inline script or style anywhere)."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.helpers import PASSWORD
from thaogo.reporting.models import ReportObligation
from thaogo.tasks.models import Status

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

# Runs before any page script; the browser reports each blocked resource or inline code here.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${where}`
  );
});
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_and_htmx_updates_run_without_csp_violations(live_server, world, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    obligation = ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )
    base = live_server.url
    console_errors: list[str] = []
    seen: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_context().new_page()
            page.set_default_timeout(15_000)
            page.add_init_script(RECORD_VIOLATIONS)
            page.on(
                "console",
                lambda message: (
                    console_errors.append(message.text) if message.type == "error" else None
                ),
            )

            def violations() -> list[str]:
                return page.evaluate("window.__cspViolations")

            def check(where: str) -> None:
                seen.append(where)
                assert violations() == [], where
                assert page.evaluate("document.querySelectorAll('style, [style]').length") == 0

            # The login page, with the policy in force.
            response = page.goto(f"{base}/accounts/login/")
            assert "script-src 'self'" in response.headers["content-security-policy"]
            check("login page")
            page.fill("input[name=username]", "cadre")
            page.fill("input[name=password]", PASSWORD)
            page.locator("form[action='/accounts/login/'] button[type=submit]").click()
            expect(page).to_have_url(re.compile(r"/app/$"))
            check("my tasks")

            # The task list; a filter change reloads the results in place through htmx.
            page.goto(f"{base}/app/tasks/")
            expect(page.locator("#results")).to_contain_text(world.clearance.title)
            page.select_option("select[name=status]", Status.COMPLETED)
            expect(page).to_have_url(re.compile(r"status=completed"))
            expect(page.locator("#results")).not_to_contain_text(world.clearance.title)
            page.select_option("select[name=status]", Status.IN_PROGRESS)
            expect(page.locator("#results")).to_contain_text(world.clearance.title)
            check("task list after an htmx filter")

            # The report form; typing saves a draft through htmx.
            page.goto(f"{base}/app/reports/{obligation.pk}/write/")
            page.fill("textarea[name=results]", "Đã vận động thêm 10 hộ bàn giao mặt bằng.")
            expect(page.locator("#autosave-status")).to_contain_text("Đã lưu bản nháp")
            check("report form after an autosave")

            # The unit tree (its indentation used to be an inline style) and an error page.
            page.goto(f"{base}/app/units/")
            expect(page.locator(".unit-tree .depth-2").first).to_be_visible()
            check("unit tree")
            page.goto(f"{base}/app/khong-co/")
            expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
            check("404 page")
        finally:
            browser.close()

    assert seen
    assert [text for text in console_errors if "Content Security Policy" in text] == []
