from typing import Any

from django import template
from django.http import HttpRequest

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


@register.inclusion_tag("includes/timing_badge.html")
def timing_badge(value: str) -> dict[str, Any]:
    timing = Timing(value)
    return {"label": timing.label, "tone": TIMING_TONES[timing], "value": value}


@register.inclusion_tag("reporting/_state_badge.html")
def state_badge(state: str) -> dict[str, Any]:
    from thaogo.reporting.models import ObligationState

    return {"state": state, "state_labels": ObligationState.choices}


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (and the page reset)."""
    request: HttpRequest = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def page_link(context: dict[str, Any], number: int) -> str:
    request: HttpRequest = context["request"]
    params = request.GET.copy()
    params["page"] = number
    return f"?{params.urlencode()}"


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
