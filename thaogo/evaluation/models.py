"""Evaluating cadres on their results: the rules as dated data, rounds and evaluations.

A rule set applies from its effective date. A round takes the rule set in force on the last
day of its period, and each evaluation keeps that rule set for good: changing the rules
later (a new rule set from a later date) never changes a past evaluation.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thaogo.core.audit import history
from thaogo.core.fields import BusinessTimeField


class Rating(models.TextChoices):
    """Highest first: the order approval checks and the quota count in."""

    EXCELLENT = "excellent", _("Excellently fulfilled duties")
    GOOD = "good", _("Well fulfilled duties")
    FULFILLED = "fulfilled", _("Fulfilled duties")
    NOT_FULFILLED = "not_fulfilled", _("Did not fulfil duties")


RATING_ORDER = [Rating.EXCELLENT, Rating.GOOD, Rating.FULFILLED, Rating.NOT_FULFILLED]


def rating_rank(rating: str) -> int:
    """0 for the highest rating; a larger number is a lower rating."""
    return RATING_ORDER.index(Rating(rating))


class QuotaRounding(models.TextChoices):
    FLOOR = "floor", _("Round down (never above the percentage)")
    HALF_UP = "half_up", _("Round to the nearest whole number")
    CEIL = "ceil", _("Round up")


class RuleSet(models.Model):
    """The evaluation rules in force from `effective_from`: the point split, the criteria,
    the bands and their conditions, the deductions and the quota."""

    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    effective_from = models.DateField(_("effective from"), unique=True)
    general_points = models.PositiveSmallIntegerField(_("general criteria points"), default=30)
    task_points = models.PositiveSmallIntegerField(_("task result points"), default=70)
    # [{"name": "...", "max": 10}, ...]: their maxima add up to general_points.
    criteria = models.JSONField(_("general criteria"), default=list)
    excellent_min = models.DecimalField(
        _("excellent from (points)"), max_digits=5, decimal_places=2, default=Decimal(90)
    )
    good_min = models.DecimalField(
        _("good from (points)"), max_digits=5, decimal_places=2, default=Decimal(70)
    )
    fulfilled_min = models.DecimalField(
        _("fulfilled from (points)"), max_digits=5, decimal_places=2, default=Decimal(50)
    )
    excellent_needs_all_on_time = models.BooleanField(
        _("excellent needs every item on time"), default=True
    )
    excellent_beyond_percent = models.PositiveSmallIntegerField(
        _("excellent needs results beyond requirement by (%)"), default=30
    )
    good_needs_all_on_time = models.BooleanField(_("good needs every item on time"), default=True)
    disciplined_cap = models.CharField(
        _("highest rating for a cadre disciplined in the period"),
        max_length=20,
        choices=Rating.choices,
        default=Rating.NOT_FULFILLED,
    )
    late_deduction_percent = models.PositiveSmallIntegerField(
        _("deduction per late item (%)"), default=25
    )
    lead_weight = models.PositiveSmallIntegerField(_("weight of a task led"), default=3)
    support_weight = models.PositiveSmallIntegerField(_("weight of a task supported"), default=1)
    report_weight = models.PositiveSmallIntegerField(_("weight of a report"), default=1)
    directive_weight = models.PositiveSmallIntegerField(_("weight of a directive"), default=1)
    metric_weight = models.PositiveSmallIntegerField(_("weight of a metric"), default=1)
    quota_percent = models.PositiveSmallIntegerField(
        _("excellent at most (percentage of those rated good or above)"), default=20
    )
    quota_rounding = models.CharField(
        _("quota rounding"),
        max_length=10,
        choices=QuotaRounding.choices,
        default=QuotaRounding.FLOOR,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = history()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("evaluation rule set")
        verbose_name_plural = _("evaluation rule sets")
        constraints = [
            models.CheckConstraint(
                condition=Q(general_points__gt=0) | Q(task_points__gt=0),
                name="ruleset_points_positive",
                violation_error_message=_("The rule set must give some points."),
            ),
            models.CheckConstraint(
                condition=Q(excellent_min__gt=F("good_min"))
                & Q(good_min__gt=F("fulfilled_min"))
                & Q(fulfilled_min__gte=0),
                name="ruleset_bands_ordered",
                violation_error_message=_(
                    "The bands must go down: excellent above good, good above fulfilled."
                ),
            ),
            models.CheckConstraint(
                condition=Q(late_deduction_percent__lte=100) & Q(quota_percent__lte=100),
                name="ruleset_percentages",
                violation_error_message=_("A percentage cannot be above 100."),
            ),
            models.CheckConstraint(
                condition=Q(lead_weight__gt=0)
                & Q(support_weight__gt=0)
                & Q(report_weight__gt=0)
                & Q(directive_weight__gt=0)
                & Q(metric_weight__gt=0),
                name="ruleset_weights_positive",
                violation_error_message=_("Every weight must be at least 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from:%d/%m/%Y})"

    @property
    def max_points(self) -> int:
        return self.general_points + self.task_points

    def band_min(self, rating: str) -> Decimal:
        return {
            Rating.EXCELLENT: self.excellent_min,
            Rating.GOOD: self.good_min,
            Rating.FULFILLED: self.fulfilled_min,
            Rating.NOT_FULFILLED: Decimal(0),
        }[Rating(rating)]


class RoundKind(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    AD_HOC = "ad_hoc", _("Ad hoc")


class RoundState(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    PROPOSED = "proposed", _("Proposed, waiting for approval")
    APPROVED = "approved", _("Approved and locked")


class Round(models.Model):
    """One evaluation of a group of cadres for a period."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("period kind"), max_length=10, choices=RoundKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    group_name = models.CharField(_("evaluated group"), max_length=200)
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="rounds"
    )
    self_assessment_deadline = models.DateField(_("self-assessment deadline"))
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=RoundState.choices,
        default=RoundState.SELF_ASSESSMENT,
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    opened_at = BusinessTimeField(_("opened at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = history()

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="round_period_ordered",
                violation_error_message=_("The period must end on or after its start."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=RoundState.values),
                name="round_state_valid",
                violation_error_message=_("Unknown round state."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.state == RoundState.APPROVED


class Evaluation(models.Model):
    """One cadre in one round: the computed suggestion with its breakdown, the cadre's
    self-assessment, the Organization Board's proposal and the approved rating."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="evaluations"
    )
    cadre = models.ForeignKey(
        "units.Cadre",
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="+"
    )
    computed_task_points = models.DecimalField(
        _("computed task result points"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    computed_beyond_percent = models.DecimalField(
        _("computed results beyond requirement (%)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
    )
    computed_all_on_time = models.BooleanField(_("every item on time"), default=True)
    breakdown = models.JSONField(_("breakdown"), default=list, blank=True)
    computed_at = BusinessTimeField(_("computed at"), null=True, blank=True)
    self_points = models.JSONField(_("self-assessed points"), default=list, blank=True)
    self_comment = models.TextField(_("self-assessment comments"), blank=True)
    self_submitted_at = BusinessTimeField(_("self-assessment sent at"), null=True, blank=True)
    disciplined = models.BooleanField(_("disciplined in the period"), default=False)
    discipline_note = models.CharField(_("discipline decision"), max_length=300, blank=True)
    proposed_general_points = models.DecimalField(
        _("proposed general criteria points"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    proposed_task_points = models.DecimalField(
        _("proposed task result points"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    proposed_beyond_percent = models.DecimalField(
        _("results beyond requirement (%)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    proposed_rating = models.CharField(
        _("proposed rating"), max_length=20, choices=Rating.choices, blank=True
    )
    justification = models.TextField(_("justification"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    proposed_at = BusinessTimeField(_("proposed at"), null=True, blank=True)
    approved_rating = models.CharField(
        _("approved rating"), max_length=20, choices=Rating.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = history()

    class Meta:
        ordering = ["round", "cadre__full_name", "pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "cadre"],
                name="evaluation_one_per_cadre_and_round",
                violation_error_message=_("This cadre is already in the round."),
            ),
            models.CheckConstraint(
                condition=Q(proposed_rating__in=["", *Rating.values])
                & Q(approved_rating__in=["", *Rating.values]),
                name="evaluation_ratings_valid",
                violation_error_message=_("Unknown rating."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.round}"

    @property
    def self_general_points(self) -> Decimal | None:
        if self.self_submitted_at is None:
            return None
        return sum((Decimal(str(p)) for p in self.self_points), Decimal(0))

    @property
    def proposed_total(self) -> Decimal | None:
        if self.proposed_general_points is None or self.proposed_task_points is None:
            return None
        return self.proposed_general_points + self.proposed_task_points
