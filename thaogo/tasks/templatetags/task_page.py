"""The task page's story (`core.scoping.task_thread`), built in Python as the list's rows are
(`task_list`): a template loop costs about four hundred Python calls an entry, and the
story is on every visit of the most visited page."""

import unicodedata
from collections.abc import Iterable

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.timezone import template_localtime

from thaogo.core.scoping import ThreadEntry

register = template.Library()

ENTRY = (
    '<li class="thread-{kind}"><small class="muted">{when}</small> '
    '<a href="{url}">{title}</a>{badge}{detail}</li>'
)


def _first_chars(text: str, length: int) -> str:
    """`truncatechars`, without its walk over every character of a text that fits: combining
    marks do not count, so a text no longer than `length` characters is never cut."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= length else Truncator(text).chars(length)


@register.simple_tag
def thread_entries(entries: Iterable[ThreadEntry]) -> SafeString:
    """One <li> per entry: its day (in the server's time zone), its title linked to what it
    is about, its badge, and the first 220 characters of its text."""
    return format_html_join(
        "\n  ",
        ENTRY,
        (
            {
                "kind": entry.kind,
                "when": date_format(template_localtime(entry.when), "SHORT_DATE_FORMAT"),
                "url": entry.url,
                "title": entry.title,
                "badge": (
                    format_html(' <span class="badge badge-info">{}</span>', entry.badge)
                    if entry.badge
                    else ""
                ),
                "detail": (
                    format_html("<br><small>{}</small>", _first_chars(entry.detail, 220))
                    if entry.detail
                    else ""
                ),
            }
            for entry in entries
        ),
    )
