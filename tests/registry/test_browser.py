"""The Organization Board imports its list of cadres from Excel in Chromium, fixes the bad
row the preview shows, imports, and gives one of the new cadres a new task."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import Workbook
from playwright.sync_api import expect, sync_playwright

from tests.helpers import PASSWORD
from tests.registry.test_import import CADRE_HEADERS, DISTRICT, cadre_row
from tests.test_browser import CHROMIUM_ARGS
from thaogo.tasks.models import Assignment, Category
from thaogo.units.models import Cadre

NEW_CADRES = [
    ("Đỗ Thị Mai", date(1975, 3, 20)),
    ("Vũ Văn Khánh", date(1980, 10, 25)),
    ("Hoàng Thị Lan", date(1978, 12, 1)),
    ("Phan Văn Hùng", date(1969, 7, 14)),
    ("Bùi Thị Ngọc", date(1983, 2, 28)),
]


def cadre_sheet(path, *, bad_row: bool) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(CADRE_HEADERS)
    for index, (name, born) in enumerate(NEW_CADRES):
        # The bad row: a date of birth typed as text that reads two ways.
        typed = "05/10/1980" if bad_row and index == 1 else born
        sheet.append(cadre_row(name, typed, unit=DISTRICT))
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_board_imports_cadres_fixes_a_bad_row_and_assigns_one(
    live_server, world, monkeypatch, tmp_path
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    bad, fixed = tmp_path / "can-bo.xlsx", tmp_path / "can-bo-da-sua.xlsx"
    cadre_sheet(bad, bad_row=True)
    cadre_sheet(fixed, bad_row=False)
    category = Category.objects.get(code="project-obstacles")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(15_000)
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", "btc")
            page.fill("input[name=password]", PASSWORD)
            page.locator("form[action='/accounts/login/'] button[type=submit]").click()
            expect(page).to_have_url(re.compile(r"/app/$"))

            page.goto(f"{live_server.url}{reverse('registry:cadre_list')}")
            page.get_by_role("button", name="Nhập từ Excel").click()
            page.set_input_files("input[name=file]", str(bad))
            page.get_by_role("button", name="Tải lên và xem trước").click()

            summary = page.locator("#import-summary")
            expect(summary).to_have_text("4 mới, 0 thay đổi, 0 không đổi, 1 có lỗi")
            expect(page.locator("#import-rows .import-error")).to_contain_text(
                "Dòng 3, cột B (Ngày sinh)"
            )
            page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
            expect(page.locator("form .alert-error")).to_contain_text("Chưa nhập gì")

            page.get_by_role("button", name="Tải lên tệp khác").click()
            page.set_input_files("input[name=file]", str(fixed))
            page.get_by_role("button", name="Tải lên và xem trước").click()
            expect(summary).to_have_text("5 mới, 0 thay đổi, 0 không đổi, 0 có lỗi")
            page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
            expect(page.locator("body")).to_contain_text("Đã nhập: 5 mới")
            expect(page.get_by_role("link", name="Vũ Văn Khánh")).to_be_visible()

            page.goto(f"{live_server.url}{reverse('tasks:create')}")
            page.select_option("select[name=plan]", str(world.plan.pk))
            page.fill("input[name=code]", "06")
            page.fill("input[name=title]", "Xử lý điểm ngập úng đường Nguyễn Văn Linh")
            page.select_option("select[name=category]", str(category.pk))
            page.fill("input[name=start_date]", "01/10/2024")
            page.locator("form button[type=submit]", has_text="Lưu").click()
            expect(page).to_have_url(re.compile(r"/app/tasks/\d+/$"))
            task_id = int(re.search(r"/app/tasks/(\d+)/$", page.url).group(1))

            page.goto(f"{live_server.url}{reverse('tasks:assignment_create', args=[task_id])}")
            khanh = Cadre.objects.get(full_name="Vũ Văn Khánh")
            page.select_option("select[name=cadre]", str(khanh.pk))
            page.select_option("select[name=role]", "lead")
            page.fill("input[name=start_date]", "01/10/2024")
            page.locator("form button[type=submit]", has_text="Lưu").click()
            expect(page).to_have_url(re.compile(rf"/app/tasks/{task_id}/$"))
            expect(page.locator("body")).to_contain_text("Vũ Văn Khánh")
        finally:
            browser.close()

    assert Cadre.objects.filter(full_name__in=[n for n, _ in NEW_CADRES]).count() == 5
    assert Cadre.objects.get(full_name="Vũ Văn Khánh").date_of_birth == date(1980, 10, 25)
    assert Assignment.objects.get(task_id=task_id, end_date__isnull=True).cadre == khanh
