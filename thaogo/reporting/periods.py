"""Reporting periods and working days: plain date arithmetic, no database.

Data is cut off on a fixed day of the period's last month (the 14th by default, after
Nghị định 09/2019/NĐ-CP as provinces apply it): the yearly report of 2024 covers
15/12/2023–14/12/2024, and "Quý I/2024" covers 15/12/2023–14/03/2024.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    HALF_YEAR = "half_year", _("6 months")
    NINE_MONTHS = "nine_months", _("9 months")
    YEAR = "year", _("Yearly")


# Last month of each period of a kind, and how many months it spans.
_LAST_MONTHS = {
    PeriodKind.MONTH: [(m, m, 1) for m in range(1, 13)],
    PeriodKind.QUARTER: [(q, 3 * q, 3) for q in range(1, 5)],
    PeriodKind.HALF_YEAR: [(1, 6, 6)],
    PeriodKind.NINE_MONTHS: [(1, 9, 9)],
    PeriodKind.YEAR: [(1, 12, 12)],
}
# When two kinds end on the same cut-off, the longer report replaces the shorter one:
# the 6-month report stands for Quý II, the yearly report for Quý IV.
_PRECEDENCE = {
    PeriodKind.YEAR: 5,
    PeriodKind.NINE_MONTHS: 4,
    PeriodKind.HALF_YEAR: 3,
    PeriodKind.QUARTER: 2,
    PeriodKind.MONTH: 1,
}


def _month_day(year: int, month: int, day: int) -> date:
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, day)


@dataclass(frozen=True, order=True)
class Period:
    end: date  # the data cut-off day
    start: date
    kind: str
    year: int
    number: int

    @property
    def label(self) -> str:
        """The period as officials write it: "Quý I/2024", "6 tháng đầu năm 2024"."""
        return period_label(self.kind, self.year, self.number)


def period_label(kind: str, year: int, number: int) -> str:
    if kind == PeriodKind.MONTH:
        return gettext("Month %(number)s/%(year)s") % {"number": number, "year": year}
    if kind == PeriodKind.QUARTER:
        return gettext("Quarter %(roman)s/%(year)s") % {"roman": ROMAN[number], "year": year}
    if kind == PeriodKind.HALF_YEAR:
        return gettext("First 6 months of %(year)s") % {"year": year}
    if kind == PeriodKind.NINE_MONTHS:
        return gettext("First 9 months of %(year)s") % {"year": year}
    return gettext("Year %(year)s") % {"year": year}


def periods_of_year(kind: str, year: int, cutoff_day: int) -> list[Period]:
    periods = []
    for number, last_month, span in _LAST_MONTHS[PeriodKind(kind)]:
        end = date(year, last_month, cutoff_day)
        start = _month_day(year, last_month - span, cutoff_day) + timedelta(days=1)
        periods.append(Period(end=end, start=start, kind=kind, year=year, number=number))
    return periods


# Work in a period that ends this soon after an assignment starts goes into the next report.
FIRST_REPORT_GRACE_DAYS = 14


def periods_between(
    kinds: Iterable[str], first: date, last: date, *, cutoff_day: int, final_report: bool = True
) -> list[Period]:
    """The periods to report on for work from `first` to `last`: those whose window overlaps
    it, one per cut-off day, except a period ending in the first two weeks. With
    `final_report`, the first period that covers `last` closes the list; without it (a lead
    who hands over), the list ends at the last cut-off on or before `last`."""
    by_end: dict[date, Period] = {}
    for year in range(first.year, last.year + 2):
        for kind in kinds:
            for period in periods_of_year(kind, year, cutoff_day):
                if period.end < first or period.start > last:
                    continue
                held = by_end.get(period.end)
                if (
                    held is None
                    or _PRECEDENCE[PeriodKind(kind)] > _PRECEDENCE[PeriodKind(held.kind)]
                ):
                    by_end[period.end] = period
    chosen = []
    for period in sorted(by_end.values()):
        if period.end < first + timedelta(days=FIRST_REPORT_GRACE_DAYS) and period.end < last:
            continue
        if period.end > last and not final_report:
            break
        chosen.append(period)
        if period.end >= last:
            break
    return chosen


def working_days_after(start: date, days: int, holidays: set[date]) -> date:
    """The date `days` working days after `start` (weekends and holidays do not count)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            remaining -= 1
    return current


def daterange(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
