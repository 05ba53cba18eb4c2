"""Notices for everyone in the loop: reviewers hear of submitted reports, the Standing
Committee and the Office of proposals beyond authority, the responsible cadre of a new
directive, and whoever recorded a directive (with the Office) of its completion. Nobody is
told of something they cannot open, and each user chooses which kinds also come by e-mail."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests.helpers import TODAY, assert_vietnamese, form_as_served, held_meeting
from thaogo.accounts.models import Role
from thaogo.direction import services as direction
from thaogo.notifications import services as notifications
from thaogo.notifications.models import Notification, NotificationKind, NotificationPreference
from thaogo.reporting import services as reporting
from thaogo.reporting.models import ReportObligation


@pytest.fixture
def outsiders(make, world):
    """Reviewers and standing members whose scope is another district: they see none of
    Lê Chân's work, so they hear nothing of it."""
    unit = world.foreign_district
    return [
        make.user("foreign_btc", role=Role.ORGANIZATION_BOARD, unit=unit),
        make.user("foreign_office", role=Role.OFFICE, unit=unit),
        make.user("foreign_btv", role=Role.STANDING_COMMITTEE, unit=unit),
    ]


@pytest.fixture
def nothing_waiting(world):
    """The world's own notices (its assignments) are taken as already e-mailed, so the mail
    outbox holds only what a test causes."""
    Notification.objects.update(emailed_at=timezone.now())


def notified(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def q3(world) -> ReportObligation:
    return ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )


def submit(world, results: str = "Đã bàn giao 90 hộ."):
    report = reporting.report_for(q3(world))
    report = reporting.report_save_draft(
        report=report, by=world.cadre, expected_version=report.version, results=results
    )
    return reporting.report_submit(report=report, by=world.cadre, expected_version=report.version)


def proposal(world, *, beyond_authority: bool = True):
    return direction.proposal_create(
        task=world.clearance,
        raised_by=world.dat,
        title="Đề nghị cưỡng chế 3 hộ",
        content="Ba hộ không chấp hành, đề nghị Ban Thường vụ chỉ đạo.",
        beyond_authority=beyond_authority,
        by=world.cadre,
    )


def directive(world, *, by=None):
    meeting = held_meeting(title="Họp BTV", held_on=TODAY, by=world.office)
    return direction.directive_issue(
        task=world.clearance,
        meeting=meeting,
        text="Giao UBND phường hoàn thiện hồ sơ cưỡng chế.",
        responsible_cadre=world.dat,
        deadline=TODAY + timedelta(days=20),
        by=by or world.btv,
    )


# ---------------------------------------------------------------- who hears of what


def test_a_submitted_report_reaches_the_reviewers_who_can_open_it(world, outsiders, client_for):
    submit(world)
    assert notified(NotificationKind.REPORT_SUBMITTED) == {"btc", "office"}
    notice = Notification.objects.get(user=world.btc, kind=NotificationKind.REPORT_SUBMITTED)
    assert notice.url == reverse("reporting:report_detail", args=[q3(world).pk])
    assert "Nguyễn Văn Đạt" in notice.message and "01" in notice.message
    assert client_for(world.btc).get(notice.url).status_code == 200
    # The outsiders were right not to be told: the report is not theirs to see.
    assert client_for(outsiders[0]).get(notice.url).status_code == 404


def test_a_resubmitted_report_is_announced_again_as_a_resubmission(world):
    report = submit(world)
    report = reporting.report_return(report=report, by=world.btc, comment="Bổ sung số hộ.")
    report = reporting.report_save_draft(
        report=report, by=world.cadre, expected_version=report.version, results="Đã bổ sung."
    )
    reporting.report_submit(report=report, by=world.cadre, expected_version=report.version)
    notices = Notification.objects.filter(user=world.office, kind=NotificationKind.REPORT_SUBMITTED)
    assert notices.count() == 2
    assert_vietnamese(notices.first().message)
    assert "lần 2" in notices.first().message


def test_a_proposal_beyond_authority_reaches_the_standing_committee_and_the_office(
    world, outsiders, client_for
):
    raised = proposal(world)
    assert notified(NotificationKind.PROPOSAL_BEYOND_AUTHORITY) == {"btv", "office"}
    notice = Notification.objects.get(user=world.btv)
    assert notice.url == reverse("direction:proposal_detail", args=[raised.pk])
    assert client_for(world.btv).get(notice.url).status_code == 200


def test_a_proposal_within_the_cadres_authority_is_announced_to_nobody(world):
    proposal(world, beyond_authority=False)
    assert not Notification.objects.filter(kind=NotificationKind.PROPOSAL_BEYOND_AUTHORITY)


def test_a_new_directive_reaches_only_the_responsible_cadre(world, outsiders):
    issued = directive(world)
    assert notified(NotificationKind.DIRECTIVE) == {"cadre"}
    notice = Notification.objects.get(kind=NotificationKind.DIRECTIVE)
    assert notice.url == reverse("direction:directive_detail", args=[issued.pk])


def test_a_completed_directive_reaches_its_author_and_the_office(world, outsiders, client_for):
    issued = directive(world, by=world.btv)
    direction.directive_complete(
        directive=issued, by=world.cadre, completed_on=TODAY, note="Đã hoàn thiện hồ sơ."
    )
    # The cadre who completed it is not told of their own act, nor is anyone outside.
    assert notified(NotificationKind.DIRECTIVE_COMPLETED) == {"btv", "office"}
    notice = Notification.objects.get(user=world.office, kind=NotificationKind.DIRECTIVE_COMPLETED)
    assert "Đã hoàn thiện hồ sơ." in notice.message
    assert client_for(world.office).get(notice.url).status_code == 200


def test_a_notice_is_made_in_the_same_transaction_as_the_act(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        submit(world)
        raise RuntimeError("the submission fails after the notice was made")
    assert not Notification.objects.filter(kind=NotificationKind.REPORT_SUBMITTED).exists()


# ---------------------------------------------------------------- e-mail, per preference


def test_reviewers_are_emailed_at_once_unless_they_chose_the_app_only(
    world, nothing_waiting, django_capture_on_commit_callbacks
):
    notifications.preferences_set(user=world.btc, email={NotificationKind.REPORT_SUBMITTED: False})
    with django_capture_on_commit_callbacks(execute=True):
        submit(world)
    assert [m.to for m in mail.outbox] == [[world.office.email]]
    assert "Nguyễn Văn Đạt" in mail.outbox[0].body
    # btc still has the notice in the app, and no later run of the sender e-mails it.
    assert Notification.objects.filter(user=world.btc, kind="report_submitted").exists()
    assert notifications.send_emails(base_url="http://thaogo.test") == 0
    assert len(mail.outbox) == 1


def test_a_mail_server_that_is_down_fails_no_action_and_the_notice_waits_for_remind(
    world, nothing_waiting, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notifications, "send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(world)  # no exception reaches the cadre
    assert report.status == "submitted"
    waiting = Notification.objects.filter(kind="report_submitted", emailed_at__isnull=True)
    assert waiting.count() == 2  # btc and the office, both still to be e-mailed

    monkeypatch.undo()
    assert notifications.send_emails(base_url="http://thaogo.test") == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.btc.email, world.office.email])


def test_turning_email_off_holds_back_a_notice_still_waiting_to_be_emailed(world, nothing_waiting):
    notifications.notify(
        user=world.btc, kind=NotificationKind.DIRECTIVE_OVERDUE, key="k", message="x"
    )
    notifications.preferences_set(user=world.btc, email={NotificationKind.DIRECTIVE_OVERDUE: False})
    assert notifications.send_emails(base_url="http://thaogo.test") == 0
    assert not mail.outbox


def test_turning_email_on_later_sends_no_backlog(world, nothing_waiting):
    notifications.preferences_set(user=world.btc, email={NotificationKind.DIRECTIVE_OVERDUE: False})
    notifications.notify(
        user=world.btc, kind=NotificationKind.DIRECTIVE_OVERDUE, key="k", message="x"
    )
    notifications.preferences_set(user=world.btc, email={NotificationKind.DIRECTIVE_OVERDUE: True})
    assert notifications.send_emails(base_url="http://thaogo.test") == 0


def test_remind_emails_only_the_kinds_a_user_takes_by_email(
    world, nothing_waiting, monkeypatch, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    from thaogo.lib import clock

    notifications.preferences_set(user=world.cadre, email={NotificationKind.REPORT_DUE_7: False})
    monkeypatch.setattr(clock, "system_today", lambda: q3(world).due_on - timedelta(days=7))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind", stdout=out)
    assert Notification.objects.filter(user=world.cadre, kind="report_due_7").exists()
    assert not [m for m in mail.outbox if world.cadre.email in m.to]
    summary = out.getvalue().strip().splitlines()[-1]
    assert summary.startswith("remind: ") and f"; {len(mail.outbox)} e-mails sent" in summary


# ---------------------------------------------------------------- the settings page


def test_the_settings_page_saves_the_form_as_served_and_changes_nothing(world, client_for):
    client = client_for(world.btc)
    url = reverse("notifications:preferences")
    data = form_as_served(client.get(url).content.decode())
    assert set(data) - {"csrfmiddlewaretoken"} == set(NotificationKind.values)
    assert all(data[kind] == ["email"] for kind in NotificationKind.values)
    response = client.post(url, data)
    assert response.status_code == 302
    assert notifications.preferences_of(world.btc) == dict.fromkeys(NotificationKind.values, True)
    assert client.post(url, data).status_code == 302  # the same sending again: still the same


def test_the_settings_page_keeps_a_choice_of_the_app_only(world, client_for):
    client = client_for(world.btc)
    url = reverse("notifications:preferences")
    data = form_as_served(client.get(url).content.decode())
    data[NotificationKind.REPORT_SUBMITTED] = ["app"]
    assert client.post(url, data).status_code == 302
    assert not notifications.wants_email(world.btc, NotificationKind.REPORT_SUBMITTED)
    page = client.get(url).content.decode()
    assert form_as_served(page)[NotificationKind.REPORT_SUBMITTED] == ["app"]


@pytest.mark.parametrize(
    "value, message",
    [
        ("sms", "Chọn một trong hai cách nhận thông báo đã nêu."),
        ("", "Chọn cách nhận loại thông báo này."),
        ("email ", "Chọn một trong hai cách nhận thông báo đã nêu."),
    ],
)
def test_the_settings_page_refuses_a_bad_choice_in_vietnamese_and_saves_nothing(
    world, client_for, value, message
):
    client = client_for(world.btc)
    url = reverse("notifications:preferences")
    data = form_as_served(client.get(url).content.decode())
    data[NotificationKind.DIRECTIVE] = ["app"]
    data[NotificationKind.REPORT_SUBMITTED] = [value]
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not NotificationPreference.objects.filter(user=world.btc).exists()


def test_the_settings_page_is_linked_from_the_notifications_and_the_user_menu(world, client_for):
    page = client_for(world.cadre).get(reverse("notifications:list")).content.decode()
    assert page.count(f'href="{reverse("notifications:preferences")}"') == 2
