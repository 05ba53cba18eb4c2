"""The lists as .xlsx: the file holds what the page lists, every page of it, as real dates
and numbers under a frozen, bold header, with a sheet saying what was exported."""

import re
from datetime import date, datetime

import pytest
from django.urls import reverse

from tests.exports.reading import response_bytes, workbook
from thaogo.exports.exporters import Column, TableExporter
from thaogo.reporting import services as reporting
from thaogo.reporting.models import ReportObligation
from thaogo.tasks.models import Task

pytestmark = pytest.mark.django_db


def _download(client, name: str, query: dict | None = None):
    response = client.get(reverse(name), query or {})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return workbook(response_bytes(response))


def _screen_count(client, query: dict) -> int:
    html = client.get(reverse("tasks:list"), query).content.decode()
    return int(re.search(r'class="result-count" data-count="(\d+)"', html).group(1))


def _screen_codes(client, query: dict) -> list[str]:
    """The codes of the tasks the list shows, page after page."""
    codes, page = [], 1
    while True:
        response = client.get(reverse("tasks:list"), {**query, "page": page})
        codes += re.findall(r"<tr>\s*<td data-label=[^>]*>([^<]+)</td>", response.content.decode())
        if f"page={page + 1}" not in response.content.decode():
            return codes
        page += 1


def test_the_task_export_is_a_proper_spreadsheet(world, client_for):
    book = _download(client_for(world.btc), "exports:tasks")
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["Kế hoạch", "Mã", "Nhiệm vụ", "Lĩnh vực"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:O{sheet.max_row}"
    assert sheet.column_dimensions["C"].width == 60
    by_code = {
        row[1].value: row for row in sheet.iter_rows(min_row=2) if row[0].value == "164-KH/QU"
    }
    clearance = by_code["01"]
    deadline = clearance[headers.index("Hạn hoàn thành")]
    assert deadline.is_date and deadline.value == datetime(2024, 12, 31)
    assert deadline.number_format == "dd/mm/yyyy"
    completed = by_code["03"][headers.index("Ngày hoàn thành")]
    assert completed.value == datetime(2024, 7, 10) and completed.number_format == "dd/mm/yyyy"
    assert clearance[headers.index("Chủ trì")].value == "Nguyễn Văn Đạt"
    assert by_code["04"][headers.index("Thời hạn")].value == "Đang thực hiện quá hạn"


def test_the_information_sheet_says_what_was_exported(world, client_for):
    query = {"plan": world.plan.pk, "timing": "overdue", "q": "vốn"}
    book = _download(client_for(world.btc), "exports:tasks", query)
    assert book.sheetnames[1] == "Thông tin"
    info = {row[0]: row[1] for row in book["Thông tin"].iter_rows(min_row=2, values_only=True)}
    assert info["Tính đến ngày"] == datetime(2024, 10, 15)
    assert book["Thông tin"]["B2"].number_format == "dd/mm/yyyy"
    assert info["Kế hoạch"] == "164-KH/QU"
    assert info["Thời hạn"] == "Đang thực hiện quá hạn"
    assert info["Tìm kiếm"] == "vốn"
    assert info["Số dòng"] == 1


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"timing": "on_track"},  # within deadline takes in near due, on the screen too
        {"status": "in_progress", "sort": "-deadline"},
        {"unit": "district"},
        {"nature": "hard"},
        {"cadre": "hoa"},
    ],
)
def test_the_task_export_holds_exactly_the_tasks_the_list_shows(world, client_for, query):
    names = {"district": world.district.pk, "hoa": world.hoa.pk}
    query = {key: names.get(value, value) for key, value in query.items()}
    for user in (world.btc, world.cadre, world.unit_staff, world.outsider):
        client = client_for(user)
        sheet = _download(client, "exports:tasks", query).worksheets[0]
        codes = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert len(codes) == _screen_count(client, query)
        assert codes == _screen_codes(client, query), user


def test_every_page_of_a_long_list_is_exported(world, make, client_for, settings):
    settings.THAOGO_PAGE_SIZE = 5
    for number in range(12):
        make.task(plan=world.plan, code=f"9{number:02d}", title=f"Việc thêm {number}")
    client = client_for(world.btc)
    sheet = _download(client, "exports:tasks").worksheets[0]
    assert sheet.max_row - 1 == _screen_count(client, {}) == Task.objects.count()


def test_a_cadre_exports_only_the_tasks_they_may_see(world, client_for):
    sheet = _download(client_for(world.cadre), "exports:tasks").worksheets[0]
    titles = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == [world.clearance.title]


def test_text_that_looks_like_a_formula_stays_text(world, make, client_for):
    make.task(plan=world.plan, code="99", title='=HYPERLINK("http://x","bấm")')
    sheet = _download(client_for(world.btc), "exports:tasks", {"q": "hyperlink"}).worksheets[0]
    cell = sheet["C2"]
    assert cell.value == '=HYPERLINK("http://x","bấm")' and cell.data_type == "s"


def _submit(world, obligation):
    report = reporting.report_for(obligation)
    report = reporting.report_save_draft(
        report=report, by=world.cadre, expected_version=report.version, results="Kết quả"
    )
    return reporting.report_submit(report=report, by=world.cadre, expected_version=report.version)


def test_the_report_export_is_the_board_with_its_filters(world, client_for):
    obligation = ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )
    _submit(world, obligation)
    for user, query in (
        (world.btc, {}),
        (world.btc, {"state": "submitted_late"}),
        (world.btc, {"state": "overdue"}),
        (world.cadre, {}),
        (world.other_cadre, {}),
    ):
        client = client_for(user)
        board = client.get(reverse("reporting:report_board"), query).context["page"].paginator
        book = _download(client, "exports:reports", query)
        rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
        assert len(rows) == board.count, (user, query)
        assert [row[1] for row in rows] == [o.assignment.task.code for o in board.object_list]
    sheet = _download(client_for(world.btc), "exports:reports", {"state": "submitted_late"})
    row = next(sheet.worksheets[0].iter_rows(min_row=2))
    assert row[4].is_date and row[4].number_format == "dd/mm/yyyy"
    assert isinstance(row[6].value, datetime) and row[6].number_format == "dd/mm/yyyy hh:mm"
    assert row[7].value == 1 and row[7].data_type == "n" and row[7].number_format == "#,##0"
    info = dict(sheet["Thông tin"].iter_rows(min_row=2, values_only=True))
    assert info["Trạng thái"] == "Nộp quá hạn"


def test_a_table_from_elsewhere_exports_with_its_columns_and_filters(world, tmp_path):
    exporter = TableExporter(
        user=world.btc,
        today=date(2024, 10, 15),
        title="Theo cán bộ",
        columns=[
            Column("Cán bộ", width=30),
            Column("Số nhiệm vụ", "integer"),
            Column("Tỷ lệ đúng hạn", "percent"),
            Column("Giá trị", "decimal"),
        ],
        rows=[("Nguyễn Văn Đạt", 3, 66.7, 30907.38)],
        filters=[("Kế hoạch", "164-KH/QU")],
    )
    exported = exporter.render()
    assert exported.filename == "theo-can-bo-2024-10-15.xlsx"
    with exported.file:
        book = workbook(exported.file.read())
    sheet = book["Theo cán bộ"]
    _name, count, rate, value = sheet[2]
    assert (count.value, count.number_format) == (3, "#,##0")
    assert rate.value == pytest.approx(0.667) and rate.number_format == "0.0%"
    assert (value.value, value.number_format) == (30907.38, "#,##0.00")
    info = dict(book["Thông tin"].iter_rows(min_row=2, values_only=True))
    assert info["Kế hoạch"] == "164-KH/QU"
