"""The reporting cycle: schedules, obligations, reports and their review.

Every write goes through here, so that the web pages, the demo and `thaogo remind` follow
the same rules.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thaogo.accounts.policy import Action, can
from thaogo.accounts.roles import cadre_of
from thaogo.core.rules import RuleBook, rule_on
from thaogo.core.services import (
    apply_changes,
    audited_save,
    lock_for_update,
)
from thaogo.core.uploads import checked_attachment_type
from thaogo.documents.models import Plan
from thaogo.lib import clock
from thaogo.notifications.services import notify
from thaogo.reporting.kinds import kind_book
from thaogo.reporting.models import (
    Attachment,
    Contribution,
    Holiday,
    ObligationState,
    PeriodReport,
    Report,
    ReportingKind,
    ReportingSchedule,
    ReportMetricValue,
    ReportObligation,
    ReportStatus,
    ReportSubmission,
    SwappedWorkingDay,
)
from thaogo.reporting.notices import announce_submission
from thaogo.reporting.periods import KindDefinition, periods_between, working_days_after
from thaogo.tasks.models import Assignment, AssignmentRole, Metric, Task

# ---------------------------------------------------------------- schedule and obligations


def schedule_for(plan: Plan) -> ReportingSchedule:
    schedule, created = ReportingSchedule.objects.get_or_create(plan=plan)
    if created:
        # A new plan reports on the kinds marked for new plans (quarterly, 6 months, yearly).
        defaults = list(ReportingKind.objects.filter(is_default=True))
        schedule.kinds.set(defaults)
        schedule.kinds_summary = _kinds_summary(defaults)
        schedule.save(update_fields=["kinds_summary"])
    return schedule


def _kinds_summary(kinds: Iterable[ReportingKind]) -> str:
    return "; ".join(kind.name for kind in sorted(kinds, key=lambda k: (-k.precedence, k.code)))


def schedule_kinds(schedule: ReportingSchedule) -> list[KindDefinition]:
    """The definitions of the kinds the schedule reports on (one query for the codes)."""
    return kind_book().of(list(schedule.kinds.values_list("code", flat=True)))


SCHEDULE_FIELDS = {"cutoff_day", "due_working_days", "revision_working_days"}


@transaction.atomic
def schedule_update(
    *,
    schedule: ReportingSchedule,
    by: Any,
    expected_version: int,
    kinds: Iterable[ReportingKind] | None = None,
    **changes: Any,
) -> ReportingSchedule:
    """Change what a plan reports on; `kinds`, when given, replaces the kinds of period."""
    fresh = lock_for_update(schedule, expected_version=expected_version)
    apply_changes(fresh, changes, allowed=SCHEDULE_FIELDS)
    if kinds is not None:
        kinds = list(kinds)
        if not kinds:
            raise ValidationError({"kinds": _("Choose at least one reporting period.")})
        fresh.kinds_summary = _kinds_summary(kinds)
    if not 1 <= fresh.cutoff_day <= 28:
        raise ValidationError({"cutoff_day": _("The cut-off day must be between 1 and 28.")})
    fresh.version += 1
    audited_save(fresh, by=by)
    if kinds is not None:
        fresh.kinds.set(kinds)
    obligations_sync_for_plan(fresh.plan)
    return fresh


def holidays_between(first: date, last: date) -> set[date]:
    return set(Holiday.objects.filter(date__range=(first, last)).values_list("date", flat=True))


def make_up_days_between(first: date, last: date) -> set[date]:
    """Weekend days worked in exchange for a day off: they count as working days."""
    return set(
        SwappedWorkingDay.objects.filter(date__range=(first, last)).values_list("date", flat=True)
    )


def working_day_after(start: date, days: int) -> date:
    """`days` working days after `start`, by the holidays and make-up days on record."""
    last = start + timedelta(days=max(90, days * 3))
    return working_days_after(
        start, days, holidays_between(start, last), make_up_days_between(start, last)
    )


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


def obligations_wanted(
    assignment: Assignment,
    *,
    schedule: ReportingSchedule,
    kinds: list[KindDefinition],
    rules: RuleBook | None = None,
    holidays: set[date] | None = None,
    make_up_days: set[date] | None = None,
) -> dict[tuple[str, int, int], tuple[Any, date]]:
    """The reports an assignment owes under the schedule and its `kinds`, by (kind, year,
    number): each period and its due date. Only a lead owes reports. `holidays` and
    `make_up_days` may be given (supersets of those in the months concerned) by a caller that
    computes many at once."""
    wanted: dict[tuple[str, int, int], tuple[Any, date]] = {}
    if assignment.role != AssignmentRole.LEAD:
        return wanted
    first, last, final_report = _active_interval(assignment)
    periods = periods_between(
        kinds,
        first,
        last,
        cutoff_day=schedule.cutoff_day,
        final_report=final_report,
        grace_days=(rules or RuleBook()).on(first).first_report_grace_days,
    )
    if periods:
        start, end = periods[0].end, periods[-1].end + timedelta(days=90)
        if holidays is None:
            holidays = holidays_between(start, end)
        if make_up_days is None:
            make_up_days = make_up_days_between(start, end)
    for period in periods:
        due = working_days_after(period.end, schedule.due_working_days, holidays, make_up_days)
        wanted[(period.kind, period.year, period.number)] = (period, due)
    return wanted


@transaction.atomic
def obligations_sync_for_assignment(
    assignment: Assignment,
    *,
    schedule: ReportingSchedule | None = None,
    kinds: list[KindDefinition] | None = None,
    rules: RuleBook | None = None,
) -> list[ReportObligation]:
    """Bring the assignment's obligations in line with the schedule. Idempotent: nothing is
    duplicated, and an obligation that already has a report is never removed."""
    schedule = schedule or schedule_for(assignment.task.plan)
    if kinds is None:
        kinds = schedule_kinds(schedule)
    wanted = obligations_wanted(assignment, schedule=schedule, kinds=kinds, rules=rules)
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
    _sync_all(task.plan, Assignment.objects.filter(task=task))


def obligations_sync_for_plan(plan: Plan) -> None:
    _sync_all(plan, Assignment.objects.filter(task__plan=plan))


def _sync_all(plan: Plan, assignments: QuerySet[Assignment]) -> None:
    """Sync each assignment, in primary key order as every sync locks them, so that two syncs
    never deadlock; the schedule, its kinds and the rules are read once."""
    schedule = schedule_for(plan)
    kinds, rules = schedule_kinds(schedule), RuleBook()
    for assignment in assignments.select_related("task__plan").order_by("pk"):
        obligations_sync_for_assignment(assignment, schedule=schedule, kinds=kinds, rules=rules)


def deadline_moment(due_on: date) -> datetime:
    """A report is on time until the end of its due day, local time."""
    return timezone.make_aware(datetime.combine(due_on + timedelta(days=1), time.min))


def revision_due_default(*, report: Report, returned_on: date) -> date:
    """The revision deadline a return gets unless the reviewer sets another: the plan's
    number of working days after the return (5 by default)."""
    schedule = schedule_for(report.obligation.assignment.task.plan)
    return working_day_after(returned_on, schedule.revision_working_days)


def report_due_on(obligation: ReportObligation, report: Report | None) -> date:
    """The day a report is judged against: once returned, its revision deadline; before, the
    period's due date. Every "on time", "late" and "overdue" of a report asks this."""
    if report is not None and report.revision_due_on is not None:
        return report.revision_due_on
    return obligation.due_on


def submitted_late(report: Report, when: datetime) -> bool:
    return when >= deadline_moment(report_due_on(report.obligation, report))


def obligation_state(
    obligation: ReportObligation,
    report: Report | None,
    today: date,
    *,
    due_soon_days: int | None = None,
) -> str:
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
    due_on = report_due_on(obligation, report)
    if today > due_on:
        return ObligationState.OVERDUE
    if due_soon_days is None:
        due_soon_days = rule_on(today).due_soon_days
    if (due_on - today).days <= due_soon_days:
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

    metrics = {m.pk: m for m in Metric.objects.filter(task=task).select_related("unit")}
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
    so two people never silently overwrite each other. A report a page showed before it was
    ever saved is created here, with the rest of the save."""
    if report.pk is None:
        report = report_for(report.obligation)
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
    values = report.metric_values.select_related("metric__unit")
    return {
        **{name: getattr(report, name) for name in REPORT_TEXT_FIELDS},
        "self_assessed_progress": report.self_assessed_progress,
        "metric_values": [
            {"metric": v.metric.name, "unit": v.metric.get_unit_display(), "value": str(v.value)}
            for v in values
        ],
        "attachments": [a.original_name for a in report.attachments.all()],
        "proposals": [p.title for p in report.proposals.all()],
        "contributions": [
            {"author": c.author.full_name, "text": c.text}
            for c in report.obligation.contributions.select_related("author")
        ],
    }


@transaction.atomic
def report_submit(*, report: Report, by: Any, expected_version: int) -> Report:
    fresh = lock_for_update(report, expected_version=expected_version)
    _check_editable(fresh, by)
    if not fresh.results.strip():
        raise ValidationError({"results": _("Describe the results achieved before submitting.")})
    now = clock.now()
    fresh.status = ReportStatus.SUBMITTED
    fresh.submitted_at = now
    fresh.is_late = submitted_late(fresh, now)
    fresh.revision += 1
    fresh.version += 1
    fresh.updated_by = by
    audited_save(fresh, by=by)
    # Skips signals: the new version created next moves the figures' version in this same
    # transaction.
    ReportSubmission.objects.filter(report=fresh, superseded_at__isnull=True).update(
        superseded_at=now
    )
    ReportSubmission.objects.create(
        report=fresh,
        number=fresh.revision,
        submitted_at=now,
        submitted_by=by,
        is_late=fresh.is_late,
        content=_snapshot(fresh),
    )
    announce_submission(fresh, by=by)
    return fresh


def _latest_submission(report: Report) -> ReportSubmission:
    return report.submissions.select_for_update().order_by("-number").first()


def _reviewing_what_was_read(fresh: Report, expected_revision: int | None) -> None:
    """A reviewer decides on the submission they opened: if the cadre has resubmitted since,
    the decision is refused rather than applied to a text the reviewer has not read."""
    if expected_revision is not None and fresh.revision != expected_revision:
        raise ValidationError(
            _(
                "The report was submitted again (time %(number)s) after you opened this page: "
                "read it again before deciding."
            )
            % {"number": fresh.revision}
        )


@transaction.atomic
def report_accept(
    *, report: Report, by: Any, comment: str = "", expected_revision: int | None = None
) -> Report:
    """Accept a submitted report; its metric values become the task's measured values."""
    from thaogo.tasks.services import metric_value_record

    fresh = Report.objects.select_for_update().get(pk=report.pk)
    _reviewing_what_was_read(fresh, expected_revision)
    if fresh.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted."))
    fresh.status = ReportStatus.ACCEPTED
    fresh.version += 1
    audited_save(fresh, by=by)
    submission = _latest_submission(fresh)
    submission.decision = ReportStatus.ACCEPTED
    submission.review_comment = comment
    submission.reviewed_by = by
    submission.reviewed_at = clock.now()
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
def report_return(
    *,
    report: Report,
    by: Any,
    comment: str,
    revision_due_on: date | None = None,
    expected_revision: int | None = None,
) -> Report:
    """Return a submitted report for revision, by `revision_due_on` (by default the plan's
    working days after today): the resubmission is judged on time or late against it."""
    fresh = Report.objects.select_for_update().get(pk=report.pk)
    _reviewing_what_was_read(fresh, expected_revision)
    if fresh.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs to be revised.")})
    today = clock.today()
    if revision_due_on is None:
        revision_due_on = revision_due_default(report=fresh, returned_on=today)
    elif revision_due_on < today:
        raise ValidationError(
            {"revision_due_on": _("The revision deadline cannot be before today.")}
        )
    fresh.status = ReportStatus.RETURNED
    fresh.revision_due_on = revision_due_on
    fresh.version += 1
    audited_save(fresh, by=by)
    submission = _latest_submission(fresh)
    submission.decision = ReportStatus.RETURNED
    submission.review_comment = comment
    submission.reviewed_by = by
    submission.reviewed_at = clock.now()
    submission.save()
    cadre_user = fresh.obligation.assignment.cadre.user
    if cadre_user is not None:
        notify(
            user=cadre_user,
            kind="report_returned",
            key=f"report-returned:{fresh.pk}:{fresh.revision}",
            message=_(
                "Your report %(period)s for task %(task)s was returned, to revise by "
                "%(date)s: %(comment)s"
            )
            % {
                "period": fresh.obligation.label,
                "task": fresh.obligation.assignment.task.code,
                "date": revision_due_on.strftime("%d/%m/%Y"),
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


# ---------------------------------------------------------------- one report per period


def period_obligations(
    *, cadre: Any, kind: str, year: int, number: int
) -> QuerySet[ReportObligation]:
    """The reports a cadre owes for one period as the lead of a task: the sections of their
    period report."""
    return (
        ReportObligation.objects.filter(
            assignment__cadre=cadre,
            assignment__role=AssignmentRole.LEAD,
            kind=kind,
            year=year,
            number=number,
        )
        .select_related("assignment__task__plan", "assignment__cadre", "report")
        .order_by("assignment__task__code", "pk")
    )


def period_report_for(*, cadre: Any, kind: str, year: int, number: int) -> PeriodReport:
    """The cadre's period report, or a new one not saved yet: opening the page writes
    nothing."""
    key = {"cadre": cadre, "kind": kind, "year": year, "number": number}
    return PeriodReport.objects.filter(**key).first() or PeriodReport(**key)


@dataclass(frozen=True)
class Section:
    """What the cadre sent for one task's part of the period report."""

    report: Report
    expected_version: int
    fields: dict[str, Any]
    values: dict[int, Decimal | None] | None = None


class SectionError(ValidationError):
    """A part of the period report was refused: which one, and why."""

    def __init__(self, obligation: ReportObligation, error: ValidationError) -> None:
        self.obligation = obligation
        self.error = error
        task = obligation.assignment.task
        super().__init__(
            [
                _("Task %(code)s. %(title)s: %(message)s")
                % {"code": task.code, "title": task.title, "message": message}
                for message in error.messages
            ]
        )


@transaction.atomic
def period_report_save(
    *,
    period_report: PeriodReport,
    by: Any,
    expected_version: int,
    general: str,
    sections: Iterable[Section] = (),
    submit: bool = False,
) -> PeriodReport:
    """Save the general section and the given task parts; with `submit`, submit every part
    too. All or nothing: when one part is refused (SectionError names it), nothing is saved
    and nothing is submitted."""
    if period_report.pk is None:
        period_report, _created = PeriodReport.objects.get_or_create(
            cadre=period_report.cadre,
            kind=period_report.kind,
            year=period_report.year,
            number=period_report.number,
        )
    fresh = lock_for_update(period_report, expected_version=expected_version)
    if fresh.cadre.user_id is None or fresh.cadre.user_id != getattr(by, "pk", None):
        raise ValidationError(_("Only the cadre writes their own period report."))
    fresh.general = general
    fresh.version += 1
    fresh.updated_by = by
    audited_save(fresh, by=by)
    submitted = []
    for section in sections:
        obligation = section.report.obligation
        if (obligation.kind, obligation.year, obligation.number) != (
            fresh.kind,
            fresh.year,
            fresh.number,
        ):
            raise ValueError("a section of another period")
        try:
            report = report_save_draft(
                report=section.report,
                by=by,
                expected_version=section.expected_version,
                values=section.values,
                **section.fields,
            )
            if submit:
                report = report_submit(report=report, by=by, expected_version=report.version)
        except ValidationError as error:
            raise SectionError(obligation, error) from error
        submitted.append(report)
    if submit and not submitted:
        raise ValidationError(_("Every part of this report has already been submitted."))
    # Each part, as submitted, carries the general section it was sent with.
    for report in submitted if submit else ():
        submission = ReportSubmission.objects.get(report=report, number=report.revision)
        submission.content = {**submission.content, "general": fresh.general}
        submission.save(update_fields=["content"])
    return fresh


@transaction.atomic
def contribution_add(*, obligation: ReportObligation, by: Any, text: str) -> Contribution:
    """A supporting cadre adds to the lead's part while the lead can still change it."""
    if not can(by, Action.REPORT_CONTRIBUTE, obligation):
        raise ValidationError(_("Only a cadre supporting this task adds to its report."))
    report = Report.objects.select_for_update().filter(obligation=obligation).first()
    if report is not None and report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ValidationError(
            _("This report has been submitted; wait until it is returned to add to it.")
        )
    if not text.strip():
        raise ValidationError({"text": _("Write what you add to the report.")})
    contribution = Contribution(obligation=obligation, author=cadre_of(by), text=text.strip())
    return audited_save(contribution, by=by)
