"""The demo's home pages on its own date (15/10/2024): each role's first screen answers
"what needs me now?", and every number on it leads to a list of exactly that many rows."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.core.test_home import HOME, page, queue, queue_links, rows_listed, text_of
from tests.helpers import TODAY
from tests.reporting.test_demo_numbers import demo  # noqa: F401  (the demo, loaded once)
from thaogo.reporting.models import ReportObligation
from thaogo.tasks.models import Task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo", "today")]

OVERDUE_DIRECTIVE = "Phòng Tài chính - Kế hoạch tham mưu điều chuyển vốn trong 20 ngày."


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_canbo08_finds_the_overdue_directive_on_top_of_the_directives():
    html = page(client_of("canbo08"))
    directives = queue(html, "directives-to-act")
    body = directives.index("<tbody>")
    first_row = directives[body : directives.index("</tr>", body)]
    assert OVERDUE_DIRECTIVE in text_of(first_row)
    assert "quá hạn 40 ngày" in text_of(first_row)  # due 05/09/2024
    assert "Tiếp nhận" in text_of(first_row)
    # Then the reports to write, one click from the form, and the tasks with their progress.
    reports = text_of(queue(html, "reports-due"))
    assert "Năm 2024" in reports and "18/12/2024" in reports and "còn 64 ngày" in reports
    writing = ReportObligation.objects.filter(
        assignment__cadre__user__username="canbo08",
        report__isnull=True,
        period_start__lte=TODAY,
    )
    assert writing.count() == 2
    for obligation in writing:
        assert reverse("reporting:report_edit", args=[obligation.pk]) in queue(html, "reports-due")
    tasks = text_of(queue(html, "cadre-tasks"))
    assert "Đang thực hiện quá hạn" in tasks and "%" in tasks


@pytest.mark.parametrize("username", ["btc", "vanphong"])
def test_the_board_and_office_see_what_waits_on_them(username):
    html = page(client_of(username))
    review = queue(html, "reports-to-review")
    assert 'data-queue-count="3"' in review
    assert "Quý III/2024" in text_of(review)
    overdue = text_of(queue(html, "reports-overdue"))
    for cadre in ["Cao Thị Bích Ngọc", "Nguyễn Thị Thu Hằng", "Trần Minh Đức"]:
        assert cadre in overdue
    proposals = text_of(queue(html, "proposals-waiting"))
    assert "Đề nghị thành lập tổ công tác liên ngành" in proposals and "10 ngày" in proposals
    assert OVERDUE_DIRECTIVE in text_of(queue(html, "directives-overdue"))


def test_the_standing_committee_sees_decisions_meetings_directives_and_the_split():
    html = page(client_of("btv"))
    assert "Đề nghị thành lập tổ công tác liên ngành" in queue(html, "proposals-waiting")
    assert "Chưa có phiên họp nào được lên lịch." in text_of(queue(html, "next-meeting"))
    assert OVERDUE_DIRECTIVE in text_of(queue(html, "directives-overdue"))
    assert f'data-timing-total="{Task.objects.count()}"' in queue(html, "timing-summary")


def test_the_ward_staff_see_their_figures_and_late_tasks():
    html = page(client_of("phuong"))
    assert "Ghi nhận giá trị" in text_of(queue(html, "unit-metrics"))
    assert "Đang thực hiện quá hạn" in text_of(queue(html, "unit-late-tasks"))


def test_the_portal_editor_lands_on_the_portal_not_on_an_empty_overview():
    response = client_of("bientap").get(HOME)
    assert response["Location"] == reverse("portal_staff:dashboard")


@pytest.mark.parametrize(
    "username", ["btc", "vanphong", "btv", "phuong", "canbo01", "canbo03", "canbo08"]
)
def test_every_number_on_a_demo_home_page_is_the_length_of_its_list(username):
    client = client_of(username)
    links = queue_links(page(client))
    assert links
    for url, count in links:
        assert rows_listed(client, url) == count, url
