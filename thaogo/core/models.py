from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AuditedHistoricalModel(models.Model):
    """Base of every history table: who and when come from simple-history, this adds from where."""

    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        abstract = True


class FormSubmission(models.Model):
    """A creation form that was sent and saved, by its one-time token.

    A second POST of the same form (a double click, a resubmitted page) finds the token here
    and is sent to what the first one created instead of creating it again. The unique token
    is claimed in the same transaction as the creation, so a duplicate sent at the same
    moment waits for the first to commit and then finds it.
    """

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    redirect_url = models.CharField(max_length=2000, blank=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return f"{self.token[:8]}… {self.created_at:%d/%m/%Y %H:%M}"


class DeadlineRule(models.Model):
    """The days deadlines are watched by, from the date they apply: when a task or directive
    is "near due", when report reminders go out, how soon a report is "due soon", and the
    grace before an assignment's first report. Figures as of a date use the rule in force
    then; without any rule, the defaults in thaogo.core.rules apply."""

    valid_from = models.DateField(_("applies from"), unique=True)
    near_due_days = models.PositiveSmallIntegerField(
        _("near due within (days)"),
        default=3,
        help_text=_("A task or directive with this many days left or fewer is near due."),
    )
    first_reminder_days = models.PositiveSmallIntegerField(
        _("first report reminder (days before)"), default=7
    )
    second_reminder_days = models.PositiveSmallIntegerField(
        _("second report reminder (days before)"), default=3
    )
    last_reminder_days = models.PositiveSmallIntegerField(
        _("last report reminder (days before)"), default=1
    )
    due_soon_days = models.PositiveSmallIntegerField(_("report due soon within (days)"), default=7)
    first_report_grace_days = models.PositiveSmallIntegerField(
        _("grace before a first report (days)"),
        default=14,
        help_text=_(
            "A period that ends this soon after an assignment starts is reported on in the "
            "next report."
        ),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_reminder_days__gt=models.F("second_reminder_days"))
                & models.Q(second_reminder_days__gt=models.F("last_reminder_days")),
                name="deadline_rule_reminders_in_order",
                violation_error_message=_(
                    "The reminders come first, second and last: each fewer days before."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(near_due_days__lte=60)
                & models.Q(due_soon_days__lte=60)
                & models.Q(first_reminder_days__lte=60)
                & models.Q(first_report_grace_days__lte=60),
                name="deadline_rule_days_reasonable",
                violation_error_message=_("At most 60 days."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y}"


class ChangeLog(models.Model):
    """A log whose newest row (its id and random token) names the state of what it logs:
    thaogo.core.dataversion.record_change inserts a row in the writer's own transaction."""

    token = models.BigIntegerField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.pk}.{self.token}"


class DataChange(ChangeLog):
    """One write to data that cached figures count (tasks, assignments, units, plans,
    deadline rules). A figure cached under the newest row's name is exact; a write commits a
    new name with the data."""

    class Meta:
        verbose_name = _("data change")
        verbose_name_plural = _("data changes")
