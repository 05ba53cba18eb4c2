"""A user's deadlines as an iCalendar (RFC 5545) feed for Outlook and Google Calendar.

The icalendar library escapes and folds every value, so no text a user typed can end a
line or start an event of its own.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from thaogo.notifications.registry import providers


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
            event.add("summary", item.summary)
            event.add("description", item.description)
            event.add("url", f"{base}{item.path}")
            calendar.add_component(event)
    return calendar.to_ical()
