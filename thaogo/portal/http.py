"""Responses for public pages: the same bytes for every reader, so any cache may keep them."""

import hashlib
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag


def public_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """Render a public page without the request: no user, session, CSRF token or language
    cookie can reach it, so it is cacheable by browsers and shared caches alike.

    The portal is in the site's language (Vietnamese) whatever the reader's cookie says.
    The ETag is a hash of the page, so a conditional GET gets 304 Not Modified exactly
    when the reader already has the current page.
    """
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template, context)
        response = HttpResponse(html, status=status)
    response["Content-Language"] = settings.LANGUAGE_CODE
    if status != 200:
        patch_cache_control(response, no_store=True)
        return response
    patch_cache_control(response, public=True, max_age=settings.THAOGO_PORTAL_CACHE_SECONDS)
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)
