"""The readable history on each object's page: true diffs, editors' addresses only for
administrators, and a page cost that does not grow with the history."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers import held_meeting, submitted_q3_report
from thaogo.core.audit import history_entries
from thaogo.direction import services as direction
from thaogo.tasks import services
from thaogo.tasks.models import MeasureUnit, MetricValue

ADDRESS = "203.0.113.77"


def history_of(html: str) -> str:
    return html[html.index('id="history"') :]


def test_a_change_is_compared_with_the_previous_version_of_the_same_object(world, make):
    area = make.metric(
        world.clearance,
        name="Diện tích đã giải phóng",
        unit=MeasureUnit.SQUARE_METRES,
        target=50000,
    )
    make.value(area, on=date(2024, 10, 1), value="26634.07")
    # A second value for 30/09 replaces the first: one change of one measured value.
    services.metric_value_record(
        metric=world.households, measured_on=date(2024, 9, 30), value=Decimal(95), by=world.btc
    )
    entries = history_entries(
        MetricValue.history.filter(metric__task=world.clearance), viewer=world.btc
    )
    changed = [e for e in entries if any(c.old for c in e.changes)]
    assert len(changed) == 1
    labels = {c.label: (c.old, c.new) for c in changed[0].changes}
    metric_label = str(MetricValue._meta.get_field("metric").verbose_name)
    value_label = str(MetricValue._meta.get_field("value").verbose_name)
    assert metric_label not in labels  # the metric did not change: no other object's name
    assert set(labels) == {value_label}
    old, new = labels[value_label]
    assert old.startswith("90") and new.startswith("95")


def test_a_task_history_invents_no_change_between_different_objects(world, make, client_for):
    area = make.metric(
        world.clearance,
        name="Diện tích đã giải phóng",
        unit=MeasureUnit.SQUARE_METRES,
        target=50000,
    )
    make.value(area, on=date(2024, 10, 1), value="26634.07")
    services.metric_value_record(
        metric=world.households, measured_on=date(2024, 9, 30), value=Decimal(95), by=world.btc
    )
    html = client_for(world.btc).get(reverse("tasks:history", args=[world.clearance.pk]))
    history = history_of(html.content.decode())
    assert "<del>Diện tích đã giải phóng</del>" not in history
    assert "<del>Số hộ đã bàn giao mặt bằng</del>" not in history
    assert "<del>26" not in history


def _task_history_queries(client, task) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("tasks:history", args=[task.pk]))
    assert response.status_code == 200
    return len(queries)


def test_a_task_history_costs_the_same_queries_however_long_it_is(world, make, client_for):
    client = client_for(world.btc)
    task = world.clearance
    _task_history_queries(client, task)  # warm the session and content types
    before = _task_history_queries(client, task)
    for day in range(1, 13):
        task = services.task_update(
            task=task,
            by=world.office if day % 2 else world.btc,
            expected_version=task.version,
            result_summary=f"Cập nhật lần {day}",
        )
        make.value(world.households, on=date(2024, 10, day), value=90 + day)
    make.assign(task, world.tuan, role="support", start_date=date(2024, 10, 1))
    _task_history_queries(client, task)  # the writes renewed the cached figures: warm them again
    after = _task_history_queries(client, task)
    assert after == before


# Editors' addresses


@pytest.fixture
def every_page(world):
    """One page of each kind that shows a history, with every history row stamped with an
    address as a request would have stamped it."""
    report = submitted_q3_report(world)
    proposal = direction.proposal_create(
        task=world.clearance, raised_by=world.dat, title="Đề xuất", content="x", by=world.cadre
    )
    meeting = held_meeting(title="Họp", held_on=date(2024, 10, 1), by=world.office)
    direction.agenda_add(meeting=meeting, proposal=proposal, by=world.office)
    directive = direction.directive_issue(
        task=world.clearance,
        proposal=proposal,
        meeting=meeting,
        text="Chỉ đạo",
        responsible_cadre=world.dat,
        deadline=date(2024, 10, 30),
        by=world.btv,
    )
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            model.objects.update(ip_address=ADDRESS)
    return [
        reverse("tasks:history", args=[world.clearance.pk]),
        reverse("documents:plan_detail", args=[world.plan.pk]),
        reverse("documents:detail", args=[world.decision.pk]),
        reverse("reporting:report_detail", args=[report.obligation_id]),
        reverse("direction:proposal_detail", args=[proposal.pk]),
        reverse("direction:meeting_detail", args=[meeting.pk]),
        reverse("direction:directive_detail", args=[directive.pk]),
    ]


@pytest.mark.parametrize("who", ["btv", "btc", "office", "cadre", "unit_staff"])
def test_history_shows_no_editor_address_to_anyone_but_administrators(
    world, every_page, client_for, who
):
    client = client_for(getattr(world, who))
    for url in every_page:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        # A meeting's history is for those who see its whole agenda.
        whole_meeting = who in ("btv", "btc", "office") or "/meetings/" not in url
        assert ('class="history-entry"' in html) == whole_meeting, url
        assert ADDRESS not in html, url


def test_administrators_see_the_address_of_each_change(world, every_page, client_for):
    client = client_for(world.admin)
    for url in every_page:
        assert ADDRESS in client.get(url).content.decode(), url
