"""What the reporting cycle announces: reports submitted, due, overdue and returned, new
assignments, and report deadlines in the calendar feed. `thaogo remind` asks for the
reminders (notifications app); the services announce a submission as it happens."""

from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from thaogo.accounts.models import Role
from thaogo.accounts.roles import cadre_of
from thaogo.core.rules import rule_on
from thaogo.lib import clock
from thaogo.notifications.calendar import CalendarEvent
from thaogo.notifications.models import NotificationKind
from thaogo.notifications.services import notify, notify_those_who_see, users_with_roles
from thaogo.reporting.models import Report, ReportObligation, ReportStatus
from thaogo.tasks.models import Assignment

NEW_ASSIGNMENT_WINDOW = timedelta(days=30)
# A report is announced before its due date three times (by default 7, 3 and 1 days
# before: the deadline rule in force says), each one a kind of notice users can turn off.
STEP_KINDS = (
    NotificationKind.REPORT_DUE_7,
    NotificationKind.REPORT_DUE_3,
    NotificationKind.REPORT_DUE_1,
)


def _due_step(days_left: int, steps: tuple[int, ...]) -> int | None:
    """Which reminder (0: first, 2: last) a report due in `days_left` days has reached."""
    reached = [i for i, step in enumerate(steps) if 0 <= days_left <= step]
    return max(reached) if reached else None


def reminders(today: date) -> Counter:
    """Create every reporting notice that is due; how many of each kind were new."""
    from thaogo.documents.models import Plan

    # Imported here: the services import this module to announce submissions.
    from thaogo.reporting.services import obligations_sync_for_plan, report_due_on

    # Obligations follow the schedules first, so a period that just began is announced.
    for plan in Plan.objects.all():
        obligations_sync_for_plan(plan)
    sent: Counter = Counter()
    open_reports = ReportObligation.objects.exclude(
        report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
    ).select_related("assignment__cadre__user", "assignment__task", "report")
    recent = today - timedelta(days=60)
    steps = rule_on(today).reminder_steps
    for obligation in open_reports.filter(
        Q(due_on__gte=recent) | Q(report__revision_due_on__gte=recent)
    ):
        user = obligation.assignment.cadre.user
        if user is None or not user.is_active:
            continue
        task = obligation.assignment.task
        url = reverse("reporting:report_edit", args=[obligation.pk])
        report = getattr(obligation, "report", None)
        due_on = report_due_on(obligation, report)
        # A returned report counts down to its revision deadline, each return afresh.
        round_ = f":r{report.revision}" if report and report.revision_due_on else ""
        days_left = (due_on - today).days
        if days_left < 0:
            kind, key = NotificationKind.REPORT_OVERDUE, f"report-overdue:{obligation.pk}{round_}"
            message = _("Your report %(period)s for task %(task)s is overdue (due %(date)s).")
        else:
            step = _due_step(days_left, steps)
            if step is None:
                continue
            kind = STEP_KINDS[step]
            key = f"report-due:{obligation.pk}:{steps[step]}{round_}"
            message = _("Your report %(period)s for task %(task)s is due on %(date)s.")
        text = message % {
            "period": obligation.label,
            "task": task.code,
            "date": due_on.strftime("%d/%m/%Y"),
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
        kind = NotificationKind.REPORT_RETURNED
        if notify(user=user, kind=kind, key=key, message=text, url=url):
            sent[kind] += 1

    recent = clock.now() - NEW_ASSIGNMENT_WINDOW
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
        if notify(user=user, kind=NotificationKind.ASSIGNMENT, key=key, message=text, url=url):
            sent[NotificationKind.ASSIGNMENT] += 1
    return sent


def announce_submission(report: Report, *, by: Any) -> int:
    """Tell the reviewers (Organization Board and Office) who can see the report that it was
    submitted, or submitted again after a return."""
    obligation = report.obligation
    values = {
        "cadre": obligation.assignment.cadre,
        "period": obligation.label,
        "task": obligation.assignment.task.code,
        "number": report.revision,
    }
    if report.revision > 1:
        message = _(
            "%(cadre)s resubmitted the report %(period)s for task %(task)s (submission %(number)s)."
        )
    else:
        message = _("%(cadre)s submitted the report %(period)s for task %(task)s.")
    return notify_those_who_see(
        users=users_with_roles(Role.ORGANIZATION_BOARD, Role.OFFICE),
        about=("report", obligation),
        kind=NotificationKind.REPORT_SUBMITTED,
        key=f"report-submitted:{report.pk}:{report.revision}",
        message=message % values,
        url=reverse("reporting:report_detail", args=[obligation.pk]),
        by=by,
    )


def calendar_events(user: Any) -> list[CalendarEvent]:
    """The reports this user still owes."""
    from thaogo.reporting.services import report_due_on

    cadre = cadre_of(user)
    if cadre is None:
        return []
    obligations = (
        ReportObligation.objects.filter(assignment__cadre=cadre)
        .exclude(report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
        .select_related("assignment__task", "report")
    )
    return [
        CalendarEvent(
            uid=f"report-{obligation.pk}@thaogo",
            day=report_due_on(obligation, getattr(obligation, "report", None)),
            summary=_("Report due: %(period)s — %(task)s")
            % {"period": obligation.label, "task": obligation.assignment.task.code},
            description=obligation.assignment.task.title,
            path=reverse("reporting:report_edit", args=[obligation.pk]),
        )
        for obligation in obligations
    ]
