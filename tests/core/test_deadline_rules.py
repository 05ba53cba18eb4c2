"""Deadline rules are data with the date they apply from: near due, report reminders,
"due soon" and the grace before a first report. Without a rule, the defaults hold."""

from datetime import date, timedelta

import pytest

from tests.helpers import TODAY
from thaogo.core.models import DeadlineRule
from thaogo.core.rules import rule_on
from thaogo.monitoring.selectors import figures
from thaogo.notifications.models import Notification, NotificationKind
from thaogo.reporting import notices, services
from thaogo.reporting.kinds import kind_book
from thaogo.reporting.models import ObligationState
from thaogo.reporting.periods import periods_between
from thaogo.tasks.models import Task, Timing

pytestmark = pytest.mark.django_db


def wider_rule(valid_from: date) -> DeadlineRule:
    return DeadlineRule.objects.create(
        valid_from=valid_from,
        near_due_days=10,
        first_reminder_days=14,
        second_reminder_days=5,
        last_reminder_days=2,
        due_soon_days=14,
        first_report_grace_days=30,
    )


def test_without_a_rule_the_defaults_hold(settings):
    settings.THAOGO_NEAR_DUE_DAYS = 3
    rule = rule_on(TODAY)
    assert (rule.near_due_days, rule.reminder_steps, rule.due_soon_days) == (3, (7, 3, 1), 7)
    assert rule.first_report_grace_days == 14


def test_near_due_follows_the_rule_in_force_on_the_day(world):
    Task.objects.filter(pk=world.clearance.pk).update(deadline=TODAY + timedelta(days=8))
    task = Task.objects.get(pk=world.clearance.pk)
    wider_rule(TODAY)
    assert task.timing(TODAY) == Timing.NEAR_DUE
    assert task.timing(TODAY - timedelta(days=1)) == Timing.ON_TRACK  # the old rule then
    # Figures as of the day before the rule keep the rule of that day.
    before = figures(user=world.btc, as_of=TODAY - timedelta(days=1), trend=False)
    now = figures(user=world.btc, as_of=TODAY, trend=False)
    assert now.tasks["near_due"] == before.tasks["near_due"] + 1


def test_report_reminders_go_out_on_the_days_the_rule_says(world):
    obligation = world.clearance_lead.obligations.filter(due_on__gt=TODAY).order_by("due_on")[0]
    day = obligation.due_on - timedelta(days=12)
    notices.reminders(day)
    assert not Notification.objects.filter(key__startswith=f"report-due:{obligation.pk}:")
    wider_rule(day)
    notices.reminders(day)
    notice = Notification.objects.get(key=f"report-due:{obligation.pk}:14")
    assert notice.kind == NotificationKind.REPORT_DUE_7  # the first reminder
    notices.reminders(day)  # run twice, sent once
    assert Notification.objects.filter(key__startswith=f"report-due:{obligation.pk}:").count() == 1
    assert services.obligation_state(obligation, None, day) == ObligationState.DUE_SOON


def test_the_grace_before_a_first_report_is_the_rules(world):
    first, last = date(2024, 2, 20), date(2024, 12, 31)
    kinds = kind_book().of(["quarter"])
    default = periods_between(kinds, first, last, cutoff_day=14)
    assert default[0].end == date(2024, 3, 14)
    longer = periods_between(kinds, first, last, cutoff_day=14, grace_days=30)
    assert longer[0].end == date(2024, 6, 14)
