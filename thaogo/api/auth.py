"""Who is calling: a personal token (Authorization: Bearer thg_…) or the site's own login
session, whose unsafe calls must carry the CSRF token as the pages' forms do. Each caller
gets RATE_PER_MINUTE calls a minute (Django's cache counts them), then 429."""

import math
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie

from thaogo.api.errors import ApiError
from thaogo.api.models import ApiToken
from thaogo.api.services import token_for_secret, token_mark_used

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
WINDOW_SECONDS = 60


def rate_limit(key: str) -> None:
    """Count one call against `key` in the current minute; refuse past the limit."""
    limit = settings.THAOGO_API_RATE_PER_MINUTE
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    name = f"thaogo:api-rate:{key}:{window}"
    cache.add(name, 0, timeout=WINDOW_SECONDS + 5)
    try:
        count = cache.incr(name)
    except ValueError:  # evicted between add and incr: count this call as the first
        cache.set(name, 1, timeout=WINDOW_SECONDS + 5)
        count = 1
    if count > limit:
        retry_after = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
        raise ApiError(
            429,
            "rate_limited",
            _("Too many calls: wait %(seconds)s seconds, then try again.")
            % {"seconds": retry_after},
            headers={"Retry-After": str(retry_after)},
        )


class TokenAuth(HttpBearer):
    """A personal API token. A token that is unknown or revoked is refused outright, rather
    than falling back to a session the same client may also hold."""

    openapi_name = "token"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if header is not None and not header.lower().startswith("bearer "):
            raise _bad_token()
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = token_for_secret(token.strip())
        if found is None:
            raise _bad_token()
        if request.method not in SAFE_METHODS and not found.can_write:
            raise ApiError(
                403,
                "read_only_token",
                _("This token is read-only: create a read-write token to make changes."),
            )
        rate_limit(f"token:{found.pk}")
        token_mark_used(found)
        request.user = found.user
        request.api_token = found
        return found


def _bad_token() -> ApiError:
    return ApiError(
        401,
        "not_authenticated",
        _("The API token is unknown or has been revoked."),
        headers={"WWW-Authenticate": "Bearer"},
    )


def _csrf_refused(request: HttpRequest) -> bool:
    check = CsrfViewMiddleware(lambda _request: None)
    request.csrf_processing_done = False
    check.process_request(request)
    return check.process_view(request, lambda _request: None, (), {}) is not None


class SessionAuth(APIKeyCookie):
    """The site's own calls, from a logged-in browser page."""

    openapi_name = "session"

    def __init__(self) -> None:
        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if request.method not in SAFE_METHODS and _csrf_refused(request):
            raise ApiError(
                403,
                "csrf_failed",
                _("The call came without this page's CSRF token: reload the page and try again."),
            )
        rate_limit(f"user:{user.pk}")
        return user


AUTH = [TokenAuth(), SessionAuth()]
