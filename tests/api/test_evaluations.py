"""Evaluations through the API: the evaluation pages' policy, their breakdown, and paging."""

from decimal import Decimal

import pytest

from tests.evaluation.test_services import evaluation_of, open_round, propose
from thaogo.evaluation.models import Rating


@pytest.fixture
def rounds(world):
    """Two rounds: the first evaluates Đạt (the `cadre` user) and Tuấn; the second only Hòa
    (the `other_cadre` user)."""
    first = open_round(world, [world.dat, world.tuan])
    second = open_round(world, [world.hoa], title="Đánh giá riêng")
    return first, second


def test_a_cadre_reads_only_their_own_evaluations_and_rounds(world, rounds, api_for):
    first, second = rounds
    api = api_for(world.cadre, scope="read")
    own = api.get("/evaluations").json()["items"]
    assert [row["cadre_id"] for row in own] == [world.dat.pk]
    assert [row["id"] for row in api.get("/evaluation-rounds").json()["items"]] == [first.pk]
    assert api.get(f"/evaluation-rounds/{first.pk}").json()["title"] == first.title
    assert api.get(f"/evaluation-rounds/{second.pk}").json()["code"] == "not_found"
    tuan = evaluation_of(first, world.tuan)
    assert api.get(f"/evaluations/{tuan.pk}").status_code == 404
    # Asking by another cadre narrows the own list to nothing; it never widens it.
    assert api.get("/evaluations", {"cadre": world.tuan.pk}).json()["items"] == []


@pytest.mark.parametrize("role", ["btc", "btv", "admin"])
def test_the_board_and_the_committee_read_every_evaluation(world, rounds, api_for, role):
    first, second = rounds
    api = api_for(getattr(world, role), scope="read")
    everyone = {row["cadre_id"] for row in api.get("/evaluations").json()["items"]}
    assert everyone == {world.dat.pk, world.tuan.pk, world.hoa.pk}
    in_first = api.get("/evaluations", {"round": first.pk}).json()["items"]
    assert {row["cadre_id"] for row in in_first} == {world.dat.pk, world.tuan.pk}
    assert {row["id"] for row in api.get("/evaluation-rounds").json()["items"]} == {
        first.pk,
        second.pk,
    }


@pytest.mark.parametrize("role", ["office", "unit_staff", "editor", "outsider"])
def test_others_are_refused_the_lists_and_get_404_for_each_one(world, rounds, api_for, role):
    first, _second = rounds
    api = api_for(getattr(world, role), scope="read")
    for path in ("/evaluations", "/evaluation-rounds"):
        response = api.get(path)
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    evaluation = evaluation_of(first, world.dat)
    assert api.get(f"/evaluations/{evaluation.pk}").status_code == 404
    assert api.get(f"/evaluation-rounds/{first.pk}").status_code == 404


def test_an_evaluation_reads_as_its_page_shows_it(world, rounds, api_for):
    first, _second = rounds
    evaluation = propose(world, evaluation_of(first, world.tuan), rating=Rating.FULFILLED)
    read = api_for(world.btc).get(f"/evaluations/{evaluation.pk}").json()
    assert Decimal(read["computed_task_points"]) == evaluation.computed_task_points
    lines = read["breakdown"]
    assert len(lines) == len(evaluation.breakdown) > 0
    assert sum(Decimal(line["points"]) for line in lines) == pytest.approx(
        evaluation.computed_task_points, abs=Decimal("0.05")
    )
    late = [line for line in lines if line["outcome"] == "late"]
    assert late and late[0]["rule"] == "trễ hạn: trừ 25%"
    assert {line["object_id"] for line in lines if line["kind"] == "task"} >= {world.petitions.pk}
    assert read["proposed_rating"] == "fulfilled"
    assert read["approved_rating"] is None
    assert Decimal(read["proposed_total"]) == evaluation.proposed_total
    filtered = api_for(world.btc).get("/evaluations", {"proposed_rating": "fulfilled"}).json()
    assert [row["id"] for row in filtered["items"]] == [evaluation.pk]


def test_evaluations_page_by_cursor_without_repeating_or_skipping(world, rounds, api_for):
    api = api_for(world.btv, scope="read")
    seen, cursor = [], None
    while True:
        params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        body = api.get("/evaluations", params).json()
        assert len(body["items"]) <= 1
        seen += [row["id"] for row in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 3
    rounds_page = api.get("/evaluation-rounds", {"limit": 1}).json()
    assert len(rounds_page["items"]) == 1 and rounds_page["next_cursor"]
    rest = api.get("/evaluation-rounds", {"limit": 1, "cursor": rounds_page["next_cursor"]})
    assert rest.json()["next_cursor"] is None
    assert rest.json()["items"][0]["id"] != rounds_page["items"][0]["id"]
    assert api.get("/evaluations", {"cursor": "nonsense"}).json()["code"] == "invalid_cursor"


def test_anonymous_callers_get_401(rounds, anonymous_api):
    assert anonymous_api.get("/evaluations").status_code == 401
    assert anonymous_api.get("/evaluation-rounds").status_code == 401
