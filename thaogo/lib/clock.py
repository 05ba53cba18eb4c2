"""The one place business code asks for the date and time, so tests and the demo can set it."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

_as_of: ContextVar[date | None] = ContextVar("thaogo_as_of", default=None)
_moment: ContextVar[datetime | None] = ContextVar("thaogo_moment", default=None)


def system_today() -> date:
    """The calendar date in the site's time zone, or the demo's fixed date (THAOGO_TODAY).
    Tests replace this one."""
    return settings.THAOGO_TODAY or timezone.localdate()


def today() -> date:
    return _as_of.get() or system_today()


def now() -> datetime:
    """The moment of a business event (a report submitted, a notice sent, a row's history).

    Real time, except on a fixed date (THAOGO_TODAY, `acting_as_of`), where it is that day
    at the real time of day, and inside `acting_at`, where it is that moment. Security times
    (sessions, login throttling, last login) keep the real time: use timezone.now() there.
    Tests that replace system_today() keep real times.
    """
    moment = _moment.get()
    if moment is not None:
        return moment
    real = timezone.localtime()
    day = _as_of.get() or settings.THAOGO_TODAY
    if day is None or real.date() == day:
        return real
    return timezone.make_aware(datetime.combine(day, real.time().replace(tzinfo=None)))


@contextmanager
def acting_as_of(day: date) -> Iterator[None]:
    """Run business rules as if today were `day` (the demo loader writes a past or future
    scenario through the same services that refuse dates in the future)."""
    with _acting(day, None):
        yield


@contextmanager
def acting_at(moment: datetime) -> Iterator[None]:
    """As acting_as_of, to the minute: what the demo's people did carries the scenario's
    time, not the time the demo was loaded."""
    with _acting(timezone.localdate(moment), moment):
        yield


@contextmanager
def _acting(day: date, moment: datetime | None) -> Iterator[None]:
    day_token, moment_token = _as_of.set(day), _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(moment_token)
        _as_of.reset(day_token)
