"""Security events and login throttling.

Logins, failed logins, lockouts and refused pages (HTTP 403) go to the `thaogo.security`
log with the user, the client address and the path. django-axes counts the failures; the
lockout page it shows is rendered here so that it can tell when to try again.
"""

import logging
from collections.abc import Callable
from typing import Any

from axes.helpers import get_cool_off, get_failure_limit
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

logger = logging.getLogger("thaogo.security")


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind the HTTPS proxy (BEHIND_HTTPS_PROXY) it is the last entry
    of X-Forwarded-For, the one the proxy appended: the entries before it come from the client
    and can be forged."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def _where(request: HttpRequest | None) -> tuple[str, str]:
    if request is None:
        return "-", "-"
    return client_ip(request) or "-", request.path


@receiver(user_logged_in)
def _log_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    ip, path = _where(request)
    logger.info("login user=%r ip=%s path=%r", user.get_username(), ip, path)


@receiver(user_login_failed)
def _log_failed_login(
    sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already masked the password in `credentials`; the user name stays.
    ip, path = _where(request)
    logger.warning("login failed user=%r ip=%s path=%r", credentials.get("username"), ip, path)


@receiver(user_locked_out)
def _log_lockout(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    logger.warning(
        "login locked out user=%r ip=%s path=%r", username, ip_address or "-", request.path
    )


def denied_access_log_middleware(get_response: Callable) -> Callable:
    """Log every 403: a PermissionDenied from a view, a refused CSRF token, and the like."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            username = user.get_username() if user is not None and user.is_authenticated else ""
            logger.warning(
                "permission denied user=%r ip=%s method=%s path=%r",
                username or "anonymous",
                client_ip(request) or "-",
                request.method,
                request.path,
            )
        return response

    return middleware


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The page a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE).

    Every failure, including this one, restarts the cool-off, so the lock lifts one cool-off
    from now.
    """
    cool_off = get_cool_off(request)
    return render(
        request,
        "registration/locked_out.html",
        {
            "retry_at": timezone.now() + cool_off,
            "cool_off_minutes": max(1, round(cool_off.total_seconds() / 60)),
            "failure_limit": get_failure_limit(request, credentials),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
