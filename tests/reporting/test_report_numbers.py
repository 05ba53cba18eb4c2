"""Figures in a report are typed and shown the Vietnamese way, and a form sent back as the page
served it saves (on SQLite the form used to pre-fill 27121.3800000000 and then refuse it)."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.helpers import form_as_served
from thaogo.reporting import services
from thaogo.reporting.models import ReportMetricValue, ReportObligation
from thaogo.tasks.models import MeasureUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(world, make):
    metric = make.metric(
        world.clearance,
        name="Diện tích đã giải phóng",
        unit=MeasureUnit.SQUARE_METRES,
        target=48650,
    )
    make.value(metric, on=date(2024, 9, 30), value=Decimal("27121.38"))
    return metric


@pytest.fixture
def obligation(world):
    return ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 12, 14)
    )


def stored(report) -> dict[int, str]:
    return {v.metric_id: str(v.value) for v in ReportMetricValue.objects.filter(report=report)}


def served(client, obligation) -> dict[str, list[str]]:
    page = client.get(reverse("reporting:report_edit", args=[obligation.pk]))
    assert page.status_code == 200
    return form_as_served(page.content.decode(), "report-form")


def test_the_report_form_prefills_the_latest_figures_the_vietnamese_way(
    world, client_for, obligation, area
):
    fields = served(client_for(world.cadre), obligation)
    assert fields[f"metric_{world.households.pk}"] == ["90,00"]
    assert fields[f"metric_{area.pk}"] == ["27.121,38"]


def test_the_report_form_sent_back_as_served_saves_the_same_figures(
    world, client_for, obligation, area
):
    client = client_for(world.cadre)
    fields = served(client, obligation)
    response = client.post(reverse("reporting:report_edit", args=[obligation.pk]), {**fields})
    assert response.status_code == 302
    report = services.report_for(obligation)
    assert stored(report) == {world.households.pk: "90.00", area.pk: "27121.38"}


def test_autosave_of_the_report_form_as_served_saves(world, client_for, obligation, area):
    client = client_for(world.cadre)
    fields = served(client, obligation)
    response = client.post(reverse("reporting:report_autosave", args=[obligation.pk]), fields)
    assert response.status_code == 200
    assert "field-error" not in response.content.decode()
    assert stored(services.report_for(obligation))[area.pk] == "27121.38"


def test_a_figure_with_a_decimal_comma_is_stored_as_typed_not_multiplied(
    world, client_for, obligation, area
):
    client = client_for(world.cadre)
    fields = {**served(client, obligation), f"metric_{area.pk}": "36120,5"}
    response = client.post(reverse("reporting:report_edit", args=[obligation.pk]), fields)
    assert response.status_code == 302
    assert stored(services.report_for(obligation))[area.pk] == "36120.50"
    # And the form shows it back the way it was meant.
    assert served(client, obligation)[f"metric_{area.pk}"] == ["36.120,50"]


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("1.234", "“1.234,00” hoặc “1234”"),
        ("36120.5", "“36120,5”"),
        ("1,2,3", "30.907,38"),
        ("5,123", "tối đa 2 chữ số"),
    ],
)
def test_an_ambiguous_or_malformed_figure_is_refused_with_a_message_and_nothing_changes(
    world, client_for, obligation, area, typed, says
):
    client = client_for(world.cadre)
    fields = served(client, obligation)
    first = client.post(reverse("reporting:report_edit", args=[obligation.pk]), fields)
    assert first.status_code == 302
    report = services.report_for(obligation)
    before = (stored(report), report.version)

    response = client.post(
        reverse("reporting:report_edit", args=[obligation.pk]),
        {**served(client, obligation), f"metric_{area.pk}": typed},
    )
    assert response.status_code == 400
    assert says in response.content.decode()
    autosave = client.post(
        reverse("reporting:report_autosave", args=[obligation.pk]),
        {**served(client, obligation), f"metric_{area.pk}": typed},
    )
    assert autosave.status_code == 400
    report.refresh_from_db()
    assert (stored(report), report.version) == before


def test_the_report_page_shows_submitted_figures_the_vietnamese_way(
    world, client_for, obligation, area
):
    report = services.report_for(obligation)
    report = services.report_save_draft(
        report=report,
        by=world.cadre,
        expected_version=report.version,
        results="Đã bàn giao thêm mặt bằng.",
        self_assessed_progress=55,
        values={world.households.pk: Decimal(90), area.pk: Decimal("2668.94")},
    )
    services.report_submit(report=report, by=world.cadre, expected_version=report.version)
    page = client_for(world.btc).get(reverse("reporting:report_detail", args=[obligation.pk]))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert "Số hộ đã bàn giao mặt bằng: 90 hộ" in text
    assert "Diện tích đã giải phóng: 2.668,94 m²" in text
    assert "55%" in text
    assert "2668.94" not in text and "90.00" not in text
