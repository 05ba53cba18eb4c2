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
    proposals = Proposal.objects.filter(task=task).select_related("raised_by")
    for proposal in proposals:
        entries.append(
            ThreadEntry(
                proposal.created_at,
                "proposal",
                _("Proposal by %(cadre)s: %(title)s")
                % {"cadre": proposal.raised_by, "title": proposal.title},
                proposal.content[:300],
                reverse("direction:proposal_detail", args=[proposal.pk]),
                _("beyond authority") if proposal.beyond_authority else "",
            )
        )
    titles = {proposal.pk: proposal.title for proposal in proposals}
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
    directives = Directive.objects.filter(task=task).select_related("responsible_cadre")
    for directive in directives:
        url = reverse("direction:directive_detail", args=[directive.pk])
        entries.append(
            ThreadEntry(
                _at(directive.issued_on),
                "directive",
                _("Directive to %(cadre)s, due %(date)s")
                % {
                    "cadre": directive.responsible_cadre,
                    "date": directive.deadline.strftime("%d/%m/%Y"),
                },
                directive.text[:300],
                url,
            )
        )
        if directive.acknowledged_at:
            entries.append(
                ThreadEntry(
                    directive.acknowledged_at,
                    "follow_up",
                    _("Directive acknowledged by %(cadre)s")
                    % {"cadre": directive.responsible_cadre},
                    "",
                    url,
                )
            )
        if directive.completed_on:
            entries.append(
                ThreadEntry(
                    _at(directive.completed_on),
                    "follow_up",
                    _("Directive completed"),
                    directive.completion_note[:300],
                    url,
                )
            )
    return entries
