"""A user's deadlines as an iCalendar (RFC 5545) feed for Outlook and Google Calendar."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from thaogo.accounts.roles import cadre_of
from thaogo.reporting.models import Directive, DirectiveStatus, ReportObligation, ReportStatus


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _event(uid: str, day: date, summary: str, description: str, url: str) -> list[str]:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        f"URL:{url}",
        "END:VEVENT",
    ]


def feed_for(user: Any, *, base_url: str) -> str:
    base = base_url.rstrip("/")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Thaogo//Report and directive deadlines//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(_('Thaogo deadlines'))}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    cadre = cadre_of(user)
    if cadre is not None:
        obligations = (
            ReportObligation.objects.filter(assignment__cadre=cadre)
            .exclude(report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
            .select_related("assignment__task")
        )
        for obligation in obligations:
            task = obligation.assignment.task
            lines += _event(
                f"report-{obligation.pk}@thaogo",
                obligation.due_on,
                _("Report due: %(period)s — %(task)s")
                % {"period": obligation.label, "task": task.code},
                task.title,
                f"{base}/app/reports/{obligation.pk}/write/",
            )
        directives = Directive.objects.filter(responsible_cadre=cadre).exclude(
            status=DirectiveStatus.COMPLETED
        )
        for directive in directives.select_related("proposal__task"):
            lines += _event(
                f"directive-{directive.pk}@thaogo",
                directive.deadline,
                _("Directive due: %(task)s") % {"task": directive.proposal.task.code},
                directive.text,
                f"{base}/app/directives/{directive.pk}/",
            )
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
