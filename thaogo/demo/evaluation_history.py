"""The demo's evaluations: one round approved earlier in the year and one open now.

On 15/10/2024 (the demo's day) a yearly round for 2024 cannot have been approved yet, so
the approved round is the first half of the year (1/1–30/6, opened in July, approved in
mid-August), and the open round is the quarter that has just ended (1/7–30/9, opened in the
first week of October, self-assessment due on the 25th). Another load date takes the
half-year and the quarter before it in the same way.

Loading again replaces the demo's rounds, as it resets reports and notifications.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from thaogo.evaluation import services
from thaogo.evaluation.models import Evaluation, Rating, Round
from thaogo.evaluation.scoring import excellent_quota
from thaogo.evaluation.selectors import rule_set_on
from thaogo.lib import clock
from thaogo.units.models import Cadre

GROUP = "17 cán bộ theo Kế hoạch 164-KH/QU"
# General criteria points as the cadres gave them, cycling over the group.
SELF_POINTS = [
    ("9", "9", "9"),
    ("9", "9,5", "9"),
    ("8,5", "9", "8"),
    ("10", "9,5", "9,5"),
    ("8", "8,5", "8"),
    ("7", "7,5", "7"),
    ("9,5", "9", "9"),
]


def _at(day: date, hour: int, as_of: date) -> Any:
    day = min(day, as_of)
    return clock.acting_at(timezone.make_aware(datetime.combine(day, time(hour))))


def _quarter_before(as_of: date) -> tuple[date, date]:
    """The last quarter that ended before `as_of`."""
    quarter_start = date(as_of.year, (as_of.month - 1) // 3 * 3 + 1, 1)
    end = quarter_start - timedelta(days=1)
    return date(end.year, (end.month - 1) // 3 * 3 + 1, 1), end


def _half_year_before(day: date) -> tuple[date, date]:
    """The last half-year that ended at least 45 days before `day`."""
    cut = day - timedelta(days=45)
    if cut.month >= 7:
        return date(cut.year, 1, 1), date(cut.year, 6, 30)
    return date(cut.year - 1, 7, 1), date(cut.year - 1, 12, 31)


def _self_assess(evaluation: Evaluation, index: int, user: Any) -> None:
    points = [Decimal(p.replace(",", ".")) for p in SELF_POINTS[index % len(SELF_POINTS)]]
    services.self_assessment_submit(
        evaluation=evaluation,
        points=points,
        comment="Hoàn thành các nhiệm vụ được phân công; tích cực tháo gỡ vướng mắc tại địa bàn.",
        by=user,
        expected_version=evaluation.version,
    )


def _propose_all(round_: Round, board: Any) -> None:
    """The Board's proposals: the computed suggestion, with the quota applied (the best
    within it keeps "excellent", the others are proposed "good", with the reason)."""
    evaluations = list(round_.evaluations.select_related("cadre", "rule_set"))
    suggested = {e.pk: services.suggestion(e) for e in evaluations}
    good = [e for e in evaluations if suggested[e.pk][1] in (Rating.EXCELLENT, Rating.GOOD)]
    quota = excellent_quota(len(good), round_.rule_set)
    excellent = sorted(
        (e for e in good if suggested[e.pk][1] == Rating.EXCELLENT),
        key=lambda e: -suggested[e.pk][0],
    )
    if not excellent and quota:
        # The best-scored cadre with every item on time and results beyond requirement.
        candidates = sorted(
            (e for e in good if e.computed_all_on_time),
            key=lambda e: -suggested[e.pk][0],
        )
        excellent = candidates[:1]
    keep = {e.pk for e in excellent[: min(quota, 1)]}  # the demo shows one
    for evaluation in evaluations:
        _total, rating = suggested[evaluation.pk]
        general = evaluation.self_general_points or Decimal(0)
        task_points = evaluation.computed_task_points
        beyond = evaluation.computed_beyond_percent
        justification = ""
        if evaluation.pk in keep and rating != Rating.EXCELLENT:
            rating = Rating.EXCELLENT
            task_points = max(task_points, Decimal(90) - general)
            beyond = max(beyond or Decimal(0), Decimal(35))
            justification = (
                "Bàn giao mặt bằng vượt 35% yêu cầu của kỳ, được Ban Thường vụ ghi nhận tại "
                "phiên họp tháng 7; đề nghị xếp loại xuất sắc trong hạn mức."
            )
        elif rating == Rating.EXCELLENT and evaluation.pk not in keep:
            rating = Rating.GOOD
            justification = (
                "Nhóm đề nghị một đồng chí xuất sắc; đồng chí có điểm thấp hơn, đề nghị tốt."
            )
        services.evaluation_propose(
            evaluation=evaluation,
            general_points=general,
            task_points=task_points,
            beyond_percent=beyond,
            disciplined=False,
            discipline_note="",
            rating=rating,
            justification=justification,
            by=board,
            expected_version=evaluation.version,
        )


def load_evaluation_history(*, as_of: date, since: date, board: Any, standing: Any) -> None:
    """The rounds of the plan that began on `since`: none for a period that ended before it
    (on a load date early in the plan, only the quarter just ended, if any)."""
    Evaluation.objects.filter(round__group_name=GROUP).delete()
    Round.objects.filter(group_name=GROUP).delete()
    cadres = list(
        Cadre.objects.filter(assignments__task__plan__document__number=164)
        .distinct()
        .order_by("full_name")
    )
    if not cadres:
        return

    start, end = _half_year_before(as_of)
    opened = end + timedelta(days=10)
    if opened < as_of and end > since and rule_set_on(end) is not None:
        with _at(opened, 9, as_of):
            past = services.round_open(
                title=f"Đánh giá 6 tháng đầu năm {end.year}"
                if end.month == 6
                else f"Đánh giá 6 tháng cuối năm {end.year}",
                kind="ad_hoc",
                period_start=start,
                period_end=end,
                group_name=GROUP,
                cadres=cadres,
                self_assessment_deadline=end + timedelta(days=25),
                by=board,
            )
        for index, evaluation in enumerate(past.evaluations.select_related("cadre__user")):
            if evaluation.cadre.user is not None:
                with _at(end + timedelta(days=15 + index % 8), 15, as_of):
                    _self_assess(evaluation, index, evaluation.cadre.user)
        with _at(end + timedelta(days=35), 10, as_of):
            _propose_all(past, board)
        past.refresh_from_db()
        with _at(end + timedelta(days=46), 16, as_of):
            services.round_approve(round=past, by=standing, expected_version=past.version)

    start, end = _quarter_before(as_of)
    if end <= since or rule_set_on(end) is None:
        return
    roman = {3: "I", 6: "II", 9: "III", 12: "IV"}[end.month]
    with _at(end + timedelta(days=5), 9, as_of):
        current = services.round_open(
            title=f"Đánh giá quý {roman}/{end.year}",
            kind="quarter",
            period_start=start,
            period_end=end,
            group_name=GROUP,
            cadres=cadres,
            self_assessment_deadline=end + timedelta(days=25),
            by=board,
        )
    # A few cadres have already sent their self-assessment.
    for index, evaluation in enumerate(current.evaluations.select_related("cadre__user")[:5]):
        if evaluation.cadre.user is not None and evaluation.cadre.user.username != "canbo01":
            with _at(end + timedelta(days=8 + index), 14, as_of):
                _self_assess(evaluation, index, evaluation.cadre.user)
