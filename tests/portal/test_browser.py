"""A reader in Chromium: reads the news, finds a document by its number, opens an album, and
sees the visitor statistics count a second visitor. Screenshots at phone and desktop widths
go to /tmp/thaogo-portal-screens/ for a person to look at."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.test_browser import CHROMIUM_ARGS

SCREENS = Path("/tmp/thaogo-portal-screens")
DESKTOP_BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
PHONE_BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


def stat(page, name: str) -> str:
    return page.locator(f'#visitor-stats [data-stat="{name}"]').inner_text()


def screenshot(page, name: str) -> None:
    SCREENS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # load lazy pictures
    page.wait_for_timeout(300)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=SCREENS / f"{name}.png", full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_reads_news_finds_a_document_opens_an_album_and_is_counted(
    live_server, portal, world, monkeypatch
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    world.plan_doc.is_public = True
    world.plan_doc.save()
    article, album = portal.article, portal.album

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            desktop = browser.new_context(
                viewport={"width": 1280, "height": 900}, user_agent=DESKTOP_BROWSER
            )
            page = desktop.new_page()
            page.set_default_timeout(15_000)

            # The first visit counts itself: 1 everywhere, never the seed's 0 / 1 / 0 / 0.
            page.goto(f"{live_server.url}/")
            expect(page.locator("#visitor-stats[data-loaded]")).to_be_visible()
            assert [stat(page, n) for n in ("online", "today", "week", "all")] == ["1"] * 4
            widget = page.locator("#visitor-stats")
            for label in ("Đang truy cập", "Hôm nay", "Trong tuần", "Tất cả"):
                expect(widget).to_contain_text(label)
            screenshot(page, "desktop-home")

            # Read the news.
            page.get_by_role("link", name=article.title).first.click()
            expect(page).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
            expect(page.locator("h1")).to_have_text(article.title)
            expect(page.locator(".article-body figcaption")).to_have_text(portal.picture.caption)
            expect(page.locator(".article-source")).to_contain_text("Báo Dân trí")
            screenshot(page, "desktop-article")

            # Find a document by its number, with the keyboard.
            page.goto(f"{live_server.url}/van-ban/")
            search = page.locator("input[name=q]")
            search.fill("164")
            search.press("Enter")
            expect(page).to_have_url(re.compile(r"/van-ban/\?q=164"))
            rows = page.locator("table.documents tbody tr")
            expect(rows).to_have_count(1)
            expect(rows.first).to_contain_text("164-KH/QU")
            screenshot(page, "desktop-documents")

            # Open an album and a photo; the arrow key goes to the next one.
            page.goto(f"{live_server.url}/thu-vien-anh/")
            page.get_by_role("link", name=album.title).first.click()
            expect(page.locator("h1")).to_have_text(album.title)
            page.locator(".photo-grid a").first.click()
            expect(page.locator("figure.photo-full img")).to_have_attribute(
                "alt", portal.photos[0].alt_text
            )
            page.keyboard.press("ArrowRight")
            expect(page.locator("figure.photo-full img")).to_have_attribute(
                "alt", portal.photos[1].alt_text
            )

            # A second reader, on a phone.
            phone = browser.new_context(
                viewport={"width": 375, "height": 740},
                user_agent=PHONE_BROWSER,
                is_mobile=True,
                has_touch=True,
            )
            mobile = phone.new_page()
            mobile.set_default_timeout(15_000)
            mobile.goto(f"{live_server.url}/")
            expect(mobile.locator("#visitor-stats[data-loaded]")).to_be_visible()
            width = mobile.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
            screenshot(mobile, "phone-home")
            mobile.goto(f"{live_server.url}{article.get_absolute_url()}")
            screenshot(mobile, "phone-article")
            mobile.goto(f"{live_server.url}/van-ban/")
            screenshot(mobile, "phone-documents")

            # The first reader sees the second one counted.
            page.goto(f"{live_server.url}/")
            expect(page.locator('#visitor-stats[data-loaded] [data-stat="today"]')).to_have_text(
                "2"
            )
            assert [stat(page, n) for n in ("online", "today", "week", "all")] == ["2"] * 4
        finally:
            browser.close()
