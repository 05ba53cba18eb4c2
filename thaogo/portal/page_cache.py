"""A cache of the public pages' anonymous responses, shared by every server (the default
cache: Redis when CACHE_URL/REDIS_URL is set), that never serves a stale page.

A page is kept under a key made of its address, the day, and the portal's content version:
one query reading the latest history row of every kind of content the pages show (an
article, picture, album, news category, resolution, target or target value, a document, a
document type or a unit, as an issuer), and the publication time of the next article
scheduled after now. Every change to that content, through a service, a form or the admin,
writes a history row, so the next request reads a new version and renders afresh; an
article scheduled for later changes the version the moment its time comes.

Only a browser without a session cookie or credentials, asking GET or HEAD with no query
string, reads or fills the cache; a page is kept only if it is a 200 without cookies or
a CSRF token (the public pages render without the request: thaogo/portal/http.py). The
visitor counter is not in the page: each page asks for it with a POST after it loads
(portal:visitor_stats), which is never cached, so cached pages count their visitors.
"""

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response

from thaogo.documents.models import Document, DocumentType
from thaogo.lib import clock
from thaogo.portal.models import (
    Album,
    Article,
    ArticleStatus,
    Image,
    NewsCategory,
    Resolution,
    ResolutionTarget,
    TargetYear,
)
from thaogo.units.models import Unit

CONTENT_MODELS = (
    Article,
    Image,
    Album,
    NewsCategory,
    Resolution,
    ResolutionTarget,
    TargetYear,
    Document,
    DocumentType,
    Unit,
)
KEPT_HEADERS = ("Content-Type", "Content-Language", "Cache-Control", "ETag")


@functools.cache
def _version_sql(vendor: str) -> str:
    def quote(name: str) -> str:
        return connections["default"].ops.quote_name(name)

    latest = [
        f"(SELECT MAX({quote(history._meta.pk.column)}) FROM {quote(history._meta.db_table)})"
        for history in (model.history.model for model in CONTENT_MODELS)
    ]
    scheduled = (
        f"(SELECT MIN({quote('published_at')}) FROM {quote(Article._meta.db_table)}"
        f" WHERE {quote('status')} = %s AND {quote('published_at')} > %s)"
    )
    return "SELECT " + ", ".join([*latest, scheduled])


def content_version() -> str:
    """What the public pages show, as of now, in one indexed query."""
    alias = router.db_for_read(Article)
    connection = connections[alias]
    now = connection.ops.adapt_datetimefield_value(clock.now())
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(connection.vendor), [ArticleStatus.PUBLISHED.value, now])
        row = cursor.fetchone()
    return "|".join(str(value) for value in row)


def _may_use_cache(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.THAOGO_PORTAL_PAGE_CACHE_SECONDS > 0
    )


def _may_keep(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Set-Cookie" not in response
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and b"csrfmiddlewaretoken" not in response.content
    )


def _key(request: HttpRequest, version: str) -> str:
    material = "\x1f".join((request.path, clock.today().isoformat(), version))
    return "portal-page:" + hashlib.sha256(material.encode()).hexdigest()


def cached_for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's anonymous responses from the cache while the content is unchanged."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _may_use_cache(request):
            return view(request, *args, **kwargs)
        # Read before rendering: a page rendered after a change is never kept under the
        # version that preceded it.
        key = _key(request, content_version())
        kept = cache.get(key)
        if kept is not None:
            response = HttpResponse(kept["content"])
            for name, value in kept["headers"].items():
                response[name] = value
            return get_conditional_response(
                request, etag=kept["headers"].get("ETag"), response=response
            )
        response = view(request, *args, **kwargs)
        if _may_keep(request, response):
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(
                key,
                {"content": response.content, "headers": headers},
                settings.THAOGO_PORTAL_PAGE_CACHE_SECONDS,
            )
        return response

    return wrapper
