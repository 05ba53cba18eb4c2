"""Helpers every service uses: audited saves and optimistic concurrency."""

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)


class ConcurrentEditError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else saved this record after you opened it. Your changes were not "
                "saved; they are still in the form. Reload the page to see the other changes, "
                "then apply yours again."
            ),
            code="concurrent_edit",
        )


MISSING_VERSION_MESSAGE = _(
    "This form came without the version of the record it changes, so nobody can tell "
    "whether someone else saved the record after you opened it. Your changes were not "
    "saved; they are still in the form. Reload the page, then apply them again."
)


class MissingVersionError(ValidationError):
    """A versioned form posted without the version it was opened at: the service cannot tell
    a stale form from a fresh one, so it refuses rather than overwrite silently."""

    def __init__(self) -> None:
        super().__init__(MISSING_VERSION_MESSAGE, code="missing_version")


def audited_save(obj: M, *, by: Any, **save_kwargs: Any) -> M:
    """Validate and save, naming `by` in the history row."""
    obj.full_clean()
    if by is not None and getattr(by, "is_authenticated", False):
        obj._history_user = by
    obj.save(**save_kwargs)
    return obj


def lock_for_update(obj: M, *, expected_version: int) -> M:
    """Re-read `obj` under a row lock and refuse if someone saved it since `expected_version`.

    There is no "skip the check": a caller without a version (a form posted without its
    hidden field) is refused, as a stale one is.
    """
    if expected_version is None:
        raise MissingVersionError()
    fresh = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if fresh.version != expected_version:
        raise ConcurrentEditError()
    return fresh


def apply_changes(obj: M, changes: dict[str, Any], *, allowed: set[str]) -> M:
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)} here")
    for name, value in changes.items():
        setattr(obj, name, value)
    return obj
