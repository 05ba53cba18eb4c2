"""Who may change what on a task the user can already see."""

from typing import Any

from thaogo.accounts.roles import cadre_of, is_unit_staff, manages_tasks
from thaogo.tasks.models import AssignmentRole, Task


def can_edit_task(user: Any) -> bool:
    return manages_tasks(user)


def can_record_values(user: Any, task: Task) -> bool:
    """Managers, the unit staff of the task's units, and the task's active lead."""
    if manages_tasks(user) or is_unit_staff(user):
        return True
    cadre = cadre_of(user)
    return (
        cadre is not None
        and task.assignments.filter(
            cadre=cadre, role=AssignmentRole.LEAD, end_date__isnull=True
        ).exists()
    )
