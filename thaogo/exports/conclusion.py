"""The notice of a meeting's conclusions (thông báo kết luận, type TB): the proposals the
Standing Committee considered and each directive with its cadre and deadline."""

from datetime import date
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thaogo.accounts.policy import Action, require
from thaogo.direction.models import Directive, Meeting, MeetingStatus
from thaogo.direction.selectors import (
    directives_visible_to,
    meetings_visible_to,
    proposals_visible_to,
)
from thaogo.exports.docx import (
    DocumentBody,
    DocumentExporter,
    Letterhead,
    date_line,
    issuing_unit,
    number_line,
    place_name,
    superior_body,
)
from thaogo.exports.exporters import register
from thaogo.units.models import DocumentStyle, Unit

NOTICE_TYPE = "TB"


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@register
class ConclusionNoticeExporter(DocumentExporter):
    identifier = "conclusion"
    verbose_name = gettext_lazy("Notice of the meeting's conclusions")
    filename_stem = gettext_lazy("conclusion notice")

    def __init__(self, *, user: Any, today: date, meeting: int | None) -> None:
        super().__init__(user=user, today=today)
        self.meeting_id = meeting

    def authorize(self) -> None:
        self.meeting: Meeting = get_object_or_404(
            meetings_visible_to(self.user).select_related("conclusion__issuer"),
            pk=self.meeting_id,
        )
        require(self.user, Action.MEETING_RECORD_VIEW, self.meeting)
        if self.meeting.status != MeetingStatus.HELD or self.meeting.held_on > self.today:
            raise Http404  # nothing is concluded before the meeting is held
        self.agenda = list(
            self.meeting.agenda.filter(proposal__in=proposals_visible_to(self.user))
            .select_related("proposal__task__plan__issuing_body", "proposal__raised_by")
            .order_by("order", "pk")
        )
        self.directives = list(
            directives_visible_to(self.user)
            .filter(meeting=self.meeting)
            .select_related("responsible_cadre", "responsible_unit", "task__plan__issuing_body")
            .order_by("pk")
        )

    def filename(self) -> str:
        return f"{super().filename()[: -len('.docx')]}-{self.meeting.pk}.docx"

    def _issuer(self) -> Unit | None:
        if self.meeting.conclusion_id is not None:
            return self.meeting.conclusion.issuer
        tasks = [item.proposal.task for item in self.agenda] + [d.task for d in self.directives]
        if tasks:  # the committee whose plan the first item carries out
            return tasks[0].plan.issuing_body
        return Unit.objects.filter(parent__isnull=True, is_active=True).order_by("pk").first()

    def letterhead(self) -> Letterhead:
        unit = self._issuer()
        if unit is None:
            raise Http404
        issuer = issuing_unit(unit)
        conclusion = self.meeting.conclusion
        numbered = conclusion if conclusion and conclusion.doc_type.code == NOTICE_TYPE else None
        cadres = {d.responsible_cadre.full_name for d in self.directives}
        cadres |= {item.proposal.raised_by.full_name for item in self.agenda}
        end = ";" if issuer.document_style == DocumentStyle.STATE else ","
        members = _("The members of the Standing Committee")
        comrades = [_("Comrade %(name)s") % {"name": name} for name in sorted(cadres)]
        filed = _("Filed at the Office")
        recipients = [*(f"- {line}{end}" for line in [members, *comrades]), f"- {filed}."]
        return Letterhead(
            style=issuer.document_style,
            superior_body=superior_body(issuer),
            issuing_body=issuer.name.upper(),
            number=number_line(
                issuer.document_style,
                numbered.symbol if numbered else None,
                NOTICE_TYPE,
                issuer.issuer_code,
            ),
            place_date=date_line(
                place_name(issuer), numbered.issued_on if numbered else self.today
            ),
            doc_type_name=_("NOTICE"),
            summary=_("Conclusions of the %(meeting)s held on %(date)s")
            % {"meeting": _lower_first(self.meeting.title), "date": _day(self.meeting.held_on)},
            recipients=recipients,
        )

    def _directive(self, body: DocumentBody, directive: Directive) -> None:
        paragraph = body.paragraph()
        paragraph.add_run(_("Directive: ")).bold = True
        paragraph.add_run(directive.text)
        unit = directive.responsible_unit
        body.paragraph(
            _("Assigned to comrade %(cadre)s%(unit)s to carry out; deadline: %(deadline)s.")
            % {
                "cadre": directive.responsible_cadre.full_name,
                "unit": f" ({unit.name})" if unit else "",
                "deadline": _day(directive.deadline),
            }
        )

    def write_body(self, body: DocumentBody) -> None:
        meeting = self.meeting
        body.paragraph(
            _(
                "On %(date)s, the %(meeting)s considered %(count)s proposed ways forward of the "
                "cadres assigned to the tasks."
            )
            % {
                "date": _day(meeting.held_on),
                "meeting": _lower_first(meeting.title),
                "count": len(self.agenda),
            }
        )
        attendees = [cadre.full_name for cadre in meeting.attendees.all()]
        if meeting.other_attendees:
            attendees.append(meeting.other_attendees)
        if attendees:
            body.paragraph(_("Attending: %(names)s.") % {"names": "; ".join(attendees)})
        for line in meeting.minutes.splitlines():
            if line.strip():
                body.paragraph(line.strip())
        body.paragraph(_("The conclusions are as follows:"))
        number = 0
        on_agenda = set()
        for number, item in enumerate(self.agenda, start=1):
            proposal = item.proposal
            on_agenda.add(proposal.pk)
            body.heading(f"{number}. {proposal.title}")
            body.paragraph(
                _("Proposal of comrade %(cadre)s, task %(code)s. %(task)s: %(content)s")
                % {
                    "cadre": proposal.raised_by.full_name,
                    "code": proposal.task.code,
                    "task": proposal.task.title,
                    "content": " ".join(proposal.content.split()),
                }
            )
            given = [d for d in self.directives if d.proposal_id == proposal.pk]
            for directive in given:
                self._directive(body, directive)
            if not given:
                body.paragraph(_("No directive was given on this proposal."))
        others = [d for d in self.directives if d.proposal_id not in on_agenda]
        if others:
            other_heading = _("Other directives")
            body.heading(f"{number + 1}. {other_heading}")
            for directive in others:
                self._directive(body, directive)
        if self.directives:
            body.heading(_("List of directives"))
            body.table(
                [_("No."), _("Directive"), _("Responsible cadre"), _("Deadline")],
                [
                    (
                        str(index),
                        directive.text,
                        directive.responsible_cadre.full_name,
                        _day(directive.deadline),
                    )
                    for index, directive in enumerate(self.directives, start=1)
                ],
                widths_cm=(1.4, 8.1, 4.5, 2.5),
            )
        body.paragraph(
            _(
                "The comrades, agencies and units concerned are asked to carry out these "
                "conclusions and to report their results by the deadlines."
            )
        )
