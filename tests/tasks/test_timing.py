"""Task timing: the split Vietnamese tracking systems report, in Python and in SQL."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import REPRODUCIBLE, TODAY
from thaogo.tasks.models import Category, Status, Task, Timing, timing_of
from thaogo.tasks.selectors import timing_summary, with_timing

NEAR = 3


def timing(status=Status.IN_PROGRESS, *, deadline, completed_on=None, today=TODAY, near=NEAR):
    return timing_of(
        status=status,
        deadline=deadline,
        completed_on=completed_on,
        today=today,
        near_due_days=near,
    )


def test_completed_before_the_deadline_is_on_time():
    assert (
        timing(Status.COMPLETED, deadline=date(2024, 6, 30), completed_on=date(2024, 6, 1))
        == Timing.COMPLETED_ON_TIME
    )


def test_completed_on_the_deadline_day_is_on_time():
    assert (
        timing(Status.COMPLETED, deadline=date(2024, 6, 30), completed_on=date(2024, 6, 30))
        == Timing.COMPLETED_ON_TIME
    )


def test_completed_the_day_after_the_deadline_is_late():
    assert (
        timing(Status.COMPLETED, deadline=date(2024, 6, 30), completed_on=date(2024, 7, 1))
        == Timing.COMPLETED_LATE
    )


def test_completed_without_a_deadline_is_on_time():
    assert (
        timing(Status.COMPLETED, deadline=None, completed_on=date(2024, 7, 1))
        == Timing.COMPLETED_ON_TIME
    )


def test_in_progress_past_the_deadline_is_overdue():
    assert timing(deadline=TODAY - timedelta(days=1)) == Timing.OVERDUE


def test_deadline_today_is_near_due_not_overdue():
    assert timing(deadline=TODAY) == Timing.NEAR_DUE


def test_deadline_in_three_days_is_near_due():
    assert timing(deadline=TODAY + timedelta(days=3)) == Timing.NEAR_DUE


def test_deadline_in_four_days_is_on_track():
    assert timing(deadline=TODAY + timedelta(days=4)) == Timing.ON_TRACK


@pytest.mark.parametrize("status", [Status.NOT_STARTED, Status.IN_PROGRESS, Status.PAUSED])
def test_unfinished_task_without_deadline_has_no_deadline(status):
    assert timing(status, deadline=None) == Timing.NO_DEADLINE


def test_paused_task_past_its_deadline_is_still_overdue():
    assert timing(Status.PAUSED, deadline=TODAY - timedelta(days=10)) == Timing.OVERDUE


@pytest.mark.django_db
def test_near_due_window_follows_the_setting(world, settings):
    Task.objects.filter(pk=world.clearance.pk).update(deadline=TODAY + timedelta(days=6))
    task = Task.objects.get(pk=world.clearance.pk)
    assert task.timing(TODAY) == Timing.ON_TRACK
    assert with_timing(Task.objects.filter(pk=task.pk), today=TODAY).get().timing_value == (
        Timing.ON_TRACK
    )
    settings.THAOGO_NEAR_DUE_DAYS = 7
    assert task.timing(TODAY) == Timing.NEAR_DUE
    assert with_timing(Task.objects.filter(pk=task.pk), today=TODAY).get().timing_value == (
        Timing.NEAR_DUE
    )


@pytest.mark.django_db
def test_world_has_one_task_in_each_timing_bucket(world):
    summary = timing_summary(Task.objects.all(), today=TODAY)
    assert summary.total == 6
    assert summary.counts == {t.value: 1 for t in Timing}
    # Late or overdue among the five tasks with a deadline: 2 of 5.
    assert summary.overdue_rate == 40.0


# The SQL annotation agrees with timing_of() for any task and any day.

BOUNDARIES = [
    # status, deadline, completed_on, expected on TODAY with 3 near-due days
    (Status.COMPLETED, date(2024, 6, 30), date(2024, 6, 30), Timing.COMPLETED_ON_TIME),
    (Status.COMPLETED, date(2024, 6, 30), date(2024, 7, 1), Timing.COMPLETED_LATE),
    (Status.COMPLETED, None, date(2024, 7, 1), Timing.COMPLETED_ON_TIME),
    (Status.IN_PROGRESS, TODAY - timedelta(days=1), None, Timing.OVERDUE),
    (Status.IN_PROGRESS, TODAY, None, Timing.NEAR_DUE),
    (Status.IN_PROGRESS, TODAY + timedelta(days=3), None, Timing.NEAR_DUE),
    (Status.IN_PROGRESS, TODAY + timedelta(days=4), None, Timing.ON_TRACK),
    (Status.NOT_STARTED, None, None, Timing.NO_DEADLINE),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "deadline", "completed_on", "expected"), BOUNDARIES)
def test_sql_timing_at_the_boundaries(world, status, deadline, completed_on, expected):
    Task.objects.filter(pk=world.obstacles.pk).update(
        status=status, deadline=deadline, completed_on=completed_on
    )
    task = with_timing(Task.objects.filter(pk=world.obstacles.pk), today=TODAY).get()
    assert task.timing_value == expected
    assert task.timing(TODAY) == expected


START = date(2024, 1, 1)

task_rows = st.lists(
    st.tuples(
        # Completed tasks twice as often: they have the most boundaries.
        st.sampled_from([Status.COMPLETED, *Status.values]),
        # Small ranges, so that deadlines, completions and today often fall on the same day.
        st.one_of(st.none(), st.integers(0, 12)),  # deadline, days after the start
        st.integers(-2, 2),  # completion, days from the deadline (only if completed)
    ),
    min_size=1,
    max_size=6,
)


@pytest.mark.django_db
@settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    **REPRODUCIBLE,
)
@given(rows=task_rows, today_offset=st.integers(-2, 16), near=st.integers(0, 4))
def test_sql_timing_agrees_with_python_timing(world, django_settings, rows, today_offset, near):
    django_settings.THAOGO_NEAR_DUE_DAYS = near
    today = START + timedelta(days=today_offset)
    category = Category.objects.get(code="other")
    with transaction.atomic():
        expected = {}
        for index, (status, deadline_days, completed_delta) in enumerate(rows):
            deadline = None if deadline_days is None else START + timedelta(days=deadline_days)
            completed_days = max(0, (deadline_days or 6) + completed_delta)
            completed_on = (
                START + timedelta(days=completed_days) if status == Status.COMPLETED else None
            )
            task = Task.objects.create(
                plan=world.plan,
                code=f"p{index}",
                title="Nhiệm vụ sinh ngẫu nhiên",
                category=category,
                start_date=START,
                deadline=deadline,
                status=status,
                completed_on=completed_on,
            )
            expected[task.pk] = timing_of(
                status=status,
                deadline=deadline,
                completed_on=completed_on,
                today=today,
                near_due_days=near,
            )
        generated = Task.objects.filter(pk__in=expected)
        annotated = dict(with_timing(generated, today=today).values_list("pk", "timing_value"))
        summary = timing_summary(generated, today=today)
        transaction.set_rollback(True)

    assert annotated == {pk: t.value for pk, t in expected.items()}
    assert summary.total == len(rows)
    counts = Counter(t.value for t in expected.values())
    assert summary.counts == {t.value: counts.get(t.value, 0) for t in Timing}
    # The headline split adds up to the total, with near due inside within deadline.
    assert sum(count for _value, _label, count in summary.rows()) == summary.total
    assert summary.within_deadline == counts[Timing.ON_TRACK] + counts[Timing.NEAR_DUE]
    assert summary.near_due <= summary.within_deadline


@pytest.fixture
def django_settings(settings):
    return settings
