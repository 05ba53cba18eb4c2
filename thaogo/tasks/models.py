from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thaogo.core.audit import history
from thaogo.core.fields import BusinessTimeField
from thaogo.core.rules import rule_on
from thaogo.lib.numbers import format_number
from thaogo.lib.text import fold


class Category(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PAUSED = "paused", _("Paused")
    COMPLETED = "completed", _("Completed")


_STATUS_LABELS = dict(Status.choices)
_PRIORITY_LABELS = dict(Priority.choices)


class Timing(models.TextChoices):
    """The timing of one task, as Vietnamese task-tracking systems report it (QĐ
    42/2014/QĐ-TTg). Each task has exactly one. NEAR_DUE is a task still within its
    deadline with few days left: the statistics count it as in progress within deadline and
    show it again as "of which near due" (see WITHIN_DEADLINE and HEADLINE_TIMINGS)."""

    COMPLETED_ON_TIME = "completed_on_time", _("Completed on time")
    COMPLETED_LATE = "completed_late", _("Completed late")
    ON_TRACK = "on_track", _("In progress within deadline")
    NEAR_DUE = "near_due", _("Near due")
    OVERDUE = "overdue", _("In progress overdue")
    NO_DEADLINE = "no_deadline", _("No deadline")


# "In progress within deadline" as counted and filtered: near due is a part of it.
WITHIN_DEADLINE = (Timing.ON_TRACK, Timing.NEAR_DUE)
# The headline split: each task in exactly one part, so the parts add up to the total.
HEADLINE_TIMINGS = (
    Timing.COMPLETED_ON_TIME,
    Timing.COMPLETED_LATE,
    Timing.ON_TRACK,
    Timing.OVERDUE,
    Timing.NO_DEADLINE,
)


def timings_counted_as(timing: str) -> tuple[Timing, ...]:
    """The task timings a count or a filter for `timing` takes in."""
    if timing == Timing.ON_TRACK:
        return WITHIN_DEADLINE
    return (Timing(timing),)


def timing_of(
    *,
    status: str,
    deadline: date | None,
    completed_on: date | None,
    today: date,
    near_due_days: int,
) -> Timing:
    """The timing of one task. tasks.selectors.with_timing() is the same rule in SQL."""
    if status == Status.COMPLETED:
        if deadline is None or (completed_on is not None and completed_on <= deadline):
            return Timing.COMPLETED_ON_TIME
        return Timing.COMPLETED_LATE
    if deadline is None:
        return Timing.NO_DEADLINE
    if deadline < today:
        return Timing.OVERDUE
    if (deadline - today).days <= near_due_days:
        return Timing.NEAR_DUE
    return Timing.ON_TRACK


class Task(models.Model):
    plan = models.ForeignKey(
        "documents.Plan", verbose_name=_("plan"), on_delete=models.PROTECT, related_name="tasks"
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Reference within the plan, e.g. 01 or 02.a.")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="tasks"
    )
    is_hard = models.BooleanField(_("hard"), default=False)
    is_new = models.BooleanField(_("new"), default=False)
    is_backlogged = models.BooleanField(_("long backlogged"), default=False)
    is_complex = models.BooleanField(_("complex"), default=False)
    units = models.ManyToManyField(
        "units.Unit", verbose_name=_("units concerned"), related_name="tasks", blank=True
    )
    # The units' names, kept by the task services so that a change of units shows in the
    # task's history like any other field (the many-to-many table itself has no history).
    units_summary = models.TextField(_("units concerned"), blank=True, default="")
    start_date = models.DateField(_("start date"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    result_summary = models.TextField(_("result summary"), blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown on the portal's public progress page (status, metrics, photos)."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = BusinessTimeField(_("created at"), auto_now_add=True)
    updated_at = BusinessTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(editable=False, default="")

    history = history()

    class Meta:
        ordering = ["plan", "code"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="task_unique_code_in_plan",
                violation_error_message=_("A task with this code already exists in the plan."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=F("start_date")),
                name="task_deadline_not_before_start",
                violation_error_message=_("The deadline cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="task_status_valid",
                violation_error_message=_("Unknown status."),
            ),
            models.CheckConstraint(
                condition=Q(priority__in=Priority.values),
                name="task_priority_valid",
                violation_error_message=_("Unknown priority."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=Status.COMPLETED, completed_on__isnull=False)
                    | (~Q(status=Status.COMPLETED) & Q(completed_on__isnull=True))
                ),
                name="task_completed_on_iff_completed",
                violation_error_message=_(
                    "A completed task needs a completion date, and only a completed task has one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("start_date")),
                name="task_completed_not_before_start",
                violation_error_message=_("The completion date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def save(self, *args, **kwargs) -> None:
        # Kept here so that every way of saving a task keeps search in step.
        self.search_text = fold(f"{self.code} {self.title} {self.description}")
        super().save(*args, **kwargs)

    def timing(self, today: date) -> Timing:
        return timing_of(
            status=self.status,
            deadline=self.deadline,
            completed_on=self.completed_on,
            today=today,
            near_due_days=rule_on(today).near_due_days,
        )

    # What get_status_display() and get_priority_display() give, without their per-call
    # hashing of every choice: the task list shows both on each row.
    @property
    def status_label(self) -> str:
        return _STATUS_LABELS.get(self.status, self.status)

    @property
    def priority_label(self) -> str:
        return _PRIORITY_LABELS.get(self.priority, self.priority)

    @property
    def natures(self) -> list[str]:
        flags = [
            (self.is_hard, _("hard")),
            (self.is_new, _("new")),
            (self.is_backlogged, _("long backlogged")),
            (self.is_complex, _("complex")),
        ]
        return [str(label) for on, label in flags if on]


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    SUPPORT = "support", _("Support")


class Assignment(models.Model):
    """A cadre in charge of a task. Ending it keeps the row: history is never deleted."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="assignments"
    )
    cadre = models.ForeignKey(
        "units.Cadre",
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=10, choices=AssignmentRole.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("deciding document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Its own field: appended to the note, a long reason was cut off at the note's length.
    end_reason = models.TextField(_("reason for ending"), blank=True)
    created_at = BusinessTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["-end_date", "role", "start_date"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(role=AssignmentRole.LEAD, end_date__isnull=True),
                name="assignment_one_active_lead_per_task",
                violation_error_message=_("This task already has an active lead cadre."),
            ),
            models.UniqueConstraint(
                fields=["task", "cadre"],
                condition=Q(end_date__isnull=True),
                name="assignment_one_active_per_cadre_and_task",
                violation_error_message=_("This cadre is already assigned to this task."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=AssignmentRole.values),
                name="assignment_role_valid",
                violation_error_message=_("Unknown assignment role."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} — {self.get_role_display()} — {self.task.code}"

    @property
    def is_active(self) -> bool:
        return self.end_date is None


class UnitOfMeasure(models.Model):
    """A unit metrics are measured in (hộ, m², tỷ đồng, hồ sơ, điểm ...): data that an
    administrator extends, not a fixed list."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    is_whole_number = models.BooleanField(
        _("counted in whole numbers"),
        default=False,
        help_text=_("Counts of things (households, files, points) cannot be fractional."),
    )
    maximum = models.DecimalField(
        _("largest value"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a percentage: 100."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("unit of measure")
        verbose_name_plural = _("units of measure")

    def __str__(self) -> str:
        return self.name


class MeasureUnit:
    """Codes of some units of measure the migrations seed (the list itself is data)."""

    HOUSEHOLDS = "households"
    SQUARE_METRES = "m2"
    HECTARES = "ha"
    BILLION_VND = "billion_vnd"
    PERCENT = "percent"
    CASES = "cases"
    PROJECTS = "projects"
    INCIDENTS = "incidents"
    FILES = "files"
    POINTS = "points"
    WORKS = "works"
    PREMISES = "premises"


MAX_MEASURE = Decimal("999999999999.99")


class Metric(models.Model):
    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="metrics"
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        UnitOfMeasure,
        verbose_name=_("unit of measure"),
        to_field="code",
        db_column="unit",
        on_delete=models.PROTECT,
        related_name="metrics",
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = history()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "name"],
                name="metric_unique_name_in_task",
                violation_error_message=_("This task already has a metric with that name."),
            ),
            models.CheckConstraint(
                condition=Q(target__gte=0),
                name="metric_target_not_negative",
                violation_error_message=_("The target cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(baseline__gte=0),
                name="metric_baseline_not_negative",
                violation_error_message=_("The baseline cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(target=F("baseline")),
                name="metric_target_differs_from_baseline",
                violation_error_message=_("The target must differ from the baseline."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_unit_display(self) -> str:
        return self.unit.name

    def progress_percent(self, current: Decimal | None) -> int:
        return metric_progress(self.baseline, self.target, current)


def metric_progress(baseline: Decimal, target: Decimal, current: Decimal | None) -> int:
    """How far a metric is from baseline to target, 0–100; works for falling targets too."""
    if current is None:
        return 0
    done = (current - baseline) / (target - baseline) * 100
    return int(max(Decimal(0), min(Decimal(100), done)))


class MetricValue(models.Model):
    metric = models.ForeignKey(
        Metric, verbose_name=_("metric"), on_delete=models.PROTECT, related_name="values"
    )
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = BusinessTimeField(_("recorded at"), auto_now_add=True)

    history = history()

    class Meta:
        ordering = ["-measured_on"]
        get_latest_by = "measured_on"
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "measured_on"],
                name="metric_value_one_per_day",
                violation_error_message=_("A value is already recorded for this date."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="metric_value_not_negative",
                violation_error_message=_("The value cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric}: {format_number(self.value)} ({self.measured_on:%d/%m/%Y})"


class DeadlineChange(models.Model):
    """A deadline extension (gia hạn) or any change of a task's deadline, kept with the date
    it took effect: figures as of an earlier date use the deadline in force then."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="deadline_changes"
    )
    previous_deadline = models.DateField(_("previous deadline"), null=True, blank=True)
    new_deadline = models.DateField(_("new deadline"), null=True, blank=True)
    effective_on = models.DateField(_("effective from"))
    reason = models.TextField(_("reason"), blank=True)
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("deciding document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deadline_changes",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = BusinessTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "pk"]
        verbose_name = _("deadline change")
        verbose_name_plural = _("deadline changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(previous_deadline=F("new_deadline"))
                | Q(previous_deadline__isnull=True)
                | Q(new_deadline__isnull=True),
                name="deadline_change_changes_it",
                violation_error_message=_("The new deadline is the same as the previous one."),
            ),
        ]

    def __str__(self) -> str:
        def shown(day: date | None) -> str:
            return day.strftime("%d/%m/%Y") if day else "—"

        return f"{self.task.code}: {shown(self.previous_deadline)} → {shown(self.new_deadline)}"


class UnitTransfer(models.Model):
    """An open task moved from a unit to its successor by a reorganisation. Figures as of
    an earlier date still count the task under the unit it was in then."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="unit_transfers"
    )
    from_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("from unit"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("to unit"), on_delete=models.PROTECT, related_name="+"
    )
    # Whether the move added the successor to the task (it may have concerned it already).
    joined = models.BooleanField(_("successor added"), default=True)
    effective_on = models.DateField(_("effective from"))
    reorganisation = models.ForeignKey(
        "units.Reorganisation",
        verbose_name=_("reorganisation"),
        on_delete=models.PROTECT,
        related_name="task_transfers",
    )

    class Meta:
        ordering = ["effective_on", "pk"]
        verbose_name = _("unit transfer")
        verbose_name_plural = _("unit transfers")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "from_unit", "to_unit", "reorganisation"],
                name="unit_transfer_once_per_reorganisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code}: {self.from_unit} → {self.to_unit}"


class StoryChange(models.Model):
    """One write of an entry of a task's story (reports, reviews, proposals, agendas,
    directives), inserted in the writer's own transaction (tasks.story). The sum of a task's
    random tokens names its story's state: the task page keeps the story under it between
    visits. Rows are only ever inserted, so writers never wait on each other's rows, and a
    sum counts every committed write whatever order the writers commit in."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    # Random, below 2**40: a token a rolled-back write drew never counts, and a sum of
    # millions of them still fits a 64-bit integer on every database.
    token = models.BigIntegerField()

    class Meta:
        verbose_name = _("story change")
        verbose_name_plural = _("story changes")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.token}"
