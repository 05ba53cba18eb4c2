"""The access policy as a table: every action has a rule, and the rules say what the issue
says about who may act."""

from django.contrib.auth.models import AnonymousUser

from tests.conftest import Maker
from thaogo.accounts.policy import RULES, VISIBLE, Action, can
from thaogo.tasks.models import AssignmentRole
from thaogo.tasks.selectors import task_detail_queryset


def test_every_action_has_a_rule():
    assert set(RULES) == set(Action)


def test_every_kind_of_object_has_a_scoping_selector():
    kinds = ["task", "plan", "document", "cadre", "unit", "report", "proposal", "meeting"]
    for kind in [*kinds, "directive"]:
        assert callable(VISIBLE[kind])


def test_nobody_anonymous_may_do_anything():
    assert not any(can(AnonymousUser(), action) for action in Action)


def test_evaluations_are_for_the_cadre_the_board_and_the_standing_committee(world):
    allowed = {
        who
        for who in [
            "btv",
            "btc",
            "office",
            "cadre",
            "other_cadre",
            "unit_staff",
            "editor",
            "outsider",
            "admin",
        ]
        if can(getattr(world, who), Action.EVALUATION_VIEW, world.dat)
    }
    assert allowed == {"btv", "btc", "cadre", "admin"}


def test_only_the_active_lead_and_managers_and_unit_staff_record_figures(world):
    task = world.clearance
    who = {"btv", "btc", "office", "cadre", "other_cadre", "unit_staff", "editor", "admin"}
    allowed = {w for w in who if can(getattr(world, w), Action.METRIC_RECORD, task)}
    assert allowed == {"btc", "office", "cadre", "unit_staff", "admin"}


def test_a_cadre_writes_only_their_own_reports(world):
    from thaogo.reporting.models import ReportObligation

    obligation = ReportObligation.objects.filter(assignment=world.clearance_lead).first()
    assert can(world.cadre, Action.REPORT_WRITE, obligation)
    assert not can(world.other_cadre, Action.REPORT_WRITE, obligation)
    assert not can(world.btc, Action.REPORT_WRITE, obligation)


def test_a_task_read_with_its_assignments_answers_from_them_as_a_query_would(
    world, django_assert_num_queries
):
    """The task page reads the task with its assignments; the rules that ask whether the user
    holds one (lead, support, any) answer from those, and the same as a plain task does."""
    # Đạt leads the clearance; Hoà leads the revenue task and supports the clearance.
    Maker().assign(world.clearance, world.hoa, role=AssignmentRole.SUPPORT)
    rules = (Action.METRIC_RECORD, Action.PROPOSAL_RAISE)
    who = ["cadre", "other_cadre", "office", "btv"]
    for task in (world.clearance, world.revenue):
        plain = {(w, a): can(getattr(world, w), a, task) for w in who for a in rules}
        loaded = task_detail_queryset(world.btv).get(pk=task.pk)
        with django_assert_num_queries(0):
            answers = {(w, a): can(getattr(world, w), a, loaded) for w in who for a in rules}
        assert answers == plain
    # Supporting is enough to propose, not to record figures.
    assert can(world.other_cadre, Action.PROPOSAL_RAISE, world.clearance)
    assert not can(world.other_cadre, Action.METRIC_RECORD, world.clearance)
