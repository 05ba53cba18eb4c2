"""What direction announces: proposals beyond authority, new, overdue and completed
directives, and directive deadlines in the calendar feed. The services announce what they
do as it happens; `thaogo remind` asks for the reminders (notifications app)."""

from collections import Counter
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from thaogo.accounts.models import Role
from thaogo.accounts.roles import cadre_of
from thaogo.direction.models import Directive, DirectiveStatus, Proposal
from thaogo.notifications.calendar import CalendarEvent
from thaogo.notifications.models import NotificationKind
from thaogo.notifications.services import notify, notify_those_who_see, users_with_roles


def _new_directive_message(directive: Directive) -> str:
    return _("New directive on task %(task)s, due %(date)s: %(text)s") % {
        "task": directive.task.code,
        "date": directive.deadline.strftime("%d/%m/%Y"),
        "text": directive.text[:200],
    }


def announce_proposal(proposal: Proposal, *, by: Any) -> int:
    """A proposal beyond the cadre's authority goes to the Standing Committee, through the
    Office: both hear of it when it is raised."""
    if not proposal.beyond_authority:
        return 0
    return notify_those_who_see(
        users=users_with_roles(Role.STANDING_COMMITTEE, Role.OFFICE),
        about=("proposal", proposal),
        kind=NotificationKind.PROPOSAL_BEYOND_AUTHORITY,
        key=f"proposal-beyond:{proposal.pk}",
        message=_("%(cadre)s raised a proposal beyond authority on task %(task)s: %(title)s")
        % {"cadre": proposal.raised_by, "task": proposal.task.code, "title": proposal.title},
        url=reverse("direction:proposal_detail", args=[proposal.pk]),
        by=by,
    )


def announce_directive(directive: Directive, *, by: Any) -> int:
    return notify_those_who_see(
        users=[directive.responsible_cadre.user],
        about=("directive", directive),
        kind=NotificationKind.DIRECTIVE,
        key=f"directive:{directive.pk}",
        message=_new_directive_message(directive),
        url=reverse("direction:directive_detail", args=[directive.pk]),
        by=by,
    )


def announce_completion(directive: Directive, *, by: Any) -> int:
    """Whoever recorded the directive, and the Office that tracks it, hear it was done."""
    return notify_those_who_see(
        users=[directive.created_by, *users_with_roles(Role.OFFICE)],
        about=("directive", directive),
        kind=NotificationKind.DIRECTIVE_COMPLETED,
        key=f"directive-completed:{directive.pk}",
        message=_("%(cadre)s completed the directive on task %(task)s: %(note)s")
        % {
            "cadre": directive.responsible_cadre,
            "task": directive.task.code,
            "note": directive.completion_note[:200],
        },
        url=reverse("direction:directive_detail", args=[directive.pk]),
        by=by,
    )


def reminders(today: date) -> Counter:
    sent: Counter = Counter()
    directives = Directive.objects.exclude(status=DirectiveStatus.COMPLETED).select_related(
        "responsible_cadre__user", "task"
    )
    for directive in directives:
        user = directive.responsible_cadre.user
        if user is None:
            continue
        url = reverse("direction:directive_detail", args=[directive.pk])
        values = {
            "task": directive.task.code,
            "date": directive.deadline.strftime("%d/%m/%Y"),
        }
        text = _new_directive_message(directive)
        kind = NotificationKind.DIRECTIVE
        if notify(user=user, kind=kind, key=f"directive:{directive.pk}", message=text, url=url):
            sent[kind] += 1
        if directive.deadline < today:
            text = _("The directive on task %(task)s is overdue (due %(date)s).") % values
            key = f"directive-overdue:{directive.pk}"
            kind = NotificationKind.DIRECTIVE_OVERDUE
            if notify(user=user, kind=kind, key=key, message=text, url=url):
                sent[kind] += 1
    return sent


def calendar_events(user: Any) -> list[CalendarEvent]:
    """The directives this user is responsible for and has not completed."""
    cadre = cadre_of(user)
    if cadre is None:
        return []
    directives = (
        Directive.objects.filter(responsible_cadre=cadre)
        .exclude(status=DirectiveStatus.COMPLETED)
        .select_related("task")
    )
    return [
        CalendarEvent(
            uid=f"directive-{directive.pk}@thaogo",
            day=directive.deadline,
            summary=_("Directive due: %(task)s") % {"task": directive.task.code},
            description=directive.text,
            path=reverse("direction:directive_detail", args=[directive.pk]),
        )
        for directive in directives
    ]
