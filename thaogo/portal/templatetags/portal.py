import functools
from typing import Any

from django import template
from django.core.cache import cache
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from thaogo.core.dataversion import TIMEOUT
from thaogo.portal.models import Album, Image
from thaogo.portal.page_cache import content_version
from thaogo.portal.sanitize import clean_html

register = template.Library()


@register.filter
def sanitized(html: str) -> SafeString:
    """An article body, cleaned again as it is shown, by the same rules: bodies are cleaned
    when saved, and this keeps a row written some other way (the admin, a script) just as
    harmless, down to its pictures' addresses."""
    return mark_safe(_cleaned(html or ""))  # nh3 has cleaned it


@functools.lru_cache(maxsize=128)
def _cleaned(html: str) -> str:
    """clean_html is a pure function of the text: an article shown again is not parsed again
    (a few milliseconds a long article)."""
    return clean_html(html)


@register.simple_tag
def task_albums(task: Any) -> SafeString:
    """The albums linked to a task, with thumbnails, for the internal task page:
    {% load portal %}{% task_albums task %}. Kept under the portal's content version, which
    every change of an album or picture moves (portal.page_cache): one indexed row read on a
    visit, not two queries."""
    key = f"task-albums:{content_version()}:{get_language()}:{task.pk}"
    html = cache.get(key)
    if html is None:
        albums = (
            Album.objects.filter(task=task)
            .order_by("-event_date", "-pk")
            .prefetch_related(Prefetch("photos", queryset=Image.objects.order_by("order", "pk")))
        )
        html = render_to_string("portal/includes/task_albums.html", {"albums": list(albums)})
        cache.set(key, html, TIMEOUT)  # a safety net: the version makes it exact
    return html
