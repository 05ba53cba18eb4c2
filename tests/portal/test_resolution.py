"""Resolution targets: met, exceeded or not met, and the headline "x/y targets met or exceeded"."""

from decimal import Decimal

import pytest

from thaogo.portal.models import Assessment, TargetDirection, assess_figure
from thaogo.portal.selectors import resolution_scoreboard

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actual", "goal", "direction", "expected"),
    [
        ("92", "90", TargetDirection.AT_LEAST, Assessment.EXCEEDED),
        ("90", "90", TargetDirection.AT_LEAST, Assessment.MET),
        ("81.4", "95", TargetDirection.AT_LEAST, Assessment.NOT_MET),
        ("0.21", "0.3", TargetDirection.AT_MOST, Assessment.EXCEEDED),
        ("0.3", "0.3", TargetDirection.AT_MOST, Assessment.MET),
        ("1.12", "1", TargetDirection.AT_MOST, Assessment.NOT_MET),
    ],
)
def test_a_figure_is_exceeded_met_or_not_met_in_the_targets_direction(
    actual, goal, direction, expected
):
    assert assess_figure(Decimal(actual), Decimal(goal), direction) == expected


def test_scoreboard_groups_targets_and_counts_those_met_or_exceeded(portal):
    board = resolution_scoreboard(portal.resolution)
    assert [g.group.value for g in board.groups] == ["party_building", "socio_economic"]
    assert [len(g.rows) for g in board.groups] == [1, 3]
    assert (board.exceeded, board.met, board.not_met) == (2, 1, 1)
    assert (board.achieved, board.total) == (3, 4)


def test_target_without_figures_is_not_assessed(portal):
    target = portal.resolution.targets.first()
    target.years.all().delete()
    board = resolution_scoreboard(portal.resolution)
    assert board.targets[0].assessment == Assessment.NOT_ASSESSED
    assert not board.targets[0].achieved


def test_targets_page_shows_every_target_with_its_assessment(client, portal):
    html = client.get("/chi-tieu/").content.decode()
    for n in range(1, 5):
        assert f"Chỉ tiêu số {n}" in html
    assert html.count('class="badge badge-exceeded"') == 3  # 2 rows + the summary
    assert html.count('class="badge badge-not_met"') == 2
    assert portal.resolution_doc.symbol in html


def test_private_resolution_is_not_shown(client, portal):
    portal.resolution.is_public = False
    portal.resolution.save()
    assert client.get("/chi-tieu/nghi-quyet-dai-hoi/").status_code == 404
    assert "Chỉ tiêu số 1" not in client.get("/chi-tieu/").content.decode()
