"""What the Standing Committee decides, and how its decisions are followed up.

Cadres raise proposals; meetings put them on the agenda; directives come from a meeting
that has been held or from a document the standing members sign, and the responsible cadre
acknowledges and completes them.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from thaogo.accounts.policy import Action, can
from thaogo.core.services import apply_changes, audited_save, lock_for_update
from thaogo.core.uploads import checked_attachment_type
from thaogo.direction.models import (
    AgendaItem,
    Directive,
    DirectiveStatus,
    Meeting,
    MeetingStatus,
    Proposal,
    ProposalAttachment,
    ProposalStatus,
)
from thaogo.direction.notices import announce_completion, announce_directive, announce_proposal
from thaogo.documents.models import Document
from thaogo.lib import clock
from thaogo.reporting.models import Report
from thaogo.tasks.models import Assignment, Task
from thaogo.units.models import Cadre, Unit

# ---------------------------------------------------------------- proposals


@transaction.atomic
def proposal_create(
    *,
    task: Task,
    raised_by: Cadre,
    title: str,
    content: str,
    by: Any,
    beyond_authority: bool = False,
    report: Report | None = None,
) -> Proposal:
    if not Assignment.objects.filter(task=task, cadre=raised_by, end_date__isnull=True).exists():
        raise ValidationError(_("Only a cadre assigned to the task can raise a proposal on it."))
    if report is not None and report.obligation.assignment.task_id != task.pk:
        raise ValidationError(_("The report belongs to another task."))
    proposal = Proposal(
        task=task,
        raised_by=raised_by,
        title=title,
        content=content,
        beyond_authority=beyond_authority,
        report=report,
        created_by=by,
    )
    audited_save(proposal, by=by)
    announce_proposal(proposal, by=by)
    return proposal


@transaction.atomic
def proposal_attachment_add(
    *, proposal: Proposal, file: UploadedFile, by: Any
) -> ProposalAttachment:
    """Attach a PDF, DOCX, XLSX or image to a proposal the cadre raises."""
    content_type = checked_attachment_type(file)
    attachment = ProposalAttachment(
        proposal=proposal,
        original_name=file.name[:255],
        content_type=content_type,
        size=file.size,
        uploaded_by=by,
    )
    attachment.file.save(file.name, file, save=False)
    attachment.save()
    return attachment


# ---------------------------------------------------------------- meetings


@transaction.atomic
def meeting_create(*, title: str, held_on: date, by: Any) -> Meeting:
    return audited_save(Meeting(title=title, held_on=held_on, created_by=by), by=by)


MEETING_FIELDS = {"title", "held_on", "status", "other_attendees", "minutes", "conclusion"}


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by: Any,
    expected_version: int,
    attendees: list[Cadre] | None = None,
    **changes: Any,
) -> Meeting:
    fresh = lock_for_update(meeting, expected_version=expected_version)
    apply_changes(fresh, changes, allowed=MEETING_FIELDS)
    if fresh.status == MeetingStatus.HELD and fresh.held_on > clock.today():
        raise ValidationError({"status": _("A meeting cannot be held in the future.")})
    if fresh.directives.exists():
        # Its directives were issued on the day it was held; moving it would move them.
        original = Meeting.objects.get(pk=fresh.pk)
        if fresh.held_on != original.held_on or fresh.status != MeetingStatus.HELD:
            raise ValidationError(
                {
                    "held_on": _(
                        "Directives were recorded at this meeting: its date and status can no "
                        "longer change."
                    )
                }
            )
    fresh.version += 1
    audited_save(fresh, by=by)
    if attendees is not None:
        fresh.attendees.set(attendees)
    return fresh


@transaction.atomic
def agenda_add(*, meeting: Meeting, proposal: Proposal, by: Any) -> AgendaItem:
    fresh = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if fresh.status not in (ProposalStatus.PENDING, ProposalStatus.ON_AGENDA):
        raise ValidationError(_("This proposal has already been decided."))
    if AgendaItem.objects.filter(meeting=meeting, proposal=fresh).exists():
        raise ValidationError(_("This proposal is already on the agenda."))
    item = AgendaItem.objects.create(
        meeting=meeting, proposal=fresh, order=meeting.agenda.count() + 1
    )
    fresh.status = ProposalStatus.ON_AGENDA
    audited_save(fresh, by=by)
    return item


# ---------------------------------------------------------------- directives


def _issued_on(meeting: Meeting | None, source_document: Document | None) -> date:
    """The day the directive was given: its meeting's, else its document's. Each source
    named must already have happened."""
    today = clock.today()
    if meeting is None and source_document is None:
        raise ValidationError(
            {"meeting": _("Name the source: the meeting that was held, or the document.")}
        )
    if meeting is not None:
        # Locked, so that the meeting cannot be moved while its directive is recorded.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != MeetingStatus.HELD or meeting.held_on > today:
            raise ValidationError(
                {
                    "meeting": _(
                        "Only a meeting that has been held gives directives. Record the meeting "
                        "as held first."
                    )
                }
            )
    if source_document is not None and source_document.issued_on > today:
        raise ValidationError(
            {"source_document": _("The document has not been issued yet: its date is later.")}
        )
    return meeting.held_on if meeting is not None else source_document.issued_on


@transaction.atomic
def directive_issue(
    *,
    task: Task,
    text: str,
    responsible_cadre: Cadre,
    deadline: date,
    by: Any,
    meeting: Meeting | None = None,
    source_document: Document | None = None,
    proposal: Proposal | None = None,
    responsible_unit: Unit | None = None,
) -> Directive:
    """Record a directive on a task, from a meeting that was held or from a document, in
    answer to a proposal or unasked."""
    if not can(by, Action.MEETING_MANAGE):
        raise ValidationError(_("Only the Standing Committee and its offices record directives."))
    issued_on = _issued_on(meeting, source_document)
    fresh = None
    if proposal is not None:
        fresh = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if fresh.task_id != task.pk:
            raise ValidationError({"proposal": _("The proposal belongs to another task.")})
        if fresh.status == ProposalStatus.CLOSED:
            raise ValidationError({"proposal": _("This proposal is closed.")})
    if not responsible_cadre.is_active:
        raise ValidationError({"responsible_cadre": _("This cadre is no longer active.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the directive.")})
    if deadline < issued_on:
        raise ValidationError(
            {"deadline": _("The deadline cannot be before the directive is issued.")}
        )
    directive = audited_save(
        Directive(
            task=task,
            proposal=fresh,
            meeting=meeting,
            source_document=source_document,
            text=text,
            responsible_cadre=responsible_cadre,
            responsible_unit=responsible_unit,
            deadline=deadline,
            issued_on=issued_on,
            created_by=by,
        ),
        by=by,
    )
    if fresh is not None:
        fresh.status = ProposalStatus.DIRECTED
        audited_save(fresh, by=by)
    announce_directive(directive, by=by)
    return directive


def _check_responsible(directive: Directive, by: Any) -> None:
    if not can(by, Action.DIRECTIVE_ACT, directive):
        raise ValidationError(_("Only the responsible cadre can act on this directive."))


@transaction.atomic
def directive_acknowledge(*, directive: Directive, by: Any) -> Directive:
    fresh = Directive.objects.select_for_update().get(pk=directive.pk)
    _check_responsible(fresh, by)
    if fresh.status != DirectiveStatus.ISSUED:
        raise ValidationError(_("This directive has already been acknowledged."))
    fresh.status = DirectiveStatus.ACKNOWLEDGED
    fresh.acknowledged_at = clock.now()
    return audited_save(fresh, by=by)


@transaction.atomic
def directive_complete(
    *, directive: Directive, by: Any, completed_on: date, note: str
) -> Directive:
    fresh = Directive.objects.select_for_update().get(pk=directive.pk)
    _check_responsible(fresh, by)
    if fresh.status == DirectiveStatus.COMPLETED:
        raise ValidationError(_("This directive is already completed."))
    if not note.strip():
        raise ValidationError({"note": _("Report what was done.")})
    if completed_on < fresh.issued_on or completed_on > clock.today():
        raise ValidationError(
            {"completed_on": _("The completion date must be between the issue date and today.")}
        )
    if fresh.acknowledged_at is None:
        fresh.acknowledged_at = clock.now()
    fresh.status = DirectiveStatus.COMPLETED
    fresh.completed_on = completed_on
    fresh.completion_note = note
    audited_save(fresh, by=by)
    if fresh.proposal_id is not None:
        proposal = Proposal.objects.select_for_update().get(pk=fresh.proposal_id)
        if not proposal.directives.exclude(status=DirectiveStatus.COMPLETED).exists():
            proposal.status = ProposalStatus.CLOSED
            audited_save(proposal, by=by)
    announce_completion(fresh, by=by)
    return fresh
