"""Direction's queues on the home page (thaogo.core.home): the directives a cadre must act
on, the proposals waiting for the Standing Committee, its next meeting, and the directives
past their deadline."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from thaogo.accounts.roles import cadre_of
from thaogo.core.home import SHOWN, Queue, first_rows_and_count, list_url, with_days_left
from thaogo.core.rules import rule_on
from thaogo.direction.models import DirectiveStatus, MeetingStatus
from thaogo.direction.selectors import (
    WAITING_PROPOSALS,
    directives_open,
    directives_overdue,
    directives_visible_to,
    meetings_visible_to,
    proposals_visible_to,
)
from thaogo.tasks.selectors import visibility_scope


def _with_timing(directives: list, today: date) -> list:
    near_due_days = rule_on(today).near_due_days
    for directive in directives:
        directive.timing_value = directive.timing(today, near_due_days=near_due_days)
    return with_days_left(directives, deadline="deadline", today=today)


def directives_to_act(user: Any, *, today: date) -> Queue:
    """The cadre's directives to acknowledge or complete: the earliest deadline first, so an
    overdue one is always on top."""
    directives = (
        directives_open(directives_visible_to(user).filter(responsible_cadre=cadre_of(user)))
        .select_related("task")
        .order_by("deadline", "pk")
    )
    rows = _with_timing(list(directives[:SHOWN]), today)
    return Queue(
        "direction/queues/directives_to_act.html",
        {
            "rows": rows,
            "count": directives.count(),
            "list_url": list_url("direction:directive_list", mine=1, state="open"),
            "issued": DirectiveStatus.ISSUED,
        },
    )


def directives_late(user: Any, *, today: date) -> Queue:
    """Every visible directive past its deadline and not completed, the longest late first."""

    def directives() -> QuerySet:
        return (
            directives_overdue(directives_visible_to(user), today=today)
            .select_related("task", "responsible_cadre")
            .order_by("deadline", "pk")
        )

    # Read once per state of the data (thaogo.core.dataversion), not per visit.
    rows, count = first_rows_and_count(
        ("directives_late", visibility_scope(user), today.isoformat()), directives
    )
    return Queue(
        "direction/queues/directives_overdue.html",
        {
            "rows": _with_timing(rows, today),
            "count": count,
            "list_url": list_url("direction:directive_list", state="overdue"),
        },
    )


def proposals_waiting(user: Any, *, today: date) -> Queue:
    """Proposals the Standing Committee has not decided, with how long each has waited."""

    def proposals() -> QuerySet:
        return (
            proposals_visible_to(user)
            .filter(status__in=WAITING_PROPOSALS)
            .select_related("task", "raised_by")
            .order_by("created_at", "pk")
        )

    rows, count = first_rows_and_count(("proposals_waiting", visibility_scope(user)), proposals)
    for proposal in rows:
        proposal.waited_days = (today - timezone.localdate(proposal.created_at)).days
    return Queue(
        "direction/queues/proposals_waiting.html",
        {
            "rows": rows,
            "count": count,
            "list_url": list_url("direction:proposal_list", status="waiting"),
        },
    )


def next_meeting(user: Any, *, today: date) -> Queue:
    """The next planned meeting and its agenda, as far as the user may see it."""
    meeting = (
        meetings_visible_to(user)
        .filter(status=MeetingStatus.PLANNED, held_on__gte=today)
        .order_by("held_on", "pk")
        .first()
    )
    agenda = (
        list(
            meeting.agenda.filter(proposal__in=proposals_visible_to(user)).select_related(
                "proposal__task", "proposal__raised_by"
            )
        )
        if meeting is not None
        else []
    )
    return Queue("direction/queues/next_meeting.html", {"meeting": meeting, "agenda": agenda})
