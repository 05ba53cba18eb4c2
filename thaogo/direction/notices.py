"""What direction announces: new and overdue directives, and their deadlines in the
calendar feed. `thaogo remind` asks for it (notifications app)."""

from collections import Counter
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from thaogo.accounts.roles import cadre_of
from thaogo.direction.models import Directive, DirectiveStatus
from thaogo.notifications.calendar import CalendarEvent
from thaogo.notifications.services import notify


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
            "text": directive.text[:200],
        }
        text = _("New directive on task %(task)s, due %(date)s: %(text)s") % values
        if notify(
            user=user, kind="directive", key=f"directive:{directive.pk}", message=text, url=url
        ):
            sent["directive"] += 1
        if directive.deadline < today:
            text = _("The directive on task %(task)s is overdue (due %(date)s).") % values
            key = f"directive-overdue:{directive.pk}"
            if notify(user=user, kind="directive_overdue", key=key, message=text, url=url):
                sent["directive_overdue"] += 1
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
