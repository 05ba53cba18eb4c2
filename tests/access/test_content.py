"""What each page SHOWS, not only who may open it: no page tells a user anything from an
object they cannot open.

Every object of every kind gets a marker in its text (title, name, content). For each role,
the markers of the objects that kind's scoping selector (thaogo.accounts.policy.VISIBLE)
does not return to that role are forbidden; public tasks and documents are allowed to all,
as the portal shows them. Then every page of the access matrix that the role may open is
requested, and no forbidden marker may appear in it. A draft report is its author's alone,
so its marker is forbidden to everyone else.

Units are the one kind left out: a unit is a public body (wards, committees, boards), whose
name the portal prints as the issuer of public documents. What the unit selector scopes is
the unit's page, and the tasks and cadres listed there carry their own markers.
"""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.access.test_matrix import MATRIX, ROLES
from tests.exports.reading import exported_text
from tests.helpers import held_meeting
from tests.security.site_walk import request
from thaogo.accounts.policy import VISIBLE
from thaogo.accounts.roles import oversees
from thaogo.direction import services as direction
from thaogo.direction.models import Directive, Meeting, Proposal
from thaogo.documents.models import Document, Plan
from thaogo.reporting import services as reporting
from thaogo.reporting.models import (
    Report,
    ReportObligation,
    ReportStatus,
    ReportSubmission,
)
from thaogo.tasks.models import Task
from thaogo.units.models import Cadre

# Pages that are not HTML, or whose content is someone else's by design (the calendar feed
# is the token owner's, whoever fetches it).
SKIPPED = {
    "portal:document_download",
    "portal:image",
    "portal:thumbnail",
    "documents:download",
    "reporting:attachment_download",
    "direction:proposal_attachment_download",
    "calendar_feed:feed",
}
# The same pages with the query that makes them show the most.
QUERIES = {
    "core:search": {"q": "MK"},
    "direction:proposal_list": {"status": "all"},
}
KNOWN_LEAKS: dict[str, str] = {}


def marker(kind: str, pk: int) -> str:
    return f"MK-{kind}-{pk}-MK"


@pytest.fixture(scope="module")
def marked(site):
    """Objects of every kind that some roles may open and others may not, all marked: built
    once, in the module's world (rolled back with it)."""
    world, objects = site.world, site.objects
    # Task 02 (Hoa, An Biên) has its own report, proposal, meeting and directive, which
    # the cadre Đạt and the staff of Vĩnh Niệm cannot open; one of its proposals shares the
    # meeting of task 01's proposal.
    hoa_obligation = ReportObligation.objects.filter(assignment__task=world.revenue).first()
    report = reporting.report_for(hoa_obligation)
    report = reporting.report_save_draft(
        report=report, by=world.other_cadre, expected_version=report.version, results="x"
    )
    reporting.report_submit(report=report, by=world.other_cadre, expected_version=report.version)
    shared_meeting = Meeting.objects.get(pk=objects["meeting"])
    for meeting in (
        shared_meeting,
        held_meeting(title="x", held_on=date(2024, 10, 2), by=world.office),
    ):
        proposal = direction.proposal_create(
            task=world.revenue, raised_by=world.hoa, title="x", content="x", by=world.other_cadre
        )
        direction.agenda_add(meeting=meeting, proposal=proposal, by=world.office)
        direction.directive_issue(
            task=world.revenue,
            proposal=proposal,
            meeting=meeting,
            text="x",
            responsible_cadre=world.hoa,
            deadline=date(2024, 10, 30),
            by=world.btv,
        )

    for task in Task.objects.all():
        task.title = f"{marker('task', task.pk)} {task.title}"
        task.description = marker("task", task.pk)
        task.save()
    for plan in Plan.objects.all():
        Plan.objects.filter(pk=plan.pk).update(title=f"{marker('plan', plan.pk)} {plan.title}")
    for document in Document.objects.all():
        document.abstract = f"{marker('document', document.pk)} {document.abstract}"
        document.save()
    for cadre in Cadre.objects.all():
        cadre.full_name = f"{marker('cadre', cadre.pk)} {cadre.full_name}"
        cadre.planned_position = marker("cadre", cadre.pk)
        cadre.save()
    for report in Report.objects.select_related("obligation"):
        text = marker("report", report.obligation_id)
        Report.objects.filter(pk=report.pk).update(results=text, next_steps=text)
        for submission in ReportSubmission.objects.filter(report=report):
            submission.content = {**submission.content, "results": text, "next_steps": text}
            submission.save()
    for proposal in Proposal.objects.all():
        text = marker("proposal", proposal.pk)
        Proposal.objects.filter(pk=proposal.pk).update(title=text, content=text)
    for meeting in Meeting.objects.all():
        text = marker("meeting", meeting.pk)
        minutes = marker("minutes", meeting.pk)
        Meeting.objects.filter(pk=meeting.pk).update(
            title=text, minutes=minutes, other_attendees=minutes
        )
    for directive in Directive.objects.all():
        Directive.objects.filter(pk=directive.pk).update(text=marker("directive", directive.pk))

    # The cadre's draft of the next report, with a file: theirs alone.
    draft_obligation = ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 12, 14)
    )
    draft = reporting.report_for(draft_obligation)
    text = marker("draft", draft_obligation.pk)
    reporting.report_save_draft(
        report=draft, by=world.cadre, expected_version=draft.version, results=text
    )
    reporting.attachment_add(
        report=draft, file=SimpleUploadedFile(f"{text}.pdf", b"%PDF-1.4 x"), by=world.cadre
    )
    return draft_obligation


MODELS = {
    "task": Task,
    "plan": Plan,
    "document": Document,
    "cadre": Cadre,
    "report": ReportObligation,
    "proposal": Proposal,
    "meeting": Meeting,
    "directive": Directive,
}


def forbidden_markers(user, draft_obligation) -> dict[str, str]:
    """Marker -> what it marks, for every object this user may not open."""
    public = {
        "task": set(Task.objects.filter(is_public=True).values_list("pk", flat=True)),
        "document": set(Document.objects.filter(is_public=True).values_list("pk", flat=True)),
    }
    forbidden = {}
    for kind, model in MODELS.items():
        visible = set(VISIBLE[kind](user).values_list("pk", flat=True)) | public.get(kind, set())
        everything = model.objects.all()
        if kind == "report":
            everything = everything.filter(report__status__in=ReportStatus.values).exclude(
                report__status=ReportStatus.DRAFT
            )
        for pk in everything.values_list("pk", flat=True):
            if pk not in visible:
                forbidden[marker(kind, pk)] = f"{kind} {pk}"
    # A meeting's minutes speak of every item on its agenda: only for those who see them all.
    if not oversees(user):
        for pk in Meeting.objects.values_list("pk", flat=True):
            forbidden[marker("minutes", pk)] = f"the minutes of meeting {pk}"
    if draft_obligation.assignment.cadre.user_id != getattr(user, "pk", None):
        forbidden[marker("draft", draft_obligation.pk)] = "a draft report"
    return forbidden


# The report page of the cadre's draft: everyone who may open it, nothing of the draft.
DRAFT_PAGE = "reporting:report_detail (draft)"


def pages() -> list:
    names = [*sorted(name for name in MATRIX if name not in SKIPPED), DRAFT_PAGE]
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_LEAKS[name]))
        if name in KNOWN_LEAKS
        else name
        for name in names
    ]


@pytest.mark.parametrize("name", pages())
def test_no_page_shows_anything_of_an_object_the_viewer_cannot_open(site_in_test, marked, name):
    world, objects = site_in_test.world, site_in_test.objects
    if name == DRAFT_PAGE:
        url = reverse("reporting:report_detail", args=[marked.pk])
        statuses = MATRIX["reporting:report_detail"][1]
    else:
        args, statuses = MATRIX[name]
        url = reverse(name, args=[objects[a] for a in args])
    leaks = []
    for role, status in zip(ROLES, statuses, strict=True):
        if status != 200:
            continue
        user = None if role == "anonymous" else getattr(world, role)
        response = request(site_in_test, role, "get", url, QUERIES.get(name, {})).response
        assert response is not None and response.status_code == 200, (role, url)
        # An export is read as its file: its cells or its paragraphs.
        html = exported_text(response) if response.streaming else response.content.decode()
        for text, what in forbidden_markers(user or AnonymousUser(), marked).items():
            if text in html:
                leaks.append(f"{role} sees {what}")
    assert leaks == [], f"{url}: {leaks}"
