"""The dashboard's figures come from a fixed number of aggregate queries: as many for 300
tasks, 30 cadres and their reports as for 10 tasks and a few cadres."""

from datetime import date, datetime, time
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.helpers import TODAY
from thaogo.monitoring.selectors import figures
from thaogo.reporting.models import Report, ReportObligation, ReportStatus, ReportSubmission
from thaogo.tasks.models import (
    Assignment,
    AssignmentRole,
    Category,
    MeasureUnit,
    Metric,
    MetricValue,
    Status,
    Task,
)
from thaogo.units.models import Cadre


def add_tasks(world, count: int, *, first: int, cadres: int) -> None:
    """`count` tasks with leads among `cadres` new cadres, units, metrics and Quý III
    reports, written in bulk (no services: this is about reading them)."""
    categories = list(Category.objects.filter(is_active=True))
    new_cadres = Cadre.objects.bulk_create(
        [Cadre(full_name=f"Cán bộ {first + n:04d}", unit=world.district) for n in range(cadres)]
    )
    tasks = Task.objects.bulk_create(
        [
            Task(
                plan=world.plan,
                code=f"B{first + n:04d}",
                title=f"Việc số {first + n}",
                category=categories[n % len(categories)],
                start_date=date(2024, 1, 1),
                deadline=[None, date(2024, 9, 1), date(2024, 12, 31)][n % 3],
                status=Status.COMPLETED if n % 4 == 0 else Status.IN_PROGRESS,
                completed_on=date(2024, 8, 1) if n % 4 == 0 else None,
            )
            for n in range(count)
        ]
    )
    Task.units.through.objects.bulk_create(
        [
            Task.units.through(task=task, unit=[world.vinh_niem, world.an_bien][n % 2])
            for n, task in enumerate(tasks)
        ]
    )
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                task=task,
                cadre=new_cadres[n % cadres],
                role=AssignmentRole.LEAD,
                start_date=date(2024, 1, 1),
            )
            for n, task in enumerate(tasks)
        ]
    )
    metrics = Metric.objects.bulk_create(
        [
            Metric(task=task, name="Số hộ", unit_id=MeasureUnit.HOUSEHOLDS, target=Decimal(100))
            for task in tasks
        ]
    )
    MetricValue.objects.bulk_create(
        [
            MetricValue(metric=metric, measured_on=date(2024, 9, 30), value=Decimal(n % 100))
            for n, metric in enumerate(metrics)
        ]
    )
    obligations = ReportObligation.objects.bulk_create(
        [
            ReportObligation(
                assignment=assignment,
                kind="quarter",
                year=2024,
                number=3,
                period_start=date(2024, 6, 15),
                period_end=date(2024, 9, 14),
                due_on=date(2024, 9, 18),
            )
            for assignment in assignments
        ]
    )
    submitted = timezone.make_aware(datetime.combine(date(2024, 9, 17), time(9)))
    reports = Report.objects.bulk_create(
        [
            Report(
                obligation=obligation,
                results="x",
                status=ReportStatus.SUBMITTED,
                submitted_at=submitted,
                revision=1,
            )
            for obligation in obligations[::2]
        ]
    )
    ReportSubmission.objects.bulk_create(
        [
            ReportSubmission(report=report, number=1, submitted_at=submitted, content={})
            for report in reports
        ]
    )


def queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def test_figures_take_as_many_queries_for_300_tasks_as_for_10(world, client_for):
    client = client_for(world.btc)
    url = reverse("monitoring:dashboard")

    def compute():
        figures(user=world.btc, as_of=TODAY)
        figures(user=world.btc, as_of=date(2024, 9, 20), plan=world.plan.pk)

    def page():
        cache.clear()  # the figures are kept between visits: count them being worked out
        assert client.get(url).status_code == 200

    add_tasks(world, 10, first=0, cadres=3)
    compute()  # the user's profile, read once and kept on the user
    client.get(url)  # likewise for the session
    few = (queries(compute), queries(page))
    add_tasks(world, 290, first=10, cadres=30)
    many = (queries(compute), queries(page))
    assert Task.objects.count() > 300
    assert few == many
    assert few[0] < 60  # two dashboards: figures, reorganisation moves and deadline rules
