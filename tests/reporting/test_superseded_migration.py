"""The migration that records when each report version was superseded fills it in for the
versions already there."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.test_rule_migrations import back_to_the_latest_schema, migrate  # noqa: F401
from thaogo.reporting import services
from thaogo.reporting.models import ReportObligation, ReportSubmission

BEFORE = [("reporting", "0014_swappedworkingday_version")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_versions_already_there_are_marked_superseded_by_the_next(
    world,
    back_to_the_latest_schema,  # noqa: F811
):
    obligation = ReportObligation.objects.filter(assignment=world.clearance_lead).first()
    report = services.report_for(obligation)
    for _round in range(2):
        report = services.report_save_draft(
            report=report, by=world.cadre, expected_version=report.version, results="Kết quả"
        )
        report = services.report_submit(
            report=report, by=world.cadre, expected_version=report.version
        )
        report = services.report_return(report=report, by=world.btc, comment="Bổ sung.")
    first, second = ReportSubmission.objects.filter(report=report).order_by("number")

    migrate(BEFORE)
    new = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    versions = new.get_model("reporting", "ReportSubmission").objects.filter(report_id=report.pk)
    assert dict(versions.values_list("number", "superseded_at")) == {
        1: second.submitted_at,
        2: None,
    }
    assert first.superseded_at == second.submitted_at
