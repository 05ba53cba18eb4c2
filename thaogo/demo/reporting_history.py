"""The demo's reporting history up to its date: reports on time and late, one returned and
revised, proposals, a Standing Committee meeting with directives, and an overdue directive.

Rebuilt on every load (a demo reset), so loading twice leaves the same rows and a load for
another date re-dates everything.
"""

from contextlib import AbstractContextManager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from thaogo.direction import services as direction
from thaogo.direction.models import (
    AgendaItem,
    Directive,
    Meeting,
    Proposal,
    ProposalAttachment,
    ProposalStatus,
)
from thaogo.documents.models import Document, Plan
from thaogo.lib import clock
from thaogo.notifications.models import Notification, NotificationKind
from thaogo.notifications.services import reminders_collect
from thaogo.reporting import services
from thaogo.reporting.models import (
    Attachment,
    Report,
    ReportMetricValue,
    ReportObligation,
    ReportStatus,
    ReportSubmission,
)
from thaogo.tasks.models import MetricValue, Task

MEETING_TITLE = "Phiên họp Ban Thường vụ Quận ủy về các việc khó, tồn đọng"
# Tasks whose latest report the Organization Board has not reviewed yet, and whose latest
# report has not been written at all (so the tracking board shows every state).
AWAITING_REVIEW = {"02", "05", "09"}
NOT_WRITTEN = {"08", "11", "16"}
LATE = {"04", "11", "17"}
RETURNED_TASK = "01"

PROPOSALS = [
    (
        "01",
        "Đề nghị áp dụng biện pháp cưỡng chế thu hồi đất đối với 3 hộ",
        "Sau 5 lần vận động, 3 hộ tại tổ dân phố số 12 vẫn không bàn giao mặt bằng. Đề nghị "
        "Ban Thường vụ chỉ đạo UBND quận thành lập tổ cưỡng chế theo quy định.",
    ),
    (
        "06",
        "Đề nghị điều chỉnh nguồn vốn cho dự án trường mầm non",
        "Dự án chậm giải ngân do vướng thủ tục điều chỉnh chủ trương đầu tư, vượt thẩm quyền "
        "của phường. Đề nghị chỉ đạo Phòng Tài chính - Kế hoạch tham mưu điều chuyển vốn.",
    ),
    (
        "14",
        "Đề nghị thành lập tổ công tác liên ngành giải quyết đơn thư kéo dài",
        "Vụ việc khiếu nại về bồi thường đất đã kéo dài 6 năm, liên quan nhiều cơ quan. Đề nghị "
        "Ban Thường vụ giao Thanh tra quận chủ trì tổ công tác liên ngành.",
    ),
]


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _acting(when: datetime, now: date) -> AbstractContextManager[None]:
    """The services stamp the business clock's time: set it to when the scenario's people
    acted, on the load date at the latest."""
    if timezone.localdate(when) > now:
        when = _at(now, 8)
    return clock.acting_at(when)


def _values_at(task: Task, day: date) -> dict[int, Decimal]:
    values = {}
    for metric in task.metrics.all():
        latest = (
            MetricValue.objects.filter(metric=metric, measured_on__lte=day)
            .order_by("-measured_on")
            .first()
        )
        if latest is not None:
            values[metric.pk] = latest.value
    return values


def _wipe(plan: Plan, users: list[Any]) -> None:
    reports = Report.objects.filter(obligation__assignment__task__plan=plan)
    proposals = Proposal.objects.filter(task__plan=plan)
    Directive.objects.filter(task__plan=plan).delete()
    AgendaItem.objects.filter(proposal__in=proposals).delete()
    Meeting.objects.filter(title=MEETING_TITLE).delete()
    ProposalAttachment.objects.filter(proposal__in=proposals).delete()
    Attachment.objects.filter(report__in=reports).delete()
    proposals.delete()
    ReportSubmission.objects.filter(report__in=reports).delete()
    ReportMetricValue.objects.filter(report__in=reports).delete()
    reports.delete()
    Notification.objects.filter(user__in=users).delete()


def _write_and_submit(
    obligation: ReportObligation, *, when: datetime, now: date, text: str
) -> Report:
    lead = obligation.assignment.cadre.user
    task = obligation.assignment.task
    with _acting(when, now):
        report = services.report_for(obligation)
        report = services.report_save_draft(
            report=report,
            by=lead,
            expected_version=report.version,
            results=text,
            difficulties="Một số hộ dân chưa đồng thuận; thủ tục liên quan nhiều cơ quan.",
            causes="Đơn giá bồi thường chưa sát thực tế; phối hợp giữa các đơn vị chưa chặt chẽ.",
            next_steps="Tiếp tục vận động, đối thoại; báo cáo những vướng mắc vượt thẩm quyền.",
            self_assessed_progress=None,
            values=_values_at(task, obligation.period_end),
        )
        return services.report_submit(report=report, by=lead, expected_version=report.version)


def load_reporting_history(
    *, plan: Plan, now: date, office: Any, board: Any, standing: Any, users: list[Any]
) -> None:
    _wipe(plan, users)
    services.obligations_sync_for_plan(plan)
    obligations = (
        ReportObligation.objects.filter(assignment__task__plan=plan, due_on__lt=now)
        .select_related("assignment__task", "assignment__cadre__user")
        .order_by("assignment__task__code", "due_on")
    )
    latest_due = {}
    for obligation in obligations:
        latest_due[obligation.assignment.task.code] = obligation.due_on
    for obligation in obligations:
        task = obligation.assignment.task
        if obligation.assignment.cadre.user is None:
            continue
        is_latest = obligation.due_on == latest_due[task.code]
        if is_latest and task.code in NOT_WRITTEN:
            continue
        late_days = 4 if task.code in LATE and is_latest else 0
        submitted = _at(obligation.due_on - timedelta(days=1) + timedelta(days=late_days))
        text = (
            f"{obligation.label}: tiếp tục triển khai nhiệm vụ “{task.title}”, "
            "bám sát kế hoạch, đạt các chỉ số nêu dưới đây."
        )
        report = _write_and_submit(obligation, when=submitted, now=now, text=text)
        if is_latest and task.code in AWAITING_REVIEW:
            continue
        if is_latest and task.code == RETURNED_TASK:
            with _acting(submitted + timedelta(days=2), now):
                report = services.report_return(
                    report=report,
                    by=board,
                    comment="Đề nghị bổ sung số hộ đã nhận tiền bồi thường và tiến độ tái định cư.",
                )
            lead = obligation.assignment.cadre.user
            with _acting(submitted + timedelta(days=4), now):
                report = services.report_save_draft(
                    report=report,
                    by=lead,
                    expected_version=report.version,
                    results=text
                    + " Đã bổ sung: 212 hộ đã nhận tiền bồi thường, 18 hộ đã bố trí tái định cư.",
                )
                report = services.report_submit(
                    report=report, by=lead, expected_version=report.version
                )
        with _acting(report.submitted_at + timedelta(days=2), now):
            services.report_accept(report=report, by=board)

    _proposals_and_meeting(plan=plan, now=now, office=office, standing=standing)
    # The reminders of the morning of the load date.
    with _acting(_at(now, 7), now):
        reminders_collect(now)
    _read_what_was_dealt_with(plan, users)


def _read_what_was_dealt_with(plan: Plan, users: list[Any]) -> None:
    """The history happened before the demo was loaded: the reviewers have read the notices of
    the reports and proposals they have since dealt with, so what still waits for them stands
    out; and nobody is e-mailed about any of it, neither now nor by a later `thaogo remind`."""
    reviewed = ReportObligation.objects.filter(assignment__task__plan=plan).exclude(
        report__status=ReportStatus.SUBMITTED
    )
    decided = Proposal.objects.filter(task__plan=plan).exclude(status=ProposalStatus.PENDING)
    dealt_with = [
        *(
            reverse("reporting:report_detail", args=[pk])
            for pk in reviewed.values_list("pk", flat=True)
        ),
        *(
            reverse("direction:proposal_detail", args=[pk])
            for pk in decided.values_list("pk", flat=True)
        ),
    ]
    notices = Notification.objects.filter(user__in=users)
    notices.filter(
        url__in=dealt_with,
        kind__in=[NotificationKind.REPORT_SUBMITTED, NotificationKind.PROPOSAL_BEYOND_AUTHORITY],
    ).update(read_at=clock.now())
    notices.filter(emailed_at__isnull=True).update(by_email=False)


def _proposals_and_meeting(*, plan: Plan, now: date, office: Any, standing: Any) -> None:
    held_on = now - timedelta(days=60)
    created = []
    for code, title, content in PROPOSALS:
        task = Task.objects.filter(plan=plan, code=code).first()
        lead = task.assignments.filter(role="lead", end_date__isnull=True).first() if task else None
        if lead is None or lead.cadre.user is None:
            continue
        # Raised a few weeks before the meeting; the last one is still waiting in the queue.
        raised = held_on - timedelta(days=20) if len(created) < 2 else now - timedelta(days=10)
        with _acting(_at(raised, 15), now):
            proposal = direction.proposal_create(
                task=task,
                raised_by=lead.cadre,
                title=title,
                content=content,
                beyond_authority=True,
                by=lead.cadre.user,
            )
        created.append((proposal, lead))
    if len(created) < 2 or held_on < plan.start_date:
        return
    with _acting(_at(held_on - timedelta(days=7), 10), now):
        meeting = direction.meeting_create(title=MEETING_TITLE, held_on=held_on, by=office)
        for proposal, _lead in created[:2]:
            direction.agenda_add(meeting=meeting, proposal=proposal, by=office)
    conclusion = (
        Document.objects.filter(doc_type__code="TB", issued_on__gte=held_on)
        .order_by("issued_on")
        .first()
    )
    (first, first_lead), (second, second_lead) = created[0], created[1]
    with _acting(_at(held_on, 17), now):
        meeting = direction.meeting_update(
            meeting=meeting,
            by=office,
            expected_version=meeting.version,
            status="held",
            minutes="Ban Thường vụ thống nhất ý kiến chỉ đạo đối với từng đề xuất như dưới đây.",
            conclusion=conclusion,
            other_attendees="Đại diện UBND quận, Văn phòng Quận ủy",
        )
        done = direction.directive_issue(
            task=first.task,
            proposal=first,
            meeting=meeting,
            text="Giao UBND quận thành lập tổ cưỡng chế, hoàn thành hồ sơ trong 30 ngày.",
            responsible_cadre=first_lead.cadre,
            deadline=held_on + timedelta(days=30),
            by=standing,
        )
        # Left unfinished past its deadline: the overdue directive the trackers must chase.
        direction.directive_issue(
            task=second.task,
            proposal=second,
            meeting=meeting,
            text="Phòng Tài chính - Kế hoạch tham mưu điều chuyển vốn trong 20 ngày.",
            responsible_cadre=second_lead.cadre,
            deadline=held_on + timedelta(days=20),
            by=standing,
        )
    with _acting(_at(held_on + timedelta(days=2)), now):
        direction.directive_acknowledge(directive=done, by=first_lead.cadre.user)
    with _acting(_at(held_on + timedelta(days=26), 16), now):
        direction.directive_complete(
            directive=done,
            by=first_lead.cadre.user,
            completed_on=held_on + timedelta(days=26),
            note="Đã ban hành quyết định cưỡng chế; 3 hộ đã bàn giao mặt bằng.",
        )
