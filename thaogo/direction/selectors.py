"""Reads of proposals, meetings and directives, each scoped to what the user may see."""

from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thaogo.accounts.roles import cadre_of, oversees
from thaogo.core.scoping import ThreadEntry
from thaogo.direction.models import (
    AgendaItem,
    Directive,
    DirectiveStatus,
    Meeting,
    Proposal,
    ProposalAttachment,
    ProposalStatus,
)
from thaogo.tasks.selectors import task_visible


def proposals_visible_to(user: Any) -> QuerySet[Proposal]:
    return Proposal.objects.filter(task_visible(user, "task_id"))


def proposal_attachments_visible_to(user: Any) -> QuerySet[ProposalAttachment]:
    return ProposalAttachment.objects.filter(proposal__in=proposals_visible_to(user))


def directives_visible_to(user: Any) -> QuerySet[Directive]:
    visible = Q(task_visible(user, "task_id"))
    cadre = cadre_of(user)
    if cadre is not None:
        visible |= Q(responsible_cadre=cadre)
    return Directive.objects.filter(visible)


# Proposals the Standing Committee has not decided yet, on a meeting's agenda or not.
WAITING_PROPOSALS = (ProposalStatus.PENDING, ProposalStatus.ON_AGENDA)


def directives_open(directives: QuerySet[Directive]) -> QuerySet[Directive]:
    """Not completed yet: still to acknowledge, or to carry out."""
    return directives.exclude(status=DirectiveStatus.COMPLETED)


def directives_overdue(directives: QuerySet[Directive], *, today: date) -> QuerySet[Directive]:
    return directives_open(directives).filter(deadline__lt=today)


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    """Overseers see every meeting; others the meetings that dealt with something of theirs."""
    if oversees(user):
        return Meeting.objects.all()
    on_agenda = AgendaItem.objects.filter(proposal__in=proposals_visible_to(user))
    directed = directives_visible_to(user).filter(meeting__isnull=False)
    return Meeting.objects.filter(
        Q(pk__in=on_agenda.values("meeting_id")) | Q(pk__in=directed.values("meeting_id"))
    )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def direction_thread(task: Any) -> list[ThreadEntry]:
    """The task's proposals, the meetings that took them up, and its directives."""
    entries: list[ThreadEntry] = []
    # The columns the entries show, not whole rows: the task page reads this on every visit.
    proposals = Proposal.objects.filter(task=task).values_list(
        "pk", "created_at", "title", "content", "beyond_authority", "raised_by__full_name"
    )
    titles = {}
    for pk, created_at, title, content, beyond_authority, raised_by in proposals:
        titles[pk] = title
        entries.append(
            ThreadEntry(
                created_at,
                "proposal",
                _("Proposal by %(cadre)s: %(title)s") % {"cadre": raised_by, "title": title},
                content[:300],
                reverse("direction:proposal_detail", args=[pk]),
                _("beyond authority") if beyond_authority else "",
            )
        )
    if titles:
        # The agenda of the proposals just read (one put on an agenda since is not among them).
        agenda = AgendaItem.objects.filter(proposal_id__in=list(titles)).select_related("meeting")
        for item in agenda:
            entries.append(
                ThreadEntry(
                    _at(item.meeting.held_on),
                    "meeting",
                    _("On the agenda of %(meeting)s") % {"meeting": item.meeting},
                    titles[item.proposal_id],
                    reverse("direction:meeting_detail", args=[item.meeting_id]),
                )
            )
    directives = Directive.objects.filter(task=task).values_list(
        "pk",
        "issued_on",
        "deadline",
        "text",
        "acknowledged_at",
        "completed_on",
        "completion_note",
        "responsible_cadre__full_name",
    )
    for pk, issued_on, deadline, text, acknowledged_at, completed_on, note, cadre in directives:
        url = reverse("direction:directive_detail", args=[pk])
        entries.append(
            ThreadEntry(
                _at(issued_on),
                "directive",
                _("Directive to %(cadre)s, due %(date)s")
                % {"cadre": cadre, "date": deadline.strftime("%d/%m/%Y")},
                text[:300],
                url,
            )
        )
        if acknowledged_at:
            entries.append(
                ThreadEntry(
                    acknowledged_at,
                    "follow_up",
                    _("Directive acknowledged by %(cadre)s") % {"cadre": cadre},
                    "",
                    url,
                )
            )
        if completed_on:
            entries.append(
                ThreadEntry(
                    _at(completed_on),
                    "follow_up",
                    _("Directive completed"),
                    note[:300],
                    url,
                )
            )
    return entries
