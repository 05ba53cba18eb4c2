"""A user's deadlines as an iCalendar (RFC 5545) feed for Outlook and Google Calendar.

The `icalendar` library writes the feed: it escapes text (backslash, semicolon, comma, every
kind of line break) and folds lines at 75 octets, so no text a user typed can end a line,
an event or the calendar.
"""

import re
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from thaogo.accounts.roles import cadre_of
from thaogo.reporting.models import Directive, DirectiveStatus, ReportObligation, ReportStatus

# RFC 5545 TEXT may hold no control character but tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"\r\n?")


class _Text(vText):
    """TEXT whose backslashes are all kept. icalendar reads a backslash followed by N in a
    value as a line break (its documented shorthand), which would cut a path such as
    `D:\\Nghị quyết` in two; that pair is written escaped instead."""

    def to_ical(self) -> bytes:
        if "\\N" not in self:
            return super().to_ical()
        marker = next(chr(code) for code in range(0xE000, 0xF900) if chr(code) not in self)
        escaped = vText(self.replace("\\N", marker)).to_ical().decode(self.encoding)
        return escaped.replace(marker, "\\\\N").encode(self.encoding)


def _text(value: str) -> _Text:
    # Every line break as "\n" (icalendar before 7 wrote a lone CR as it came).
    return _Text(_CONTROL.sub("", _LINE_BREAK.sub("\n", value)))


def _event(uid: str, day: date, summary: str, description: str, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", _text(summary))
    event.add("description", _text(description))
    event.add("url", url)
    return event


def feed_for(user: Any, *, base_url: str) -> str:
    base = base_url.rstrip("/")
    calendar = Calendar()
    calendar.add("prodid", "-//Thaogo//Report and directive deadlines//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _text(_("Thaogo deadlines")))
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    cadre = cadre_of(user)
    if cadre is not None:
        obligations = (
            ReportObligation.objects.filter(assignment__cadre=cadre)
            .exclude(report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
            .select_related("assignment__task")
        )
        for obligation in obligations:
            task = obligation.assignment.task
            calendar.add_component(
                _event(
                    f"report-{obligation.pk}@thaogo",
                    obligation.due_on,
                    _("Report due: %(period)s — %(task)s")
                    % {"period": obligation.label, "task": task.code},
                    task.title,
                    f"{base}/app/reports/{obligation.pk}/write/",
                )
            )
        directives = Directive.objects.filter(responsible_cadre=cadre).exclude(
            status=DirectiveStatus.COMPLETED
        )
        for directive in directives.select_related("proposal__task"):
            calendar.add_component(
                _event(
                    f"directive-{directive.pk}@thaogo",
                    directive.deadline,
                    _("Directive due: %(task)s") % {"task": directive.proposal.task.code},
                    directive.text,
                    f"{base}/app/directives/{directive.pk}/",
                )
            )
    return calendar.to_ical().decode("utf-8")
