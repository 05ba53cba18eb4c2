"""The home page's work queues, lent by the apps that own them.

Each app registers, in its AppConfig.ready(), the queues it can fill ("reports_to_review",
"directives_overdue", ...); the home page (core.views.home) names, for each role, the
queues it shows and in what order. So core lays out the page without importing the apps
above it, and each queue reads its data through its own app's selectors.

A queue costs a fixed number of queries whatever the amount of data: a count and the first
rows, never a query per row (tests/core/test_home.py checks it).
"""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from thaogo.core.dataversion import cached

# How many rows a queue shows; its count, linked to the full list, says how many there are.
SHOWN = 10


@dataclass(frozen=True)
class Queue:
    """One block of the home page: the template that draws it, and what it shows."""

    template: str
    data: dict[str, Any] = field(default_factory=dict)


QueueProvider = Callable[..., Queue]  # provider(user, *, today) -> Queue
_QUEUES: dict[str, QueueProvider] = {}


def register_queue(name: str, provider: QueueProvider) -> None:
    _QUEUES[name] = provider


def registered() -> list[str]:
    return list(_QUEUES)


def queues(user: Any, names: Iterable[str], *, today: date) -> list[Queue]:
    return [_QUEUES[name](user, today=today) for name in names]


def first_rows_and_count(parts: Hashable, rows: Callable[[], QuerySet]) -> tuple[list, int]:
    """The queue's first SHOWN rows and how many there are, kept under `parts` (which must
    name whatever else decides them: the viewer's scope, the day) and the data's state
    (thaogo.core.dataversion). Every model the rows show must be watched; what is worked out
    from the day is worked out on each visit, after. The query is built only when it runs."""

    def read() -> tuple[list, int]:
        queryset = rows()
        return list(queryset[:SHOWN]), queryset.count()

    return cached(parts, read)


def with_days_left(rows: list, *, deadline: str, today: date) -> list:
    """Each row with `days_left` to its `deadline` field (negative once it has passed) and
    `days_late` (0 until then), as includes/days_left.html shows them."""
    for row in rows:
        row.days_left = (getattr(row, deadline) - today).days
        row.days_late = max(0, -row.days_left)
    return rows


def list_url(name: str, **filters: Any) -> str:
    """The address of the list a queue's number counts: the view named, with its filters."""
    return f"{reverse(name)}?{urlencode(filters)}"
