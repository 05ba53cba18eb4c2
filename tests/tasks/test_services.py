"""The write services: bad input gets a Vietnamese message and writes nothing."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import strategies as st

from tests.helpers import assert_vietnamese, messages_of
from thaogo.core.services import ConcurrentEditError
from thaogo.tasks import services
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

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _refused(call, *, rows):
    """Run a service call that must fail; return its messages. `rows` is counted around it."""
    before = rows.count()
    with pytest.raises(ValidationError) as caught:
        call()
    assert rows.count() == before, "a refused write left rows behind"
    return caught.value


def _new_task(world, **fields):
    values = {
        "plan": world.plan,
        "code": "10",
        "title": "Giải tỏa hành lang an toàn giao thông",
        "category": Category.objects.get(code="other"),
        "start_date": date(2024, 3, 1),
        "by": world.btc,
    }
    values.update(fields)
    return services.task_create(**values)


# Bad input


def test_deadline_before_start_is_refused_in_vietnamese_and_saves_nothing(world):
    error = _refused(lambda: _new_task(world, deadline=date(2024, 2, 1)), rows=Task.objects)
    assert "deadline" in error.message_dict
    assert "Hạn hoàn thành không được trước ngày bắt đầu" in messages_of(error)


def test_updating_a_deadline_to_before_the_start_is_refused_and_keeps_the_old_one(world):
    task = world.clearance
    with pytest.raises(ValidationError) as caught:
        services.task_update(
            task=task, by=world.btc, expected_version=task.version, deadline=date(2023, 11, 30)
        )
    assert "Hạn hoàn thành không được trước ngày bắt đầu" in messages_of(caught.value)
    task.refresh_from_db()
    assert task.deadline == date(2024, 12, 31)
    assert task.version == 1


def test_second_active_lead_is_refused_in_vietnamese_and_saves_nothing(world):
    error = _refused(
        lambda: services.assignment_create(
            task=world.clearance,
            cadre=world.tuan,
            role=AssignmentRole.LEAD,
            start_date=date(2024, 5, 1),
            by=world.btc,
        ),
        rows=Assignment.objects,
    )
    assert "Nhiệm vụ này đã có cán bộ chủ trì" in messages_of(error)


def test_negative_target_is_refused_in_vietnamese_and_saves_nothing(world):
    error = _refused(
        lambda: services.metric_create(
            task=world.revenue,
            name="Số thu ngân sách",
            unit=MeasureUnit.BILLION_VND,
            target=Decimal("-10"),
            by=world.btc,
        ),
        rows=Metric.objects,
    )
    assert "target" in error.message_dict
    assert "Chỉ tiêu không được âm" in messages_of(error)


def test_negative_measured_value_is_refused_in_vietnamese_and_saves_nothing(world):
    error = _refused(
        lambda: services.metric_value_record(
            metric=world.households,
            measured_on=date(2024, 10, 1),
            value=Decimal("-1"),
            by=world.unit_staff,
        ),
        rows=MetricValue.objects,
    )
    assert "Giá trị không được âm" in messages_of(error)


def test_unknown_category_code_is_refused_in_vietnamese(world):
    before = Task.objects.count()
    with pytest.raises(ValidationError) as caught:
        _new_task(world, category=services.category_by_code("nope"))
    message = messages_of(caught.value)
    assert "nope" in message
    assert re.search(r"Lĩnh vực .*không tồn tại", message), message
    assert Task.objects.count() == before


def test_retired_category_is_refused_in_vietnamese_and_saves_nothing(world):
    retired = Category.objects.get(code="other")
    retired.is_active = False
    retired.save()
    error = _refused(lambda: _new_task(world, category=retired), rows=Task.objects)
    assert "Lĩnh vực không tồn tại" in messages_of(error)


def test_household_count_with_decimals_is_refused_and_saves_nothing(world):
    error = _refused(
        lambda: services.metric_value_record(
            metric=world.households,
            measured_on=date(2024, 10, 1),
            value=Decimal("95.5"),
            by=world.unit_staff,
        ),
        rows=MetricValue.objects,
    )
    assert "value" in error.message_dict
    assert_vietnamese(messages_of(error))


def test_household_target_with_decimals_is_refused(world):
    error = _refused(
        lambda: services.metric_create(
            task=world.revenue,
            name="Số hộ",
            unit=MeasureUnit.HOUSEHOLDS,
            target=Decimal("10.5"),
            by=world.btc,
        ),
        rows=Metric.objects,
    )
    assert "target" in error.message_dict


def test_percentage_above_100_is_refused_and_saves_nothing(world):
    error = _refused(
        lambda: services.metric_create(
            task=world.revenue,
            name="Tỷ lệ thu đạt",
            unit=MeasureUnit.PERCENT,
            target=Decimal("120"),
            by=world.btc,
        ),
        rows=Metric.objects,
    )
    assert "target" in error.message_dict
    assert_vietnamese(messages_of(error))


def test_percentage_value_above_100_is_refused(world):
    metric = services.metric_create(
        task=world.revenue,
        name="Tỷ lệ thu đạt",
        unit=MeasureUnit.PERCENT,
        target=Decimal("100"),
        by=world.btc,
    )
    _refused(
        lambda: services.metric_value_record(
            metric=metric, measured_on=date(2024, 5, 1), value=Decimal("101"), by=world.btc
        ),
        rows=MetricValue.objects,
    )


def test_task_starting_before_its_plan_is_refused_and_saves_nothing(world):
    error = _refused(lambda: _new_task(world, start_date=date(2023, 11, 1)), rows=Task.objects)
    assert "start_date" in error.message_dict
    assert "29/11/2023" in messages_of(error)
    assert_vietnamese(messages_of(error))


def test_completed_task_needs_a_completion_date(world):
    error = _refused(lambda: _new_task(world, status=Status.COMPLETED), rows=Task.objects)
    assert "completed_on" in error.message_dict


def test_duplicate_task_code_in_a_plan_is_refused(world):
    _refused(lambda: _new_task(world, code="01"), rows=Task.objects)


def test_value_measured_before_the_task_started_is_refused(world):
    _refused(
        lambda: services.metric_value_record(
            metric=world.households,
            measured_on=date(2023, 11, 1),
            value=Decimal("1"),
            by=world.btc,
        ),
        rows=MetricValue.objects,
    )


# Assignments keep their history


def test_reassigning_the_lead_keeps_the_old_assignment_with_an_end_date(world):
    task = world.clearance
    services.lead_reassign(task=task, cadre=world.tuan, on=date(2024, 8, 1), by=world.btc)

    old = Assignment.objects.get(pk=world.clearance_lead.pk)
    assert old.cadre == world.dat
    assert old.end_date == date(2024, 7, 31)
    leads = Assignment.objects.filter(task=task, role=AssignmentRole.LEAD)
    assert leads.count() == 2
    active = leads.filter(end_date__isnull=True)
    assert active.count() == 1
    assert active.get().cadre == world.tuan
    assert active.get().assigned_by == world.btc


def test_reassigning_the_lead_to_a_support_cadre_ends_their_support_role(world):
    task = world.clearance
    support = services.assignment_create(
        task=task,
        cadre=world.tuan,
        role=AssignmentRole.SUPPORT,
        start_date=date(2024, 2, 1),
        by=world.btc,
    )
    services.lead_reassign(task=task, cadre=world.tuan, on=date(2024, 8, 1), by=world.btc)

    support.refresh_from_db()
    assert support.end_date is not None
    active = Assignment.objects.filter(task=task, end_date__isnull=True)
    assert [(a.cadre, a.role) for a in active] == [(world.tuan, AssignmentRole.LEAD)]
    assert Assignment.objects.filter(task=task).count() == 3


def test_reassigning_the_lead_to_the_current_lead_is_refused(world):
    _refused(
        lambda: services.lead_reassign(
            task=world.clearance, cadre=world.dat, on=date(2024, 8, 1), by=world.btc
        ),
        rows=Assignment.objects.filter(end_date__isnull=False),
    )


def test_ending_an_assignment_twice_is_refused_and_keeps_the_first_end_date(world):
    lead = world.clearance_lead
    ended = services.assignment_end(
        assignment=lead, end_date=date(2024, 6, 30), expected_version=lead.version, by=world.btc
    )
    with pytest.raises(ValidationError) as caught:
        services.assignment_end(
            assignment=lead,
            end_date=date(2024, 9, 30),
            expected_version=ended.version,
            by=world.btc,
        )
    assert "đã kết thúc" in messages_of(caught.value)
    lead.refresh_from_db()
    assert lead.end_date == date(2024, 6, 30)


def test_ending_the_lead_then_assigning_a_new_one_is_allowed(world):
    services.assignment_end(
        assignment=world.clearance_lead,
        end_date=date(2024, 6, 30),
        expected_version=world.clearance_lead.version,
        by=world.btc,
    )
    services.assignment_create(
        task=world.clearance,
        cadre=world.tuan,
        role=AssignmentRole.LEAD,
        start_date=date(2024, 7, 1),
        by=world.btc,
    )
    assert world.clearance.assignments.filter(role=AssignmentRole.LEAD).count() == 2


# Optimistic concurrency


def test_second_save_from_the_same_version_is_refused_and_the_first_change_stays(world):
    opened = Task.objects.get(pk=world.clearance.pk)  # both users opened version 1
    services.task_update(
        task=opened,
        by=world.btc,
        expected_version=opened.version,
        title="Giải phóng mặt bằng đường Hồ Sen (bản của Ban Tổ chức)",
    )
    with pytest.raises(ConcurrentEditError) as caught:
        services.task_update(
            task=opened,
            by=world.office,
            expected_version=opened.version,
            title="Giải phóng mặt bằng đường Hồ Sen (bản của Văn phòng)",
        )
    assert "Người khác đã lưu bản ghi này" in messages_of(caught.value)
    saved = Task.objects.get(pk=world.clearance.pk)
    assert saved.title == "Giải phóng mặt bằng đường Hồ Sen (bản của Ban Tổ chức)"
    assert saved.version == 2


def test_saving_from_the_latest_version_is_accepted(world):
    task = services.task_update(task=world.clearance, by=world.btc, expected_version=1, priority=4)
    task = services.task_update(task=task, by=world.office, expected_version=2, priority=3)
    assert Task.objects.get(pk=task.pk).version == 3


def test_second_metric_edit_from_the_same_version_is_refused(world):
    metric = world.households
    services.metric_update(metric=metric, by=world.btc, expected_version=1, target=Decimal(150))
    with pytest.raises(ConcurrentEditError):
        services.metric_update(
            metric=metric, by=world.office, expected_version=1, target=Decimal(200)
        )
    assert Metric.objects.get(pk=metric.pk).target == Decimal(150)


# Measured values and history


def test_recording_a_value_again_on_the_same_day_replaces_it(world):
    metric = world.households
    services.metric_value_record(
        metric=metric, measured_on=date(2024, 10, 1), value=Decimal(95), by=world.unit_staff
    )
    services.metric_value_record(
        metric=metric, measured_on=date(2024, 10, 1), value=Decimal(100), by=world.btc
    )
    same_day = MetricValue.objects.filter(metric=metric, measured_on=date(2024, 10, 1))
    assert same_day.count() == 1
    assert same_day.get().value == Decimal(100)
    assert same_day.get().recorded_by == world.btc
    assert metric.values.count() == 3


def test_history_rows_name_the_user_who_made_each_change(world):
    services.task_update(
        task=world.clearance, by=world.office, expected_version=1, result_summary="Đã bàn giao"
    )
    rows = world.clearance.history.order_by("history_date", "history_id")
    assert [r.history_user for r in rows] == [world.btc, world.office]
    assert rows.last().result_summary == "Đã bàn giao"
    lead_history = Assignment.history.filter(id=world.clearance_lead.pk)
    assert lead_history.get().history_user == world.btc


def test_a_replaced_value_keeps_the_old_one_in_history(world):
    services.metric_value_record(
        metric=world.households, measured_on=date(2024, 9, 30), value=Decimal(92), by=world.btc
    )
    entry = MetricValue.objects.get(metric=world.households, measured_on=date(2024, 9, 30))
    assert [h.value for h in entry.history.order_by("history_date")] == [
        Decimal(90),
        Decimal(92),
    ]


# Progress


def test_progress_of_a_rising_target(world):
    metric = world.households  # 0 → 120 households
    assert metric.progress_percent(Decimal(90)) == 75
    assert metric.progress_percent(Decimal(120)) == 100
    assert metric.progress_percent(Decimal(200)) == 100
    assert metric.progress_percent(None) == 0


def test_progress_of_a_falling_target(world):
    backlog = services.metric_create(
        task=world.petitions,
        name="Số đơn tồn đọng",
        unit=MeasureUnit.CASES,
        baseline=Decimal(100),
        target=Decimal(20),
        by=world.btc,
    )
    assert backlog.progress_percent(Decimal(100)) == 0
    assert backlog.progress_percent(Decimal(60)) == 50
    assert backlog.progress_percent(Decimal(20)) == 100
    assert backlog.progress_percent(Decimal(0)) == 100
    assert backlog.progress_percent(Decimal(130)) == 0


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


def test_a_change_of_units_shows_in_the_task_history(world):
    from thaogo.core.audit import history_entries
    from thaogo.tasks.models import Task
    from thaogo.tasks.services import task_update

    task = task_update(
        task=world.clearance,
        by=world.btc,
        expected_version=world.clearance.version,
        units=[world.vinh_niem, world.an_bien],
    )
    latest = history_entries(Task.history.filter(id=task.pk), viewer=world.btc)[0]
    change = next(c for c in latest.changes if c.new.startswith("Phường An Biên"))
    assert change.old == "Phường Vĩnh Niệm"
    assert change.new == "Phường An Biên; Phường Vĩnh Niệm"
