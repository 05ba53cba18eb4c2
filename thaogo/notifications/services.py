"""Notices: created once per key, read in the app, copied by e-mail."""

from collections import Counter
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from thaogo.notifications.models import Notification
from thaogo.notifications.registry import providers


def notify(*, user: Any, kind: str, key: str, message: str, url: str = "") -> bool:
    """Create the in-app notice unless this user already has it. True when it is new."""
    try:
        # A savepoint, so that a notice raced by another process does not break the caller's
        # transaction: the unique key decides who wrote it first.
        with transaction.atomic():
            _notice, created = Notification.objects.get_or_create(
                user=user, key=key, defaults={"kind": kind, "message": message[:500], "url": url}
            )
    except IntegrityError:
        return False
    return created


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_mark_read(*, user: Any, ids: list[int] | None = None) -> int:
    notices = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        notices = notices.filter(pk__in=ids)
    return notices.update(read_at=timezone.now())


def reminders_collect(today: date) -> Counter:
    """Ask every app for the notices that are due; how many of each kind were new."""
    sent: Counter = Counter()
    for reminders in providers("reminders"):
        sent.update(reminders(today))
    return sent


def send_emails(*, base_url: str) -> int:
    """E-mail each notice not yet e-mailed. The row is marked first, under a lock, so two
    runs at once never send the same e-mail twice."""
    count = 0
    pending = Notification.objects.filter(emailed_at__isnull=True).exclude(user__email="")
    for notice_id in list(pending.values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = Notification.objects.filter(pk=notice_id, emailed_at__isnull=True).update(
                emailed_at=timezone.now()
            )
            if not claimed:
                continue
            notice = Notification.objects.select_related("user").get(pk=notice_id)
            link = f"{base_url.rstrip('/')}{notice.url}" if notice.url else base_url
            with override(settings.LANGUAGE_CODE):
                subject = _("Thaogo: %(message)s") % {"message": notice.message[:80]}
                body = f"{notice.message}\n\n{link}\n"
            transaction.on_commit(
                lambda s=subject, b=body, to=notice.user.email: send_mail(
                    s, b, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False
                )
            )
            count += 1
    return count
