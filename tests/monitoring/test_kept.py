"""The dashboard's figures are kept between visits (`kept_figures`): turning a page of its
tables or sorting them works nothing out again, and any write to what they count shows at
the next visit."""

import re
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers import TODAY, submitted_q3_report
from thaogo.core import dataversion
from thaogo.monitoring import selectors
from thaogo.monitoring.selectors import FIGURE_MODELS, figures, kept_figures
from thaogo.reporting import services as reporting
from thaogo.reporting.models import ReportObligation
from thaogo.tasks import services as task_services
from thaogo.tasks.models import Metric

pytestmark = pytest.mark.django_db

Q3 = ("quarter", 2024, 3)
# Read by the figures, and part of what they are kept under rather than watched: who is
# looking (tasks.selectors.visibility_scope) and the data's versions themselves.
KEYED = {"auth_user", "accounts_profile", "core_datachange", "monitoring_figurechange"}
# Joined only to reach a watched table: the figures read no column of a report itself, so a
# draft saved as its cadre types moves nothing they count.
MOVED_WITH = {"reporting_report": "reporting_reportsubmission"}


def tables_read(action) -> set[str]:
    with CaptureQueriesContext(connection) as captured:
        action()
    names = set()
    for query in captured.captured_queries:
        names |= set(re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"]))
    return names


def test_every_table_the_figures_read_moves_a_version_they_are_kept_under(world):
    def reading() -> None:
        for user in (world.btc, world.cadre):
            for day in (TODAY, date(2024, 7, 15)):
                figures(user=user, as_of=day)
                figures(user=user, as_of=day, plan=world.plan.pk, period=Q3)

    by_table = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
    read = tables_read(reading) - KEYED
    assert set(MOVED_WITH.values()) <= read
    read_models = {by_table[name] for name in read - set(MOVED_WITH)}
    assert len(read_models) > 10
    unwatched = read_models - dataversion.watched() - set(FIGURE_MODELS)
    assert unwatched == set()


@pytest.fixture
def counted(monkeypatch):
    """How many times the figures are worked out."""
    calls = []
    original = selectors.figures

    def counting(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(selectors, "figures", counting)
    return calls


def test_turning_a_page_or_sorting_works_nothing_out_again(world, client_for, counted):
    client = client_for(world.btc)
    url = reverse("monitoring:dashboard")
    first = client.get(url)
    assert len(counted) == 1
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url, {"sort": "-overdue", "cadre_page": "1"})
    assert again.status_code == 200
    assert len(counted) == 1
    # The session, the user, the two versions and the plan filter's choices.
    assert len(captured.captured_queries) < 12
    shown = re.findall(r'data-figure-count="(\d+)"', first.content.decode())
    assert sorted(shown) == sorted(re.findall(r'data-figure-count="(\d+)"', again.content.decode()))
    # The download of the by-cadre table is the same figures.
    assert client.get(reverse("exports:cadre_table")).status_code == 200
    assert len(counted) == 1
    # Another date, plan or visitor has figures of its own.
    client.get(url, {"as_of": "15/07/2024"})
    client_for(world.cadre).get(url)
    assert len(counted) == 3


def test_a_submitted_report_shows_at_the_next_visit(world):
    def submitted() -> int:
        result = kept_figures(user=world.btc, as_of=TODAY)
        period = next(p for p in result.periods if (p.kind, p.year, p.number) == Q3)
        counts = result.period_counts(period)
        return counts["on_time"] + counts["late"]

    before = submitted()
    assert submitted() == before  # kept
    submitted_q3_report(world)
    assert submitted() == before + 1


def test_a_measured_value_shows_at_the_next_visit(world):
    def measured() -> dict[int, int]:
        return {
            row.task.pk: row.percent for row in kept_figures(user=world.btc, as_of=TODAY).attainment
        }

    metric = Metric.objects.filter(task__completed_on__isnull=True, target__gt=0).first()
    assert metric is not None
    before = measured()
    task_services.metric_value_record(
        metric=metric, value=metric.target, measured_on=TODAY, by=world.btc
    )
    assert measured() != before


@pytest.mark.parametrize("model", FIGURE_MODELS, ids=lambda m: m.__name__)
def test_a_save_or_delete_of_any_watched_kind_works_the_figures_out_again(world, counted, model):
    # The signals a save and a delete of a row of that kind send, with a real row where the
    # shared world has one (the kinds kept in history need one); the reports and values
    # above are real writes through the services.
    submitted_q3_report(world)
    row = model.objects.first() or model()
    kept_figures(user=world.btc, as_of=TODAY)
    kept_figures(user=world.btc, as_of=TODAY)
    assert len(counted) == 1
    post_save.send(sender=model, instance=row, created=False, raw=False, using="default")
    kept_figures(user=world.btc, as_of=TODAY)
    assert len(counted) == 2
    post_delete.send(sender=model, instance=row, origin=row, using="default")
    kept_figures(user=world.btc, as_of=TODAY)
    assert len(counted) == 3


def test_a_draft_saved_as_its_cadre_types_keeps_the_figures(world, counted):
    obligation = ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )
    report = reporting.report_for(obligation)
    kept_figures(user=world.btc, as_of=TODAY)
    report = reporting.report_save_draft(
        report=report, by=world.cadre, expected_version=report.version, results="Đang viết"
    )
    kept_figures(user=world.btc, as_of=TODAY)
    assert len(counted) == 1
    reporting.report_submit(report=report, by=world.cadre, expected_version=report.version)
    kept_figures(user=world.btc, as_of=TODAY)
    assert len(counted) == 2
