"""One-time form tokens: a creation form sent twice creates its object once.

A double click, a page resubmitted after a slow answer, or a second tab sends the same form
again. Every creation form carries a hidden token (`{% form_token %}` from the `form_tokens`
template library) and its view is decorated with `@creates_once`. The first POST that saves
claims the token and records where it sent the user; a later POST with the same token
creates nothing and is sent there too.

The claim is a row with a unique token, inserted in the same transaction as the creation:
a duplicate sent at the same moment waits on the unique index (PostgreSQL) or on the write
lock (SQLite) until the first commits, then finds the claim. A POST that does not save (the
form had errors) gives its claim back, so the user can correct the form and send it again.
"""

import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps

from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from thaogo.core.models import FormSubmission

TOKEN_FIELD = "form_token"
# Claims are kept long enough to catch any resubmission of a page a user left open.
KEEP_FOR = timedelta(days=2)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_REDIRECTS = {301, 302, 303}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def creates_once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a view whose successful POST creates something and redirects to it.

    A POST without a well-formed token is handled as before (a client other than our pages);
    the token guards against accidents, not against the user.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = request.POST.get(TOKEN_FIELD, "") if request.method == "POST" else ""
        if not _TOKEN.fullmatch(token) or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = FormSubmission.objects.create(token=token, user=request.user)
            except IntegrityError:
                return _already_saved(request, token)
            response = view(request, *args, **kwargs)
            if response.status_code in _REDIRECTS and response.get("Location"):
                claim.redirect_url = response["Location"]
                claim.save(update_fields=["redirect_url"])
            else:
                claim.delete()  # nothing was created: the same form may be sent again
        return response

    wrapper.creates_once = True  # type: ignore[attr-defined]
    return wrapper


def _already_saved(request: HttpRequest, token: str) -> HttpResponse:
    first = FormSubmission.objects.filter(token=token).first()
    if first is None or first.user_id != request.user.pk or not first.redirect_url:
        # Someone else's token: say nothing about what it created.
        raise SuspiciousOperation("form token of another user")
    messages.info(
        request, _("This form had already been sent and saved; nothing was created twice.")
    )
    return redirect(first.redirect_url)


def form_tokens_forget(*, now: datetime | None = None, keep_for: timedelta = KEEP_FOR) -> int:
    """Delete the claims older than `keep_for`. Idempotent; returns how many were deleted."""
    cutoff = (now or timezone.now()) - keep_for
    deleted, _per_model = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
