"""Notices to users, and the private calendar feed of their deadlines."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thaogo.core.fields import BusinessTimeField


class NotificationKind(models.TextChoices):
    """Every kind of notice, each one a choice in the user's notification settings."""

    REPORT_DUE_7 = "report_due_7", _("A report is due in 7 days")
    REPORT_DUE_3 = "report_due_3", _("A report is due in 3 days")
    REPORT_DUE_1 = "report_due_1", _("A report is due tomorrow")
    REPORT_OVERDUE = "report_overdue", _("A report is overdue")
    REPORT_RETURNED = "report_returned", _("A report was returned for revision")
    REPORT_SUBMITTED = "report_submitted", _("A report was submitted for review")
    ASSIGNMENT = "assignment", _("A new assignment")
    PROPOSAL_BEYOND_AUTHORITY = "proposal_beyond", _("A proposal beyond authority was raised")
    DIRECTIVE = "directive", _("A new directive")
    DIRECTIVE_OVERDUE = "directive_overdue", _("A directive is overdue")
    DIRECTIVE_COMPLETED = "directive_completed", _("A directive was completed")


class Notification(models.Model):
    """An in-app notice. The key makes each notice unique per user, so nothing is sent twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    key = models.CharField(max_length=120)
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = BusinessTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # Decided when the notice is made, from the user's settings then, so that turning e-mail
    # on later does not send a backlog of old notices.
    by_email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.message


class NotificationPreference(models.Model):
    """How a user wants one kind of notice: in the app only, or by e-mail too. Without a row
    the notice is e-mailed as well."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once"),
            models.CheckConstraint(
                condition=models.Q(kind__in=NotificationKind.values),
                name="notification_preference_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"


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
