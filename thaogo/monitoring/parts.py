"""The dashboard's figures in parts, so that a write works out again only its own part.

A national deployment writes reports, measured values and tasks all day. If each of those
writes made the whole country's figures be worked out again (10-13 s at 100,000 tasks),
the overseer who sees every task would wait on nearly every visit. So, for a viewer who
sees every task, the figures are worked out per part and added up
(`selectors.kept_figures`): a part is the plans issued by one unit directly under a top
unit and by the units below it (a province and its communes), or a top unit's own plans.

Each part has a token (`FigurePart`), replaced in the writer's own transaction by every
save or delete of a task or of what hangs from it (`PART_MODELS`): that part's figures are
worked out again at the next visit, the other parts' are kept. A write to what every part
reads (`GLOBAL_MODELS`: units, plans, categories, the rules) moves the figures' global
version (`FigureChange`), and every part is worked out again. When the part of a
write cannot be found (a row whose task is gone), the global version moves: never too
little.
"""

import secrets
from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from thaogo.core.dataversion import record_change
from thaogo.core.models import DeadlineRule
from thaogo.direction.models import Directive, Proposal
from thaogo.documents.models import Plan
from thaogo.monitoring.models import FigureChange, FigurePart
from thaogo.reporting.models import ReportingKind, ReportObligation, ReportSubmission
from thaogo.tasks.models import (
    Assignment,
    Category,
    DeadlineChange,
    Metric,
    MetricValue,
    Task,
    UnitTransfer,
)
from thaogo.units.models import PATH_STEP, Unit

# How deep in the tree a part is cut: a unit directly under a top unit, with those below it.
PART_DEPTH = 2

# Each kind of row whose writes move one part, with the ways from it to its task (a
# directive may answer a proposal on another task: both parts).
PART_MODELS: dict[type[Model], tuple[str, ...]] = {
    Task: ("",),
    Task.units.through: ("task__",),
    Assignment: ("task__",),
    ReportObligation: ("assignment__task__",),
    ReportSubmission: ("report__obligation__assignment__task__",),
    Metric: ("task__",),
    MetricValue: ("metric__task__",),
    DeadlineChange: ("task__",),
    UnitTransfer: ("task__",),
    Proposal: ("task__",),
    Directive: ("task__", "proposal__task__"),
}

# What every part reads: a write to any of these moves the figures' global version. (The
# cadres' names are read only when the parts are put together, which is kept under the
# data's version too: renaming a cadre counts nothing again.)
GLOBAL_MODELS: tuple[type[Model], ...] = (Unit, Plan, Category, DeadlineRule, ReportingKind)


def part_of(path: str) -> str:
    """The part of the plans an issuing body with this unit path issues."""
    return path[: PART_DEPTH * PATH_STEP]


def plans_by_part() -> dict[str, tuple[int, ...]]:
    """The plans of each part that has any, in the order of the tree: a top unit's part
    holds its own plans, and a part below it those of its unit and the units under it."""
    by_part: dict[str, list[int]] = {}
    for pk, path in Plan.objects.order_by("pk").values_list("pk", "issuing_body__path"):
        by_part.setdefault(part_of(path), []).append(pk)
    return {key: tuple(by_part[key]) for key in sorted(by_part)}


def parts() -> list[str]:
    """Every part that has a plan, in the order of the tree."""
    return list(plans_by_part())


def tokens(using: str) -> dict[str, int]:
    """Each part's token (a part never written to since the log began has none)."""
    return dict(FigurePart.objects.using(using).values_list("key", "token"))


def figures_changed(**_ignored: Any) -> None:
    """Every part's figures are to be worked out again."""
    record_change(FigureChange)


def _parts_of(model: type[Model], pk: Any, using: str) -> set[str] | None:
    """The parts a row's tasks are in, read from the database; None if one is not found."""
    found: set[str] = set()
    for way in PART_MODELS[model]:
        rows = model._base_manager.using(using).filter(pk=pk)
        paths = list(rows.values_list(f"{way}plan__issuing_body__path", flat=True))
        if not paths:
            return None
        found |= {part_of(path) for path in paths if path is not None}
    return found


def _move(keys: set[str] | None, using: str) -> None:
    if keys is None:
        figures_changed()
        return
    if keys:
        FigurePart.objects.using(using).bulk_create(
            [FigurePart(key=key, token=secrets.randbits(62)) for key in sorted(keys)],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["token"],
        )


def _before_save(sender: type[Model], instance: Model, raw: bool, using: str, **_: Any) -> None:
    # A row moved to another task (or a task to another plan) leaves its old part too.
    if not raw and instance.pk is not None and not instance._state.adding:
        instance._figure_parts_before = _parts_of(sender, instance.pk, using)


def _after_save(sender: type[Model], instance: Model, raw: bool, using: str, **_: Any) -> None:
    keys = _parts_of(sender, instance.pk, using)
    before = instance.__dict__.pop("_figure_parts_before", set())
    _move(None if keys is None or before is None else keys | before, using)


def _before_delete(sender: type[Model], instance: Model, using: str, **_: Any) -> None:
    # Before the row goes, while the way to its task is still there.
    _move(_parts_of(sender, instance.pk, using), using)


def _relation_changed(
    sender: type[Model], instance: Model, action: str, reverse: bool, using: str, **_: Any
) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # a unit's tasks changed: which ones is not said on a clear
        figures_changed()
    else:
        _move(_parts_of(Task, instance.pk, using), using)


def connect() -> None:
    """Move a part's token or the global version on every write that changes what they
    count (called once, from the app's ready())."""
    for model in PART_MODELS:
        uid = f"monitoring-part-{model._meta.label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}-pre-save", weak=False)
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        pre_delete.connect(
            _before_delete, sender=model, dispatch_uid=f"{uid}-pre-delete", weak=False
        )
    m2m_changed.connect(
        _relation_changed,
        sender=Task.units.through,
        dispatch_uid="monitoring-part-task-units",
        weak=False,
    )
    for model in GLOBAL_MODELS:
        uid = f"monitoring-figures-{model._meta.label}"
        post_save.connect(figures_changed, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(figures_changed, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
