"""Reads from a PostgreSQL read replica (DATABASE_REPLICA_URL), only where replication lag
cannot show anyone something older than what they have just done.

That is the safe requests (GET, HEAD) of a browser without a session cookie: the public
portal's visitors, who write nothing and see no page right after a write of their own. Every
page of a logged-in user, every write, and every read inside a transaction (a service that
locks and checks a version) go to the primary, so a user always reads their own writes and
a version number is never checked against an old copy.
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
_replica_allowed: ContextVar[bool] = ContextVar("thaogo_replica_allowed", default=False)


def replica_middleware(get_response: Callable) -> Callable:
    """Marks the requests whose reads may go to the replica (the router decides nothing
    without a replica configured)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        allowed = (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        token = _replica_allowed.set(allowed)
        try:
            return get_response(request)
        finally:
            _replica_allowed.reset(token)

    return middleware


class ReplicaRouter:
    """Installed by the settings when DATABASE_REPLICA_URL is set."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        if _replica_allowed.get() and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the same database

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
