"""The evaluation pages and files, as the Board, the Committee and the cadre see them."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.evaluation.test_services import evaluation_of, open_round, propose
from tests.exports.reading import docx_text, response_bytes, xlsx_text
from thaogo.evaluation import services
from thaogo.evaluation.models import Rating, RoundState


@pytest.fixture
def round_(world):
    return open_round(world, [world.dat, world.tuan])


def test_the_cadre_sees_where_each_point_comes_from(world, round_, client_for):
    evaluation = evaluation_of(round_, world.tuan)
    response = client_for(world.btc).get(reverse("evaluation:detail", args=[evaluation.pk]))
    page = response.content.decode()
    assert reverse("tasks:detail", args=[world.petitions.pk]) in page
    assert "trễ hạn: trừ 25%" in page
    assert "26,25" in page


def test_the_cadre_self_assesses_and_the_board_proposes_through_the_pages(
    world, round_, client_for
):
    evaluation = evaluation_of(round_, world.dat)
    cadre = client_for(world.cadre)
    url = reverse("evaluation:self_assessment", args=[evaluation.pk])
    response = cadre.post(
        url,
        {
            "version": evaluation.version,
            "point_0": "9",
            "point_1": "9,5",
            "point_2": "8",
            "comment": "Hoàn thành các việc được giao",
        },
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.self_general_points == Decimal("26.5")
    board = client_for(world.btc)
    form_page = board.get(reverse("evaluation:propose", args=[evaluation.pk]))
    assert form_page.status_code == 200
    refused = board.post(
        reverse("evaluation:propose", args=[evaluation.pk]),
        {
            "version": evaluation.version,
            "general_points": "26,5",
            "task_points": "65",
            "beyond_percent": "",
            "rating": Rating.GOOD,
            "justification": "",
        },
    )
    assert refused.status_code == 400
    assert "nêu lý do" in refused.content.decode().lower() or "justification" in str(
        refused.context["form"].errors
    )


def test_a_refused_approval_names_the_cadre_and_the_rule(world, round_, client_for):
    propose(world, evaluation_of(round_, world.tuan), rating=Rating.GOOD, general="28", task="60")
    propose(
        world,
        evaluation_of(round_, world.dat),
        rating=Rating.EXCELLENT,
        general="30",
        task="65",
        beyond=Decimal(40),
    )
    round_.refresh_from_db()
    committee = client_for(world.btv)
    response = committee.post(
        reverse("evaluation:round_approve", args=[round_.pk]),
        {"version": round_.version},
        follow=True,
    )
    page = response.content.decode()
    assert "Nguyễn Văn Đạt" in page
    assert "Hạn mức" in page
    round_.refresh_from_db()
    assert round_.state == RoundState.PROPOSED


def test_round_table_and_evaluation_sheet_files(world, round_, client_for):
    propose(world, evaluation_of(round_, world.tuan), rating=Rating.GOOD, general="28", task="60")
    board = client_for(world.btc)
    table = board.get(reverse("evaluation:round_export", args=[round_.pk]))
    text = xlsx_text(response_bytes(table))
    assert "Lê Minh Tuấn" in text and "Hoàn thành tốt nhiệm vụ" in text
    evaluation = evaluation_of(round_, world.tuan)
    sheet = board.get(reverse("evaluation:sheet", args=[evaluation.pk]))
    words = docx_text(response_bytes(sheet))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in words
    assert "QUẬN ỦY LÊ CHÂN" in words
    assert "Lê Minh Tuấn" in words
    assert "Giải quyết dứt điểm đơn kiến nghị" in words
    assert "Hoàn thành tốt nhiệm vụ" in words


def test_the_cadre_page_shows_ratings_across_rounds_to_those_allowed(world, round_, client_for):
    for cadre in (world.dat, world.tuan):
        propose(world, evaluation_of(round_, cadre), rating=Rating.FULFILLED, task="60")
    round_.refresh_from_db()
    services.round_approve(round=round_, by=world.btv, expected_version=round_.version)
    url = reverse("units:cadre_detail", args=[world.dat.pk])
    assert "Hoàn thành nhiệm vụ" in client_for(world.cadre).get(url).content.decode()
    assert "cadre-ratings" in client_for(world.btv).get(url).content.decode()
    assert "cadre-ratings" not in client_for(world.office).get(url).content.decode()


def test_cadre_source_list_sorts_and_exports(world, round_, client_for):
    board = client_for(world.btc)
    page = board.get(reverse("evaluation:cadre_source"), {"sort": "-name"}).content.decode()
    # Planned for a higher post: Đạt and Hoa; Tuấn is not.
    assert page.index("Trần Thị Hoa") < page.index("Nguyễn Văn Đạt")
    assert "Lê Minh Tuấn" not in page
    exported = board.get(reverse("evaluation:cadre_source_export"), {"sort": "name"})
    text = xlsx_text(response_bytes(exported))
    assert "Phó Bí thư Quận ủy" in text


def test_cadre_source_queries_do_not_grow_with_cadres(
    world, make, client_for, django_assert_max_num_queries
):
    board = client_for(world.btc)
    url = reverse("evaluation:cadre_source")
    board.get(url)
    with django_assert_max_num_queries(12):
        board.get(url)
    for number in range(15):
        cadre = make.cadre(f"Cán bộ {number}", unit=world.district, planned_position="Trưởng ban")
        make.assign(world.obstacles, cadre, role="support", start_date=date(2024, 1, 1))
    with django_assert_max_num_queries(12):
        board.get(url)
