"""Figures cached exactly: keyed by the state of the data they count.

Every save or delete of a watched model (and every change of a watched many-to-many)
inserts a row into `DataChange`, in the writer's own transaction, so the new row commits
together with the data. The newest row's id and random token name the data's state: a
reader reads it (one indexed row) before counting, so what it counts is at least as new as
the name it stores the figure under. A rolled-back write's name never comes back (its
token is random), and every server shares the database, so a per-process cache is as exact
as a shared one (Redis when CACHE_URL is set).

Writes that skip signals (`QuerySet.update()`, `bulk_create()`) call `bump()` themselves.

On SQLite writers are serialized, so ids are taken in commit order. On PostgreSQL a writer
that took its id before another but commits after it would not move the newest row: each
bump inside a transaction therefore inserts one more row once it has committed
(`on_commit`). Until that row is in (the moment between the commit and its callback),
another reader may still be served the figure as it was just before the write; the writer's
own next request comes after it.
"""

import functools
import hashlib
import secrets
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, connections, router, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")
H = TypeVar("H", bound=Hashable)

# How long a figure is kept at most: a safety net, the version makes it exact.
TIMEOUT = 3600
# Old rows are deleted every this many writes; only the newest one matters.
PRUNE_EVERY = 1000

# Within one request the version is read once (several figures share it) and read again
# after a write of that request; outside a request it is read each time.
_request = threading.local()


def _request_started(**_ignored: Any) -> None:
    _request.version = ""


def _request_finished(**_ignored: Any) -> None:
    _request.version = None


request_started.connect(_request_started, dispatch_uid="dataversion-request-started")
request_finished.connect(_request_finished, dispatch_uid="dataversion-request-finished")


def bump(**_ignored: Any) -> None:
    """Record that watched data changed (in the current transaction, if any)."""
    from thaogo.core.models import DataChange

    if getattr(_request, "version", None):
        _request.version = ""
    record_change(DataChange, after_commit=_committed)


@functools.cache
def _row_inserter(model: type[Model]) -> Callable[[], None]:
    # One callable per log, so that a transaction queues it once however many writes it has.
    return lambda: model.objects.create(token=secrets.randbits(62))


def record_change(model: type[Model], *, after_commit: Callable[[], None] | None = None) -> None:
    """Insert a row of a change log (`model`: a `token` field, ids in insertion order) in the
    current transaction, and one more once it has committed (`after_commit`, if it must also
    do something else). Its newest row names the state of what it logs (`newest_change`)."""
    after_commit = after_commit or _row_inserter(model)
    change = model.objects.create(token=secrets.randbits(62))
    if change.pk % PRUNE_EVERY == 0:
        model.objects.filter(pk__lt=change.pk).delete()
    pending = getattr(connection, "run_on_commit", [])
    if connection.in_atomic_block and not any(entry[1] is after_commit for entry in pending):
        # On PostgreSQL two writers commit in any order: one that took its id first and
        # commits last would leave the newest row unchanged. A row inserted after the
        # commit takes an id above every committed one, so the version moves again.
        transaction.on_commit(after_commit, robust=True)


def _committed() -> None:
    from thaogo.core.models import DataChange

    if getattr(_request, "version", None):
        _request.version = ""
    DataChange.objects.create(token=secrets.randbits(62))


def newest_change(model: type[Model], alias: str) -> str:
    """The id and token of the change log's newest row on that database ("0" if none)."""
    db = connections[alias]
    table = db.ops.quote_name(model._meta.db_table)
    with db.cursor() as cursor:
        cursor.execute(f"SELECT id, token FROM {table} ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return f"{row[0]}.{row[1]}" if row else "0"


def current() -> str:
    """The name of the watched data's current state."""
    from thaogo.core.models import DataChange

    # Read where the figures will be read (a replica, for an anonymous visitor), so that
    # they are at least as new as the version they are kept under.
    alias = router.db_for_read(DataChange)
    known = getattr(_request, "version", None)
    if known and known[0] == alias:
        return known[1]
    version = newest_change(DataChange, alias)
    if known is not None:  # in a request
        _request.version = (alias, version)
    return version


_watched: set[type[Model]] = set()


def watch(*models: type[Model]) -> None:
    """Bump the version on every save and delete of these models (and, for a many-to-many
    through model, on every change of the relation)."""
    _watched.update(models)
    for model in models:
        uid = f"dataversion-{model._meta.label}"
        post_save.connect(bump, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
        if model._meta.auto_created:
            m2m_changed.connect(_m2m_bump, sender=model, dispatch_uid=f"{uid}-m2m", weak=False)


def watched() -> frozenset[type[Model]]:
    """The models whose writes move the version."""
    return frozenset(_watched)


def _m2m_bump(action: str, **_ignored: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        bump()


def cached(
    parts: Hashable, compute: Callable[[], T], *, wait: float = 0, version: str | None = None
) -> T:
    """`compute()`, kept under `parts` and the data's current state (or `version`, for a
    figure kept under versions of its own that `parts` names).

    With `wait` (seconds), one caller at a time computes a missing figure: the others wait
    up to that long for it to be kept rather than all computing it at once (a figure that
    takes seconds, asked for by every overseer after the same write). The lock is in the
    cache, so it holds across servers when the cache is shared; it lapses after `wait`, so
    a caller that dies holding it delays the others at most that long."""
    key = _key(parts, version)
    found = cache.get(key)
    if found is not None:
        return found
    lock, owned = f"{key}:computing", None
    deadline = time.monotonic() + wait
    while wait:
        token = secrets.token_hex(8)
        if cache.add(lock, token, wait):
            owned = token
            break
        found = _kept_by_another(key, lock, deadline)
        if found is not None:
            return found
        if time.monotonic() >= deadline:
            break  # waited long enough: compute without the lock
        # The caller holding the lock failed: the next one to take it computes.
    try:
        found = compute()
        cache.set(key, found, TIMEOUT)
    finally:
        # Not another caller's lock, taken after ours lapsed.
        if owned is not None and cache.get(lock) == owned:
            cache.delete(lock)
    return found


def cached_many(
    parts_by_name: dict[H, Hashable], compute: Callable[[list[H]], dict[H, T]], *, version: str
) -> dict[H, T]:
    """`cached()` for several figures at once, each under its own `parts` and `version`:
    read in one round trip, and those not kept computed together by one call of
    `compute(names)`, which returns them by name (one pass over the data for all of them
    rather than one each)."""
    keys = {name: _key(parts, version) for name, parts in parts_by_name.items()}
    found = cache.get_many(list(keys.values()))
    result = {name: found[key] for name, key in keys.items() if key in found}
    missing = [name for name in keys if name not in result]
    if missing:
        computed = compute(missing)
        cache.set_many({keys[name]: computed[name] for name in missing}, TIMEOUT)
        result.update((name, computed[name]) for name in missing)
    return result


def _key(parts: Hashable, version: str | None) -> str:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"figure:{current() if version is None else version}:{digest}"


def _kept_by_another(key: str, lock: str, deadline: float) -> Any:
    """What another caller, holding `lock`, keeps under `key`; None once it lets the lock go
    without keeping anything, or at the deadline."""
    pause = 0.05
    while time.monotonic() < deadline:
        time.sleep(pause)
        found = cache.get(key)
        if found is not None:
            return found
        if cache.get(lock) is None:
            return cache.get(key)
        pause = min(pause * 2, 0.5)
    return None
