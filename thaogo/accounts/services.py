"""Writes to user accounts: creating one, and the link that lets its owner choose a password.

A new account never gets a password someone else knows: it is created without a usable one
and its owner receives a one-time link to set it (Django's password-reset token, which stops
working once the password is set or after PASSWORD_RESET_TIMEOUT).
"""

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from thaogo.accounts.models import Profile, Role
from thaogo.core.services import audited_save

log = logging.getLogger(__name__)


def set_password_url(user: User) -> str:
    """The one-time address where `user` chooses their password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_set", args=[uid, token])
    return f"{settings.THAOGO_BASE_URL.rstrip('/')}{path}"


def set_password_link_send(*, user: User) -> None:
    """E-mail the set-password link once the transaction commits. A mail server that is down
    fails nothing: the administrator can send the link again from the user's page."""
    if not user.email:
        return
    url = set_password_url(user)
    subject = _("Thaogo: choose your password")
    body = _(
        "Dear comrade %(name)s,\n\nAn account was created for you in Thaogo with the user name "
        "“%(username)s”. Open this link to choose your password:\n\n%(url)s\n\nThe link works "
        "once and expires in %(days)s days."
    ) % {
        "name": user.get_full_name() or user.username,
        "username": user.username,
        "url": url,
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:  # a mail server that is down must not undo the account
            log.warning("set-password link for user %s not sent", user.pk, exc_info=True)

    transaction.on_commit(send)


@transaction.atomic
def account_create(
    *,
    username: str,
    email: str,
    role: str,
    by: Any,
    first_name: str = "",
    last_name: str = "",
    unit: Any = None,
) -> User:
    """A new login with its role and unit scope, and a set-password link sent to `email`."""
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is already taken.")})
    user = User(username=username, email=email.strip(), first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user = audited_save(user, by=by)
    audited_save(Profile(user=user, role=Role(role), unit=unit), by=by)
    set_password_link_send(user=user)
    return user
