"""What each app lends to the apps below it, without their importing it.

An app registers, in its AppConfig.ready(), the scoping selector of each kind of object it
owns (`tasks_visible_to` for "task", ...) and what it adds to a task's story. The access
policy, the change history and the task page ask here, so no app imports one above it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

_SELECTORS: dict[str, Callable[[Any], QuerySet]] = {}
_THREAD_PROVIDERS: list[Callable[[Any], list["ThreadEntry"]]] = []
# The model each kind's selector returns, learnt on first use: a selector's model does not
# depend on who asks, and building every selector to find one is most of a history's cost.
_MODELS: dict[str, type] = {}


def register_selector(kind: str, selector: Callable[[Any], QuerySet]) -> None:
    _SELECTORS[kind] = selector


def selector(kind: str) -> Callable[[Any], QuerySet]:
    return _SELECTORS[kind]


def kinds() -> list[str]:
    """Every kind of object that has a scoping selector."""
    return list(_SELECTORS)


def kind_of(model: type, user: Any) -> str | None:
    """The kind whose selector scopes rows of this model, if any."""
    for kind, select in _SELECTORS.items():
        if kind not in _MODELS:
            _MODELS[kind] = select(user).model
        if _MODELS[kind] is model:
            return kind
    return None


def visible(user: Any, kind: str) -> QuerySet:
    """The objects of a kind the user may know exist."""
    return _SELECTORS[kind](user)


@dataclass(frozen=True)
class ThreadEntry:
    """One event in a task's story: a report, a review, a proposal, a decision."""

    when: datetime
    kind: str
    title: str
    detail: str
    url: str
    badge: str = ""


def register_thread_provider(provider: Callable[[Any], list[ThreadEntry]]) -> None:
    if provider not in _THREAD_PROVIDERS:
        _THREAD_PROVIDERS.append(provider)


def task_thread(task: Any) -> list[ThreadEntry]:
    """The task's whole story in order, from every app that has a part in it."""
    entries = [entry for provider in _THREAD_PROVIDERS for entry in provider(task)]
    return sorted(entries, key=lambda entry: entry.when)
