"""What the reporting cycle announces: reports due, overdue and returned, new assignments,
and report deadlines in the calendar feed. `thaogo remind` asks for it (notifications app)."""

from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thaogo.accounts.roles import cadre_of
from thaogo.notifications.calendar import CalendarEvent
from thaogo.notifications.services import notify
from thaogo.reporting.models import Report, ReportObligation, ReportStatus
from thaogo.reporting.services import obligations_sync_for_plan
from thaogo.tasks.models import Assignment

# A report due within 7 days is announced once, again at 3 days and at 1 day.
DUE_STEPS = (7, 3, 1)
NEW_ASSIGNMENT_WINDOW = timedelta(days=30)


def _due_step(days_left: int) -> int | None:
    """The tightest step a report due in `days_left` days has reached, if any."""
    reached = [step for step in DUE_STEPS if 0 <= days_left <= step]
    return min(reached) if reached else None


def reminders(today: date) -> Counter:
    """Create every reporting notice that is due; how many of each kind were new."""
    from thaogo.documents.models import Plan

    # Obligations follow the schedules first, so a period that just began is announced.
    for plan in Plan.objects.all():
        obligations_sync_for_plan(plan)
    sent: Counter = Counter()
    open_reports = ReportObligation.objects.exclude(
        report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
    ).select_related("assignment__cadre__user", "assignment__task")
    for obligation in open_reports.filter(due_on__gte=today - timedelta(days=60)):
        user = obligation.assignment.cadre.user
        if user is None or not user.is_active:
            continue
        task = obligation.assignment.task
        url = reverse("reporting:report_edit", args=[obligation.pk])
        days_left = (obligation.due_on - today).days
        if days_left < 0:
            kind, key = "report_overdue", f"report-overdue:{obligation.pk}"
            message = _("Your report %(period)s for task %(task)s is overdue (due %(date)s).")
        else:
            step = _due_step(days_left)
            if step is None:
                continue
            kind, key = f"report_due_{step}", f"report-due:{obligation.pk}:{step}"
            message = _("Your report %(period)s for task %(task)s is due on %(date)s.")
        text = message % {
            "period": obligation.label,
            "task": task.code,
            "date": obligation.due_on.strftime("%d/%m/%Y"),
        }
        if notify(user=user, kind=kind, key=key, message=text, url=url):
            sent[kind] += 1

    for report in Report.objects.filter(status=ReportStatus.RETURNED).select_related(
        "obligation__assignment__cadre__user", "obligation__assignment__task"
    ):
        user = report.obligation.assignment.cadre.user
        if user is None:
            continue
        text = _("Your report %(period)s for task %(task)s was returned for revision.") % {
            "period": report.obligation.label,
            "task": report.obligation.assignment.task.code,
        }
        url = reverse("reporting:report_edit", args=[report.obligation_id])
        key = f"report-returned:{report.pk}:{report.revision}"
        if notify(user=user, kind="report_returned", key=key, message=text, url=url):
            sent["report_returned"] += 1

    recent = timezone.now() - NEW_ASSIGNMENT_WINDOW
    assignments = Assignment.objects.filter(end_date__isnull=True, created_at__gte=recent)
    for assignment in assignments.select_related("cadre__user", "task"):
        user = assignment.cadre.user
        if user is None:
            continue
        text = _("You were assigned to task %(task)s as %(role)s.") % {
            "task": assignment.task,
            "role": assignment.get_role_display(),
        }
        url = reverse("tasks:detail", args=[assignment.task_id])
        key = f"assignment:{assignment.pk}"
        if notify(user=user, kind="assignment", key=key, message=text, url=url):
            sent["assignment"] += 1
    return sent


def calendar_events(user: Any) -> list[CalendarEvent]:
    """The reports this user still owes."""
    cadre = cadre_of(user)
    if cadre is None:
        return []
    obligations = (
        ReportObligation.objects.filter(assignment__cadre=cadre)
        .exclude(report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
        .select_related("assignment__task")
    )
    return [
        CalendarEvent(
            uid=f"report-{obligation.pk}@thaogo",
            day=obligation.due_on,
            summary=_("Report due: %(period)s — %(task)s")
            % {"period": obligation.label, "task": obligation.assignment.task.code},
            description=obligation.assignment.task.title,
            path=reverse("reporting:report_edit", args=[obligation.pk]),
        )
        for obligation in obligations
    ]
