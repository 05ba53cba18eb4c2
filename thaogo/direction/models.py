"""Proposals to the Standing Committee, its meetings and its directives."""

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thaogo.core.audit import history
from thaogo.core.fields import BusinessTimeField


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
        "reporting.Report",
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
    created_at = BusinessTimeField(_("raised at"), auto_now_add=True)
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
        # The home page's queue of proposals waiting for a decision, oldest first: read in
        # order from this index and stopped at the tenth visible one, not sorted out of
        # every waiting proposal joined to its task (56 ms at 100,000 tasks on PostgreSQL).
        indexes = [
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status__in=[ProposalStatus.PENDING, ProposalStatus.ON_AGENDA]),
                name="proposal_waiting_oldest",
            ),
        ]
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
    """The Standing Committee's instruction (ý kiến chỉ đạo) on a task.

    It comes from a meeting that has been held (its conclusion) or from a document, such as
    a notice of conclusions (thông báo kết luận) the standing members give in writing. It may
    answer a cadre's proposal, or come unasked.
    """

    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("task"), on_delete=models.PROTECT, related_name="directives"
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        null=True,
        blank=True,
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
    source_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("source document"),
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
        # The home page's queues of open and late directives, earliest deadline first (as
        # for proposals above).
        indexes = [
            models.Index(
                fields=["deadline", "id"],
                condition=~Q(status=DirectiveStatus.COMPLETED),
                name="directive_open_by_deadline",
            ),
        ]
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
                condition=Q(meeting__isnull=False) | Q(source_document__isnull=False),
                name="directive_has_a_source",
                violation_error_message=_(
                    "A directive comes from a meeting or from a document: name its source."
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

    def timing(self, today: date, *, near_due_days: int | None = None):
        from thaogo.core.rules import rule_on
        from thaogo.tasks.models import timing_of

        if near_due_days is None:
            near_due_days = rule_on(today).near_due_days
        return timing_of(
            status="completed" if self.status == DirectiveStatus.COMPLETED else "in_progress",
            deadline=self.deadline,
            completed_on=self.completed_on,
            today=today,
            near_due_days=near_due_days,
        )


def proposal_attachment_upload_to(instance: "ProposalAttachment", filename: str) -> str:
    return f"attachments/{timezone.localdate():%Y/%m}/{secrets.token_hex(8)}-{filename}"


class ProposalAttachment(models.Model):
    """A file sent with a proposal; served only through a checked view."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=proposal_attachment_upload_to)
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
