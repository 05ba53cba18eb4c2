"""The private calendar feed: whatever a directive's text holds, it stays one event."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse

from tests.helpers import TODAY, held_meeting
from thaogo.direction import services as direction
from thaogo.notifications.models import CalendarFeed

HOSTILE_TEXTS = [
    "Hoàn thiện hồ sơ\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Giả mạo",
    "Dòng một\nDòng hai\r\nDòng ba",
    "Dấu; phẩy, gạch \\ chéo",
    "Rất dài " * 40,
]


def _feed(world, client_for) -> bytes:
    client = client_for(world.cadre)
    client.post(reverse("notifications:calendar"), {"action": "renew"})
    token = CalendarFeed.objects.get(user=world.cadre).token
    response = client_for(None).get(reverse("calendar_feed:feed", args=[token]))
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_a_directives_text_cannot_break_out_of_its_event(world, client_for, text):
    meeting = held_meeting(title="Họp", held_on=TODAY, by=world.office)
    directive = direction.directive_issue(
        task=world.clearance,
        meeting=meeting,
        text=text,
        responsible_cadre=world.dat,
        deadline=TODAY + timedelta(days=10),
        by=world.btv,
    )
    raw = _feed(world, client_for)
    lines = raw.split(b"\r\n")
    assert not any(b"\r" in line or b"\n" in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    calendar = icalendar.Calendar.from_ical(raw)
    events = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("directive-")]
    assert [str(e["UID"]) for e in events] == [f"directive-{directive.pk}@thaogo"]
    # Line breaks come back as plain newlines, which is how calendars show them.
    assert str(events[0]["DESCRIPTION"]) == text.replace("\r\n", "\n").replace("\r", "\n")
    assert not any("Giả mạo" in str(e.get("SUMMARY")) for e in calendar.walk("VEVENT"))
