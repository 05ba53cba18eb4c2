"""The reporting cycle: schedules, obligations, reports and their review.

Every write goes through here, so that the web pages, the demo and `thaogo remind` follow
the same rules.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thaogo.accounts.policy import Action, can
from thaogo.core.services import (
    apply_changes,
    audited_save,
    lock_for_update,
)
from thaogo.core.uploads import checked_attachment_type
from thaogo.documents.models import Plan
from thaogo.lib import clock
from thaogo.notifications.services import notify
from thaogo.reporting.models import (
    Attachment,
    Holiday,
    ObligationState,
    Report,
    ReportingSchedule,
    ReportMetricValue,
    ReportObligation,
    ReportStatus,
    ReportSubmission,
)
from thaogo.reporting.periods import periods_between, working_days_after
from thaogo.tasks.models import Assignment, AssignmentRole, Metric, Task

DUE_SOON_DAYS = 7

# ---------------------------------------------------------------- schedule and obligations


def schedule_for(plan: Plan) -> ReportingSchedule:
    schedule, _created = ReportingSchedule.objects.get_or_create(plan=plan)
    return schedule


SCHEDULE_FIELDS = {
    "monthly",
    "quarterly",
    "half_yearly",
    "nine_monthly",
    "yearly",
    "cutoff_day",
    "due_working_days",
}


@transaction.atomic
def schedule_update(
    *, schedule: ReportingSchedule, by: Any, expected_version: int, **changes: Any
) -> ReportingSchedule:
    fresh = lock_for_update(schedule, expected_version=expected_version)
    apply_changes(fresh, changes, allowed=SCHEDULE_FIELDS)
    if not fresh.kinds:
        raise ValidationError(_("Choose at least one reporting period."))
    if not 1 <= fresh.cutoff_day <= 28:
        raise ValidationError({"cutoff_day": _("The cut-off day must be between 1 and 28.")})
    fresh.version += 1
    audited_save(fresh, by=by)
    obligations_sync_for_plan(fresh.plan)
    return fresh


def holidays_between(first: date, last: date) -> set[date]:
    return set(Holiday.objects.filter(date__range=(first, last)).values_list("date", flat=True))


def _active_interval(assignment: Assignment) -> tuple[date, date, bool]:
    """First and last day of the lead's work, and whether it ends with a final report (the
    task completed or the plan ended) rather than a hand-over to another lead."""
    task, plan = assignment.task, assignment.task.plan
    ends = [(plan.end_date, True)]
    if task.completed_on:
        ends.append((task.completed_on, True))
    if assignment.end_date:
        ends.append((assignment.end_date, False))
    last, final_report = min(ends, key=lambda end: (end[0], not end[1]))
    return assignment.start_date, max(last, assignment.start_date), final_report


@transaction.atomic
def obligations_sync_for_assignment(
    assignment: Assignment, *, schedule: ReportingSchedule | None = None
) -> list[ReportObligation]:
    """Bring the assignment's obligations in line with the schedule. Idempotent: nothing is
    duplicated, and an obligation that already has a report is never removed."""
    schedule = schedule or schedule_for(assignment.task.plan)
    wanted = {}
    if assignment.role == AssignmentRole.LEAD:
        first, last, final_report = _active_interval(assignment)
        periods = periods_between(
            schedule.kinds,
            first,
            last,
            cutoff_day=schedule.cutoff_day,
            final_report=final_report,
        )
        if periods:
            holidays = holidays_between(periods[0].end, periods[-1].end + timedelta(days=90))
            for period in periods:
                due = working_days_after(period.end, schedule.due_working_days, holidays)
                wanted[(period.kind, period.year, period.number)] = (period, due)
    # Lock the assignment, not only its obligations: a missing obligation has no row to
    # lock, so two syncs at once (`thaogo remind` and an edit) would both create it.
    Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
    existing = {
        (o.kind, o.year, o.number): o
        for o in ReportObligation.objects.select_for_update().filter(assignment=assignment)
    }
    with_reports = set(
        Report.objects.filter(obligation__assignment=assignment).values_list(
            "obligation_id", flat=True
        )
    )
    for key, obligation in existing.items():
        if key not in wanted and obligation.pk not in with_reports:
            obligation.delete()
    kept = []
    for key, (period, due) in wanted.items():
        obligation = existing.get(key)
        values = {"period_start": period.start, "period_end": period.end, "due_on": due}
        if obligation is None:
            obligation = ReportObligation.objects.create(
                assignment=assignment,
                kind=period.kind,
                year=period.year,
                number=period.number,
                **values,
            )
        elif any(getattr(obligation, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(obligation, name, value)
            obligation.save(update_fields=list(values))
        kept.append(obligation)
    return kept


def obligations_sync_for_task(task: Task) -> None:
    schedule = schedule_for(task.plan)
    # In primary key order, as every sync locks them, so that two syncs never deadlock.
    for assignment in (
        Assignment.objects.filter(task=task).select_related("task__plan").order_by("pk")
    ):
        obligations_sync_for_assignment(assignment, schedule=schedule)


def obligations_sync_for_plan(plan: Plan) -> None:
    schedule = schedule_for(plan)
    assignments = Assignment.objects.filter(task__plan=plan).select_related("task__plan")
    for assignment in assignments.order_by("pk"):
        obligations_sync_for_assignment(assignment, schedule=schedule)


def deadline_moment(due_on: date) -> datetime:
    """A report is on time until the end of its due day, local time."""
    return timezone.make_aware(datetime.combine(due_on + timedelta(days=1), time.min))


def obligation_state(obligation: ReportObligation, report: Report | None, today: date) -> str:
    if report is not None:
        if report.status == ReportStatus.ACCEPTED:
            return ObligationState.ACCEPTED
        if report.status == ReportStatus.RETURNED:
            return ObligationState.RETURNED
        if report.status == ReportStatus.SUBMITTED:
            return (
                ObligationState.SUBMITTED_LATE
                if report.is_late
                else ObligationState.SUBMITTED_ON_TIME
            )
    if today > obligation.due_on:
        return ObligationState.OVERDUE
    if (obligation.due_on - today).days <= DUE_SOON_DAYS:
        return ObligationState.DUE_SOON
    return ObligationState.UPCOMING


# ---------------------------------------------------------------- reports


def report_for(obligation: ReportObligation) -> Report:
    report, _created = Report.objects.get_or_create(obligation=obligation)
    return report


def _check_editable(report: Report, by: Any) -> None:
    if not can(by, Action.REPORT_WRITE, report.obligation):
        raise ValidationError(_("Only the lead cadre writes this report."))
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ValidationError(_("This report has been submitted and can no longer be changed."))


def _validate_values(task: Task, values: dict[int, Decimal | None]) -> dict[int, Decimal]:
    from thaogo.tasks.services import check_measure

    metrics = {m.pk: m for m in Metric.objects.filter(task=task)}
    errors: dict[str, str] = {}
    clean: dict[int, Decimal] = {}
    for metric_id, value in values.items():
        metric = metrics.get(metric_id)
        if metric is None:
            raise ValidationError(_("Unknown metric."))
        if value is None:
            continue
        found: dict[str, str] = {}
        check_measure(metric.unit, value, "value", found)
        if found:
            errors[f"metric_{metric_id}"] = f"{metric.name}: {found['value']}"
        else:
            clean[metric_id] = value
    if errors:
        raise ValidationError(errors)
    return clean


REPORT_TEXT_FIELDS = ("results", "difficulties", "causes", "next_steps")


@transaction.atomic
def report_save_draft(
    *,
    report: Report,
    by: Any,
    expected_version: int,
    values: dict[int, Decimal | None] | None = None,
    **fields: Any,
) -> Report:
    """Save what the cadre has typed so far. A save based on an older version is refused,
    so two people never silently overwrite each other."""
    fresh = lock_for_update(report, expected_version=expected_version)
    _check_editable(fresh, by)
    apply_changes(fresh, fields, allowed={*REPORT_TEXT_FIELDS, "self_assessed_progress"})
    progress = fresh.self_assessed_progress
    if progress is not None and not 0 <= progress <= 100:
        raise ValidationError(
            {"self_assessed_progress": _("Progress is a percentage from 0 to 100.")}
        )
    if values is not None:
        clean = _validate_values(fresh.obligation.assignment.task, values)
        ReportMetricValue.objects.filter(report=fresh).exclude(metric_id__in=clean).delete()
        for metric_id, value in clean.items():
            ReportMetricValue.objects.update_or_create(
                report=fresh, metric_id=metric_id, defaults={"value": value}
            )
    fresh.version += 1
    fresh.updated_by = by
    return audited_save(fresh, by=by)


def _snapshot(report: Report) -> dict[str, Any]:
    values = report.metric_values.select_related("metric")
    return {
        **{name: getattr(report, name) for name in REPORT_TEXT_FIELDS},
        "self_assessed_progress": report.self_assessed_progress,
        "metric_values": [
            {"metric": v.metric.name, "unit": v.metric.get_unit_display(), "value": str(v.value)}
            for v in values
        ],
        "attachments": [a.original_name for a in report.attachments.all()],
        "proposals": [p.title for p in report.proposals.all()],
    }


@transaction.atomic
def report_submit(*, report: Report, by: Any, expected_version: int) -> Report:
    fresh = lock_for_update(report, expected_version=expected_version)
    _check_editable(fresh, by)
    if not fresh.results.strip():
        raise ValidationError({"results": _("Describe the results achieved before submitting.")})
    now = timezone.now()
    fresh.status = ReportStatus.SUBMITTED
    fresh.submitted_at = now
    fresh.is_late = now >= deadline_moment(fresh.obligation.due_on)
    fresh.revision += 1
    fresh.version += 1
    fresh.updated_by = by
    audited_save(fresh, by=by)
    ReportSubmission.objects.create(
        report=fresh,
        number=fresh.revision,
        submitted_at=now,
        submitted_by=by,
        is_late=fresh.is_late,
        content=_snapshot(fresh),
    )
    return fresh


def _latest_submission(report: Report) -> ReportSubmission:
    return report.submissions.select_for_update().order_by("-number").first()


@transaction.atomic
def report_accept(*, report: Report, by: Any, comment: str = "") -> Report:
    """Accept a submitted report; its metric values become the task's measured values."""
    from thaogo.tasks.services import metric_value_record

    fresh = Report.objects.select_for_update().get(pk=report.pk)
    if fresh.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted."))
    fresh.status = ReportStatus.ACCEPTED
    fresh.version += 1
    audited_save(fresh, by=by)
    submission = _latest_submission(fresh)
    submission.decision = ReportStatus.ACCEPTED
    submission.review_comment = comment
    submission.reviewed_by = by
    submission.reviewed_at = timezone.now()
    submission.save()
    measured_on = min(fresh.obligation.period_end, clock.today())
    # The figures are the reporting cadre's; the acceptance is recorded against the reviewer.
    reporter = fresh.obligation.assignment.cadre.user or by
    for value in fresh.metric_values.select_related("metric__task"):
        metric_value_record(
            metric=value.metric,
            measured_on=measured_on,
            value=value.value,
            note=_("From the accepted report %(period)s") % {"period": fresh.obligation.label},
            by=reporter,
        )
    return fresh


@transaction.atomic
def report_return(*, report: Report, by: Any, comment: str) -> Report:
    fresh = Report.objects.select_for_update().get(pk=report.pk)
    if fresh.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs to be revised.")})
    fresh.status = ReportStatus.RETURNED
    fresh.version += 1
    audited_save(fresh, by=by)
    submission = _latest_submission(fresh)
    submission.decision = ReportStatus.RETURNED
    submission.review_comment = comment
    submission.reviewed_by = by
    submission.reviewed_at = timezone.now()
    submission.save()
    cadre_user = fresh.obligation.assignment.cadre.user
    if cadre_user is not None:
        notify(
            user=cadre_user,
            kind="report_returned",
            key=f"report-returned:{fresh.pk}:{fresh.revision}",
            message=_("Your report %(period)s for task %(task)s was returned: %(comment)s")
            % {
                "period": fresh.obligation.label,
                "task": fresh.obligation.assignment.task.code,
                "comment": comment[:200],
            },
            url=reverse("reporting:report_edit", args=[fresh.obligation_id]),
        )
    return fresh


@transaction.atomic
def attachment_add(*, report: Report, file: UploadedFile, by: Any) -> Attachment:
    """Attach a PDF, DOCX, XLSX or image to the cadre's report while they write it."""
    _check_editable(report, by)
    content_type = checked_attachment_type(file)
    attachment = Attachment(
        report=report,
        original_name=file.name[:255],
        content_type=content_type,
        size=file.size,
        uploaded_by=by,
    )
    attachment.file.save(file.name, file, save=False)
    attachment.save()
    return attachment
