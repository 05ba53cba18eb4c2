"""The database itself refuses bad rows, even when the services are bypassed."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from thaogo.tasks.models import (
    Assignment,
    AssignmentRole,
    Category,
    MeasureUnit,
    Metric,
    MetricValue,
    Status,
    Task,
)
from thaogo.tasks.services import metric_create

pytestmark = pytest.mark.django_db


def _raw_task(plan, **fields) -> Task:
    values = {
        "plan": plan,
        "code": "99",
        "title": "Nhiệm vụ ghi thẳng vào cơ sở dữ liệu",
        "category": Category.objects.get(code="other"),
        "start_date": date(2024, 1, 1),
    }
    values.update(fields)
    return Task(**values)


def _refused(save) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        save()


def test_database_refuses_a_deadline_before_the_start(world):
    task = _raw_task(world.plan, deadline=date(2023, 12, 31))
    _refused(task.save)
    assert not Task.objects.filter(code="99").exists()


def test_database_accepts_a_deadline_on_the_start_day(world):
    _raw_task(world.plan, deadline=date(2024, 1, 1)).save()
    assert Task.objects.filter(code="99").exists()


def test_database_refuses_a_second_active_lead_for_one_task(world):
    second = Assignment(
        task=world.clearance,
        cadre=world.tuan,
        role=AssignmentRole.LEAD,
        start_date=date(2024, 5, 1),
    )
    _refused(second.save)
    assert world.clearance.assignments.filter(role=AssignmentRole.LEAD).count() == 1


def test_database_allows_a_new_lead_once_the_old_lead_has_ended(world):
    Assignment.objects.filter(pk=world.clearance_lead.pk).update(end_date=date(2024, 4, 30))
    Assignment.objects.create(
        task=world.clearance,
        cadre=world.tuan,
        role=AssignmentRole.LEAD,
        start_date=date(2024, 5, 1),
    )
    leads = world.clearance.assignments.filter(role=AssignmentRole.LEAD)
    assert leads.count() == 2
    assert leads.filter(end_date__isnull=True).get().cadre == world.tuan


def test_database_allows_a_support_cadre_next_to_the_active_lead(world):
    Assignment.objects.create(
        task=world.clearance,
        cadre=world.tuan,
        role=AssignmentRole.SUPPORT,
        start_date=date(2024, 5, 1),
    )
    assert world.clearance.assignments.filter(end_date__isnull=True).count() == 2


def test_database_refuses_a_negative_target(world):
    metric = Metric(
        task=world.revenue, name="Số thu", unit_id=MeasureUnit.BILLION_VND, target=Decimal("-5")
    )
    _refused(metric.save)
    assert not Metric.objects.filter(name="Số thu").exists()


def test_database_refuses_a_negative_measured_value(world):
    value = MetricValue(metric=world.households, measured_on=date(2024, 10, 1), value=-1)
    _refused(value.save)
    assert world.households.values.count() == 2


def test_a_unit_of_measure_not_on_the_list_is_refused(world):
    # The list of units is data (a foreign key), and the largest value of a unit (100 for %)
    # too, checked by the metric services (tests/tasks/test_services.py).
    with pytest.raises(ValidationError):
        metric_create(
            task=world.revenue, name="Tỷ lệ thu", unit="furlongs", target=Decimal(5), by=None
        )
    assert not Metric.objects.filter(name="Tỷ lệ thu").exists()


def test_database_refuses_a_completed_task_without_a_completion_date(world):
    task = _raw_task(world.plan, status=Status.COMPLETED, completed_on=None)
    _refused(task.save)


def test_database_refuses_a_completion_date_on_an_unfinished_task(world):
    task = _raw_task(world.plan, status=Status.IN_PROGRESS, completed_on=date(2024, 3, 1))
    _refused(task.save)


def test_database_refuses_a_completion_before_the_start(world):
    task = _raw_task(
        world.plan, status=Status.COMPLETED, completed_on=date(2024, 1, 1) - timedelta(days=1)
    )
    _refused(task.save)


def test_database_refuses_an_assignment_ending_before_it_starts(world):
    Assignment.objects.filter(pk=world.clearance_lead.pk)
    ended = Assignment(
        task=world.revenue,
        cadre=world.tuan,
        role=AssignmentRole.SUPPORT,
        start_date=date(2024, 5, 1),
        end_date=date(2024, 4, 30),
    )
    _refused(ended.save)
