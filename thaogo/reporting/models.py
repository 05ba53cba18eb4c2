import secrets

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


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    return f"attachments/{timezone.localdate():%Y/%m}/{secrets.token_hex(8)}-{filename}"


class Attachment(models.Model):
    """A file attached to a report; served only through a checked view."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="attachments"
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

    def __str__(self) -> str:
        return self.original_name
