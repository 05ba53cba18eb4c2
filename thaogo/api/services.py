"""Personal API tokens: made, looked up and revoked here only."""

import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thaogo.api.models import ApiToken, TokenScope
from thaogo.core.services import audited_save

# "thg_" tells a Thaogo token apart in a configuration file or a leaked-secret scan.
SECRET_PREFIX = "thg_"
SHOWN_PREFIX = 12
# How many live tokens one user may hold: enough for every program they run.
MAX_ACTIVE_TOKENS = 20


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: Any, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token for `user`, and its secret: the only time the secret exists in clear."""
    if scope not in TokenScope.values:
        raise ValidationError({"scope": _("Unknown scope.")})
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the token after the program that uses it.")})
    # Lock the user's row so two simultaneous requests cannot both pass the count.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You already hold %(count)s active tokens: revoke one you no longer use.")
            % {"count": MAX_ACTIVE_TOKENS}
        )
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        scope=scope,
        prefix=secret[:SHOWN_PREFIX],
        digest=digest_of(secret),
    )
    return audited_save(token, by=user), secret


@transaction.atomic
def token_revoke(*, token: ApiToken, by: Any) -> ApiToken:
    """Revoke a token at once; revoking one already revoked changes nothing."""
    fresh = ApiToken.objects.select_for_update().get(pk=token.pk)
    if fresh.revoked_at is None:
        fresh.revoked_at = timezone.now()
        audited_save(fresh, by=by)
    return fresh


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token whose secret this is, with its user, or None."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    return (
        ApiToken.objects.select_related("user__profile__unit", "user__cadre")
        .filter(digest=digest_of(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def token_mark_used(token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute (no history row: it is not an
    edit)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
