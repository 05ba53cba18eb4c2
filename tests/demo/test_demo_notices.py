"""The demo's reviewers and Standing Committee have notices of what arrived in its history."""

from datetime import date

from django.core import mail

from thaogo.demo.loader import load_demo
from thaogo.direction.models import Proposal, ProposalStatus
from thaogo.notifications.models import Notification, NotificationKind
from thaogo.reporting.models import Report, ReportStatus


def unread(username: str) -> set[str]:
    return set(
        Notification.objects.filter(user__username=username, read_at__isnull=True).values_list(
            "kind", flat=True
        )
    )


def test_the_demo_gives_btc_vanphong_and_btv_notices_and_e_mails_nobody(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        load_demo(as_of=date(2024, 10, 15))
    assert NotificationKind.REPORT_SUBMITTED in unread("btc")
    assert {
        NotificationKind.REPORT_SUBMITTED,
        NotificationKind.PROPOSAL_BEYOND_AUTHORITY,
        NotificationKind.DIRECTIVE_COMPLETED,
    } <= unread("vanphong")
    assert NotificationKind.PROPOSAL_BEYOND_AUTHORITY in unread("btv")
    assert NotificationKind.DIRECTIVE_COMPLETED in unread("btv")
    # What they have since dealt with is read; what still waits for them stands out.
    waiting = Report.objects.filter(status=ReportStatus.SUBMITTED).count()
    pending = Proposal.objects.filter(status=ProposalStatus.PENDING).count()
    assert waiting == 3 and pending == 1
    btc = Notification.objects.filter(user__username="btc", read_at__isnull=True)
    assert btc.filter(kind=NotificationKind.REPORT_SUBMITTED).count() == waiting
    btv = Notification.objects.filter(user__username="btv", read_at__isnull=True)
    assert btv.filter(kind=NotificationKind.PROPOSAL_BEYOND_AUTHORITY).count() == pending
    assert Notification.objects.filter(user__username="btc", read_at__isnull=False).exists()
    # The demo's history happened before it was loaded: nobody is e-mailed about it.
    assert mail.outbox == []
    assert not Notification.objects.filter(emailed_at__isnull=True, by_email=True).exists()
