"""The consolidated report (báo cáo tổng hợp) and the dashboard's tables as files, on the
demo as of 15/10/2024: read back with python-docx and openpyxl, their numbers are the
dashboard's own figures for the same plan, period and date."""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from docx.shared import Pt

from tests.demo_snapshot import demo_as_of
from tests.exports.pdf import pdf_pages
from tests.exports.reading import document, response_bytes, workbook
from thaogo.documents.models import Plan
from thaogo.documents.selectors import documents_with_symbol
from thaogo.monitoring.selectors import figures
from thaogo.units.models import Unit

DEMO_DAY = date(2024, 10, 15)
PERIOD = "Quý III/2024"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        demo_as_of(DEMO_DAY, tmp_path_factory)
        yield
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo", "today")]


def user(username: str):
    return get_user_model().objects.get(username=username)


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


@pytest.fixture
def plan() -> Plan:
    return Plan.objects.get(document__in=documents_with_symbol("164-KH/QU"))


def query(plan: Plan, **extra: str) -> str:
    params = {"plan": str(plan.pk), "as_of": "15/10/2024", **extra}
    return "?" + "&".join(f"{key}={value}" for key, value in params.items())


def consolidated(plan: Plan, username: str = "btc", period: str = PERIOD):
    response = client_of(username).get(reverse("exports:consolidated") + query(plan, period=period))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    return document(response_bytes(response))


def the_figures(plan: Plan, username: str = "btc"):
    result = figures(user=user(username), as_of=DEMO_DAY, plan=plan.pk)
    period = next(p for p in result.periods if p.label == PERIOD)
    return figures(
        user=user(username),
        as_of=DEMO_DAY,
        plan=plan.pk,
        period=(period.kind, period.year, period.number),
    )


def test_the_page_the_margins_and_the_fonts_of_hd36(plan):
    word = consolidated(plan)
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(round(m.mm) for m in margins) == (20, 20, 30, 15)
    for name in ("Normal", "Body Text", "Heading 2", "Table Text"):
        assert word.styles[name].font.name == "Times New Roman", name
    assert word.styles["Body Text"].font.size in (None, Pt(14))
    assert word.styles["Normal"].font.size == Pt(14)
    assert word.styles["Body Text"].paragraph_format.first_line_indent > 0
    assert {r.font.name for p in word.paragraphs for r in p.runs} <= {None, "Times New Roman"}


def test_the_header_number_date_line_and_title(plan):
    word = consolidated(plan)
    left, right = word.tables[0].rows[0].cells
    left_lines = [p.text for p in left.paragraphs]
    assert "QUẬN ỦY LÊ CHÂN" in left_lines
    assert "Số       -BC/QU" in left_lines
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in right.text
    day = next(p for p in right.paragraphs if "ngày" in p.text)
    assert day.text == "Lê Chân, ngày 15 tháng 10 năm 2024"
    assert all(run.italic or day.style.font.italic for run in day.runs if run.text.strip())
    texts = [p.text for p in word.paragraphs]
    assert "BÁO CÁO" in texts
    summary = texts[texts.index("BÁO CÁO") + 1]
    assert summary.startswith("Kết quả thực hiện Kế hoạch số 164-KH/QU")
    assert summary.endswith(PERIOD)
    assert any(text.startswith("Nơi nhận") for text in [*texts, *_cells(word)])


def _cells(word) -> list[str]:
    return [cell.text for table in word.tables for row in table.rows for cell in row.cells]


def test_the_numbers_are_the_dashboards(plan):
    word = consolidated(plan)
    result = the_figures(plan)
    tasks = result.tasks
    overall = next(p.text for p in word.paragraphs if p.text.startswith("Tính đến ngày"))
    numbers = [int(n) for n in re.findall(r"\b\d+\b", overall.split("Tỷ lệ")[0])][3:]
    assert numbers == [
        tasks[key]
        for key in (
            "total",
            "completed",
            "completed_on_time",
            "completed_late",
            "in_progress",
            "within_deadline",
            "near_due",
            "overdue",
            "no_deadline",
        )
    ]
    assert tasks["total"] > 0
    table = next(t for t in word.tables if t.rows[0].cells[1].text == "Cán bộ")
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert len(rows) == len(result.by_cadre) == 17
    for cells, row in zip(rows, result.by_cadre, strict=True):
        assert cells[1] == row.name
        expected = [row.tasks[k] for k in ("total", "completed_on_time", "completed_late")]
        expected += [row.tasks["overdue"]]
        expected += [row.reports.get(k, 0) for k in ("on_time", "late", "missing")]
        assert [int(c) for c in cells[2:]] == expected
    # The period's reports, as the dashboard's trend and compliance tables count them.
    assert result.current_period.label == PERIOD
    counts = result.period_counts(result.current_period)
    reports = next(p.text for p in word.paragraphs if p.text.startswith("Báo cáo " + PERIOD))
    assert f"{counts['expected']} báo cáo phải nộp" in reports


def test_a_cadre_cannot_have_it_and_the_anonymous_are_sent_to_log_in(plan):
    url = reverse("exports:consolidated") + query(plan, period=PERIOD)
    assert client_of("canbo01").get(url).status_code in (403, 404)
    response = Client().get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert client_of("btc").get(url.replace("III", "I") + "0").status_code == 404


def test_the_dashboard_offers_the_downloads_to_overseers_only(plan):
    page = client_of("vanphong").get(reverse("monitoring:dashboard") + query(plan)).content
    page = page.decode()
    assert reverse("exports:consolidated") in page
    assert reverse("exports:cadre_table") in page
    assert "Tải báo cáo tổng hợp (Word)" in page
    own = client_of("canbo01").get(reverse("monitoring:dashboard") + query(plan)).content
    assert reverse("exports:consolidated") not in own.decode()


def test_the_by_cadre_spreadsheet_is_the_dashboards_table(plan):
    response = client_of("btc").get(reverse("exports:cadre_table") + query(plan))
    assert response.status_code == 200
    book = workbook(response_bytes(response))
    rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    result = figures(user=user("btc"), as_of=DEMO_DAY, plan=plan.pk)
    assert [row[0] for row in rows] == [row.name for row in result.by_cadre]
    for cells, row in zip(rows, result.by_cadre, strict=True):
        assert cells[1] == row.tasks["total"]
        assert list(cells[-3:]) == [row.reports.get(k, 0) for k in ("on_time", "late", "missing")]
    info = dict(book["Thông tin"].iter_rows(min_row=2, values_only=True))
    assert info["Kế hoạch"] == str(plan)
    assert info["Tính đến ngày"].date() == DEMO_DAY


def test_the_by_unit_spreadsheet_holds_every_unit_of_the_tree_with_the_unit_above(plan):
    response = client_of("btc").get(reverse("exports:unit_table") + query(plan))
    assert response.status_code == 200
    rows = list(workbook(response_bytes(response)).worksheets[0].iter_rows(values_only=True))
    result = figures(user=user("btc"), as_of=DEMO_DAY, plan=plan.pk)
    assert len(result.by_unit) > 1
    units = {unit.pk: unit for unit in Unit.objects.all()}
    expected = []
    for row in result.by_unit:
        parent = units[row.key].parent
        above = parent.name if parent and any(r.key == parent.pk for r in result.by_unit) else None
        expected.append((row.name, above, row.depth + 1, row.tasks["total"]))
    assert [(r[0], r[1], r[2], r[3]) for r in rows[1:]] == expected
    # Some unit sits below another, so the sheet is a tree, not only its top level.
    assert any(above for _name, above, _level, _total in expected)


def test_the_compliance_spreadsheet_is_the_dashboards_table(plan):
    response = client_of("btc").get(reverse("exports:compliance_table") + query(plan))
    assert response.status_code == 200
    rows = list(workbook(response_bytes(response)).worksheets[0].iter_rows(values_only=True))
    result = figures(user=user("btc"), as_of=DEMO_DAY, plan=plan.pk)
    assert [(row[0], row[1]) for row in rows[1:]] == [
        (block.period.label, block.counts["expected"]) for block in result.compliance
    ]


def test_the_command_line_writes_the_same_report(plan, tmp_path):
    out = tmp_path / "bc.docx"
    call_command(
        "export", "report", "--plan", "164-KH/QU", "--period", PERIOD, "--as-of", "2024-10-15",
        "-o", str(out),
    )  # fmt: skip
    word = document(out.read_bytes())
    assert "BÁO CÁO" in [p.text for p in word.paragraphs]
    assert any("ngày 15 tháng 10 năm 2024" in text for text in _cells(word))


@pytest.mark.slow
def test_the_report_renders_to_pdf_with_libreoffice(plan, tmp_path):
    response = client_of("btc").get(reverse("exports:consolidated") + query(plan, period=PERIOD))
    assert 2 <= pdf_pages(response_bytes(response), tmp_path) <= 8


def test_a_cadre_downloads_only_their_own_row(plan):
    response = client_of("canbo01").get(reverse("exports:cadre_table") + query(plan))
    assert response.status_code == 200
    rows = list(workbook(response_bytes(response)).worksheets[0].iter_rows(min_row=2))
    cadre = user("canbo01").cadre.full_name
    assert [row[0].value for row in rows] == [cadre]
