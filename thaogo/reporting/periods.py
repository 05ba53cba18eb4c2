"""Reporting periods and working days: plain date arithmetic, no database.

Data is cut off on a fixed day of the period's last month (the 14th by default, after
Nghị định 09/2019/NĐ-CP as provinces apply it): the yearly report of 2024 covers
15/12/2023–14/12/2024, and "Quý I/2024" covers 15/12/2023–14/03/2024.
"""

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from string import Formatter

from django.utils.translation import gettext

ROMAN = dict(
    enumerate(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"], 1)
)
LABEL_PLACEHOLDERS = {"number", "roman", "year"}


@dataclass(frozen=True)
class KindDefinition:
    """A kind of reporting period as the table reporting.ReportingKind holds it, read once per
    operation: the periods it has in a year (the last month of each, and how many months each
    spans), how a period is written, and which kind replaces which on the same cut-off."""

    code: str
    span_months: int
    last_months: tuple[int, ...]
    label_pattern: str
    precedence: int
    valid_from: date | None = None
    valid_until: date | None = None
    name: str = ""

    def in_force_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def label(self, year: int, number: int) -> str:
        return format_label(self.label_pattern, year, number)


def format_label(pattern: str, year: int, number: int) -> str:
    """ "Quý {roman}/{year}" with 2024 and 3: "Quý III/2024"."""
    return pattern.format(number=number, roman=ROMAN.get(number, str(number)), year=year)


def label_pattern_problem(pattern: str, periods_in_year: int) -> str | None:
    """Why `pattern` cannot write a period's label, or None: it names the year, the number
    when a year has several periods, and no placeholder but {number}, {roman} and {year}."""
    try:
        fields = [(name, spec, conv) for _t, name, spec, conv in Formatter().parse(pattern)]
    except ValueError:
        return gettext("Braces pair up around a placeholder: {number}, {roman} or {year}.")
    placeholders = [(name, spec, conv) for name, spec, conv in fields if name is not None]
    names = {name for name, _spec, _conv in placeholders}
    if names - LABEL_PLACEHOLDERS or any(spec or conv for _n, spec, conv in placeholders):
        return gettext("Only the placeholders {number}, {roman} and {year} can be used.")
    if "year" not in names:
        return gettext("The label names the year: put {year} in it.")
    if periods_in_year > 1 and not names & {"number", "roman"}:
        return gettext(
            "This kind has several periods a year: put {number} or {roman} in the label."
        )
    return None


def last_months_problem(last_months: tuple[int, ...], span_months: int) -> str | None:
    """Why these last months cannot be a kind's periods, or None: months 1 to 12, ascending,
    and no two periods overlapping (each spans `span_months`)."""
    if not last_months:
        return gettext("Give the last month of at least one period.")
    if any(not 1 <= month <= 12 for month in last_months):
        return gettext("Months are from 1 to 12.")
    if list(last_months) != sorted(set(last_months)):
        return gettext("List the months in ascending order, each once.")
    steps = [b - a for a, b in pairwise(last_months)]
    wrap = 12 - last_months[-1] + last_months[0]
    if any(step < span_months for step in steps) or (len(last_months) > 1 and wrap < span_months):
        return gettext("Periods of this length ending in these months would overlap.")
    return None


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
    # The period as officials write it: "Quý I/2024", "6 tháng đầu năm 2024".
    label: str = field(default="", compare=False)


def periods_of_year(kind: KindDefinition, year: int, cutoff_day: int) -> list[Period]:
    """The periods of `kind` whose cut-off falls in `year`, numbered from 1, whether in force
    or not (periods_between leaves out those outside the kind's dates)."""
    periods = []
    for number, last_month in enumerate(kind.last_months, 1):
        end = date(year, last_month, cutoff_day)
        start = _month_day(year, last_month - kind.span_months, cutoff_day) + timedelta(days=1)
        periods.append(
            Period(
                end=end,
                start=start,
                kind=kind.code,
                year=year,
                number=number,
                label=kind.label(year, number),
            )
        )
    return periods


# Work in a period that ends this soon after an assignment starts goes into the next report.
FIRST_REPORT_GRACE_DAYS = 14


def periods_between(
    kinds: Iterable[KindDefinition],
    first: date,
    last: date,
    *,
    cutoff_day: int,
    final_report: bool = True,
    grace_days: int = FIRST_REPORT_GRACE_DAYS,
) -> list[Period]:
    """The periods to report on for work from `first` to `last`: those whose window overlaps
    it, one per cut-off day, except a period ending in the first two weeks. A kind has no
    period whose cut-off falls outside its dates; where two kinds end on the same cut-off,
    the one of higher precedence stands for both (the 6-month report for Quý II). With
    `final_report`, the first period that covers `last` closes the list; without it (a lead
    who hands over), the list ends at the last cut-off on or before `last`."""
    by_end: dict[date, tuple[int, Period]] = {}
    for year in range(first.year, last.year + 2):
        for kind in kinds:
            for period in periods_of_year(kind, year, cutoff_day):
                if period.end < first or period.start > last or not kind.in_force_on(period.end):
                    continue
                held = by_end.get(period.end)
                if held is None or kind.precedence > held[0]:
                    by_end[period.end] = (kind.precedence, period)
    chosen = []
    for period in sorted(period for _precedence, period in by_end.values()):
        if period.end < first + timedelta(days=grace_days) and period.end < last:
            continue
        if period.end > last and not final_report:
            break
        chosen.append(period)
        if period.end >= last:
            break
    return chosen


def is_working_day(day: date, holidays: Collection[date], make_up_days: Collection[date]) -> bool:
    """Monday to Friday except holidays, and a weekend day worked in exchange for a day off
    (Saturday 4/5/2024 for Monday 29/4/2024)."""
    if day in make_up_days:
        return True
    return day.weekday() < 5 and day not in holidays


def working_days_after(
    start: date, days: int, holidays: Collection[date], make_up_days: Collection[date] = ()
) -> date:
    """The date `days` working days after `start` (weekends and holidays do not count; a
    make-up working Saturday does)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current, holidays, make_up_days):
            remaining -= 1
    return current


def working_days_between(
    first: date, last: date, holidays: Collection[date], make_up_days: Collection[date] = ()
) -> int:
    """How many working days from `first` to `last`, both included."""
    return sum(1 for day in daterange(first, last) if is_working_day(day, holidays, make_up_days))


def daterange(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
