"""`thaogo gen-scale` writes in bulk what the services would have written: a sample of its
derived columns is recomputed by the services' own code and must come out the same."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.helpers import TODAY
from thaogo.direction.models import Directive, Proposal
from thaogo.reporting.models import Report, ReportObligation, ReportStatus
from thaogo.reporting.services import (
    obligations_sync_for_assignment,
    revision_due_default,
    submitted_late,
)
from thaogo.scale.generator import generate
from thaogo.tasks.models import Assignment, AssignmentRole, MetricValue, Task
from thaogo.tasks.selectors import timing_summary
from thaogo.tasks.services import _units_summary
from thaogo.units.models import Cadre, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def scale(today):
    return generate(tasks=60, units=8, years=2, as_of=TODAY, seed=7)


def _obligation_rows(assignment):
    return sorted(
        ReportObligation.objects.filter(assignment=assignment).values_list(
            "kind", "year", "number", "period_start", "period_end", "due_on"
        )
    )


def test_counts_are_what_was_asked(scale):
    assert scale["tasks"] == Task.objects.count() == 60
    assert scale["units"] == 8
    assert scale["obligations"] == ReportObligation.objects.count() > 60
    assert Proposal.objects.exists() and Directive.objects.exists()


def test_obligations_are_those_the_reporting_service_derives(scale):
    leads = Assignment.objects.filter(role=AssignmentRole.LEAD).select_related("task__plan")
    for assignment in leads.order_by("pk")[:25]:
        before = _obligation_rows(assignment)
        obligations_sync_for_assignment(assignment)
        assert _obligation_rows(assignment) == before, assignment


def test_search_paths_and_summaries_are_those_the_models_write(scale):
    for unit in Unit.objects.order_by("-pk")[:5]:
        stored = (unit.path, unit.depth, unit.search_text)
        unit.save()
        unit.refresh_from_db()
        assert (unit.path, unit.depth, unit.search_text) == stored
    for model in (Cadre, Task):
        for row in model.objects.order_by("?")[:10]:
            stored = row.search_text
            row.save()
            assert row.search_text == stored
    for task in Task.objects.prefetch_related("units")[:10]:
        assert task.units_summary == _units_summary(list(task.units.all()))


def test_lateness_and_revision_deadlines_are_those_the_services_compute(scale):
    reports = Report.objects.exclude(status=ReportStatus.DRAFT).select_related(
        "obligation__assignment__task__plan"
    )
    for report in reports:
        # Lateness is judged when submitting, before a return sets a revision deadline.
        revision_due_on, report.revision_due_on = report.revision_due_on, None
        assert report.is_late == submitted_late(report, report.submitted_at), report
        report.revision_due_on = revision_due_on
        if report.status == ReportStatus.RETURNED:
            returned = report.submissions.get().reviewed_at
            assert report.revision_due_on == revision_due_default(
                report=report, returned_on=timezone.localdate(returned)
            )


def test_distributions_are_realistic(scale):
    statuses = Counter(Report.objects.values_list("status", flat=True))
    assert set(statuses) == set(ReportStatus.values)
    assert statuses[ReportStatus.ACCEPTED] > statuses[ReportStatus.RETURNED]
    assert Report.objects.filter(is_late=True).exists()
    assert Report.objects.filter(is_late=False).exclude(status=ReportStatus.DRAFT).exists()
    summary = timing_summary(Task.objects.all(), today=TODAY)
    assert summary.total == 60
    assert summary.counts["completed_on_time"] > summary.counts["completed_late"]
    assert summary.counts["overdue"] > 0
    # Every accepted report's figure is a measured value of the task's metric, as on accept.
    accepted = Report.objects.filter(status=ReportStatus.ACCEPTED, metric_values__isnull=False)
    for report in accepted[:10]:
        for reported in report.metric_values.all():
            assert MetricValue.objects.filter(metric=reported.metric, value=reported.value).exists()


def test_the_command_runs_and_its_users_see_their_tasks(client, today):
    call_command("gen-scale", "--tasks=12", "--units=4", "--years=1", f"--as-of={TODAY}")
    assert client.login(username="scale-cadre", password="scale-bench")
    response = client.get(reverse("tasks:list"))
    assert response.status_code == 200
    assert response.context["count"] > 0
