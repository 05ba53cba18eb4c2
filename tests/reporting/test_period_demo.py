"""The period report and the revision deadline in the demo, as its cadres and the
Organization Board meet them."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from tests.demo_snapshot import demo_as_of
from tests.helpers import form_as_served
from thaogo.reporting import services
from thaogo.reporting.models import Report, ReportObligation, ReportStatus
from thaogo.reporting.periods import working_days_after

DEMO_DAY = date(2024, 10, 15)
YEAR_2024 = ("year", 2024, 1)


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


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def sections_of(username: str) -> list[ReportObligation]:
    cadre = User.objects.get(username=username).cadre
    kind, year, number = YEAR_2024
    return list(services.period_obligations(cadre=cadre, kind=kind, year=year, number=number))


URL = reverse("reporting:period_report", args=list(YEAR_2024))
AUTOSAVE = reverse("reporting:period_autosave", args=list(YEAR_2024))


def test_a_cadre_leading_several_tasks_writes_and_submits_them_once():
    obligations = sections_of("canbo09")
    assert len(obligations) >= 2
    client = client_of("canbo09")
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Báo cáo kết quả thực hiện nhiệm vụ – Năm 2024" in html
    for obligation in obligations:
        assert obligation.assignment.task.title in html
    fields = form_as_served(html, "period-form")
    first = obligations[0]
    fields[f"s{first.pk}-results"] = ["Đã hoàn thành các phần việc của quý."]
    autosave = client.post(AUTOSAVE, {**fields, "section": [f"s{first.pk}"]})
    assert autosave.status_code == 200, autosave.content.decode()
    assert Report.objects.get(obligation=first).results == "Đã hoàn thành các phần việc của quý."

    fields = form_as_served(client.get(URL).content.decode(), "period-form")
    for obligation in obligations:
        fields[f"s{obligation.pk}-results"] = [
            f"Kết quả nhiệm vụ {obligation.assignment.task.code}"
        ]
    fields["general-general"] = ["Các nhiệm vụ đều được triển khai đúng kế hoạch."]
    response = client.post(URL, {**fields, "submit": [""]})
    assert response.status_code == 302, response.content.decode()
    for obligation in obligations:
        assert Report.objects.get(obligation=obligation).status == ReportStatus.SUBMITTED


def test_one_empty_section_in_the_demo_submits_nothing():
    obligations = sections_of("canbo01")
    assert len(obligations) >= 2
    client = client_of("canbo01")
    fields = form_as_served(client.get(URL).content.decode(), "period-form")
    fields[f"s{obligations[0].pk}-results"] = ["Đã bàn giao thêm 20 hộ."]
    fields[f"s{obligations[1].pk}-results"] = [""]
    response = client.post(URL, {**fields, "submit": [""]})
    assert response.status_code == 400
    assert "Chưa gửi phần nào" in response.content.decode()
    for obligation in obligations:
        report = Report.objects.filter(obligation=obligation).first()
        assert report is None or (report.status, report.results) == (ReportStatus.DRAFT, "")


def test_the_demos_revised_report_is_judged_against_its_revision_deadline():
    # Task 01's report was returned two days after it came in and revised two days later:
    # within the 5 working days it was given, so on time.
    report = (
        Report.objects.filter(obligation__assignment__task__code="01", revision=2)
        .select_related("obligation")
        .get()
    )
    returned = report.submissions.get(number=1)
    holidays = services.holidays_between(returned.reviewed_at.date(), report.revision_due_on)
    assert report.revision_due_on == working_days_after(returned.reviewed_at.date(), 5, holidays)
    assert report.submitted_at.date() > report.obligation.due_on
    assert report.is_late is False
    assert report.submissions.get(number=2).is_late is False
