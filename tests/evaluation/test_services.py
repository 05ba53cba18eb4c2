"""Rounds from opening to approval, on the small shared world (tests/conftest.py)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thaogo.evaluation import services
from thaogo.evaluation.models import Rating, RoundState, RuleSet
from thaogo.evaluation.scoring import Outcome
from thaogo.tasks import services as task_services

PERIOD = {"period_start": date(2024, 1, 1), "period_end": date(2024, 9, 30)}


def open_round(world, cadres, *, title="Đánh giá 9 tháng năm 2024", deadline=date(2024, 10, 25)):
    return services.round_open(
        title=title,
        kind="ad_hoc",
        group_name="Cán bộ theo Kế hoạch 164",
        cadres=cadres,
        self_assessment_deadline=deadline,
        by=world.btc,
        **PERIOD,
    )


def evaluation_of(round_, cadre):
    return round_.evaluations.get(cadre=cadre)


def propose(world, evaluation, *, rating, general="25", task=None, justification="", **extra):
    evaluation.refresh_from_db()
    return services.evaluation_propose(
        evaluation=evaluation,
        general_points=Decimal(general),
        task_points=evaluation.computed_task_points if task is None else Decimal(task),
        beyond_percent=extra.pop("beyond", evaluation.computed_beyond_percent),
        disciplined=extra.pop("disciplined", False),
        discipline_note=extra.pop("discipline_note", ""),
        rating=rating,
        justification=justification or "Theo kết quả thực tế",
        by=world.btc,
        expected_version=evaluation.version,
    )


def test_opening_computes_each_cadres_points_with_their_sources(world):
    round_ = open_round(world, [world.dat, world.tuan])
    tuan = evaluation_of(round_, world.tuan)
    # Task 03 (led, weight 3) was due 30/06/2024 and completed 10/07/2024: late, 25 %
    # deducted; its three reports (weight 1 each) were never written.
    assert [(line["kind"], line["outcome"]) for line in tuan.breakdown] == [
        ("task", Outcome.LATE),
        ("report", Outcome.MISSING),
        ("report", Outcome.MISSING),
        ("report", Outcome.MISSING),
    ]
    assert tuan.breakdown[0]["id"] == world.petitions.pk
    # 70 × (3 × 75 %) ÷ 6
    assert tuan.computed_task_points == Decimal("26.25")
    assert not tuan.computed_all_on_time
    dat = evaluation_of(round_, world.dat)
    kinds = {line["kind"] for line in dat.breakdown}
    assert {"task", "metric"} <= kinds
    assert 0 < dat.computed_task_points <= 70


def test_a_cadre_with_no_tasks_gets_zero_task_points(world, make):
    idle = make.cadre("Đỗ Văn Rảnh", unit=world.district)
    evaluation = evaluation_of(open_round(world, [idle]), idle)
    assert evaluation.breakdown == []
    assert evaluation.computed_task_points == 0


def test_a_task_reassigned_mid_period_counts_for_the_cadre_who_finished_it(world, today):
    task_services.lead_reassign(
        task=world.petitions, cadre=world.dat, on=date(2024, 5, 1), by=world.btc
    )
    round_ = open_round(world, [world.dat, world.tuan])
    tuan = evaluation_of(round_, world.tuan)
    task_lines = [line for line in tuan.breakdown if line["kind"] == "task"]
    assert [(line["outcome"], line["weight"]) for line in task_lines] == [(Outcome.HANDED_OVER, 0)]
    dat_lines = {
        (line["id"], line["outcome"])
        for line in evaluation_of(round_, world.dat).breakdown
        if line["kind"] == "task"
    }
    assert (world.petitions.pk, Outcome.LATE) in dat_lines


def test_self_assessment_only_by_the_cadre_and_before_the_deadline(world, today):
    round_ = open_round(world, [world.dat, world.hoa])
    dat = evaluation_of(round_, world.dat)
    points = [Decimal(9), Decimal(8), Decimal("8.5")]
    with pytest.raises(PermissionDenied):
        services.self_assessment_submit(
            evaluation=dat, points=points, comment="x", by=world.other_cadre,
            expected_version=dat.version,
        )  # fmt: skip
    dat = services.self_assessment_submit(
        evaluation=dat, points=points, comment="Tự nhận xét", by=world.cadre,
        expected_version=dat.version,
    )  # fmt: skip
    assert dat.self_general_points == Decimal("25.5")
    late_round = open_round(world, [world.dat], title="Đợt cũ", deadline=date(2024, 10, 1))
    late = evaluation_of(late_round, world.dat)
    with pytest.raises(ValidationError, match="01/10/2024"):
        services.self_assessment_submit(
            evaluation=late, points=points, comment="x", by=world.cadre,
            expected_version=late.version,
        )  # fmt: skip


def test_a_proposal_departing_from_the_suggestion_needs_a_justification(world):
    round_ = open_round(world, [world.tuan])
    tuan = evaluation_of(round_, world.tuan)
    with pytest.raises(ValidationError) as refused:
        services.evaluation_propose(
            evaluation=tuan, general_points=Decimal(0), task_points=Decimal(60),
            beyond_percent=None, disciplined=False, discipline_note="",
            rating=Rating.FULFILLED, justification="  ", by=world.btc,
            expected_version=tuan.version,
        )  # fmt: skip
    assert "justification" in refused.value.message_dict
    # The suggestion itself needs none: 0 general + 26,25 task points = "not fulfilled".
    services.evaluation_propose(
        evaluation=tuan, general_points=Decimal(0), task_points=tuan.computed_task_points,
        beyond_percent=None, disciplined=False, discipline_note="",
        rating=Rating.NOT_FULFILLED, justification="", by=world.btc, expected_version=tuan.version,
    )  # fmt: skip
    round_.refresh_from_db()
    assert round_.state == RoundState.PROPOSED


def lenient_rules(world):
    """Rules from 2/1/2024 under which "good" does not need every item on time (nobody in the
    small world has written their reports)."""
    return services.rule_set_save(
        rule_set=None, by=world.btc, name="Quy tắc thử", effective_from=date(2024, 1, 2),
        criteria=[{"name": "Chung", "max": "30"}], good_needs_all_on_time=False,
    )  # fmt: skip


def test_approval_refuses_a_broken_quota_naming_the_cadre_then_approves(world):
    lenient_rules(world)
    round_ = open_round(world, [world.dat, world.hoa, world.tuan, world.nam])
    for cadre in (world.hoa, world.nam, world.tuan):
        propose(world, evaluation_of(round_, cadre), rating=Rating.GOOD, general="28", task="65")
    dat = evaluation_of(round_, world.dat)
    propose(world, dat, rating=Rating.EXCELLENT, general="29", task="65", beyond=Decimal(35))
    round_.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.round_approve(round=round_, by=world.btv, expected_version=round_.version)
    text = " ".join(refused.value.messages)
    assert "Nguyễn Văn Đạt" in text
    # 4 rated good or above: 20 % of 4 rounded down is 0.
    assert ": 0." in text
    propose(world, dat, rating=Rating.GOOD, general="29", task="60")
    round_.refresh_from_db()
    services.round_approve(round=round_, by=world.btv, expected_version=round_.version)
    round_.refresh_from_db()
    assert round_.state == RoundState.APPROVED
    assert evaluation_of(round_, world.dat).approved_rating == Rating.GOOD


def test_approval_refuses_excellent_with_a_late_item_and_a_disciplined_cadre(world):
    round_ = open_round(world, [world.tuan, world.hoa])
    propose(world, evaluation_of(round_, world.tuan), rating=Rating.EXCELLENT, general="30",
            task="65", beyond=Decimal(50))  # fmt: skip
    propose(world, evaluation_of(round_, world.hoa), rating=Rating.FULFILLED, general="20",
            task="40", disciplined=True, discipline_note="Khiển trách")  # fmt: skip
    round_.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.round_approve(round=round_, by=world.btv, expected_version=round_.version)
    messages = refused.value.messages
    assert any("Lê Minh Tuấn" in m and "đúng hạn" in m for m in messages)
    assert any("Trần Thị Hoa" in m and "kỷ luật" in m for m in messages)


def test_a_locked_round_is_reopened_with_a_reason_and_history_keeps_both(world):
    round_ = open_round(world, [world.tuan])
    propose(
        world, evaluation_of(round_, world.tuan), rating=Rating.FULFILLED, general="28", task="40"
    )
    round_.refresh_from_db()
    services.round_approve(round=round_, by=world.btv, expected_version=round_.version)
    round_.refresh_from_db()
    tuan = evaluation_of(round_, world.tuan)
    with pytest.raises(ValidationError, match="khóa"):
        propose(world, tuan, rating=Rating.GOOD, general="30", task="60")
    with pytest.raises(ValidationError):
        services.round_reopen(round=round_, reason=" ", by=world.btc,
                              expected_version=round_.version)  # fmt: skip
    services.round_reopen(round=round_, reason="Sai sót điểm", by=world.btc,
                          expected_version=round_.version)  # fmt: skip
    round_.refresh_from_db()
    assert round_.state == RoundState.PROPOSED
    assert round_.reopen_reason == "Sai sót điểm"
    states = list(
        round_.history.order_by("history_date", "history_id").values_list("state", flat=True)
    )
    assert states[-2:] == [RoundState.APPROVED, RoundState.PROPOSED]
    approved = [h.approved_rating for h in tuan.history.all()]
    assert Rating.FULFILLED in approved and "" in approved


def test_an_evaluation_keeps_its_rule_set_after_the_rules_change(world):
    old_rules = RuleSet.objects.get(effective_from=date(2023, 1, 1))
    round_ = open_round(world, [world.tuan])
    assert round_.rule_set == old_rules
    with pytest.raises(ValidationError, match="không thể sửa"):
        services.rule_set_save(rule_set=old_rules, by=world.btc,
                               expected_version=old_rules.version, late_deduction_percent=50)  # fmt: skip  # noqa: E501
    new_rules = services.rule_set_save(
        rule_set=None, by=world.btc, name="Quy tắc mới", effective_from=date(2024, 9, 1),
        criteria=[{"name": "Chung", "max": "30"}], late_deduction_percent=50,
    )  # fmt: skip
    tuan = evaluation_of(round_, world.tuan)
    services.round_recompute(round=round_, by=world.btc)
    tuan.refresh_from_db()
    assert tuan.rule_set == old_rules
    assert tuan.computed_task_points == Decimal("26.25")  # still 25 %, not the new 50 %
    newer = open_round(world, [world.tuan], title="Đợt mới")
    assert newer.rule_set == new_rules
    assert evaluation_of(newer, world.tuan).computed_task_points == Decimal("17.50")
