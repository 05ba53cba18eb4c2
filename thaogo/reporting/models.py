import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thaogo.core.audit import history
from thaogo.core.fields import BusinessTimeField
from thaogo.lib.numbers import format_number
from thaogo.reporting.kinds import period_label
from thaogo.reporting.periods import format_label, label_pattern_problem, last_months_problem


class ReportingKind(models.Model):
    """A kind of reporting period (monthly, quarterly, 6 months, 9 months, yearly...), kept as
    data with the dates it applies between: a kind that starts later, or one whose periods end
    in other months, is a new row, and existing obligations keep the code they were made with.
    """

    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        # No hyphen: a period is keyed "quarter-2024-3" in the monitoring filters.
        validators=[
            RegexValidator(
                r"^[a-z0-9_]+\Z",
                _("Use lowercase letters without accents, digits and _ only."),
            )
        ],
        help_text=_("Lowercase letters without accents, digits and _; kept with each report."),
    )
    name = models.CharField(_("name"), max_length=80, help_text=_("e.g. Hằng quý."))
    span_months = models.PositiveSmallIntegerField(
        _("months in a period"), help_text=_("How many months one period covers, 1 to 12.")
    )
    last_months = models.CharField(
        _("last month of each period"),
        max_length=40,
        help_text=_(
            "The month in which each period of a year ends, in order, separated by commas: "
            "3,6,9,12 for quarters."
        ),
    )
    label_pattern = models.CharField(
        _("how a period is written"),
        max_length=80,
        help_text=_(
            "With {number} (the period's number in the year), {roman} (the same in Roman "
            "numerals) and {year}: Quý {roman}/{year}, 6 tháng đầu năm {year}."
        ),
    )
    precedence = models.PositiveSmallIntegerField(
        _("precedence"),
        help_text=_(
            "When two kinds end on the same cut-off day, the report of the kind with the "
            "higher precedence stands for both."
        ),
    )
    is_default = models.BooleanField(
        _("chosen for a new plan"),
        default=False,
        help_text=_("A new plan's reporting schedule starts with the kinds marked here."),
    )
    valid_from = models.DateField(_("applies from"))
    valid_until = models.DateField(_("applies until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["-precedence", "code"]
        verbose_name = _("reporting kind")
        verbose_name_plural = _("reporting kinds")
        constraints = [
            models.CheckConstraint(
                condition=Q(span_months__gte=1, span_months__lte=12),
                name="reporting_kind_span_in_a_year",
                violation_error_message=_("A period spans 1 to 12 months."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="reporting_kind_valid_until_after_from",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(code="") & ~Q(last_months="") & ~Q(label_pattern=""),
                name="reporting_kind_defined",
                violation_error_message=_(
                    "A kind has a code, the months its periods end in and a label."
                ),
            ),
            models.CheckConstraint(
                condition=Q(precedence__lte=1000),
                name="reporting_kind_precedence_reasonable",
                violation_error_message=_("Precedence is a number up to 1.000."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def months(self) -> tuple[int, ...]:
        """The last months as numbers; () when the text is not a list of numbers."""
        parts = [part.strip() for part in self.last_months.split(",")]
        if not all(part.isascii() and part.isdigit() for part in parts):
            return ()
        return tuple(int(part) for part in parts)

    @property
    def example_label(self) -> str:
        """The label of its first period in the year it starts: "Quý I/2019"."""
        return format_label(self.label_pattern, self.valid_from.year, 1)

    def clean(self) -> None:
        errors = {}
        months = self.months
        if not months:
            errors["last_months"] = _("Write the months as numbers separated by commas: 3,6,9,12.")
        elif 1 <= (self.span_months or 0) <= 12 and (
            problem := last_months_problem(months, self.span_months)
        ):
            errors["last_months"] = problem
        else:
            self.last_months = ",".join(str(month) for month in months)
        if self.label_pattern and (
            problem := label_pattern_problem(self.label_pattern, len(months) or 1)
        ):
            errors["label_pattern"] = problem
        if errors:
            raise ValidationError(errors)


class ReportingSchedule(models.Model):
    """Which periods a plan reports on, when data is cut off, and how long after it is due."""

    plan = models.OneToOneField(
        "documents.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="reporting_schedule",
    )
    kinds = models.ManyToManyField(
        ReportingKind,
        verbose_name=_("reporting periods"),
        related_name="schedules",
        help_text=_("The kinds of period the plan's leads report on."),
    )
    # The kinds' names, kept by the schedule service so that a change of kinds shows in the
    # schedule's history like any other field (the many-to-many table itself has no history).
    kinds_summary = models.TextField(_("reporting periods"), blank=True, default="")
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
    revision_working_days = models.PositiveSmallIntegerField(
        _("working days to revise"),
        default=5,
        help_text=_(
            "How many working days a cadre has to revise a returned report, unless the "
            "reviewer sets another date."
        ),
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
                condition=Q(revision_working_days__gte=1, revision_working_days__lte=30),
                name="schedule_revision_days_reasonable",
                violation_error_message=_(
                    "A returned report is revised within 1 to 30 working days."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.plan)


class HolidayKind(models.TextChoices):
    PUBLIC = "public", _("Public holiday")
    # "Nghỉ bù": only a day off in place of a public holiday that fell on a weekend.
    COMPENSATORY = "compensatory", _("Compensatory day off (holiday on a weekend)")
    # A working day swapped with a weekend day worked instead (SwappedWorkingDay).
    SWAPPED = "swapped", _("Day off swapped with a working day")


class Holiday(models.Model):
    """A day off (Tết, 30/4, 2/9 ...): not a working day. Administrators keep the list, each
    day with the text that decides it."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    version = models.PositiveIntegerField(default=1, editable=False)
    kind = models.CharField(
        _("kind"), max_length=14, choices=HolidayKind.choices, default=HolidayKind.PUBLIC
    )
    # For a compensatory day off: the holiday that fell on a weekend.
    compensates = models.DateField(_("in place of the holiday on"), null=True, blank=True)
    legal_source = models.CharField(
        _("legal source"),
        max_length=200,
        blank=True,
        help_text=_(
            "The law or notice that sets this day off, e.g. Bộ luật Lao động 2019, Điều 112."
        ),
    )

    history = history()

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=HolidayKind.values),
                name="holiday_kind_valid",
                violation_error_message=_("Unknown kind of holiday."),
            ),
            models.CheckConstraint(
                condition=Q(kind=HolidayKind.COMPENSATORY, compensates__isnull=False)
                | (~Q(kind=HolidayKind.COMPENSATORY) & Q(compensates__isnull=True)),
                name="holiday_compensates_iff_compensatory",
                violation_error_message=_(
                    "A compensatory day off names the weekend holiday it replaces, and only it."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"

    def clean(self) -> None:
        compensates = self.compensates if self.kind == HolidayKind.COMPENSATORY else None
        if compensates is not None and compensates.weekday() < 5:
            raise ValidationError(
                {
                    "compensates": _(
                        "A compensatory day off (nghỉ bù) only replaces a holiday that "
                        "fell on a Saturday or Sunday."
                    )
                }
            )


class SwappedWorkingDay(models.Model):
    """A weekend day worked in exchange for a day off: Saturday 4/5/2024 for Monday
    29/4/2024, Saturday 26/4/2025 for Friday 2/5/2025. It counts as a working day."""

    date = models.DateField(_("working day"), unique=True)
    in_place_of = models.DateField(_("in place of"))
    legal_source = models.CharField(_("legal source"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["date"]
        verbose_name = _("make-up working day")
        verbose_name_plural = _("make-up working days")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} ({self.in_place_of:%d/%m/%Y})"

    def clean(self) -> None:
        if self.date and self.date.weekday() < 5:
            raise ValidationError({"date": _("A make-up working day is a Saturday or a Sunday.")})


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
    # The code of a ReportingKind, kept as text: the obligation keeps its period if the kind
    # is later edited or ends.
    kind = models.CharField(_("period kind"), max_length=12)
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
    # Set when the report is returned: a resubmission is judged against it, not the period's
    # due date.
    revision_due_on = models.DateField(_("revise by"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = BusinessTimeField(_("updated at"), auto_now=True)
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
            models.CheckConstraint(
                condition=Q(revision_due_on__isnull=True) | Q(revision__gte=1),
                name="report_revision_deadline_after_a_submission",
                violation_error_message=_("Only a submitted report has a revision deadline."),
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
    # When the next version was submitted (none: the latest). The latest version as of a past
    # day is then one join, not a search per report (monitoring.selectors.obligation_base).
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="submission_number_unique_per_report"
            ),
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(superseded_at__isnull=True),
                name="one_latest_submission_per_report",
            ),
            models.CheckConstraint(
                condition=Q(superseded_at__isnull=True) | Q(superseded_at__gte=F("submitted_at")),
                name="submission_superseded_after_submitted",
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
    uploaded_at = BusinessTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class PeriodReport(models.Model):
    """A cadre's report for one period over every task they lead ("Báo cáo kết quả thực hiện
    nhiệm vụ – Quý I/2025"): the general section. Each task's part is that task's Report,
    submitted together and reviewed on its own."""

    cadre = models.ForeignKey(
        "units.Cadre",
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="period_reports",
    )
    # The code of a ReportingKind, kept as text: the obligation keeps its period if the kind
    # is later edited or ends.
    kind = models.CharField(_("period kind"), max_length=12)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number in year"))
    general = models.TextField(_("general assessment"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = BusinessTimeField(_("updated at"), auto_now=True)
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
        verbose_name = _("period report")
        verbose_name_plural = _("period reports")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "kind", "year", "number"],
                name="period_report_one_per_cadre_and_period",
                violation_error_message=_("This cadre already has a report for this period."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} — {self.cadre}"

    @property
    def label(self) -> str:
        return period_label(self.kind, self.year, self.number)


class Contribution(models.Model):
    """What a supporting cadre adds to the lead's part of a report, shown under their name."""

    obligation = models.ForeignKey(
        ReportObligation,
        verbose_name=_("report obligation"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    author = models.ForeignKey(
        "units.Cadre", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("contribution"))
    created_at = BusinessTimeField(_("created at"), auto_now_add=True)

    history = history()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return f"{self.obligation} — {self.author}"
