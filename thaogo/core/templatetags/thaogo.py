from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thaogo.lib.numbers import format_number
from thaogo.tasks.models import Timing

register = template.Library()

TIMING_TONES = {
    Timing.COMPLETED_ON_TIME: "ok",
    Timing.COMPLETED_LATE: "late",
    Timing.ON_TRACK: "info",
    Timing.NEAR_DUE: "warn",
    Timing.OVERDUE: "bad",
    Timing.NO_DEADLINE: "muted",
}


@register.simple_tag
def demo_banner() -> str:
    """A thin line on every page while the demo fixes the business date (THAOGO_TODAY), so
    nobody mistakes the scenario's "today" for the real one."""
    day = settings.THAOGO_TODAY
    if day is None:
        return ""
    return format_html(
        '<p class="demo-banner" role="note">{}</p>',
        _("Demo: the working date is fixed at %(day)s") % {"day": f"{day:%d/%m/%Y}"},
    )


@register.simple_tag
def timing_badge(value: str) -> str:
    """A task's timing as a coloured badge. A simple tag, not an included template: the
    task list draws one per row."""
    timing = Timing(value)
    return format_html(
        '<span class="badge badge-{}" data-timing="{}">{}</span>',
        TIMING_TONES[timing],
        value,
        timing.label,
    )


@register.simple_tag
def days_left(days_left: int, days_late: int) -> str:
    """How far a deadline is: `days_left` (negative once it has passed) and `days_late` (0
    until it has). A tag rather than an included template: queues show one per row."""
    if days_late:
        text = ngettext("%(days)s day overdue", "%(days)s days overdue", days_late)
        return format_html(
            '<span class="badge badge-bad">{}</span>', text % {"days": number(days_late)}
        )
    if days_left == 0:
        return format_html('<span class="badge badge-warn">{}</span>', _("Due today"))
    text = ngettext("%(days)s day left", "%(days)s days left", days_left)
    return text % {"days": number(days_left)}


@register.simple_tag
def nature_badges(task: Any) -> str:
    """The task's natures (hard, new, ...) as badges: a tag, not a loop, on each row."""
    return format_html_join(
        "", '<span class="badge badge-nature">{}</span> ', ((n,) for n in task.natures)
    )


STATE_TONES = {
    "accepted": "ok",
    "submitted_on_time": "ok",
    "submitted_late": "late",
    "returned": "late",
    "overdue": "bad",
    "due_soon": "warn",
}


@register.simple_tag
def state_badge(state: str) -> str:
    """A report obligation's state as a coloured badge. A simple tag, not an included
    template: the report board and a task's reporting periods draw one per row."""
    from thaogo.reporting.models import ObligationState

    return format_html(
        '<span class="badge badge-{}" data-state="{}">{}</span>',
        STATE_TONES.get(state, "info"),
        state,
        dict(ObligationState.choices).get(state, ""),
    )


@register.simple_tag
def figure_link(cell: Any) -> str:
    """A figure of the monitoring dashboard, linked to the list of exactly what it counts
    (`cell.url`). A simple tag, not an included template: the dashboard draws hundreds."""
    return format_html(
        '<a class="figure" href="{}" data-figure-count="{}">{}</a>',
        cell.url,
        cell.value,
        number(cell.value),
    )


@register.simple_tag
def queue_count(count: int, href: str) -> str:
    """A queue's number, linked to the list that shows exactly those rows (`href`): one per
    row of the overdue-reports queue."""
    return format_html(
        '<a class="queue-count" href="{}" data-queue-count="{}">{}</a>', href, count, number(count)
    )


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (and the page reset)."""
    request: HttpRequest = context["request"]
    params = request.GET.copy()
    for paging in ("page", "after", "before"):
        params.pop(paging, None)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def page_link(
    context: dict[str, Any],
    number: int,
    after: Any = "",
    before: Any = "",
    param: str = "page",
    anchor: str = "",
) -> str:
    """The current query string on page `number` (of the table paged by `param`, and at its
    `anchor` on a page with several); `after` / `before`, for a list paged past a row
    (core.paging.paginate_keyset), the row it starts after or ends before."""
    request: HttpRequest = context["request"]
    params = request.GET.copy()
    params[param or "page"] = number
    for name, row in (("after", after), ("before", before)):
        params.pop(name, None)
        if row not in (None, ""):
            params[name] = row
    return f"?{params.urlencode()}" + (f"#{anchor}" if anchor else "")


@register.filter
def person_name(user: Any) -> str:
    """A user's name the Vietnamese way (family and middle names first), or the username."""
    if user is None:
        return ""
    full = f"{user.last_name} {user.first_name}".strip()
    return full or user.username


@register.filter
def number(value: Any, places: Any = None) -> Any:
    """A number the Vietnamese way: 30907.38 -> "30.907,38", a count of 1234 -> "1.234".

    `places` "2" shows exactly two decimals; "-2" two unless the number is whole, as
    floatformat does ("4,60", "48.650"). Without it a decimal keeps its own places ("5,20").
    A figure kept as text (a report's submitted content holds str(Decimal)) is read first.
    Use it for what people read, never for ids or values in URLs and attributes.
    """
    if value is None or value == "" or isinstance(value, bool):
        return "" if value in (None, "") else value
    trim = False
    if places in (None, ""):
        places = None
    else:
        places = int(places)
        trim, places = places < 0, abs(places)
    try:
        return format_number(value, places, trim=trim)
    except (TypeError, ValueError):
        return value
