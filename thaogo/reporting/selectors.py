"""Reads of the reporting cycle, each scoped to what the user may see."""

from datetime import date
from typing import Any

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from thaogo.accounts.policy import Action, can
from thaogo.accounts.roles import cadre_of, oversees
from thaogo.core.rules import rule_on
from thaogo.core.scoping import ThreadEntry
from thaogo.reporting.kinds import period_label
from thaogo.reporting.models import (
    Attachment,
    Contribution,
    ObligationState,
    Report,
    ReportObligation,
    ReportStatus,
    ReportSubmission,
)
from thaogo.reporting.services import obligation_state, report_due_on
from thaogo.tasks.selectors import task_visible


def obligations_visible_to(user: Any) -> QuerySet[ReportObligation]:
    return ReportObligation.objects.filter(task_visible(user, "assignment__task_id"))


def obligations_begun(user: Any, *, today: date) -> QuerySet[ReportObligation]:
    """What the report board lists: the visible obligations whose period has begun."""
    return obligations_visible_to(user).filter(period_start__lte=today)


def unsubmitted(obligations: QuerySet[ReportObligation]) -> QuerySet[ReportObligation]:
    """Not sent yet: no report, or a draft. (A returned report is the reviewer's answer.)"""
    return obligations.filter(Q(report__isnull=True) | Q(report__status=ReportStatus.DRAFT))


# The board's filters that take in several states: a report waiting for review is one queue
# whether it came in on time or late, and a report still to write one whatever its timing.
STATE_GROUPS = {
    "submitted": (ObligationState.SUBMITTED_ON_TIME, ObligationState.SUBMITTED_LATE),
    "unsubmitted": (ObligationState.UPCOMING, ObligationState.DUE_SOON, ObligationState.OVERDUE),
}


def states_counted_as(state: str) -> tuple[str, ...]:
    """The obligation states a board filter for `state` takes in (none for an unknown one)."""
    if state in STATE_GROUPS:
        return STATE_GROUPS[state]
    return (state,) if state in ObligationState.values else ()


def with_states(
    obligations: Any, *, today: date, assignments: list[Any] | None = None
) -> list[ReportObligation]:
    """Obligations with their report and state, in one query. `assignments`: those the
    obligations belong to, already read with their task and cadre (a task page has them),
    which the rows then take instead of reading them again."""
    if assignments is None:
        obligations = obligations.select_related(
            "assignment__task", "assignment__cadre", "report"
        ).order_by("due_on", "assignment__task__code")
    else:
        obligations = obligations.select_related("report").order_by("due_on", "pk")
    rows = list(obligations)
    known = {assignment.pk: assignment for assignment in assignments or ()}
    due_soon_days = rule_on(today).due_soon_days
    for obligation in rows:
        if obligation.assignment_id in known:
            obligation.assignment = known[obligation.assignment_id]
        report = getattr(obligation, "report", None)
        obligation.report_or_none = report
        obligation.state = obligation_state(obligation, report, today, due_soon_days=due_soon_days)
        obligation.judged_due_on = report_due_on(obligation, report)
    return rows


def report_board_rows(
    user: Any, *, mine: bool, state: str, today: date, cadre_id: int | None = None
) -> list[ReportObligation]:
    """The rows of the report board: the user's own reports (`mine`, and always for those who
    do not oversee), one cadre's if `cadre_id`, in the states a `state` filter takes in (the
    review queue oldest first), else newest periods first. The board and its Excel export
    both show these."""
    obligations = obligations_begun(user, today=today)
    cadre = cadre_of(user)
    if (mine or not oversees(user)) and cadre is not None:
        obligations = obligations.filter(assignment__cadre=cadre)
    if cadre_id is not None:
        obligations = obligations.filter(assignment__cadre_id=cadre_id)
    rows = with_states(obligations, today=today)
    if shown := states_counted_as(state):
        rows = [row for row in rows if row.state in shown]
        if state == "submitted":  # the review queue: whoever has waited longest first
            rows.sort(key=lambda row: row.report_or_none.submitted_at)
        return rows
    rows.reverse()  # newest periods first
    return rows


# A draft is its author's alone until it is submitted, and so is a returned report while
# the cadre revises it: everyone else sees a report only as it was submitted and reviewed.


def attachments_visible_to(user: Any) -> QuerySet[Attachment]:
    """A report's files are the author's; others see those that were part of a submission:
    uploaded before the report was last submitted."""
    if not getattr(user, "is_authenticated", False):
        return Attachment.objects.none()
    submitted = Q(report__submitted_at__isnull=False, uploaded_at__lte=F("report__submitted_at"))
    own = Q(report__obligation__assignment__cadre__user=user)
    reports = Q(report__obligation__in=obligations_visible_to(user)) & (
        own | (submitted & ~Q(report__status=ReportStatus.DRAFT))
    )
    return Attachment.objects.filter(reports)


def contributions_visible_to(user: Any) -> QuerySet[Contribution]:
    """What supporting cadres add is, like a draft, their own and the lead's: everyone else
    reads it in the versions the lead submitted."""
    if not getattr(user, "is_authenticated", False):
        return Contribution.objects.none()
    return Contribution.objects.filter(
        Q(author__user=user) | Q(obligation__assignment__cadre__user=user),
        obligation__in=obligations_visible_to(user),
    ).select_related("author")


SHOWN_REPORT_STATES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def report_versions_visible_to(user: Any, report: Report) -> list[Any]:
    """The report's history rows the user may read, oldest first. Others than the author
    see the submitted and reviewed states: each submission, its acceptance, and its return
    (the row the return itself wrote, which still holds the submitted text); the rows the
    author saves while writing or revising are left out."""
    records = list(
        Report.history.filter(id=report.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    if can(user, Action.REPORT_WRITE, report.obligation):
        return records
    shown, previous_status = [], None
    for record in records:
        returned_now = (
            record.status == ReportStatus.RETURNED and previous_status == ReportStatus.SUBMITTED
        )
        if record.status in SHOWN_REPORT_STATES or returned_now:
            shown.append(record)
        previous_status = record.status
    return shown


def report_thread(task: Any) -> list[ThreadEntry]:
    """Each submitted version of the task's reports, and its review. Drafts never show."""
    entries: list[ThreadEntry] = []
    # The columns the entries show, not whole rows: the task page reads this on every visit.
    submissions = ReportSubmission.objects.filter(
        report__obligation__assignment__task=task
    ).values_list(
        "submitted_at",
        "number",
        "content",
        "is_late",
        "reviewed_at",
        "decision",
        "review_comment",
        "report__obligation_id",
        "report__obligation__kind",
        "report__obligation__year",
        "report__obligation__number",
    )
    for (
        submitted_at,
        number,
        content,
        is_late,
        reviewed_at,
        decision,
        review_comment,
        obligation_id,
        kind,
        year,
        period,
    ) in submissions:
        label = period_label(kind, year, period)
        url = reverse("reporting:report_detail", args=[obligation_id])
        entries.append(
            ThreadEntry(
                submitted_at,
                "report",
                _("Report %(period)s, version %(number)s submitted")
                % {"period": label, "number": number},
                content.get("results", "")[:300],
                url,
                _("late") if is_late else _("on time"),
            )
        )
        if reviewed_at:
            accepted = decision == "accepted"
            entries.append(
                ThreadEntry(
                    reviewed_at,
                    "review",
                    (
                        _("Report %(period)s accepted")
                        if accepted
                        else _("Report %(period)s returned")
                    )
                    % {"period": label},
                    review_comment,
                    url,
                )
            )
    return entries
