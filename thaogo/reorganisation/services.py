"""Merging, splitting and renaming units from an effective date.

The open work of a former unit moves to its successor: open tasks (with their assignments
and report obligations, which belong to the task), unit staff accounts and cadres. Closed
work stays where it was done, and each moved task keeps a UnitTransfer, so the figures as of
a date before the reorganisation count the task under the unit it was in then.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from thaogo.accounts.models import Profile
from thaogo.core.services import audited_save
from thaogo.lib import clock
from thaogo.reporting.models import ReportObligation
from thaogo.tasks.models import Status, Task, UnitTransfer
from thaogo.units.models import Cadre, Reorganisation, ReorganisationKind, Unit


@dataclass
class Moves:
    """What a reorganisation moves, shown before it is recorded."""

    open_tasks: list[Task] = field(default_factory=list)
    closed_tasks: list[Task] = field(default_factory=list)
    cadres: list[Cadre] = field(default_factory=list)
    staff: list[Profile] = field(default_factory=list)
    open_obligations: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.open_tasks or self.cadres or self.staff)


def _tasks_of(units: list[Unit]) -> QuerySet[Task]:
    return Task.objects.filter(units__in=units).distinct().order_by("plan_id", "code")


def reorganisation_moves(*, kind: str, predecessors: list[Unit]) -> Moves:
    """What recording this reorganisation would move (a rename moves nothing)."""
    if kind == ReorganisationKind.RENAME or not predecessors:
        return Moves()
    tasks = _tasks_of(predecessors)
    open_tasks = list(tasks.exclude(status=Status.COMPLETED))
    return Moves(
        open_tasks=open_tasks,
        closed_tasks=list(tasks.filter(status=Status.COMPLETED)),
        cadres=list(Cadre.objects.filter(unit__in=predecessors, is_active=True)),
        staff=list(Profile.objects.filter(unit__in=predecessors).select_related("user")),
        open_obligations=ReportObligation.objects.filter(
            assignment__task__in=open_tasks, assignment__end_date__isnull=True, report__isnull=True
        ).count(),
    )


def _validate(
    *,
    kind: str,
    effective_on: date,
    decision: str,
    predecessors: list[Unit],
    successors: list[Unit],
    new_name: str,
) -> None:
    errors: dict[str, Any] = {}
    if kind not in ReorganisationKind.values:
        errors["kind"] = _("Unknown kind of reorganisation.")
    if effective_on > clock.today():
        # The moves are made when recorded: a decision is recorded once it has taken effect.
        errors["effective_on"] = _(
            "Record a reorganisation once it has taken effect (on or after its effective date)."
        )
    if not decision.strip():
        errors["decision"] = _("Give the deciding document.")
    if not predecessors:
        errors["predecessors"] = _("Choose the former unit.")
    if kind == ReorganisationKind.MERGE:
        if len(successors) != 1:
            errors["successors"] = _("A merge has exactly one successor unit.")
        elif successors[0] in predecessors:
            errors["successors"] = _("The successor cannot also be one of the merged units.")
    elif kind == ReorganisationKind.SPLIT:
        if len(predecessors) != 1:
            errors["predecessors"] = _("A split divides exactly one unit.")
        if len(successors) < 2:
            errors["successors"] = _("A split has at least two successor units.")
        elif set(successors) & set(predecessors):
            errors["successors"] = _("The successor cannot also be one of the merged units.")
    elif kind == ReorganisationKind.RENAME:
        if len(predecessors) != 1:
            errors["predecessors"] = _("A rename concerns exactly one unit.")
        if not new_name.strip():
            errors["new_name"] = _("Give the new name.")
        elif predecessors and new_name.strip() == predecessors[0].name:
            errors["new_name"] = _("The new name is the same as the current one.")
    inactive = [u.name for u in predecessors + successors if not u.is_active]
    if inactive:
        errors.setdefault(
            "predecessors",
            _("These units were already reorganised: %(names)s.") % {"names": ", ".join(inactive)},
        )
    if errors:
        raise ValidationError(errors)


def _add_former_names(unit: Unit, names: list[str], *, by: Any) -> None:
    known = [n for n in unit.former_names.split("\n") if n]
    unit.former_names = "\n".join(known + [n for n in names if n not in known and n != unit.name])
    unit.version += 1
    audited_save(unit, by=by)


def _move_task(task: Task, *, leaving: list[Unit], successors: list[Unit], reorg, by) -> None:
    fresh = Task.objects.select_for_update().get(pk=task.pk)
    current = list(fresh.units.all())
    left = [u for u in current if u in leaving]
    kept = [u for u in current if u not in leaving]
    for from_unit in left:
        for to_unit in successors:
            UnitTransfer.objects.create(
                task=fresh,
                from_unit=from_unit,
                to_unit=to_unit,
                joined=to_unit not in current,
                effective_on=reorg.effective_on,
                reorganisation=reorg,
            )
    units = kept + [u for u in successors if u not in kept]
    fresh.units_summary = "; ".join(sorted(u.name for u in units))
    fresh.version += 1
    audited_save(fresh, by=by)
    fresh.units.set(units)


@transaction.atomic
def reorganisation_record(
    *,
    kind: str,
    effective_on: date,
    decision: str,
    predecessors: list[Unit],
    successors: list[Unit] | None = None,
    new_name: str = "",
    note: str = "",
    by: Any,
) -> Reorganisation:
    """Record a merge, split or rename and move the open work, all in one transaction."""
    successors = list(successors or [])
    predecessors = list(predecessors)
    # Lock the units in a fixed order: two reorganisations of the same unit at once would
    # otherwise both move its work.
    ids = sorted({u.pk for u in predecessors + successors})
    locked = Unit.objects.select_for_update().in_bulk(ids)
    predecessors = [locked[u.pk] for u in predecessors]
    successors = [locked[u.pk] for u in successors]
    _validate(
        kind=kind,
        effective_on=effective_on,
        decision=decision,
        predecessors=predecessors,
        successors=successors,
        new_name=new_name,
    )
    reorg = audited_save(
        Reorganisation(
            kind=kind,
            effective_on=effective_on,
            decision=decision.strip(),
            note=note,
            old_name=predecessors[0].name if kind == ReorganisationKind.RENAME else "",
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
        ),
        by=by,
    )
    reorg.predecessors.set(predecessors)
    if kind == ReorganisationKind.RENAME:
        unit = predecessors[0]
        reorg.successors.set([unit])
        old = unit.name
        unit.name = new_name.strip()
        _add_former_names(unit, [old], by=by)
        reorg.summary = _("Renamed from %(old)s to %(new)s.") % {"old": old, "new": unit.name}
        reorg.save(update_fields=["summary"])
        return reorg

    reorg.successors.set(successors)
    moves = reorganisation_moves(kind=kind, predecessors=predecessors)
    for task in moves.open_tasks:
        _move_task(task, leaving=predecessors, successors=successors, reorg=reorg, by=by)
    # Staff and cadres go to the (first) successor: the unit that carries on the work.
    heir = successors[0]
    for cadre in moves.cadres:
        cadre.unit = heir
        cadre.version += 1
        audited_save(cadre, by=by)
    for profile in moves.staff:
        profile.unit = heir
        audited_save(profile, by=by)
    for unit in predecessors:
        unit.is_active = False
        unit.version += 1
        audited_save(unit, by=by)
    for unit in successors:
        _add_former_names(unit, [u.name for u in predecessors], by=by)
    reorg.summary = _(
        "%(tasks)s open tasks, %(cadres)s cadres and %(staff)s staff accounts moved; "
        "%(closed)s completed tasks stay with the former units."
    ) % {
        "tasks": len(moves.open_tasks),
        "cadres": len(moves.cadres),
        "staff": len(moves.staff),
        "closed": len(moves.closed_tasks),
    }
    reorg.save(update_fields=["summary"])
    return reorg
