"""Reporting periods and working days, with a controlled calendar."""

from datetime import date, timedelta

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import REPRODUCIBLE
from thaogo.reporting.kinds import kind_book
from thaogo.reporting.periods import (
    periods_between,
    periods_of_year,
    working_days_after,
)

# The kinds as seeded (Nghị định 09/2019/NĐ-CP), read from the table.
pytestmark = pytest.mark.django_db


def kinds(*codes: str):
    return kind_book().of(list(codes))


def kind(code: str):
    [found] = kinds(code)
    return found


DEFAULT = ["quarter", "half_year", "year"]


def test_first_quarter_runs_from_the_15th_of_december_to_the_14th_of_march():
    q1 = periods_of_year(kind("quarter"), 2024, cutoff_day=14)[0]
    assert (q1.start, q1.end) == (date(2023, 12, 15), date(2024, 3, 14))


def test_periods_are_labelled_the_way_officials_write_them():
    with translation.override("vi"):
        labels = [
            p.label
            for p in periods_between(
                kinds(*DEFAULT), date(2024, 1, 1), date(2024, 12, 14), cutoff_day=14
            )
        ]
    assert labels == ["Quý I/2024", "6 tháng đầu năm 2024", "Quý III/2024", "Năm 2024"]


def test_longer_report_replaces_the_shorter_one_on_the_same_cut_off():
    periods = periods_between(kinds(*DEFAULT), date(2024, 1, 1), date(2024, 12, 14), cutoff_day=14)
    by_end = {p.end: p.kind for p in periods}
    assert by_end[date(2024, 6, 14)] == "half_year"  # not Quý II
    assert by_end[date(2024, 12, 14)] == "year"  # not Quý IV
    assert len(periods) == 4


def test_nine_month_report_stands_for_the_third_quarter_when_enabled():
    periods = periods_between(
        kinds(*DEFAULT, "nine_months"),
        date(2024, 1, 1),
        date(2024, 12, 31),
        cutoff_day=14,
    )
    september = next(p for p in periods if p.end == date(2024, 9, 14))
    assert september.kind == "nine_months"


def test_a_period_ending_in_the_first_two_weeks_is_left_to_the_next_report():
    periods = periods_between(kinds(*DEFAULT), date(2023, 12, 1), date(2024, 12, 31), cutoff_day=14)
    assert periods[0].end == date(2024, 3, 14)


def test_a_lead_who_hands_over_owes_no_report_for_the_period_after_leaving():
    handed_over = periods_between(
        kinds(*DEFAULT), date(2024, 1, 1), date(2024, 3, 31), cutoff_day=14, final_report=False
    )
    completed = periods_between(
        kinds(*DEFAULT), date(2024, 1, 1), date(2024, 3, 31), cutoff_day=14, final_report=True
    )
    assert [p.end for p in handed_over] == [date(2024, 3, 14)]
    assert [p.end for p in completed] == [date(2024, 3, 14), date(2024, 6, 14)]


def test_leap_year_february_with_a_cut_off_on_the_28th():
    months_2024 = periods_of_year(kind("month"), 2024, cutoff_day=28)
    months_2025 = periods_of_year(kind("month"), 2025, cutoff_day=28)
    assert months_2024[2].start == date(2024, 2, 29)  # March 2024 starts on the leap day
    assert months_2025[2].start == date(2025, 3, 1)


def test_weekends_do_not_count_as_working_days():
    friday = date(2024, 6, 14)
    assert working_days_after(friday, 3, set()) == date(2024, 6, 19)


def test_tet_holidays_push_the_due_date_back():
    tet = {date(2025, 1, 27) + timedelta(days=i) for i in range(5)}  # Mon 27/01 – Fri 31/01
    friday = date(2025, 1, 24)
    assert working_days_after(friday, 3, set()) == date(2025, 1, 29)
    assert working_days_after(friday, 3, tet) == date(2025, 2, 5)


@settings(max_examples=60, **REPRODUCIBLE)
@given(
    first=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    length=st.integers(min_value=0, max_value=900),
    cutoff=st.integers(min_value=1, max_value=28),
)
def test_chosen_periods_cover_the_work_once_per_cut_off(first, length, cutoff):
    last = first + timedelta(days=length)
    periods = periods_between(kinds(*DEFAULT), first, last, cutoff_day=cutoff)
    ends = [p.end for p in periods]
    assert ends == sorted(set(ends))
    assert periods, "every stretch of work ends with a report"
    assert periods[-1].end >= last
    for period in periods:
        assert period.start <= last and period.end >= first
