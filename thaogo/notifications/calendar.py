"""A user's deadlines as an iCalendar (RFC 5545) feed for Outlook and Google Calendar.

The icalendar library escapes and folds every value, so no text a user typed can end a
line or start an event of its own.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from thaogo.notifications.registry import providers

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


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    day: date
    summary: str
    description: str
    path: str  # the page's path on this site, joined to the base address in the feed


def feed_for(user: Any, *, base_url: str) -> bytes:
    base = base_url.rstrip("/")
    calendar = Calendar()
    calendar.add("prodid", "-//Thaogo//Report and directive deadlines//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Thaogo deadlines"))
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = timezone.now()
    for calendar_events in providers("calendar_events"):
        for item in calendar_events(user):
            event = Event()
            event.add("uid", item.uid)
            event.add("dtstamp", stamp)
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
            event.add("summary", _text(item.summary))
            event.add("description", _text(item.description))
            event.add("url", f"{base}{item.path}")
            calendar.add_component(event)
    return calendar.to_ical()
