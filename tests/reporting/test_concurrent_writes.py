"""Writes of the reporting cycle that two people (or a person and `thaogo remind`) make at the
same moment: each creates what is missing once, and none fails because the other created it
first. Run in threads with their own connections, on SQLite and on PostgreSQL."""

import pytest
from django.db import connection

from tests.threads import run_in_threads
from thaogo.notifications import services as notifications
from thaogo.notifications.models import Notification
from thaogo.reporting import services
from thaogo.reporting.models import Report, ReportingSchedule, ReportObligation

THREADS = 10


def _assert_no_errors(errors: list[BaseException]) -> None:
    assert errors == [], f"{len(errors)} of {THREADS} failed on {connection.vendor}: {errors[0]!r}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_obligation_syncs_of_a_new_assignment_create_each_obligation_once(world, tmp_path):
    lead = world.clearance_lead
    expected = ReportObligation.objects.filter(assignment=lead).count()
    assert expected > 0
    ReportObligation.objects.filter(assignment=lead).delete()  # as for a new assignment

    errors = run_in_threads(
        lambda _i: services.obligations_sync_for_assignment(lead), THREADS, tmp_path=tmp_path
    )

    _assert_no_errors(errors)
    assert ReportObligation.objects.filter(assignment=lead).count() == expected


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_first_opens_of_a_report_create_one_report(world, tmp_path):
    obligation = ReportObligation.objects.filter(assignment=world.clearance_lead).first()

    errors = run_in_threads(lambda _i: services.report_for(obligation), THREADS, tmp_path=tmp_path)

    _assert_no_errors(errors)
    assert Report.objects.filter(obligation=obligation).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_first_opens_of_a_schedule_create_one_schedule(world, tmp_path):
    ReportingSchedule.objects.filter(plan=world.foreign_plan).delete()

    errors = run_in_threads(
        lambda _i: services.schedule_for(world.foreign_plan), THREADS, tmp_path=tmp_path
    )

    _assert_no_errors(errors)
    assert ReportingSchedule.objects.filter(plan=world.foreign_plan).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_notice_sent_in_parallel_reaches_the_user_once(world, tmp_path):
    def send(_i: int) -> None:
        notifications.notify(
            user=world.cadre, kind="directive", key="directive:test", message="Chỉ đạo mới"
        )

    errors = run_in_threads(send, THREADS, tmp_path=tmp_path)

    _assert_no_errors(errors)
    assert Notification.objects.filter(user=world.cadre, key="directive:test").count() == 1
