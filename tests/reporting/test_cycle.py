"""The reporting cycle through its services: obligations, reports, reviews, proposals,
meetings and directives."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from tests.helpers import TODAY, messages_of
from thaogo.lib import clock
from thaogo.notifications.models import Notification
from thaogo.reporting import services
from thaogo.reporting.models import (
    ObligationState,
    ReportingKind,
    ReportObligation,
    ReportSubmission,
)
from thaogo.tasks import services as task_services
from thaogo.tasks.models import AssignmentRole, MetricValue


def obligations_of(assignment):
    return list(ReportObligation.objects.filter(assignment=assignment).order_by("due_on"))


def obligation_for(world, period_end: date) -> ReportObligation:
    return ReportObligation.objects.get(assignment=world.clearance_lead, period_end=period_end)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@pytest.fixture
def q3(world):
    return obligation_for(world, date(2024, 9, 14))


def write(report, by, **fields):
    defaults = {"results": "Đã vận động 30 hộ bàn giao mặt bằng."}
    return services.report_save_draft(
        report=report, by=by, expected_version=report.version, **{**defaults, **fields}
    )


# ---------------------------------------------------------------- obligations


def test_a_lead_assignment_owes_a_report_for_each_period(world):
    periods = [o.period_end for o in obligations_of(world.clearance_lead)]
    assert periods[:4] == [
        date(2024, 3, 14),
        date(2024, 6, 14),
        date(2024, 9, 14),
        date(2024, 12, 14),
    ]
    assert all(o.due_on > o.period_end for o in obligations_of(world.clearance_lead))


def test_a_support_assignment_owes_no_report(world, make):
    support = make.assign(world.clearance, world.tuan, role=AssignmentRole.SUPPORT)
    assert obligations_of(support) == []


def test_regenerating_obligations_never_duplicates(world):
    before = ReportObligation.objects.count()
    services.obligations_sync_for_plan(world.plan)
    services.obligations_sync_for_plan(world.plan)
    assert ReportObligation.objects.count() == before


def test_the_database_refuses_a_second_obligation_for_the_same_period(world, q3):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportObligation.objects.create(
            assignment=q3.assignment,
            kind=q3.kind,
            year=q3.year,
            number=q3.number,
            period_start=q3.period_start,
            period_end=q3.period_end,
            due_on=q3.due_on,
        )


def test_reassignment_moves_later_reports_to_the_new_lead_and_keeps_written_ones(world, q3):
    report = services.report_for(q3)
    write(report, world.cadre)
    new_lead = task_services.lead_reassign(
        task=world.clearance, cadre=world.tuan, on=date(2024, 9, 1), by=world.btc
    )
    kept = [o.period_end for o in obligations_of(world.clearance_lead)]
    assert date(2024, 9, 14) in kept  # a written draft is never dropped
    assert date(2024, 12, 14) not in kept
    assert date(2024, 12, 14) in [o.period_end for o in obligations_of(new_lead)]


def test_changing_the_schedule_adds_monthly_reports(world):
    schedule = services.schedule_for(world.plan)
    before = len(obligations_of(world.clearance_lead))
    services.schedule_update(
        schedule=schedule,
        by=world.btc,
        expected_version=schedule.version,
        kinds=[*schedule.kinds.all(), ReportingKind.objects.get(code="month")],
    )
    assert len(obligations_of(world.clearance_lead)) > before


def test_obligation_states_follow_the_calendar(world, q3):
    assert services.obligation_state(q3, None, q3.due_on - timedelta(days=30)) == "upcoming"
    assert services.obligation_state(q3, None, q3.due_on - timedelta(days=7)) == "due_soon"
    assert services.obligation_state(q3, None, q3.due_on + timedelta(days=1)) == "overdue"


# ---------------------------------------------------------------- reports


def test_submitting_on_the_last_minute_of_the_due_day_is_on_time(world, q3):
    report = write(services.report_for(q3), world.cadre)
    with clock.acting_at(at(q3.due_on, 23, 59)):
        report = services.report_submit(
            report=report, by=world.cadre, expected_version=report.version
        )
    assert report.is_late is False
    assert services.obligation_state(q3, report, TODAY) == ObligationState.SUBMITTED_ON_TIME


def test_submitting_one_minute_after_the_deadline_is_late(world, q3):
    report = write(services.report_for(q3), world.cadre)
    with clock.acting_at(at(q3.due_on + timedelta(days=1), 0, 1)):
        report = services.report_submit(
            report=report, by=world.cadre, expected_version=report.version
        )
    assert report.is_late is True
    assert services.obligation_state(q3, report, TODAY) == ObligationState.SUBMITTED_LATE


def test_a_second_save_of_the_same_draft_version_is_refused(world, q3):
    report = services.report_for(q3)
    stale_version = report.version
    write(report, world.cadre, results="Bản của người thứ nhất")
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.report_save_draft(
            report=report,
            by=world.cadre,
            expected_version=stale_version,
            results="Bản của người thứ hai",
        )
    with translation.override("vi"):
        assert "Người khác đã lưu bản ghi này" in messages_of(error.value)
    report.refresh_from_db()
    assert report.results == "Bản của người thứ nhất"


def test_negative_household_count_in_a_report_is_refused(world, q3):
    report = services.report_for(q3)
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        write(report, world.cadre, values={world.households.pk: Decimal("-5")})
    assert "không được âm" in messages_of(error.value)
    assert not report.metric_values.exists()


def test_only_the_lead_writes_the_report(world, q3):
    report = services.report_for(q3)
    with pytest.raises(ValidationError):
        write(report, world.other_cadre)


def test_returned_report_is_revised_resubmitted_and_accepted_with_every_version_kept(world, q3):
    report = write(services.report_for(q3), world.cadre, values={world.households.pk: Decimal(100)})
    report = services.report_submit(report=report, by=world.cadre, expected_version=report.version)
    with pytest.raises(ValidationError):
        services.report_return(report=report, by=world.btc, comment="  ")
    report = services.report_return(report=report, by=world.btc, comment="Bổ sung số liệu.")
    assert Notification.objects.filter(user=world.cadre, kind="report_returned").exists()
    report = write(
        report,
        world.cadre,
        results="Đã bổ sung số liệu.",
        values={world.households.pk: Decimal(104)},
    )
    report = services.report_submit(report=report, by=world.cadre, expected_version=report.version)
    report = services.report_accept(report=report, by=world.btc)

    versions = list(ReportSubmission.objects.filter(report=report).order_by("number"))
    assert [(v.number, v.decision) for v in versions] == [(1, "returned"), (2, "accepted")]
    # The first version was superseded when the second was submitted; the second is the latest.
    assert [v.superseded_at for v in versions] == [versions[1].submitted_at, None]
    assert versions[0].content["results"] == "Đã vận động 30 hộ bàn giao mặt bằng."
    assert versions[1].content["metric_values"][0]["value"] == "104.00"
    recorded = MetricValue.objects.get(metric=world.households, measured_on=q3.period_end)
    assert recorded.value == Decimal(104)


def test_the_database_refuses_two_latest_versions_of_one_report(world, q3):
    report = write(services.report_for(q3), world.cadre)
    report = services.report_submit(report=report, by=world.cadre, expected_version=report.version)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportSubmission.objects.create(
            report=report, number=2, submitted_at=clock.now(), content={}
        )


def test_a_submitted_report_can_no_longer_be_edited(world, q3):
    report = write(services.report_for(q3), world.cadre)
    report = services.report_submit(report=report, by=world.cadre, expected_version=report.version)
    with pytest.raises(ValidationError):
        write(report, world.cadre, results="sửa sau khi nộp")


def test_attachments_are_recognised_by_content(world, q3):
    report = services.report_for(q3)
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7 bien ban", content_type="text/plain")
    attachment = services.attachment_add(report=report, file=pdf, by=world.cadre)
    assert attachment.content_type == "application/pdf"
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.attachment_add(report=report, file=fake, by=world.cadre)
    svg = SimpleUploadedFile("anh.png", b"<svg onload=alert(1)>", content_type="image/png")
    with pytest.raises(ValidationError):
        services.attachment_add(report=report, file=svg, by=world.cadre)
    assert report.attachments.count() == 1


def test_an_attachment_over_the_size_limit_is_refused(world, q3, settings):
    settings.THAOGO_MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * 2048)
    with pytest.raises(ValidationError):
        services.attachment_add(report=services.report_for(q3), file=big, by=world.cadre)
