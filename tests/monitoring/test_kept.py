"""The dashboard's figures are kept between visits (`kept_figures`): turning a page of its
tables or sorting them works nothing out again, and any write to what they count shows at
the next visit."""

import re
from dataclasses import replace
from datetime import date

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers import TODAY, submitted_q3_report
from thaogo.core import dataversion
from thaogo.core.models import DeadlineRule
from thaogo.direction import services as direction
from thaogo.direction.models import Directive, Proposal
from thaogo.monitoring import parts, selectors
from thaogo.monitoring.parts import GLOBAL_MODELS, PART_MODELS, part_of
from thaogo.monitoring.selectors import figures, kept_figures
from thaogo.reporting import services as reporting
from thaogo.reporting.models import ReportObligation
from thaogo.tasks import services as task_services
from thaogo.tasks.models import DeadlineChange, Metric, UnitTransfer
from thaogo.units.models import Cadre, Reorganisation, ReorganisationKind

pytestmark = pytest.mark.django_db

Q3 = ("quarter", 2024, 3)
# Read by the figures, and part of what they are kept under rather than watched: who is
# looking (tasks.selectors.visibility_scope), the versions themselves, and the data's
# version, under which the deadline rules are kept (core.rules.rule_on).
KEYED = {
    "auth_user",
    "accounts_profile",
    "core_datachange",
    "monitoring_figurechange",
    "monitoring_figurepart",
}
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
                kept_figures(user=user, as_of=day)

    by_table = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
    read = tables_read(reading) - KEYED
    assert set(MOVED_WITH.values()) <= read
    read_models = {by_table[name] for name in read - set(MOVED_WITH)}
    assert len(read_models) > 10
    # The cadres' names are read when the parts are put together, under the data's version.
    assert read_models - set(PART_MODELS) - set(GLOBAL_MODELS) == {Cadre}
    assert Cadre in dataversion.watched()


def test_a_cadre_renamed_shows_at_the_next_visit_and_counts_nothing_again(
    world, counted, both_parts
):
    def names() -> set[str]:
        return {row.name for row in kept_figures(user=world.btc, as_of=TODAY).by_cadre}

    assert "Nguyễn Văn Đạt" in names()
    world.dat.full_name = "Nguyễn Văn Đạt (B)"
    world.dat.save()
    assert "Nguyễn Văn Đạt (B)" in names()
    assert len(counted) == 2


@pytest.fixture
def counted(monkeypatch):
    """The parts whose figures are counted, one entry each time (None: all the visitor
    sees, at once)."""
    calls = []
    original = selectors.counts_by_part

    def counting(scope, wanted, part_of_plan):
        found = original(scope, wanted, part_of_plan)
        calls.extend(sorted(found) if part_of_plan else [None])
        return found

    monkeypatch.setattr(selectors, "counts_by_part", counting)
    return calls


@pytest.fixture
def both_parts(world):
    """The world's two parts: the district's plan (under the city) and the foreign
    district's (a top unit of its own)."""
    keys = parts.parts()
    assert keys == sorted([part_of(world.plan.issuing_body.path), world.foreign_district.path])
    return keys


def test_turning_a_page_or_sorting_works_nothing_out_again(world, client_for, counted, both_parts):
    client = client_for(world.btc)
    url = reverse("monitoring:dashboard")
    first = client.get(url)
    assert sorted(counted) == both_parts
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url, {"sort": "-overdue", "cadre_page": "1"})
    assert again.status_code == 200
    assert len(counted) == 2
    # The session, the user, the versions and the plan filter's choices.
    assert len(captured.captured_queries) < 12
    shown = re.findall(r'data-figure-count="(\d+)"', first.content.decode())
    assert sorted(shown) == sorted(re.findall(r'data-figure-count="(\d+)"', again.content.decode()))
    # The download of the by-cadre table is the same figures.
    assert client.get(reverse("exports:cadre_table")).status_code == 200
    assert len(counted) == 2
    # Another date or visitor has figures of its own; a cadre's are counted at once.
    client.get(url, {"as_of": "15/07/2024"})
    assert len(counted) == 4
    client_for(world.cadre).get(url)
    assert counted[4:] == [None]


def test_the_parts_add_up_to_the_figures_counted_at_once(world):
    submitted_q3_report(world)
    for day in (TODAY, date(2024, 7, 15), date(2025, 6, 30)):
        for period in (None, Q3):
            at_once = figures(user=world.btc, as_of=day, period=period)
            in_parts = kept_figures(user=world.btc, as_of=day, period=period)
            assert replace(in_parts, scope=None) == replace(at_once, scope=None)
            assert at_once.tasks["total"] > 0


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


def _a_row_of_the_district(model, world):
    """A row of this kind on a task of the district's plan (made, for the kinds the world
    has none of)."""
    way = PART_MODELS[model][0]
    found = model._base_manager.filter(**{f"{way}plan": world.plan}).first()
    if found is not None:
        return found
    task = world.clearance
    if model is DeadlineChange:
        return DeadlineChange.objects.create(
            task=task,
            previous_deadline=date(2024, 11, 30),
            new_deadline=task.deadline,
            effective_on=TODAY,
            reason="Lùi hạn",
        )
    proposal = direction.proposal_create(
        task=task, raised_by=world.dat, title="Đề xuất", content="Nội dung", by=world.cadre
    )
    if model is Proposal:
        return proposal
    if model is Directive:
        return direction.directive_issue(
            task=task,
            text="Chỉ đạo",
            responsible_cadre=world.dat,
            deadline=date(2024, 12, 31),
            by=world.btv,
            source_document=world.decision,
            proposal=proposal,
        )
    assert model is UnitTransfer
    reorganisation = Reorganisation.objects.create(
        kind=ReorganisationKind.choices[0][0], effective_on=TODAY
    )
    return UnitTransfer.objects.create(
        task=task,
        from_unit=world.vinh_niem,
        to_unit=world.an_bien,
        effective_on=TODAY,
        reorganisation=reorganisation,
    )


@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
def test_a_write_to_a_task_counts_its_part_again_and_keeps_the_other(
    world, counted, both_parts, model
):
    # The signals a save and a delete of a row of that kind send, with a real row; the
    # reports and values above are real writes through the services.
    submitted_q3_report(world)
    row = _a_row_of_the_district(model, world)
    assert row is not None
    district = part_of(world.plan.issuing_body.path)
    kept_figures(user=world.btc, as_of=TODAY)
    kept_figures(user=world.btc, as_of=TODAY)
    assert len(counted) == 2
    pre_save.send(sender=model, instance=row, raw=False, using="default", update_fields=None)
    post_save.send(sender=model, instance=row, created=False, raw=False, using="default")
    kept_figures(user=world.btc, as_of=TODAY)
    assert counted[2:] == [district]
    pre_delete.send(sender=model, instance=row, origin=row, using="default")
    kept_figures(user=world.btc, as_of=TODAY)
    assert counted[3:] == [district]


@pytest.mark.parametrize("model", GLOBAL_MODELS, ids=lambda m: m.__name__)
def test_a_write_to_what_every_part_reads_counts_every_part_again(
    world, counted, both_parts, model
):
    if not model.objects.exists():  # the world keeps the default rules
        DeadlineRule.objects.create(valid_from=date(2000, 1, 1))
    row = model.objects.first()
    kept_figures(user=world.btc, as_of=TODAY)
    assert len(counted) == 2
    post_save.send(sender=model, instance=row, created=False, raw=False, using="default")
    kept_figures(user=world.btc, as_of=TODAY)
    assert sorted(counted[2:]) == both_parts
    post_delete.send(sender=model, instance=row, origin=row, using="default")
    kept_figures(user=world.btc, as_of=TODAY)
    assert sorted(counted[4:]) == both_parts


def test_a_task_moved_to_another_plan_counts_both_parts_again(world, counted, both_parts):
    task = world.clearance
    kept_figures(user=world.btc, as_of=TODAY)
    task.plan, task.code = world.foreign_plan, "99"
    task.save()
    kept_figures(user=world.btc, as_of=TODAY)
    assert sorted(counted[2:]) == both_parts


def test_a_units_task_removed_from_its_side_counts_every_part_again(world, counted, both_parts):
    kept_figures(user=world.btc, as_of=TODAY)
    world.an_bien.tasks.remove(world.revenue)
    kept_figures(user=world.btc, as_of=TODAY)
    assert sorted(counted[2:]) == both_parts


def test_a_write_that_is_rolled_back_keeps_the_figures(world, counted, both_parts):
    kept_figures(user=world.btc, as_of=TODAY)
    with pytest.raises(RuntimeError), transaction.atomic():
        submitted_q3_report(world)
        raise RuntimeError
    kept_figures(user=world.btc, as_of=TODAY)
    assert len(counted) == 2


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
    assert len(counted) == 2
    reporting.report_submit(report=report, by=world.cadre, expected_version=report.version)
    kept_figures(user=world.btc, as_of=TODAY)
    assert counted[2:] == [part_of(world.plan.issuing_body.path)]
