"""The scoring rules, on plain records: no database."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaogo.evaluation.models import QuotaRounding, Rating, RuleSet
from thaogo.evaluation.scoring import (
    DirectiveItem,
    MetricItem,
    Outcome,
    Record,
    ReportItem,
    TaskItem,
    band_of,
    condition_breaches,
    excellent_quota,
    score,
    suggest_rating,
)

CUT = date(2024, 12, 31)


def rules(**changes) -> RuleSet:
    """The default rules (Quy định 366-QĐ/TW, Nghị định 335/2025/NĐ-CP), unsaved."""
    return RuleSet(name="test", effective_from=date(2024, 1, 1), **changes)


def task(task_id=1, *, role="lead", deadline=date(2024, 6, 30), done=None, handed=None):
    return TaskItem(
        task_id=task_id,
        label=f"{task_id:02d}. Việc",
        role=role,
        start_date=date(2024, 1, 1),
        deadline=deadline,
        completed_on=done,
        handed_over_on=handed,
    )


def report(obligation_id=1, *, due=date(2024, 7, 20), submitted=None):
    return ReportItem(obligation_id, "Quý II/2024", due, submitted)


@pytest.mark.parametrize(
    ("total", "rating"),
    [
        ("89.99", Rating.GOOD),
        ("90", Rating.EXCELLENT),
        ("69.99", Rating.FULFILLED),
        ("70", Rating.GOOD),
        ("49.99", Rating.NOT_FULFILLED),
        ("50", Rating.FULFILLED),
    ],
)
def test_band_boundaries(total, rating):
    assert band_of(Decimal(total), rules()) == rating


@pytest.mark.parametrize(
    ("group", "quota"),
    [(1, 0), (4, 0), (5, 1), (11, 2)],
)
def test_quota_rounds_down_so_never_above_twenty_percent(group, quota):
    assert excellent_quota(group, rules()) == quota
    assert quota * 100 <= 20 * group


@pytest.mark.parametrize(
    ("rounding", "expected"),
    [
        (QuotaRounding.HALF_UP, [0, 1, 1, 2]),
        (QuotaRounding.CEIL, [1, 1, 1, 3]),
    ],
)
def test_quota_other_roundings_are_data(rounding, expected):
    assert [excellent_quota(n, rules(quota_rounding=rounding)) for n in (1, 4, 5, 11)] == expected


def test_every_item_on_time_earns_all_task_points():
    result = score(
        Record(
            cut=CUT,
            tasks=(task(done=date(2024, 6, 1)),),
            reports=(report(submitted=date(2024, 7, 19)),),
        ),
        rules(),
    )
    assert result.task_points == Decimal(70)
    assert result.all_on_time


def test_a_late_task_loses_a_quarter_of_its_points():
    on_time = score(
        Record(cut=CUT, tasks=(task(done=date(2024, 6, 1)), task(2, done=date(2024, 6, 1)))),
        rules(),
    )
    late = score(
        Record(cut=CUT, tasks=(task(done=date(2024, 6, 1)), task(2, done=date(2024, 7, 5)))),
        rules(),
    )
    # Two tasks led, weight 3 each: the late one earns 75 % of its 35 points.
    assert on_time.task_points == Decimal(70)
    assert late.task_points == Decimal("61.25")
    assert [line.outcome for line in late.lines] == [Outcome.ON_TIME, Outcome.LATE]
    assert not late.all_on_time


def test_a_late_and_a_missing_report():
    result = score(
        Record(
            cut=CUT,
            reports=(
                report(1, submitted=date(2024, 7, 19)),
                report(2, submitted=date(2024, 7, 25)),
                report(3, submitted=None),
            ),
        ),
        rules(),
    )
    # 3 reports of weight 1: 100 % + 75 % + 0 % of 70/3 each.
    assert result.task_points == Decimal("40.83")
    assert [line.outcome for line in result.lines] == [
        Outcome.ON_TIME,
        Outcome.LATE,
        Outcome.MISSING,
    ]


def test_lead_weighs_more_than_support():
    lead_late = score(
        Record(
            cut=CUT,
            tasks=(task(1, done=date(2024, 7, 1)), task(2, role="support", done=date(2024, 6, 1))),
        ),
        rules(),
    )
    support_late = score(
        Record(
            cut=CUT,
            tasks=(task(1, done=date(2024, 6, 1)), task(2, role="support", done=date(2024, 7, 1))),
        ),
        rules(),
    )
    assert lead_late.task_points < support_late.task_points


def test_a_task_handed_over_before_it_was_due_is_not_counted():
    result = score(Record(cut=CUT, tasks=(task(handed=date(2024, 5, 1)),)), rules())
    assert result.lines[0].outcome == Outcome.HANDED_OVER
    assert result.lines[0].weight == 0
    assert result.task_points == 0


def test_a_task_handed_over_when_already_overdue_stays_on_the_record():
    result = score(Record(cut=CUT, tasks=(task(handed=date(2024, 8, 1)),)), rules())
    assert result.lines[0].outcome == Outcome.OVERDUE
    assert result.task_points == 0


def test_a_cadre_with_nothing_in_the_period_gets_no_task_points():
    result = score(Record(cut=CUT), rules())
    assert result.task_points == 0
    assert result.lines == []


def test_metric_attainment_against_what_was_expected():
    result = score(
        Record(
            cut=CUT,
            tasks=(task(deadline=date(2025, 6, 30)),),
            metrics=(MetricItem(1, "Số hộ", Decimal(39), Decimal(60)),),
        ),
        rules(),
    )
    metric = result.lines[1]
    assert metric.share == Decimal("65.00")
    assert result.beyond_percent == Decimal("-35.00")


def test_excellent_needs_results_beyond_requirement_and_every_item_on_time():
    r = rules()
    args = {"total": Decimal(95), "disciplined": False, "rules": r}
    assert suggest_rating(all_on_time=True, beyond_percent=Decimal(30), **args) == Rating.EXCELLENT
    assert suggest_rating(all_on_time=True, beyond_percent=Decimal(29), **args) == Rating.GOOD
    # "Good" too needs every item on time (DOMAIN: 70 – < 90, all tasks on time).
    assert suggest_rating(all_on_time=False, beyond_percent=Decimal(50), **args) == Rating.FULFILLED
    lenient = {**args, "rules": rules(good_needs_all_on_time=False)}
    assert suggest_rating(all_on_time=False, beyond_percent=Decimal(50), **lenient) == Rating.GOOD
    assert condition_breaches(
        rating=Rating.EXCELLENT, all_on_time=False, beyond_percent=None, **args
    )


def test_a_disciplined_cadre_is_not_above_not_fulfilled():
    r = rules()
    assert (
        suggest_rating(
            total=Decimal(95),
            all_on_time=True,
            beyond_percent=Decimal(40),
            disciplined=True,
            rules=r,
        )
        == Rating.NOT_FULFILLED
    )
    breaches = condition_breaches(
        rating=Rating.FULFILLED,
        total=Decimal(60),
        all_on_time=True,
        beyond_percent=None,
        disciplined=True,
        rules=r,
    )
    assert len(breaches) == 1


# ---------------------------------------------------------------- properties

days = st.integers(min_value=-200, max_value=200)
START = date(2024, 1, 1)


@st.composite
def records(draw):
    tasks = draw(
        st.lists(
            st.builds(
                lambda i, role, deadline, done: TaskItem(
                    i,
                    f"{i}",
                    role,
                    START,
                    START + timedelta(days=200 + deadline),
                    None if done is None else START + timedelta(days=200 + done),
                ),
                st.integers(1, 1000),
                st.sampled_from(["lead", "support"]),
                days,
                st.none() | days,
            ),
            max_size=6,
        )
    )
    reports = draw(
        st.lists(
            st.builds(
                lambda i, due, sub: ReportItem(
                    i,
                    f"{i}",
                    START + timedelta(days=200 + due),
                    None if sub is None else START + timedelta(days=200 + sub),
                ),
                st.integers(1, 1000),
                days,
                st.none() | days,
            ),
            max_size=6,
        )
    )
    directives = draw(
        st.lists(
            st.builds(
                lambda i, deadline, done: DirectiveItem(
                    i,
                    f"{i}",
                    START + timedelta(days=200 + deadline),
                    None if done is None else START + timedelta(days=200 + done),
                ),
                st.integers(1, 1000),
                days,
                st.none() | days,
            ),
            max_size=4,
        )
    )
    metrics = draw(
        st.lists(
            st.builds(
                MetricItem,
                st.integers(1, 1000),
                st.just("m"),
                st.decimals(0, 500, places=2),
                st.decimals(0, 100, places=2),
            ),
            max_size=3,
        )
    )
    return Record(
        cut=START + timedelta(days=400),
        tasks=tuple(tasks),
        reports=tuple(reports),
        directives=tuple(directives),
        metrics=tuple(metrics),
    )


RULES = rules()


@settings(max_examples=100, deadline=None)
@given(records())
def test_score_is_always_between_zero_and_the_maximum(record):
    points = score(record, RULES).task_points
    assert 0 <= points <= RULES.task_points


@settings(max_examples=100, deadline=None)
@given(records(), st.data())
def test_score_never_rises_when_an_item_becomes_late(record, data):
    before = score(record, RULES).task_points
    on_time_reports = [r for r in record.reports if r.submitted_on and r.submitted_on <= r.due_on]
    on_time_tasks = [
        t for t in record.tasks if t.completed_on and t.completed_on <= t.deadline <= record.cut
    ]
    if on_time_reports and data.draw(st.booleans()):
        late = data.draw(st.sampled_from(on_time_reports))
        changed = Record(
            cut=record.cut,
            tasks=record.tasks,
            metrics=record.metrics,
            directives=record.directives,
            reports=tuple(
                ReportItem(r.obligation_id, r.label, r.due_on, r.due_on + timedelta(days=3))
                if r is late
                else r
                for r in record.reports
            ),
        )
    elif on_time_tasks:
        late = data.draw(st.sampled_from(on_time_tasks))
        changed = Record(
            cut=record.cut,
            reports=record.reports,
            metrics=record.metrics,
            directives=record.directives,
            tasks=tuple(
                TaskItem(
                    t.task_id,
                    t.label,
                    t.role,
                    t.start_date,
                    t.deadline,
                    min(record.cut, t.deadline + timedelta(days=5))
                    if t.deadline < record.cut
                    else None,
                )
                if t is late
                else t
                for t in record.tasks
            ),
        )
    else:
        return
    assert score(changed, RULES).task_points <= before
