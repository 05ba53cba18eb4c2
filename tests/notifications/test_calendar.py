"""The private calendar feed: whatever a directive says, the feed parses back into the same
events with the same text, and no calendar program can be made to see another event."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.helpers import held_meeting
from thaogo.direction import services
from thaogo.direction.models import Directive
from thaogo.notifications.models import CalendarFeed
from thaogo.reporting.models import ReportObligation

LONG = (
    "Đồng chí Nguyễn Văn Đạt chủ trì, phối hợp với UBND phường Vĩnh Niệm hoàn thành giải "
    "phóng mặt bằng dự án đường Hồ Sen – Cầu Rào 2, báo cáo Ban Thường vụ trước ngày "
    "30/11/2024; đối với 3 hộ chưa chấp hành, lập hồ sơ cưỡng chế theo quy định."
)
TEXTS = [
    "Dòng một\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Sự kiện giả\rDTSTART:20241020",
    "Dòng một\nDòng hai",
    "Dòng một\r\nDòng hai\r\n",
    "Thứ nhất; thứ hai, thứ ba",
    "Thư mục D:\\Nghị quyết\\new\\ và \\\\máy chủ\\",
    LONG,
    LONG * 3 + "\r\n" + LONG,
    "Chuông\x07 và\x0b tab\tgiữa",
]


def expected(text: str) -> str:
    """The text as a calendar keeps it: line breaks as LF, no control character but tab."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


@pytest.fixture
def directives(world):
    meeting = held_meeting(title="Họp BTV", held_on=date(2024, 10, 10), by=world.office)
    return [
        services.directive_issue(
            task=world.clearance,
            meeting=meeting,
            text=text,
            responsible_cadre=world.dat,
            deadline=date(2024, 11, 1) + timedelta(days=number),
            by=world.btv,
        )
        for number, text in enumerate(TEXTS)
    ]


@pytest.fixture
def feed(world, client_for, directives):
    client = client_for(world.cadre)
    client.post(reverse("notifications:calendar"), {"action": "renew"})
    token = CalendarFeed.objects.get(user=world.cadre).token
    response = client_for(None).get(reverse("calendar_feed:feed", args=[token]))
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def events_of(raw: bytes) -> dict[str, object]:
    return {str(event["UID"]): event for event in Calendar.from_ical(raw).walk("VEVENT")}


def test_the_feed_parses_back_into_the_same_events_with_the_text_intact(world, directives, feed):
    events = events_of(feed)
    obligations = ReportObligation.objects.filter(assignment__cadre=world.dat).exclude(
        report__status__in=["submitted", "accepted"]
    )
    assert len(events) == obligations.count() + len(directives)
    for directive in directives:
        event = events[f"directive-{directive.pk}@thaogo"]
        assert str(event["DESCRIPTION"]) == expected(directive.text)
        assert str(event["SUMMARY"]) == f"Hạn thực hiện ý kiến chỉ đạo: {world.clearance.code}"
        assert event["URL"] == f"http://testserver/app/directives/{directive.pk}/"
        assert event.decoded("DTSTART") == directive.deadline
        assert event.decoded("DTEND") == directive.deadline + timedelta(days=1)
    for obligation in obligations:
        event = events[f"report-{obligation.pk}@thaogo"]
        assert str(event["DESCRIPTION"]) == obligation.assignment.task.title
        assert event.decoded("DTSTART") == obligation.due_on


def test_no_line_of_the_feed_has_a_bare_carriage_return_or_more_than_75_octets(feed):
    assert feed.endswith(b"\r\n")
    lines = feed[:-2].split(b"\r\n")
    assert not [line for line in lines if b"\r" in line or b"\n" in line]
    assert max(len(line) for line in lines) <= 75
    lines[-1].decode("utf-8")  # folding never splits a character


def test_a_calendar_that_breaks_lines_at_a_bare_cr_sees_no_injected_event(directives, feed):
    lines = re.split(rb"\r\n|\r|\n", feed)
    assert lines.count(b"BEGIN:VEVENT") == len(events_of(feed))
    assert not any(line.startswith(b"SUMMARY:S") for line in lines)


def test_the_feed_keeps_its_calendar_properties(feed):
    calendar = Calendar.from_ical(feed)
    assert str(calendar["PRODID"]) == "-//Thaogo//Report and directive deadlines//VI"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    assert str(calendar["X-WR-CALNAME"]) == "Thời hạn trên Thaogo"
    assert Directive.objects.count() == len(TEXTS)
