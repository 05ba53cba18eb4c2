import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thaogo.core.audit import history
from thaogo.lib.numbers import format_number
from thaogo.reporting.periods import PeriodKind, period_label


class ReportingSchedule(models.Model):
    """Which periods a plan reports on, when data is cut off, and how long after it is due."""

    plan = models.OneToOneField(
        "documents.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="reporting_schedule",
    )
    monthly = models.BooleanField(_("monthly"), default=False)
    quarterly = models.BooleanField(_("quarterly"), default=True)
    half_yearly = models.BooleanField(_("6 months"), default=True)
    nine_monthly = models.BooleanField(_("9 months"), default=False)
    yearly = models.BooleanField(_("yearly"), default=True)
    cutoff_day = models.PositiveSmallIntegerField(
        _("data cut-off day"),
        default=14,
        help_text=_("Day of the period's last month on which data is cut off."),
    )
    due_working_days = models.PositiveSmallIntegerField(
        _("working days to report"),
        default=3,
        help_text=_("How many working days after the cut-off the report is due."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        verbose_name = _("reporting schedule")
        verbose_name_plural = _("reporting schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(cutoff_day__gte=1, cutoff_day__lte=28),
                name="schedule_cutoff_day_in_month",
                violation_error_message=_("The cut-off day must be between 1 and 28."),
            ),
            models.CheckConstraint(
                condition=Q(due_working_days__lte=30),
                name="schedule_due_days_reasonable",
                violation_error_message=_("A report is due at most 30 working days later."),
            ),
            models.CheckConstraint(
                condition=Q(monthly=True)
                | Q(quarterly=True)
                | Q(half_yearly=True)
                | Q(nine_monthly=True)
                | Q(yearly=True),
                name="schedule_has_a_period",
                violation_error_message=_("Choose at least one reporting period."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.plan)

    @property
    def kinds(self) -> list[str]:
        flags = [
            (self.monthly, PeriodKind.MONTH),
            (self.quarterly, PeriodKind.QUARTER),
            (self.half_yearly, PeriodKind.HALF_YEAR),
            (self.nine_monthly, PeriodKind.NINE_MONTHS),
            (self.yearly, PeriodKind.YEAR),
        ]
        return [kind.value for on, kind in flags if on]


class Holiday(models.Model):
    """A public holiday (Tết, 30/4, 2/9 ...): not a working day. Administrators keep the list."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class ObligationState(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    SUBMITTED_ON_TIME = "submitted_on_time", _("Submitted on time")
    SUBMITTED_LATE = "submitted_late", _("Submitted late")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")


class ReportObligation(models.Model):
    """One report a lead cadre owes for one period. Derived from the schedule; kept in step
    by reporting.services.obligations_sync_*."""

    assignment = models.ForeignKey(
        "tasks.Assignment",
        verbose_name=_("assignment"),
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    kind = models.CharField(_("period kind"), max_length=12, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number in year"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("data cut-off"))
    due_on = models.DateField(_("due on"))

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("report obligation")
        verbose_name_plural = _("report obligations")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind", "year", "number"],
                name="obligation_one_per_assignment_and_period",
                violation_error_message=_("This report is already expected."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")) & Q(due_on__gte=F("period_end")),
                name="obligation_dates_in_order",
                violation_error_message=_("The period dates are out of order."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} — {self.assignment.task.code}"

    @property
    def label(self) -> str:
        return period_label(self.kind, self.year, self.number)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")


class Report(models.Model):
    obligation = models.OneToOneField(
        ReportObligation,
        verbose_name=_("report obligation"),
        on_delete=models.PROTECT,
        related_name="report",
    )
    results = models.TextField(_("results achieved"), blank=True)
    difficulties = models.TextField(_("difficulties and obstacles"), blank=True)
    causes = models.TextField(_("causes"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    self_assessed_progress = models.PositiveSmallIntegerField(
        _("self-assessed progress (%)"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    is_late = models.BooleanField(_("submitted late"), default=False)
    revision = models.PositiveSmallIntegerField(_("submissions"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = history()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(self_assessed_progress__isnull=True)
                | Q(self_assessed_progress__lte=100),
                name="report_progress_at_most_100",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="report_submitted_has_time",
                violation_error_message=_("A submitted report has a submission time."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values),
                name="report_status_valid",
                violation_error_message=_("Unknown report status."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.obligation)


class ReportMetricValue(models.Model):
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="metric_values"
    )
    metric = models.ForeignKey(
        "tasks.Metric", verbose_name=_("metric"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "metric"], name="report_value_one_per_metric"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="report_value_not_negative",
                violation_error_message=_("The value cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric}: {format_number(self.value)}"


class ReportSubmission(models.Model):
    """A frozen copy of a report as submitted, with the review it received: every version
    stays readable."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="submissions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_late = models.BooleanField(_("late"), default=False)
    content = models.JSONField(_("content"))
    decision = models.CharField(_("review decision"), max_length=10, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="submission_number_unique_per_report"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the Standing Committee")
    ON_AGENDA = "on_agenda", _("On a meeting agenda")
    DIRECTED = "directed", _("Directive given")
    CLOSED = "closed", _("Closed")


class Proposal(models.Model):
    """A proposed way forward (đề xuất hướng xử lý), often for a case beyond the cadre's
    authority, for the Standing Committee to decide."""

    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("task"), on_delete=models.PROTECT, related_name="proposals"
    )
    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    raised_by = models.ForeignKey(
        "units.Cadre",
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=300)
    content = models.TextField(_("proposed way forward"))
    beyond_authority = models.BooleanField(_("beyond the cadre's authority"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PENDING,
    )
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = history()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values),
                name="proposal_status_valid",
                violation_error_message=_("Unknown proposal status."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class Meeting(models.Model):
    """A Standing Committee meeting that decides proposals."""

    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("meeting date"))
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    attendees = models.ManyToManyField(
        "units.Cadre", verbose_name=_("attendees"), blank=True, related_name="meetings"
    )
    other_attendees = models.TextField(_("other attendees"), blank=True)
    minutes = models.TextField(_("minutes and conclusions"), blank=True)
    conclusion = models.ForeignKey(
        "documents.Document",
        verbose_name=_("conclusion document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values),
                name="meeting_status_valid",
                violation_error_message=_("Unknown meeting status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda"
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "proposal"],
                name="agenda_proposal_once_per_meeting",
                violation_error_message=_("This proposal is already on the agenda."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.proposal}"


class DirectiveStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    COMPLETED = "completed", _("Completed")


class Directive(models.Model):
    """The Standing Committee's instruction (ý kiến chỉ đạo) on a proposal."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="directives",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directives",
    )
    text = models.TextField(_("directive"))
    responsible_cadre = models.ForeignKey(
        "units.Cadre",
        verbose_name=_("responsible cadre"),
        on_delete=models.PROTECT,
        related_name="directives",
    )
    responsible_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directives",
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=14, choices=DirectiveStatus.choices, default=DirectiveStatus.ISSUED
    )
    issued_on = models.DateField(_("issued on"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completion_note = models.TextField(_("completion report"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = history()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("issued_on")),
                name="directive_deadline_not_before_issue",
                violation_error_message=_("The deadline cannot be before the directive is issued."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=DirectiveStatus.COMPLETED, completed_on__isnull=False)
                    | (~Q(status=DirectiveStatus.COMPLETED) & Q(completed_on__isnull=True))
                ),
                name="directive_completed_on_iff_completed",
                violation_error_message=_(
                    "A completed directive needs a completion date, "
                    "and only a completed one has one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=DirectiveStatus.values),
                name="directive_status_valid",
                violation_error_message=_("Unknown directive status."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def timing(self, today: date):
        from thaogo.tasks.models import timing_of

        return timing_of(
            status="completed" if self.status == DirectiveStatus.COMPLETED else "in_progress",
            deadline=self.deadline,
            completed_on=self.completed_on,
            today=today,
            near_due_days=settings.THAOGO_NEAR_DUE_DAYS,
        )


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    return f"attachments/{timezone.localdate():%Y/%m}/{secrets.token_hex(8)}-{filename}"


class Attachment(models.Model):
    """A file attached to a report or a proposal; served only through a checked view."""

    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=False) | Q(proposal__isnull=False),
                name="attachment_belongs_somewhere",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class Notification(models.Model):
    """An in-app notice. The key makes each notice unique per user, so nothing is sent twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30)
    key = models.CharField(max_length=120)
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user"),
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message


class CalendarFeed(models.Model):
    """A private, revocable address for a user's deadlines as an iCalendar feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"
