"""The one place business code asks for the date, so tests and the demo can set it."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.utils import timezone

_as_of: ContextVar[date | None] = ContextVar("thaogo_as_of", default=None)


def system_today() -> date:
    """The calendar date in the site's time zone (tests replace this one)."""
    return timezone.localdate()


def today() -> date:
    return _as_of.get() or system_today()


@contextmanager
def acting_as_of(day: date) -> Iterator[None]:
    """Run business rules as if today were `day` (the demo loader writes a past or future
    scenario through the same services that refuse dates in the future)."""
    token = _as_of.set(day)
    try:
        yield
    finally:
        _as_of.reset(token)
