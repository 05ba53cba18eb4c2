"""The deadline rule in force on a date (core.models.DeadlineRule), or the defaults.

A rule set is read once (a few rows) and asked for each date, so a list of a thousand
obligations or directives does not ask the database a thousand times.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings


@dataclass(frozen=True)
class Rule:
    near_due_days: int
    first_reminder_days: int = 7
    second_reminder_days: int = 3
    last_reminder_days: int = 1
    due_soon_days: int = 7
    first_report_grace_days: int = 14

    @property
    def reminder_steps(self) -> tuple[int, int, int]:
        """Days before a report's due date on which its reminders go out, first to last."""
        return (self.first_reminder_days, self.second_reminder_days, self.last_reminder_days)


def default_rule() -> Rule:
    return Rule(near_due_days=settings.THAOGO_NEAR_DUE_DAYS)


class RuleBook:
    def __init__(self) -> None:
        from thaogo.core.models import DeadlineRule

        self._rules = [
            (row.valid_from, _rule(row)) for row in DeadlineRule.objects.order_by("-valid_from")
        ]

    def on(self, day: date) -> Rule:
        for valid_from, rule in self._rules:
            if valid_from <= day:
                return rule
        return default_rule()


def _rule(row) -> Rule:
    return Rule(
        near_due_days=row.near_due_days,
        first_reminder_days=row.first_reminder_days,
        second_reminder_days=row.second_reminder_days,
        last_reminder_days=row.last_reminder_days,
        due_soon_days=row.due_soon_days,
        first_report_grace_days=row.first_report_grace_days,
    )


def rule_on(day: date) -> Rule:
    """The rule in force on `day`. The rules are read once per state of the data
    (thaogo.core.dataversion, which every save of a DeadlineRule renews), not per call."""
    from thaogo.core.dataversion import cached

    return cached(("deadline_rules",), RuleBook).on(day)
