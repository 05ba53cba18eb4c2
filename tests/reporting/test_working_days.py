"""Working days with the holidays and make-up days on record.

A swapped working day makes a Saturday a working day: 4/5/2024 for Monday 29/4/2024, and
26/4/2025 for Friday 2/5/2025. "Nghỉ bù" is only a day off for a holiday on a weekend.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import REPRODUCIBLE
from thaogo.reporting import services
from thaogo.reporting.models import Holiday, HolidayKind, SwappedWorkingDay
from thaogo.reporting.periods import working_days_after, working_days_between


def test_the_swapped_days_are_on_record_with_their_saturdays(db):
    monday = Holiday.objects.get(date=date(2024, 4, 29))
    assert monday.kind == HolidayKind.SWAPPED
    assert "Nghỉ bù" not in monday.name
    assert "2450/VPCP-KGVX" in monday.legal_source
    assert SwappedWorkingDay.objects.get(date=date(2024, 5, 4)).in_place_of == monday.date
    friday = Holiday.objects.get(date=date(2025, 5, 2))
    assert friday.kind == HolidayKind.SWAPPED
    assert SwappedWorkingDay.objects.get(date=date(2025, 4, 26)).in_place_of == friday.date
    assert Holiday.objects.get(date=date(2024, 9, 2)).legal_source.startswith("Bộ luật Lao động")


def test_only_a_day_off_for_a_weekend_holiday_is_compensatory(db):
    giỗ_tổ = Holiday.objects.get(date=date(2026, 4, 27))
    assert giỗ_tổ.kind == HolidayKind.COMPENSATORY
    assert giỗ_tổ.compensates.weekday() == 6  # Sunday 26/4/2026
    weekday_holiday = Holiday(
        date=date(2027, 1, 4),
        name="Nghỉ bù",
        kind=HolidayKind.COMPENSATORY,
        compensates=date(2027, 1, 1),  # a Friday: nothing to compensate
    )
    with pytest.raises(ValidationError) as error:
        weekday_holiday.full_clean()
    assert "compensates" in error.value.error_dict


def test_a_make_up_saturday_counts_as_a_working_day(db):
    # From Friday 26/4/2024: Mon 29/4 (swapped), 30/4 and 1/5 are off; Thu 2/5, Fri 3/5 and
    # the make-up Saturday 4/5 are the three working days.
    assert services.working_day_after(date(2024, 4, 26), 3) == date(2024, 5, 4)
    # Without the make-up day the third working day would be Monday 6/5.
    holidays = services.holidays_between(date(2024, 4, 1), date(2024, 6, 1))
    assert working_days_after(date(2024, 4, 26), 3, holidays) == date(2024, 5, 6)


def test_the_2025_swap_moves_the_working_saturday_before_the_holiday(db):
    # Fri 25/4, make-up Sat 26/4, Mon 28/4, Tue 29/4 work; 30/4, 1/5, 2/5 are off.
    assert services.working_day_after(date(2025, 4, 24), 2) == date(2025, 4, 26)
    assert services.working_day_after(date(2025, 4, 29), 1) == date(2025, 5, 5)
    holidays = services.holidays_between(date(2025, 4, 1), date(2025, 5, 31))
    make_up = services.make_up_days_between(date(2025, 4, 1), date(2025, 5, 31))
    # April 2025: 22 weekdays, less Giỗ Tổ (7/4) and 30/4, plus Saturday 26/4.
    assert working_days_between(date(2025, 4, 1), date(2025, 4, 30), holidays, make_up) == 21


def test_report_due_dates_count_the_make_up_saturday(world):
    from thaogo.reporting.models import ReportingKind, ReportingSchedule

    # A monthly schedule with the cut-off on the 25th: April 2025's report is due 3 working
    # days after Friday 25/4, counting Saturday 26/4.
    schedule = ReportingSchedule.objects.get(plan=world.plan)
    services.schedule_update(
        schedule=schedule,
        by=world.btc,
        expected_version=schedule.version,
        kinds=[*schedule.kinds.all(), ReportingKind.objects.get(code="month")],
        cutoff_day=25,
    )
    obligation = world.clearance_lead.obligations.get(period_end=date(2025, 4, 25))
    assert obligation.due_on == date(2025, 4, 29)


@settings(max_examples=40, **REPRODUCIBLE)
@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 1)),
    days=st.integers(min_value=1, max_value=20),
)
def test_a_make_up_day_never_makes_a_deadline_later(start, days):
    holidays = {date(2024, 4, 29), date(2024, 4, 30), date(2024, 5, 1)}
    without = working_days_after(start, days, holidays)
    with_make_up = working_days_after(start, days, holidays, {date(2024, 5, 4)})
    assert with_make_up <= without
    assert (without - with_make_up) <= timedelta(days=3)
