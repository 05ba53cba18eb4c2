import functools
from typing import Any

from django import template
from django.db.models import Prefetch
from django.utils.safestring import SafeString, mark_safe

from thaogo.portal.models import Album, Image
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


@register.inclusion_tag("portal/includes/task_albums.html")
def task_albums(task: Any) -> dict[str, Any]:
    """The albums linked to a task, with thumbnails, for the internal task page:
    {% load portal %}{% task_albums task %}. Two queries."""
    albums = (
        Album.objects.filter(task=task)
        .order_by("-event_date", "-pk")
        .prefetch_related(Prefetch("photos", queryset=Image.objects.order_by("order", "pk")))
    )
    return {"albums": list(albums)}
