"""The monitoring figures against numbers worked out by hand, on the shared world plus a story:

- 01 site clearance: the lead passes from Đạt to Hoa on 01/08/2024 (reassigned mid-period);
- 04 public investment: its deadline 30/09/2024 is extended on 10/10/2024 to 31/12/2024;
- Hoa's Quý III report on 02 is submitted late (25/09, due 18/09);
- Hoa's Quý III report on 01 is submitted on time (16/09), returned (17/09), resubmitted (20/09);
- Tuấn's Quý III report on 03 is never written;
- Hoa proposes on 01 (20/08); the meeting of 01/10 answers with a directive to Hoa due 10/10.

    task  as of 15/07/2024            as of 05/10/2024      as of 15/10/2024 (TODAY)
    01    within deadline, Đạt        within deadline, Hoa  within deadline, Hoa
    02    within deadline, Hoa        within deadline, Hoa  near due (17/10), Hoa
    03    completed late (10/07)      completed late        completed late, Tuấn
    04    within (deadline 30/09)     overdue (30/09)       within (extended to 31/12)
    05    no deadline                 no deadline           no deadline
"""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from tests.helpers import TODAY, held_meeting
from thaogo.direction import services as direction
from thaogo.direction.models import Proposal
from thaogo.monitoring.selectors import (
    OBLIGATIONS,
    TASKS,
    family_base,
    figure_rows,
    figures,
    obligations_in_scope,
)
from thaogo.reporting import services as reporting
from thaogo.reporting.models import Report, ReportObligation, ReportSubmission
from thaogo.tasks import services as task_services

Q3 = "quarter-2024-3"


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def submit(obligation: ReportObligation, user, on: date) -> Report:
    """Submit the report as its cadre did on `on` (the services stamp the real time)."""
    report = reporting.report_for(obligation)
    report = reporting.report_save_draft(
        report=report, by=user, expected_version=report.version, results="Kết quả"
    )
    report = reporting.report_submit(report=report, by=user, expected_version=report.version)
    late = on > obligation.due_on
    Report.objects.filter(pk=report.pk).update(submitted_at=at(on), is_late=late)
    ReportSubmission.objects.filter(report=report, number=report.revision).update(
        submitted_at=at(on), is_late=late
    )
    # The version it replaced was superseded then too.
    ReportSubmission.objects.filter(report=report, number=report.revision - 1).update(
        superseded_at=at(on)
    )
    report.refresh_from_db()
    return report


@pytest.fixture
def story(world):
    w = world
    task_services.lead_reassign(task=w.clearance, cadre=w.hoa, on=date(2024, 8, 1), by=w.btc)
    investment = w.investment
    investment.refresh_from_db()
    task_services.deadline_change_record(
        task=investment,
        new_deadline=date(2024, 12, 31),
        effective_on=date(2024, 10, 10),
        reason="Chờ điều chỉnh chủ trương đầu tư",
        by=w.btc,
        expected_version=investment.version,
    )
    q3 = {"kind": "quarter", "year": 2024, "number": 3}
    clearance_q3 = ReportObligation.objects.get(assignment__task=w.clearance, **q3)
    revenue_q3 = ReportObligation.objects.get(assignment__task=w.revenue, **q3)
    assert clearance_q3.assignment.cadre == w.hoa
    assert clearance_q3.due_on == date(2024, 9, 18) == revenue_q3.due_on

    submit(revenue_q3, w.other_cadre, date(2024, 9, 25))
    report = submit(clearance_q3, w.other_cadre, date(2024, 9, 16))
    reporting.report_return(report=report, by=w.btc, comment="Bổ sung số liệu")
    ReportSubmission.objects.filter(report=report, number=1).update(
        reviewed_at=at(date(2024, 9, 17))
    )
    report.refresh_from_db()
    submit(clearance_q3, w.other_cadre, date(2024, 9, 20))

    proposal = direction.proposal_create(
        task=w.clearance, raised_by=w.hoa, title="Đề nghị cưỡng chế", content="x", by=w.other_cadre
    )
    Proposal.objects.filter(pk=proposal.pk).update(created_at=at(date(2024, 8, 20)))
    meeting = held_meeting(title="Họp", held_on=date(2024, 10, 1), by=w.office)
    direction.agenda_add(meeting=meeting, proposal=proposal, by=w.office)
    w.directive = direction.directive_issue(
        task=w.clearance,
        proposal=proposal,
        meeting=meeting,
        text="Giao UBND phường lập tổ cưỡng chế",
        responsible_cadre=w.hoa,
        deadline=date(2024, 10, 10),
        by=w.btv,
    )
    return w


def headline(result) -> dict[str, int]:
    keys = ["total", "completed_on_time", "completed_late", "within_deadline", "near_due"]
    keys += ["overdue", "no_deadline"]
    return {key: result.tasks[key] for key in keys}


def by_cadre(result) -> dict[str, int]:
    return {row.name: row.tasks["total"] for row in result.by_cadre}


def test_today(story):
    result = figures(user=story.btc, as_of=TODAY, plan=story.plan.pk)
    assert headline(result) == {
        "total": 5,
        "completed_on_time": 0,
        "completed_late": 1,
        "within_deadline": 3,  # 01, 02 (near due) and 04, whose deadline was extended
        "near_due": 1,
        "overdue": 0,
        "no_deadline": 1,
    }
    assert result.tasks["in_progress"] == 3
    assert result.overdue_rate == 25.0  # 1 late of the 4 with a deadline
    # 02 and 04 have neither an accepted report nor a value since 16/08; 05 neither.
    assert result.tasks["stalled"] == 3
    assert by_cadre(result) == {"Trần Thị Hoa": 2, "Lê Minh Tuấn": 1}

    assert [block.period.key for block in result.compliance] == ["year-2024-1", Q3]
    q3 = result.compliance[1].counts
    assert q3 == {
        "expected": 3,
        "on_time": 1,  # 01: the first submission was on time, whatever came after
        "late": 1,  # 02
        "missing": 1,  # 03
        "not_due": 0,
        "returned": 0,  # 01 was resubmitted since
        "waiting": 2,  # 01's second version and 02
        "accepted": 0,
    }
    hoa = next(row for row in result.by_cadre if row.name == "Trần Thị Hoa")
    assert hoa.reports["expected"] == 2  # of the current (yearly) period
    assert result.proposals == {"waiting": 0, "waiting_long": 0}  # answered on 01/10
    assert result.directives == {"issued": 1, "open": 1, "overdue": 1}


def test_before_the_deadline_was_extended(story):
    result = figures(user=story.btc, as_of=date(2024, 10, 5), plan=story.plan.pk)
    assert headline(result) == {
        "total": 5,
        "completed_on_time": 0,
        "completed_late": 1,
        "within_deadline": 2,
        "near_due": 0,
        "overdue": 1,  # 04, against the deadline in force then
        "no_deadline": 1,
    }
    assert result.overdue_rate == 50.0
    overdue = figure_rows(result.scope, family=TASKS, figure="overdue")
    assert [task.code for task in overdue] == ["04"]
    assert overdue[0].deadline_then == date(2024, 9, 30)


def test_before_the_reassignment(story):
    result = figures(user=story.btc, as_of=date(2024, 7, 15), plan=story.plan.pk)
    assert headline(result) == {
        "total": 5,
        "completed_on_time": 0,
        "completed_late": 1,
        "within_deadline": 3,
        "near_due": 0,
        "overdue": 0,
        "no_deadline": 1,
    }
    assert by_cadre(result) == {"Nguyễn Văn Đạt": 1, "Trần Thị Hoa": 1, "Lê Minh Tuấn": 1}
    dat = next(row for row in result.by_cadre if row.name == "Nguyễn Văn Đạt")
    rows = figure_rows(result.scope, family=TASKS, figure="total", cadre=dat.key)
    assert [task.code for task in rows] == ["01"]


def test_reports_while_returned(story):
    result = figures(user=story.btc, as_of=date(2024, 9, 18), plan=story.plan.pk)
    # In progress: the yearly report (it stands for Quý IV); ended: Quý III.
    assert [block.period.key for block in result.compliance] == ["year-2024-1", Q3]
    assert result.compliance[1].counts == {
        "expected": 3,
        "on_time": 1,
        "late": 0,
        "missing": 0,  # due today: not missing yet
        "not_due": 2,
        "returned": 1,
        "waiting": 0,
        "accepted": 0,
    }
    returned = figure_rows(result.scope, family=OBLIGATIONS, figure="returned")
    assert returned.count() == 0  # a report figure needs its period
    period = result.compliance[1].period
    returned = figure_rows(result.scope, family=OBLIGATIONS, figure="returned", period=period)
    assert [o.assignment.task.code for o in returned] == ["01"]


def test_reports_after_the_resubmission(story):
    result = figures(user=story.btc, as_of=date(2024, 9, 21), plan=story.plan.pk)
    assert result.compliance[1].counts == {
        "expected": 3,
        "on_time": 1,
        "late": 0,  # 02 is submitted only on 25/09
        "missing": 2,
        "not_due": 0,
        "returned": 0,
        "waiting": 1,
        "accepted": 0,
    }
    assert result.proposals == {"waiting": 1, "waiting_long": 1}  # since 20/08
    assert result.directives == {"issued": 0, "open": 0, "overdue": 0}


def test_a_cadre_sees_their_own_row(story):
    mine = figures(user=story.other_cadre, as_of=TODAY)
    everyone = figures(user=story.btc, as_of=TODAY)
    hoa = next(row for row in everyone.by_cadre if row.name == "Trần Thị Hoa")
    assert mine.tasks == hoa.tasks
    assert [row.name for row in mine.by_cadre] == ["Trần Thị Hoa"]
    assert mine.directives["overdue"] == 1


def test_an_empty_plan(world, make):
    document = make.document(
        7, issuer=world.district, issued_on=date(2024, 3, 1), abstract="Kế hoạch trống"
    )
    empty = make.plan(
        document,
        title="Kế hoạch chưa có việc",
        issuing_body=world.district,
        start=date(2024, 3, 1),
        end=date(2025, 12, 31),
    )
    result = figures(user=world.btc, as_of=TODAY, plan=empty.pk)
    assert set(result.tasks.values()) == {0}
    assert result.overdue_rate == 0.0
    assert result.on_time_rate is None
    assert result.compliance == result.trend == result.by_cadre == result.by_unit == []
    assert result.attainment == []


def state_from_submissions(obligation: ReportObligation, as_of: date) -> tuple:
    """(first_late, review_then) worked out from the submission rows themselves: the first
    submitted by the end of `as_of` (anything so far for today), the latest by then, and its
    review if it was made by then."""
    cut = None if as_of >= TODAY else at(as_of, 23)
    made = [
        s
        for s in ReportSubmission.objects.filter(report__obligation=obligation).order_by("number")
        if cut is None or s.submitted_at <= cut
    ]
    if not made:
        return None, None
    latest = made[-1]
    reviewed = latest.reviewed_at is not None and (cut is None or latest.reviewed_at <= cut)
    state = latest.decision if reviewed and latest.decision in ("accepted", "returned") else None
    return made[0].is_late, state or "waiting"


@pytest.mark.parametrize(
    ("as_of", "states"),
    [
        (date(2024, 9, 15), {None}),
        (date(2024, 9, 16), {None, "waiting"}),
        (date(2024, 9, 18), {None, "returned"}),
        (date(2024, 9, 21), {None, "waiting"}),  # resubmitted 20/09, accepted only 22/09
        (TODAY, {None, "waiting", "accepted"}),
    ],
)
def test_each_obligations_state_is_read_from_its_submissions(story, as_of, states):
    clearance_q3 = Report.objects.get(
        obligation__assignment__task=story.clearance, obligation__kind="quarter"
    )
    reporting.report_accept(report=clearance_q3, by=story.btc)
    ReportSubmission.objects.filter(report=clearance_q3, number=2).update(
        reviewed_at=at(date(2024, 9, 22))
    )

    result = figures(user=story.btc, as_of=as_of, plan=story.plan.pk)
    rows = list(family_base(result.scope, OBLIGATIONS))
    read = {o.pk: (o.first_late, o.review_then) for o in rows}
    # Every obligation in scope, each once: the joins neither drop nor repeat a row.
    in_scope = set(obligations_in_scope(result.scope).values_list("pk", flat=True))
    assert len(rows) == len(read) and set(read) == in_scope
    expected = {
        pk: state_from_submissions(ReportObligation.objects.get(pk=pk), as_of) for pk in read
    }
    assert read == expected
    assert {state for _late, state in read.values()} == states
    # Each period's numbers, in the compliance blocks and the trend, are their lists' sizes.
    counted = [(block.period, block.counts) for block in result.compliance]
    counted += [(row.period, row.reports) for row in result.trend]
    assert counted
    for period, counts in counted:
        for figure, number in counts.items():
            rows = figure_rows(result.scope, family=OBLIGATIONS, figure=figure, period=period)
            assert rows.count() == number, (period.key, figure)


@pytest.mark.parametrize(
    ("as_of", "state"), [(date(2024, 9, 19), None), (date(2024, 9, 20), "waiting")]
)
def test_a_version_returned_and_replaced_on_one_day_is_not_that_days_latest(story, as_of, state):
    report = Report.objects.get(
        obligation__assignment__task=story.clearance, obligation__kind="quarter"
    )
    # The first version came in at 8:00 on 20/09, was returned at 9:00 and replaced at 10:00.
    day = date(2024, 9, 20)
    ReportSubmission.objects.filter(report=report, number=1).update(
        submitted_at=at(day, 8), reviewed_at=at(day, 9), superseded_at=at(day, 10)
    )
    assert ReportSubmission.objects.get(report=report, number=2).submitted_at == at(day, 10)

    result = figures(user=story.btc, as_of=as_of, plan=story.plan.pk)
    rows = [o for o in family_base(result.scope, OBLIGATIONS) if o.pk == report.obligation_id]
    assert [o.review_then for o in rows] == [state]  # one row: one latest version that day
    assert state == state_from_submissions(report.obligation, as_of)[1]
