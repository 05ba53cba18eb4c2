"""Task metrics: decimals come back from every database with their column's places, are typed
the Vietnamese way ("30.907,38") and shown that way on every page."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from tests.helpers import form_as_served
from thaogo.portal.selectors import metrics_with_latest_value
from thaogo.tasks.models import MeasureUnit, Metric, MetricValue
from thaogo.tasks.selectors import metrics_with_progress

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
def hectares(world, make):
    metric = make.metric(world.clearance, name="Diện tích", unit=MeasureUnit.HECTARES, target=10)
    make.value(metric, on=date(2024, 9, 30), value=Decimal("5.2"))
    return metric


def page_text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def page_text(response) -> str:
    assert response.status_code == 200
    return page_text_of(response.content.decode())


def test_the_latest_value_of_a_metric_has_the_columns_places_on_every_database(
    world, hectares, area
):
    # SQLite quantised only plain columns: the subquery read 5.2 back as 5.20000000000000.
    for metrics in (
        metrics_with_progress(world.clearance),
        metrics_with_latest_value([world.clearance]),
    ):
        current = {m.pk: str(m.current_value) for m in metrics}
        assert current[hectares.pk] == "5.20"
        assert current[area.pk] == "27121.38"
        assert current[world.households.pk] == "90.00"


def test_the_task_page_shows_figures_the_vietnamese_way_in_either_language(
    client_for, world, area, hectares
):
    client = client_for(world.btc)
    url = reverse("tasks:detail", args=[world.clearance.pk])
    for language in ("vi", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        metrics = html[html.index('<section id="metrics">') :]
        metrics = page_text_of(metrics[: metrics.index("</section>")])
        assert "27.121,38 / 48.650 m²" in metrics
        assert "5,20 / 10 ha" in metrics
        assert "27,121.38" not in metrics and "27121.38" not in metrics


def test_the_values_page_lists_recorded_values_the_vietnamese_way(client_for, world, area):
    client = client_for(world.btc)
    for language in ("vi", "en"):  # the form on the page reads them that way in both
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        text = page_text(client.get(reverse("tasks:metric_values", args=[area.pk])))
        assert "27.121,38" in text and "27,121.38" not in text


def test_the_metric_form_sent_back_as_served_changes_nothing(client_for, world, area):
    client = client_for(world.btc)
    url = reverse("tasks:metric_edit", args=[area.pk])
    fields = form_as_served(client.get(url).content.decode())
    assert fields["target"] == ["48.650,00"] and fields["baseline"] == ["0,00"]
    response = client.post(url, fields)
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.target, area.baseline) == (Decimal(48650), Decimal(0))


def test_a_target_typed_with_a_decimal_comma_is_stored_as_typed(client_for, world, area):
    client = client_for(world.btc)
    url = reverse("tasks:metric_edit", args=[area.pk])
    fields = {**form_as_served(client.get(url).content.decode()), "target": "36.120,5"}
    assert client.post(url, fields).status_code == 302
    area.refresh_from_db()
    assert str(area.target) == "36120.50"


def test_a_value_typed_with_a_decimal_comma_is_recorded_as_typed(client_for, world, area):
    client = client_for(world.unit_staff)
    url = reverse("tasks:metric_values", args=[area.pk])
    response = client.post(url, {"measured_on": "14/10/2024", "value": "36120,5"})
    assert response.status_code == 302
    recorded = MetricValue.objects.get(metric=area, measured_on=date(2024, 10, 14))
    assert str(recorded.value) == "36120.50"


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("1.234", "“1.234,00” hoặc “1234”"),
        ("36120.5", "“36120,5”"),
        ("1e5", "30.907,38"),
        ("1.000.000.000.000", "tối đa 12 chữ số"),
    ],
)
def test_an_ambiguous_value_or_target_is_refused_with_a_message_and_nothing_changes(
    client_for, world, area, typed, says
):
    values = MetricValue.objects.filter(metric=area).count()
    staff = client_for(world.unit_staff)
    response = staff.post(
        reverse("tasks:metric_values", args=[area.pk]),
        {"measured_on": "14/10/2024", "value": typed},
    )
    assert response.status_code == 400
    assert says in response.content.decode()
    assert MetricValue.objects.filter(metric=area).count() == values

    btc = client_for(world.btc)
    url = reverse("tasks:metric_edit", args=[area.pk])
    fields = {**form_as_served(btc.get(url).content.decode()), "target": typed}
    response = btc.post(url, fields)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert Metric.objects.get(pk=area.pk).target == Decimal(48650)
