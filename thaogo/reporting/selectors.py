"""Reads of the reporting cycle, each scoped to what the user may see."""

from datetime import date
from typing import Any

from django.db.models import QuerySet

from thaogo.reporting.models import ReportObligation
from thaogo.reporting.services import obligation_state
from thaogo.tasks.selectors import tasks_visible_to


def obligations_visible_to(user: Any) -> QuerySet[ReportObligation]:
    return ReportObligation.objects.filter(assignment__task__in=tasks_visible_to(user))


def with_states(obligations: Any, *, today: date) -> list[ReportObligation]:
    """Obligations with their report and state, in two queries."""
    rows = list(
        obligations.select_related("assignment__task", "assignment__cadre", "report").order_by(
            "due_on", "assignment__task__code"
        )
    )
    for obligation in rows:
        report = getattr(obligation, "report", None)
        obligation.report_or_none = report
        obligation.state = obligation_state(obligation, report, today)
    return rows
