"""The tasks' queues on the home page (thaogo.core.home): a cadre's tasks with their timing
and progress, the headline split, and what unit staff update and chase."""

from datetime import date
from typing import Any

from django.db.models import F, OuterRef, Subquery

from thaogo.accounts.roles import cadre_of
from thaogo.core.home import SHOWN, Queue, list_url
from thaogo.tasks.models import Assignment, AssignmentRole, Status, Timing
from thaogo.tasks.selectors import (
    TaskFilters,
    cached_timing_summary,
    lead_subquery,
    metrics_with_progress,
    tasks_of_cadre,
    tasks_visible_to,
    with_timing,
)


def _with_progress(metrics: list) -> list:
    for metric in metrics:
        metric.progress = metric.progress_percent(metric.current_value)
    return metrics


def cadre_tasks(user: Any, *, today: date) -> Queue:
    """The cadre's current tasks: their part in each, the timing and each metric's progress."""
    cadre = cadre_of(user)
    own_role = Assignment.objects.filter(
        task=OuterRef("pk"), cadre=cadre, end_date__isnull=True
    ).values("role")[:1]
    tasks = list(tasks_of_cadre(cadre, today=today).annotate(own_role=Subquery(own_role)))
    metrics = _with_progress(list(metrics_with_progress([task.pk for task in tasks])))
    for task in tasks:
        task.own_role_label = AssignmentRole(task.own_role).label
        task.metric_rows = [metric for metric in metrics if metric.task_id == task.pk]
    return Queue(
        "tasks/queues/cadre_tasks.html",
        {
            "rows": tasks,
            "count": len(tasks),
            "list_url": list_url("tasks:list", cadre=cadre.pk),
        },
    )


def plan_timing(user: Any, *, today: date) -> Queue:
    """The headline split of every task the user sees."""
    return Queue(
        "tasks/queues/timing_summary.html",
        {"summary": cached_timing_summary(user, TaskFilters(), today=today)},
    )


def unit_metrics(user: Any, *, today: date) -> Queue:
    """The figures of the unfinished tasks in the user's units, the longest unmeasured first."""
    tasks = tasks_visible_to(user).exclude(status=Status.COMPLETED)
    metrics = (
        metrics_with_progress(tasks)
        .select_related("task")
        .order_by(F("current_on").asc(nulls_first=True), "task__code", "order", "pk")
    )
    rows = _with_progress(list(metrics[:SHOWN]))
    return Queue("tasks/queues/unit_metrics.html", {"rows": rows, "count": metrics.count()})


def unit_late_tasks(user: Any, *, today: date) -> Queue:
    """The tasks in the user's units that are in progress past their deadline."""
    late = (
        with_timing(tasks_visible_to(user), today=today)
        .filter(timing_value=Timing.OVERDUE)
        .select_related("category")
        .annotate(lead_name=lead_subquery())
        .order_by("deadline", "code", "pk")
    )
    return Queue(
        "tasks/queues/unit_late_tasks.html",
        {
            "rows": list(late[:SHOWN]),
            "count": late.count(),
            "list_url": list_url("tasks:list", timing=Timing.OVERDUE.value),
        },
    )
