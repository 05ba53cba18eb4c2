"""The interactive documentation runs in Chromium under the site's content security policy,
from the site's own files, and its "Try it out" calls the API with the login session."""

import json
import re

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.helpers import PASSWORD
from tests.test_csp_browser import CHROMIUM_ARGS, RECORD_VIOLATIONS


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_api_docs_load_without_csp_violations_and_call_the_api(live_server, world, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    outside: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_context().new_page()
            page.set_default_timeout(20_000)
            page.add_init_script(RECORD_VIOLATIONS)
            page.on(
                "request",
                lambda request: (
                    outside.append(request.url) if not request.url.startswith(base) else None
                ),
            )
            page.goto(f"{base}/accounts/login/")
            page.fill("input[name=username]", "cadre")
            page.fill("input[name=password]", PASSWORD)
            page.locator("form[action='/accounts/login/'] button[type=submit]").click()
            expect(page).to_have_url(re.compile(r"/app/$"))

            page.goto(f"{base}/api/v1/docs")
            operation = page.locator("#operations-default-me")
            expect(operation).to_be_visible()
            operation.locator(".opblock-summary").click()
            page.get_by_role("button", name="Try it out").click()
            page.get_by_role("button", name="Execute").click()
            # The live response, not the example from the schema (it says cadre_id 0 and is
            # on the page before the call returns).
            body = page.locator(
                "#operations-default-me .live-responses-table .response-col_description pre"
            ).first
            expect(body).to_contain_text("cadre_id")
            me = json.loads(body.inner_text())
            assert me["cadre_id"] == world.dat.pk
            assert page.evaluate("window.__cspViolations") == []
            assert outside == []
        finally:
            browser.close()
