"""What `thaogo remind` sends: each notice once, however often it runs."""

from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from thaogo.reporting.models import (
    Directive,
    DirectiveStatus,
    Notification,
    Report,
    ReportObligation,
    ReportStatus,
)
from thaogo.reporting.services import notify
from thaogo.tasks.models import Assignment

# A report due within 7 days is announced once, again at 3 days and at 1 day.
DUE_STEPS = (7, 3, 1)
NEW_ASSIGNMENT_WINDOW = timedelta(days=30)


def _due_step(days_left: int) -> int | None:
    """The tightest step a report due in `days_left` days has reached, if any."""
    reached = [step for step in DUE_STEPS if 0 <= days_left <= step]
    return min(reached) if reached else None


def collect(today: date) -> Counter:
    """Create every notice that is due; returns how many of each kind were new."""
    sent: Counter = Counter()
    open_reports = ReportObligation.objects.exclude(
        report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
    ).select_related("assignment__cadre__user", "assignment__task")
    for obligation in open_reports.filter(due_on__gte=today - timedelta(days=60)):
        user = obligation.assignment.cadre.user
        if user is None or not user.is_active:
            continue
        task = obligation.assignment.task
        url = reverse("reporting:report_edit", args=[obligation.pk])
        days_left = (obligation.due_on - today).days
        if days_left < 0:
            kind, key = "report_overdue", f"report-overdue:{obligation.pk}"
            message = _("Your report %(period)s for task %(task)s is overdue (due %(date)s).")
        else:
            step = _due_step(days_left)
            if step is None:
                continue
            kind, key = f"report_due_{step}", f"report-due:{obligation.pk}:{step}"
            message = _("Your report %(period)s for task %(task)s is due on %(date)s.")
        text = message % {
            "period": obligation.label,
            "task": task.code,
            "date": obligation.due_on.strftime("%d/%m/%Y"),
        }
        if notify(user=user, kind=kind, key=key, message=text, url=url):
            sent[kind] += 1

    for report in Report.objects.filter(status=ReportStatus.RETURNED).select_related(
        "obligation__assignment__cadre__user", "obligation__assignment__task"
    ):
        user = report.obligation.assignment.cadre.user
        if user is None:
            continue
        text = _("Your report %(period)s for task %(task)s was returned for revision.") % {
            "period": report.obligation.label,
            "task": report.obligation.assignment.task.code,
        }
        url = reverse("reporting:report_edit", args=[report.obligation_id])
        key = f"report-returned:{report.pk}:{report.revision}"
        if notify(user=user, kind="report_returned", key=key, message=text, url=url):
            sent["report_returned"] += 1

    directives = Directive.objects.exclude(status=DirectiveStatus.COMPLETED).select_related(
        "responsible_cadre__user", "proposal__task"
    )
    for directive in directives:
        user = directive.responsible_cadre.user
        if user is None:
            continue
        url = reverse("reporting:directive_detail", args=[directive.pk])
        values = {
            "task": directive.proposal.task.code,
            "date": directive.deadline.strftime("%d/%m/%Y"),
            "text": directive.text[:200],
        }
        text = _("New directive on task %(task)s, due %(date)s: %(text)s") % values
        if notify(
            user=user, kind="directive", key=f"directive:{directive.pk}", message=text, url=url
        ):
            sent["directive"] += 1
        if directive.deadline < today:
            text = _("The directive on task %(task)s is overdue (due %(date)s).") % values
            key = f"directive-overdue:{directive.pk}"
            if notify(user=user, kind="directive_overdue", key=key, message=text, url=url):
                sent["directive_overdue"] += 1

    recent = timezone.now() - NEW_ASSIGNMENT_WINDOW
    assignments = Assignment.objects.filter(end_date__isnull=True, created_at__gte=recent)
    for assignment in assignments.select_related("cadre__user", "task"):
        user = assignment.cadre.user
        if user is None:
            continue
        text = _("You were assigned to task %(task)s as %(role)s.") % {
            "task": assignment.task,
            "role": assignment.get_role_display(),
        }
        url = reverse("tasks:detail", args=[assignment.task_id])
        key = f"assignment:{assignment.pk}"
        if notify(user=user, kind="assignment", key=key, message=text, url=url):
            sent["assignment"] += 1
    return sent


def send_emails(*, base_url: str) -> int:
    """E-mail each notice not yet e-mailed. The row is marked first, under a lock, so two
    runs at once never send the same e-mail twice."""
    count = 0
    pending = Notification.objects.filter(emailed_at__isnull=True).exclude(user__email="")
    for notice_id in list(pending.values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = Notification.objects.filter(pk=notice_id, emailed_at__isnull=True).update(
                emailed_at=timezone.now()
            )
            if not claimed:
                continue
            notice = Notification.objects.select_related("user").get(pk=notice_id)
            link = f"{base_url.rstrip('/')}{notice.url}" if notice.url else base_url
            with override(settings.LANGUAGE_CODE):
                subject = _("Thaogo: %(message)s") % {"message": notice.message[:80]}
                body = f"{notice.message}\n\n{link}\n"
            transaction.on_commit(
                lambda s=subject, b=body, to=notice.user.email: send_mail(
                    s, b, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False
                )
            )
            count += 1
    return count
