"""A returned report has a revision deadline, 5 working days after the return unless the
reviewer sets another, and its resubmission is judged on time or late against that deadline,
not against the period's due date."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from tests.helpers import TODAY, assert_vietnamese, form_as_served, messages_of
from thaogo.lib import clock
from thaogo.notifications.models import Notification
from thaogo.reporting import notices, services
from thaogo.reporting.models import ObligationState, ReportObligation, ReportSubmission
from thaogo.reporting.selectors import report_thread, with_states

REAL_NOW = timezone.now


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def q2(world):
    return ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 6, 14)
    )


@pytest.fixture
def q3(world):
    return ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )


def submitted(obligation, by, *, on: date, monkeypatch):
    report = services.report_for(obligation)
    report = services.report_save_draft(
        report=report, by=by, expected_version=report.version, results="Đã vận động 30 hộ."
    )
    monkeypatch.setattr(timezone, "now", lambda: at(on))
    report = services.report_submit(report=report, by=by, expected_version=report.version)
    monkeypatch.setattr(timezone, "now", REAL_NOW)
    return report


def resubmit(report, by, *, on: date, monkeypatch):
    report = services.report_save_draft(
        report=report, by=by, expected_version=report.version, results="Đã bổ sung số liệu."
    )
    monkeypatch.setattr(timezone, "now", lambda: at(on))
    return services.report_submit(report=report, by=by, expected_version=report.version)


def test_a_return_is_due_five_working_days_later_over_the_weekend(world, q3, monkeypatch):
    report = submitted(q3, world.cadre, on=q3.due_on, monkeypatch=monkeypatch)
    report = services.report_return(report=report, by=world.btc, comment="Bổ sung số liệu.")
    # Tuesday 15/10/2024 + 5 working days, Saturday and Sunday left out.
    assert report.revision_due_on == date(2024, 10, 22)


def test_a_return_before_national_day_skips_the_holidays(world, q2, monkeypatch):
    report = submitted(q2, world.cadre, on=q2.due_on, monkeypatch=monkeypatch)
    with clock.acting_as_of(date(2024, 8, 30)):  # a Friday; 2 and 3/9 are days off
        report = services.report_return(report=report, by=world.btc, comment="Bổ sung.")
    assert report.revision_due_on == date(2024, 9, 10)


def test_the_plan_sets_how_many_working_days_a_revision_takes(world, q3, monkeypatch):
    schedule = services.schedule_for(world.plan)
    services.schedule_update(
        schedule=schedule, by=world.btc, expected_version=schedule.version, revision_working_days=2
    )
    report = submitted(q3, world.cadre, on=q3.due_on, monkeypatch=monkeypatch)
    report = services.report_return(report=report, by=world.btc, comment="Bổ sung số liệu.")
    assert report.revision_due_on == date(2024, 10, 17)


def test_the_reviewer_sets_the_revision_deadline_in_the_return_form(
    world, q3, client_for, monkeypatch
):
    submitted(q3, world.cadre, on=q3.due_on, monkeypatch=monkeypatch)
    client = client_for(world.btc)
    url = reverse("reporting:report_detail", args=[q3.pk])
    fields = form_as_served(client.get(url).content.decode())
    assert fields["revision_due_on"] == ["22/10/2024"]  # the default, as a Vietnamese date
    fields.update(decision=["return"], comment=["Bổ sung số hộ."], revision_due_on=["01/11/2024"])
    assert client.post(url, fields).status_code == 302
    q3.report.refresh_from_db()
    assert q3.report.revision_due_on == date(2024, 11, 1)
    page = client_for(world.cadre).get(reverse("reporting:report_edit", args=[q3.pk]))
    assert "01/11/2024" in page.content.decode()


def test_the_return_form_as_served_keeps_the_default_deadline(world, q3, client_for, monkeypatch):
    submitted(q3, world.cadre, on=q3.due_on, monkeypatch=monkeypatch)
    client = client_for(world.btc)
    url = reverse("reporting:report_detail", args=[q3.pk])
    fields = form_as_served(client.get(url).content.decode())
    fields.update(decision=["return"], comment=["Bổ sung số hộ."])
    assert client.post(url, fields).status_code == 302
    q3.report.refresh_from_db()
    assert q3.report.revision_due_on == date(2024, 10, 22)


def test_a_revision_deadline_in_the_past_is_refused_in_vietnamese(
    world, q3, client_for, monkeypatch
):
    submitted(q3, world.cadre, on=q3.due_on, monkeypatch=monkeypatch)
    response = client_for(world.btc).post(
        reverse("reporting:report_detail", args=[q3.pk]),
        {"decision": "return", "comment": "Bổ sung.", "revision_due_on": "14/10/2024"},
    )
    assert response.status_code == 400
    assert "Thời hạn chỉnh sửa không được trước ngày hôm nay" in response.content.decode()
    q3.report.refresh_from_db()
    assert q3.report.status == "submitted" and q3.report.revision_due_on is None
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.report_return(
            report=q3.report, by=world.btc, comment="x", revision_due_on=TODAY - timedelta(1)
        )
    assert_vietnamese(messages_of(error.value))


def test_a_resubmission_within_the_revision_deadline_is_on_time(world, q3, monkeypatch):
    # The first version was late; the period's due date (18/09/2024) has long passed.
    report = submitted(q3, world.cadre, on=q3.due_on + timedelta(days=3), monkeypatch=monkeypatch)
    assert report.is_late
    report = services.report_return(report=report, by=world.btc, comment="Bổ sung số liệu.")
    report = resubmit(report, world.cadre, on=date(2024, 10, 22), monkeypatch=monkeypatch)
    assert report.is_late is False
    assert services.obligation_state(q3, report, TODAY) == ObligationState.SUBMITTED_ON_TIME
    versions = ReportSubmission.objects.filter(report=report).order_by("number")
    assert [v.is_late for v in versions] == [True, False]
    with translation.override("en"):
        thread = [entry for entry in report_thread(world.clearance) if entry.kind == "report"]
        assert sorted(str(entry.badge) for entry in thread) == ["late", "on time"]


def test_a_resubmission_after_the_revision_deadline_is_late(world, q3, monkeypatch):
    report = submitted(q3, world.cadre, on=q3.due_on, monkeypatch=monkeypatch)
    assert not report.is_late
    report = services.report_return(report=report, by=world.btc, comment="Bổ sung số liệu.")
    report = resubmit(report, world.cadre, on=date(2024, 10, 23), monkeypatch=monkeypatch)
    assert report.is_late is True
    assert services.obligation_state(q3, report, TODAY) == ObligationState.SUBMITTED_LATE


def test_the_board_and_reminders_count_a_returned_report_to_its_revision_deadline(
    world, q3, client_for, monkeypatch
):
    report = submitted(q3, world.cadre, on=q3.due_on, monkeypatch=monkeypatch)
    services.report_return(report=report, by=world.btc, comment="Bổ sung số liệu.")
    row = next(o for o in with_states(ReportObligation.objects.filter(pk=q3.pk), today=TODAY))
    assert row.judged_due_on == date(2024, 10, 22)
    assert row.state == ObligationState.RETURNED
    board = client_for(world.cadre).get(reverse("reporting:report_board")).content.decode()
    assert "22/10/2024" in board
    # The period's due date passed a month ago, but the cadre is reminded of the revision
    # deadline, not told the report is overdue.
    notices.reminders(TODAY)
    mine = Notification.objects.filter(user=world.cadre)
    assert not mine.filter(kind="report_overdue", url__contains=f"/{q3.pk}/").exists()
    assert mine.filter(kind="report_due_7", message__contains="22/10/2024").exists()
    events = notices.calendar_events(world.cadre)
    assert next(e for e in events if e.uid == f"report-{q3.pk}@thaogo").day == date(2024, 10, 22)


def test_a_decision_on_a_submission_resubmitted_since_the_page_was_opened_is_refused(
    world, q3, client_for, monkeypatch
):
    report = submitted(q3, world.cadre, on=q3.due_on, monkeypatch=monkeypatch)
    url = reverse("reporting:report_detail", args=[q3.pk])
    stale_page = form_as_served(client_for(world.btc).get(url).content.decode())
    # Meanwhile the Office returns it and the cadre sends a revised text.
    report = services.report_return(report=report, by=world.office, comment="Bổ sung số hộ.")
    resubmit(report, world.cadre, on=TODAY, monkeypatch=monkeypatch)
    monkeypatch.setattr(timezone, "now", REAL_NOW)

    stale_page.update(decision=["accept"], comment=["Đồng ý."])
    response = client_for(world.btc).post(url, stale_page)

    assert response.status_code == 400
    assert "nộp lại" in response.content.decode()
    q3.report.refresh_from_db()
    assert q3.report.status == "submitted"  # still waiting: nobody accepted the new text unread
