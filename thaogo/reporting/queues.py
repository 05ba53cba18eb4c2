"""The reporting cycle's queues on the home page (thaogo.core.home): the reports a cadre owes
and has had returned, and the reports the reviewers wait on or chase. Each number links to
the report board filtered to exactly the reports it counts."""

from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from thaogo.accounts.roles import cadre_of
from thaogo.core.home import SHOWN, Queue, list_url, with_days_left
from thaogo.reporting.models import ReportStatus, ReportSubmission
from thaogo.reporting.selectors import obligations_begun, unsubmitted

BOARD = "reporting:report_board"


def _own(user: Any, *, today: date) -> QuerySet:
    return obligations_begun(user, today=today).filter(assignment__cadre=cadre_of(user))


def reports_due(user: Any, *, today: date) -> Queue:
    """The reports the cadre still has to write, the nearest deadline (or the longest
    overdue) first."""
    due = (
        unsubmitted(_own(user, today=today))
        .select_related("assignment__task")
        .order_by("due_on", "assignment__task__code", "pk")
    )
    return Queue(
        "reporting/queues/reports_due.html",
        {
            "rows": with_days_left(list(due[:SHOWN]), deadline="due_on", today=today),
            "count": due.count(),
            "list_url": list_url(BOARD, mine=1, state="unsubmitted"),
        },
    )


def reports_returned(user: Any, *, today: date) -> Queue:
    """The cadre's reports returned for revision, with what the reviewer asked for."""
    last_return = ReportSubmission.objects.filter(
        report=OuterRef("report"), decision=ReportStatus.RETURNED
    ).order_by("-number")
    returned = (
        _own(user, today=today)
        .filter(report__status=ReportStatus.RETURNED)
        .annotate(
            review_comment=Subquery(last_return.values("review_comment")[:1]),
            reviewed_at=Subquery(last_return.values("reviewed_at")[:1]),
            # A returned report is judged against its revision deadline, not the period's.
            revise_by=Coalesce("report__revision_due_on", "due_on"),
        )
        .select_related("assignment__task", "report")
        .order_by("revise_by", "pk")
    )
    return Queue(
        "reporting/queues/reports_returned.html",
        {
            "rows": with_days_left(list(returned[:SHOWN]), deadline="revise_by", today=today),
            "count": returned.count(),
            "list_url": list_url(BOARD, mine=1, state="returned"),
        },
    )


def reports_to_review(user: Any, *, today: date) -> Queue:
    """Submitted reports waiting for review: one queue, on time or late, oldest first."""
    waiting = (
        obligations_begun(user, today=today)
        .filter(report__status=ReportStatus.SUBMITTED)
        .select_related("assignment__task", "assignment__cadre", "report")
        .order_by("report__submitted_at", "pk")
    )
    rows = list(waiting[:SHOWN])
    for row in rows:
        row.waited_days = (today - timezone.localdate(row.report.submitted_at)).days
    return Queue(
        "reporting/queues/reports_to_review.html",
        {"rows": rows, "count": waiting.count(), "list_url": list_url(BOARD, state="submitted")},
    )


def reports_overdue(user: Any, *, today: date) -> Queue:
    """Reports past their deadline and not submitted, counted by cadre."""
    by_cadre = [
        {
            "cadre_name": row["assignment__cadre__full_name"],
            "count": row["count"],
            "list_url": list_url(BOARD, state="overdue", cadre=row["assignment__cadre_id"]),
        }
        for row in unsubmitted(obligations_begun(user, today=today))
        .filter(due_on__lt=today)
        .values("assignment__cadre_id", "assignment__cadre__full_name")
        .annotate(count=Count("pk"))
        .order_by("-count", "assignment__cadre__full_name", "assignment__cadre_id")
    ]
    return Queue(
        "reporting/queues/reports_overdue.html",
        {
            "rows": by_cadre,
            "count": sum(row["count"] for row in by_cadre),
            "list_url": list_url(BOARD, state="overdue"),
        },
    )
