"""Who may see and do what in Thaogo: the one place the rules live.

Seeing: an object is visible when the scoping selector of its kind (VISIBLE below) returns
it; every view, download and export looks objects up through those selectors, so anything
else is a 404.

Doing: an action on something the user can see is allowed when RULES says so; otherwise
the view answers 403 (or 404 where even knowing the page exists would tell too much).
tests/access/test_matrix.py checks the outcome for every URL and role.
"""

from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from thaogo.accounts.models import Role
from thaogo.accounts.roles import (
    cadre_of,
    is_unit_staff,
    manages_tasks,
    oversees,
    role_of,
)
from thaogo.core import scoping


class Action(StrEnum):
    PLAN_MANAGE = "plan.manage"  # create and edit plans and documents
    TASK_MANAGE = "task.manage"  # create and edit tasks, assignments and metrics
    METRIC_RECORD = "metric.record"  # record measured values; obj: the task
    REPORTING_TAKE_PART = "reporting.take_part"  # open the reporting cycle's lists
    REPORT_WRITE = "report.write"  # write and submit a report; obj: the obligation
    REPORT_CONTRIBUTE = "report.contribute"  # add to the lead's report; obj: the obligation
    REPORT_REVIEW = "report.review"  # accept or return a submitted report
    SCHEDULE_MANAGE = "schedule.manage"  # change a plan's reporting schedule
    PROPOSAL_RAISE = "proposal.raise"  # obj: the task
    MEETING_MANAGE = "meeting.manage"  # meetings, agendas and directives
    # A meeting's whole record (attendees, minutes, every item, its conclusion notice); a
    # cadre who sees the meeting for one proposal sees only that proposal.
    MEETING_RECORD_VIEW = "meeting.record_view"
    DIRECTIVE_ACT = "directive.act"  # acknowledge and complete; obj: the directive
    PORTAL_EDIT = "portal.edit"  # news, photos and albums of the public portal
    PORTAL_PUBLISH_PROGRESS = "portal.publish_progress"  # choose the public tasks
    EVALUATION_VIEW = "evaluation.view"  # a cadre's evaluation; obj: the evaluated cadre
    # Rule sets, opening rounds, proposals, reopening: the Organization Board's work.
    EVALUATION_MANAGE = "evaluation.manage"
    EVALUATION_APPROVE = "evaluation.approve"  # approve a round's ratings: the Standing Committee
    EVALUATION_OVERVIEW = "evaluation.overview"  # every round and the cadre-source list
    HISTORY_ADDRESSES_VIEW = "history.addresses_view"  # editors' network addresses in histories
    # The committee's registers in Thaogo's own pages: cadres, units, and their import.
    REGISTRY_MANAGE = "registry.manage"
    TARGETS_EDIT = "targets.edit"  # resolution targets and their yearly figures
    # Users and roles, holidays, document types: the administrator's settings.
    SETTINGS_ADMINISTER = "settings.administer"
    UNITS_REORGANISE = "units.reorganise"  # record a merge, split or rename of units


def _holds_assignment(user: Any, task: Any, role: str | None = None) -> bool:
    """Whether the user's cadre holds an active assignment on the task (in that role). A task
    read with its assignments (the task page's) answers from them, without a query."""
    cadre = cadre_of(user)
    if cadre is None:
        return False
    loaded = getattr(task, "_prefetched_objects_cache", {}).get("assignments")
    if loaded is not None:
        return any(
            a.cadre_id == cadre.pk and a.end_date is None and role in (None, a.role) for a in loaded
        )
    active = task.assignments.filter(cadre=cadre, end_date__isnull=True)
    return (active.filter(role=role) if role else active).exists()


def _is_active_lead(user: Any, task: Any) -> bool:
    return _holds_assignment(user, task, "lead")


def _is_assigned(user: Any, task: Any) -> bool:
    return _holds_assignment(user, task)


def _is_supporting(user: Any, task: Any) -> bool:
    return _holds_assignment(user, task, "support")


def _is_portal_editor(user: Any) -> bool:
    return role_of(user) in (Role.PORTAL_EDITOR, Role.ADMINISTRATOR)


EVALUATING_ROLES = (Role.ORGANIZATION_BOARD, Role.STANDING_COMMITTEE, Role.ADMINISTRATOR)


def _sees_evaluation(user: Any, cadre: Any) -> bool:
    """Only the evaluated cadre, the Organization Board, the Standing Committee and
    administrators (not the Office: a rating is personnel work)."""
    own = cadre_of(user)
    if own is not None and cadre is not None and own.pk == cadre.pk:
        return True
    return role_of(user) in EVALUATING_ROLES


RULES: dict[Action, Callable[[Any, Any], bool]] = {
    Action.PLAN_MANAGE: lambda user, _obj: manages_tasks(user),
    Action.TASK_MANAGE: lambda user, _obj: manages_tasks(user),
    Action.METRIC_RECORD: lambda user, task: (
        manages_tasks(user) or is_unit_staff(user) or _is_active_lead(user, task)
    ),
    Action.REPORTING_TAKE_PART: lambda user, _obj: (
        oversees(user) or is_unit_staff(user) or cadre_of(user) is not None
    ),
    Action.REPORT_WRITE: lambda user, obligation: (
        obligation.assignment.cadre.user_id is not None
        and obligation.assignment.cadre.user_id == user.pk
    ),
    Action.REPORT_CONTRIBUTE: lambda user, obligation: _is_supporting(
        user, obligation.assignment.task
    ),
    Action.REPORT_REVIEW: lambda user, _obj: manages_tasks(user),
    Action.SCHEDULE_MANAGE: lambda user, _obj: manages_tasks(user),
    Action.PROPOSAL_RAISE: lambda user, task: _is_assigned(user, task),
    Action.MEETING_MANAGE: lambda user, _obj: oversees(user),
    Action.MEETING_RECORD_VIEW: lambda user, _obj: oversees(user),
    Action.DIRECTIVE_ACT: lambda user, directive: (
        directive.responsible_cadre.user_id is not None
        and directive.responsible_cadre.user_id == user.pk
    ),
    Action.PORTAL_EDIT: lambda user, _obj: _is_portal_editor(user),
    Action.PORTAL_PUBLISH_PROGRESS: lambda user, _obj: manages_tasks(user),
    Action.EVALUATION_VIEW: _sees_evaluation,
    Action.EVALUATION_MANAGE: lambda user, _obj: (
        role_of(user) in (Role.ORGANIZATION_BOARD, Role.ADMINISTRATOR)
    ),
    Action.EVALUATION_APPROVE: lambda user, _obj: (
        role_of(user) in (Role.STANDING_COMMITTEE, Role.ADMINISTRATOR)
    ),
    Action.EVALUATION_OVERVIEW: lambda user, _obj: role_of(user) in EVALUATING_ROLES,
    # An editor's address is personal data, kept for investigating abuse: only administrators.
    Action.HISTORY_ADDRESSES_VIEW: lambda user, _obj: role_of(user) == Role.ADMINISTRATOR,
    Action.REGISTRY_MANAGE: lambda user, _obj: manages_tasks(user),
    Action.TARGETS_EDIT: lambda user, _obj: role_of(user) in (Role.OFFICE, Role.ADMINISTRATOR),
    Action.SETTINGS_ADMINISTER: lambda user, _obj: role_of(user) == Role.ADMINISTRATOR,
    Action.UNITS_REORGANISE: lambda user, _obj: (
        role_of(user) in (Role.ORGANIZATION_BOARD, Role.ADMINISTRATOR)
    ),
}


def can(user: Any, action: Action, obj: Any = None) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return RULES[action](user, obj)


def require(user: Any, action: Action, obj: Any = None, *, hide: bool = False) -> None:
    """Refuse with 403, or with 404 when `hide` (the page's existence is itself private)."""
    if not can(user, action, obj):
        raise Http404 if hide else PermissionDenied


def kinds() -> list[str]:
    """Every kind of object that has a scoping selector."""
    return scoping.kinds()


def visible(user: Any, kind: str):
    """The objects of a kind the user may know exist."""
    return scoping.visible(user, kind)


class _Selectors(Mapping):
    """Each kind's scoping selector, as its app registered it (thaogo.core.scoping)."""

    def __getitem__(self, kind: str) -> Callable[[Any], Any]:
        return scoping.selector(kind)

    def __iter__(self) -> Iterator[str]:
        return iter(scoping.kinds())

    def __len__(self) -> int:
        return len(scoping.kinds())


VISIBLE: Mapping[str, Callable[[Any], Any]] = _Selectors()
