"""A cache of the public pages' anonymous responses, shared by every server (the default
cache: Redis when CACHE_URL/REDIS_URL is set), that never serves a stale page.

A page is kept under a key made of its address, the day, and the portal's content version:
the newest row of `ContentChange`, which gets a row with every history row of the content
the pages show (an article, picture, album, news category, resolution, target or target
value, a document, a document type or a unit, as an issuer), in the writer's own
transaction. Every change to that content, through a service, a form or the admin, writes
a history row, so the next request reads a new version and renders afresh. A kept page also
notes when the next scheduled article is published: from that moment it is not served
again, so the article appears when its time comes. A hit is one indexed row read from the
database and one read from the cache.

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
from django.db import router
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response

from thaogo.core.dataversion import newest_change, record_change
from thaogo.documents.models import Document, DocumentType
from thaogo.lib import clock
from thaogo.portal.models import (
    Album,
    Article,
    ArticleStatus,
    ContentChange,
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


def content_changed(**_ignored: Any) -> None:
    """A history row of the portal's content was written (connected for CONTENT_MODELS'
    history models in PortalConfig.ready): the content version moves."""
    record_change(ContentChange)


def content_version() -> str:
    """What the public pages show, as of now, in one indexed row."""
    return newest_change(ContentChange, router.db_for_read(Article))


def next_scheduled() -> Any:
    """When the next article scheduled after now is published, or None."""
    return (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__gt=clock.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


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
        if kept is not None and kept.get("until") is not None and clock.now() >= kept["until"]:
            kept = None  # an article scheduled when it was rendered is out now
        if kept is not None:
            response = HttpResponse(kept["content"])
            for name, value in kept["headers"].items():
                response[name] = value
            return get_conditional_response(
                request, etag=kept["headers"].get("ETag"), response=response
            )
        # Before rendering, as the version: an article scheduled meanwhile shortens the wait.
        until = next_scheduled()
        response = view(request, *args, **kwargs)
        if _may_keep(request, response):
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(
                key,
                {"content": response.content, "headers": headers, "until": until},
                settings.THAOGO_PORTAL_PAGE_CACHE_SECONDS,
            )
        return response

    return wrapper
