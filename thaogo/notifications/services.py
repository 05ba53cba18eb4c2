"""Notices: created once per key, read in the app, copied by e-mail."""

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from thaogo.accounts.models import Role
from thaogo.core import scoping
from thaogo.lib import clock
from thaogo.notifications.models import Notification, NotificationKind, NotificationPreference
from thaogo.notifications.registry import providers

logger = logging.getLogger(__name__)


def wants_email(user: Any, kind: str) -> bool:
    """Whether the user takes this kind of notice by e-mail too (the default)."""
    return not NotificationPreference.objects.filter(user=user, kind=kind, email=False).exists()


def notify(
    *, user: Any, kind: str, key: str, message: str, url: str = "", email_now: bool = False
) -> bool:
    """Create the in-app notice unless this user already has it. True when it is new.

    Its e-mail goes with the next `thaogo remind`, or, with `email_now`, as soon as the
    caller's transaction commits (for notices about something someone just did)."""
    try:
        # A savepoint, so that a notice raced by another process does not break the caller's
        # transaction: the unique key decides who wrote it first.
        with transaction.atomic():
            notice, created = Notification.objects.get_or_create(
                user=user,
                key=key,
                defaults={
                    "kind": kind,
                    "message": message[:500],
                    "url": url,
                    # Asked only when the notice is new (Django calls a callable default).
                    "by_email": lambda: wants_email(user, kind),
                },
            )
    except IntegrityError:
        return False
    if created and email_now and notice.by_email and user.email:
        # robust: a mail server that is down must not turn a saved action into an error page.
        transaction.on_commit(
            lambda: send_emails(base_url=settings.THAOGO_BASE_URL, ids=[notice.pk]), robust=True
        )
    return created


def users_with_roles(*roles: Role) -> Any:
    return get_user_model().objects.filter(is_active=True, profile__role__in=roles)


def notify_those_who_see(
    *,
    users: Iterable[Any],
    about: tuple[str, Any],
    kind: str,
    key: str,
    message: str,
    url: str,
    by: Any = None,
) -> int:
    """Notify each of `users` who may open `about` (a scoping kind and the object, e.g.
    ("report", obligation)), at once by e-mail for those who want it; never the user who
    acted (`by`). How many were notified."""
    visible_kind, obj = about
    count = 0
    for user in {user.pk: user for user in users if user is not None}.values():
        if by is not None and user.pk == by.pk:
            continue
        if not user.is_active or not scoping.visible(user, visible_kind).filter(pk=obj.pk).exists():
            continue
        count += notify(user=user, kind=kind, key=key, message=message, url=url, email_now=True)
    return count


def unread_count(user: Any) -> int:
    """The header's bell, on every page: plain SQL, because compiling the ORM's query cost
    more than running it (about 900 Python calls per page against one index lookup)."""
    db = connections[router.db_for_read(Notification)]
    quote = db.ops.quote_name
    fields = Notification._meta
    sql = (
        f"SELECT COUNT(*) FROM {quote(fields.db_table)}"
        f" WHERE {quote(fields.get_field('user').column)} = %s"
        f" AND {quote(fields.get_field('read_at').column)} IS NULL"
    )
    with db.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        return cursor.fetchone()[0]


def notifications_mark_read(*, user: Any, ids: list[int] | None = None) -> int:
    notices = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        notices = notices.filter(pk__in=ids)
    return notices.update(read_at=clock.now())


def reminders_collect(today: date) -> Counter:
    """Ask every app for the notices that are due; how many of each kind were new."""
    sent: Counter = Counter()
    for reminders in providers("reminders"):
        sent.update(reminders(today))
    return sent


def send_emails(*, base_url: str, ids: list[int] | None = None) -> int:
    """E-mail each notice (of `ids`, or all) not yet e-mailed that its user wants by e-mail.
    The row is marked first, under a lock, so two runs at once never send one e-mail twice."""
    count = 0
    pending = Notification.objects.filter(emailed_at__isnull=True, by_email=True).exclude(
        user__email=""
    )
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    for notice_id in list(pending.values_list("pk", flat=True)):
        try:
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
                # Sent before the claim commits: a refused e-mail leaves the notice unclaimed,
                # and the next `thaogo remind` tries it again.
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notice.user.email])
        except OSError as error:  # smtplib's errors and timeouts are OSErrors
            logger.warning("Notice %s not e-mailed: %s", notice_id, error)
            continue
        count += 1
    return count


def preferences_of(user: Any) -> dict[str, bool]:
    """For every kind of notice, whether the user takes it by e-mail too."""
    refused = set(
        NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True)
    )
    return {kind: kind not in refused for kind in NotificationKind.values}


@transaction.atomic
def preferences_set(*, user: Any, email: dict[str, bool]) -> None:
    """Keep the user's choice for each kind given. Setting the same choice twice changes
    nothing; a kind turned off is not e-mailed even for notices already waiting."""
    for kind, by_email in email.items():
        NotificationKind(kind)  # an unknown kind is a programming error, not a user's
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"email": by_email}
        )
        if not by_email:
            Notification.objects.filter(user=user, kind=kind, emailed_at__isnull=True).update(
                by_email=False
            )
