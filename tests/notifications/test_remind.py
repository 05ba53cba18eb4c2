"""`thaogo remind` and the calendar feed."""

from datetime import date, timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from thaogo.lib import clock
from thaogo.notifications.models import CalendarFeed, Notification
from thaogo.reporting.models import ReportObligation


def run_remind() -> str:
    out = StringIO()
    call_command("remind", stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def q3(world) -> ReportObligation:
    return ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )


def test_remind_sends_each_notice_once_and_counts_them_by_kind(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    world.cadre.email = "dat@lechan.example"
    world.cadre.save()
    due = q3(world).due_on
    monkeypatch.setattr(clock, "system_today", lambda: due - timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        first = run_remind()
    assert first.startswith("remind: ") and "report_due_7=" in first
    assert Notification.objects.filter(user=world.cadre, kind="report_due_7").count() == 1
    emails_after_first = len(mail.outbox)
    assert any("dat@lechan.example" in m.to for m in mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        second = run_remind()
    assert "0 new notices" in second and "0 e-mails" in second
    assert len(mail.outbox) == emails_after_first

    for days, kind in [(-3, "report_due_3"), (-1, "report_due_1"), (1, "report_overdue")]:
        monkeypatch.setattr(clock, "system_today", lambda days=days: due + timedelta(days=days))
        assert f"{kind}=" in run_remind()
        run_remind()
        assert Notification.objects.filter(user=world.cadre, kind=kind).count() == 1


def test_notification_centre_shows_the_unread_count(world, client_for):
    unread = Notification.objects.filter(user=world.cadre, read_at__isnull=True).count()
    Notification.objects.create(user=world.cadre, kind="x", key="k1", message="Thông báo 1")
    # Neither a notice already read nor another user's counts.
    Notification.objects.create(
        user=world.cadre, kind="x", key="k2", message="Đã đọc", read_at=timezone.now()
    )
    Notification.objects.create(user=world.other_cadre, kind="x", key="k1", message="Khác")
    client = client_for(world.cadre)
    page = client.get(reverse("core:home")).content.decode()
    assert f'id="unread-count">{unread + 1}<' in page
    client.post(reverse("notifications:list"))
    page = client.get(reverse("core:home")).content.decode()
    assert 'id="unread-count"' not in page


def test_calendar_feed_lists_report_deadlines_and_can_be_revoked(world, client_for):
    client = client_for(world.cadre)
    client.post(reverse("notifications:calendar"), {"action": "renew"})
    token = CalendarFeed.objects.get(user=world.cadre).token
    feed_url = reverse("calendar_feed:feed", args=[token])

    response = client_for(None).get(feed_url)
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert f"DTSTART;VALUE=DATE:{q3(world).due_on:%Y%m%d}" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))

    client.post(reverse("notifications:calendar"), {"action": "revoke"})
    assert client_for(None).get(feed_url).status_code == 404


def test_someone_elses_calendar_token_guess_finds_nothing(world, client_for):
    assert client_for(None).get("/calendar/not-a-token.ics").status_code == 404
