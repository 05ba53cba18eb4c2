"""Every internal and public URL, requested as every role and as an outsider.

The table below is the access policy as the application applies it. A new URL without an
entry fails the build (test_every_url_has_an_entry), so nobody adds a page without saying
who may open it. Codes: 200 ok, 302 sent elsewhere (anonymous → login), 403 known but not
allowed, 404 not for you to know, 405 wrong method.
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.helpers import held_meeting
from tests.portal.conftest import portal  # noqa: F401  (the portal's fixture, reused)
from thaogo.direction import services as direction
from thaogo.notifications.models import CalendarFeed, Notification
from thaogo.reporting import services as reporting
from thaogo.reporting.models import ReportObligation

ROLES = [
    "anonymous",
    "btv",
    "btc",
    "office",
    "admin",
    "cadre",
    "other_cadre",
    "unit_staff",
    "other_unit_staff",
    "editor",
    "outsider",
]


@pytest.fixture
def objects(world, portal):  # noqa: F811
    return build_objects(world, portal)


def build_objects(world, portal) -> dict:  # noqa: F811
    """An object of every kind a URL names, by the argument names MATRIX uses."""
    obligation = ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )
    report = reporting.report_for(obligation)
    report = reporting.report_save_draft(
        report=report, by=world.cadre, expected_version=report.version, results="Kết quả"
    )
    attachment = reporting.attachment_add(
        report=report, file=SimpleUploadedFile("bb.pdf", b"%PDF-1.4 x"), by=world.cadre
    )
    reporting.report_submit(report=report, by=world.cadre, expected_version=report.version)
    proposal = direction.proposal_create(
        task=world.clearance, raised_by=world.dat, title="Đề xuất", content="x", by=world.cadre
    )
    proposal_attachment = direction.proposal_attachment_add(
        proposal=proposal, file=SimpleUploadedFile("de-xuat.pdf", b"%PDF-1.4 x"), by=world.cadre
    )
    meeting = held_meeting(title="Họp", held_on=date(2024, 10, 1), by=world.office)
    direction.agenda_add(meeting=meeting, proposal=proposal, by=world.office)
    directive = direction.directive_issue(
        task=proposal.task,
        proposal=proposal,
        meeting=meeting,
        text="Chỉ đạo",
        responsible_cadre=world.dat,
        deadline=date(2024, 10, 30),
        by=world.btv,
    )
    notice = Notification.objects.filter(user=world.cadre).first()
    feed = CalendarFeed.objects.create(user=world.cadre, token="matrix-token")
    return {
        "task": world.clearance.pk,
        "assignment": world.clearance_lead.pk,
        "metric": world.households.pk,
        "document": world.decision.pk,
        "plan": world.plan.pk,
        "cadre": world.dat.pk,
        "unit": world.vinh_niem.pk,
        "obligation": obligation.pk,
        "attachment": attachment.pk,
        "proposal": proposal.pk,
        "proposal_attachment": proposal_attachment.pk,
        "meeting": meeting.pk,
        "directive": directive.pk,
        "notification": notice.pk,
        "token": feed.token,
        "article": portal.article.pk,
        "article_slug": portal.article.slug,
        "category_slug": portal.party.slug,
        "public_document": portal.resolution_doc.pk,
        "album": portal.album.pk,
        "album_slug": portal.album.slug,
        "photo_key": portal.photos[0].key,
        "image": portal.picture.pk,
        "image_key": portal.picture.key,
        "resolution_slug": portal.resolution.slug,
    }


# url name: (arguments, expected status for each role in ROLES order)
#                 anon btv btc office admin cadre other_cadre unit_staff other_unit editor outsider
MATRIX: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "portal:home": ((), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "portal:news": ((), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "portal:article": (("article_slug",), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "portal:category": (
        ("category_slug",),
        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "portal:documents": ((), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "portal:document_download": (
        ("public_document",),
        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "portal:albums": ((), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "portal:album": (("album_slug",), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "portal:photo": (
        ("album_slug", "photo_key"),
        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "portal:image": (("image_key",), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "portal:thumbnail": (("image_key",), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "portal:progress": ((), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "portal:progress_detail": (("task",), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "portal:targets": ((), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "portal:resolution": (
        ("resolution_slug",),
        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "portal:visitor_stats": ((), (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "portal_staff:dashboard": ((), (302, 404, 404, 404, 200, 404, 404, 404, 404, 200, 404)),
    "portal_staff:article_create": ((), (302, 404, 404, 404, 200, 404, 404, 404, 404, 200, 404)),
    "portal_staff:article_edit": (
        ("article",),
        (302, 404, 404, 404, 200, 404, 404, 404, 404, 200, 404),
    ),
    "portal_staff:article_image_upload": (
        ("article",),
        (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "portal_staff:image_edit": (
        ("image",),
        (302, 404, 404, 404, 200, 404, 404, 404, 404, 200, 404),
    ),
    "portal_staff:album_list": ((), (302, 404, 404, 404, 200, 404, 404, 404, 404, 200, 404)),
    "portal_staff:album_create": ((), (302, 404, 404, 404, 200, 404, 404, 404, 404, 200, 404)),
    "portal_staff:album_edit": (
        ("album",),
        (302, 404, 404, 404, 200, 404, 404, 404, 404, 200, 404),
    ),
    "portal_staff:album_photo_upload": (
        ("album",),
        (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "portal_staff:progress": ((), (302, 403, 200, 200, 200, 404, 404, 404, 404, 404, 404)),
    "core:home": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "core:dashboard": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "core:my_tasks": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "core:search": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "tasks:list": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "tasks:create": ((), (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403)),
    "tasks:detail": (("task",), (302, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "tasks:edit": (("task",), (302, 403, 200, 200, 200, 403, 404, 403, 404, 404, 404)),
    "tasks:assignment_create": (("task",), (302, 403, 200, 200, 200, 403, 404, 403, 404, 404, 404)),
    "tasks:reassign": (("task",), (302, 403, 200, 200, 200, 403, 404, 403, 404, 404, 404)),
    "tasks:assignment_end": (
        ("assignment",),
        (302, 403, 200, 200, 200, 403, 404, 403, 404, 404, 404),
    ),
    "tasks:metric_create": (("task",), (302, 403, 200, 200, 200, 403, 404, 403, 404, 404, 404)),
    "tasks:metric_edit": (("metric",), (302, 403, 200, 200, 200, 403, 404, 403, 404, 404, 404)),
    "tasks:metric_values": (("metric",), (302, 403, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "documents:list": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "documents:create": ((), (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403)),
    "documents:detail": (("document",), (302, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "documents:edit": (("document",), (302, 403, 200, 200, 200, 403, 404, 403, 404, 404, 404)),
    "documents:download": (("document",), (302, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "documents:plan_list": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "documents:plan_create": ((), (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403)),
    "documents:plan_detail": (("plan",), (302, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404)),
    "documents:plan_edit": (("plan",), (302, 403, 200, 200, 200, 403, 403, 403, 403, 404, 404)),
    "units:cadre_list": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "units:cadre_detail": (("cadre",), (302, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "units:unit_list": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "units:unit_detail": (("unit",), (302, 200, 200, 200, 200, 200, 200, 200, 404, 200, 404)),
    "reporting:report_board": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404)),
    "reporting:report_detail": (
        ("obligation",),
        (302, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404),
    ),
    "reporting:report_edit": (
        ("obligation",),
        (302, 403, 403, 403, 403, 302, 404, 403, 404, 404, 404),
    ),
    "reporting:report_autosave": (
        ("obligation",),
        (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "reporting:attachment_upload": (
        ("obligation",),
        (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "reporting:attachment_download": (
        ("attachment",),
        (302, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404),
    ),
    "reporting:schedule_edit": (("plan",), (302, 403, 200, 200, 200, 403, 403, 403, 403, 404, 404)),
    "direction:proposal_list": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404)),
    "direction:proposal_detail": (
        ("proposal",),
        (302, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404),
    ),
    "direction:proposal_attachment_download": (
        ("proposal_attachment",),
        (302, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404),
    ),
    "direction:directive_create": (
        ("task",),
        (302, 200, 200, 200, 200, 403, 404, 403, 404, 404, 404),
    ),
    "direction:proposal_create": (
        ("task",),
        (302, 403, 403, 403, 403, 200, 404, 403, 404, 404, 404),
    ),
    "direction:meeting_list": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404)),
    "direction:meeting_detail": (
        ("meeting",),
        (302, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404),
    ),
    "direction:directive_list": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404)),
    "direction:directive_detail": (
        ("directive",),
        (302, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404),
    ),
    "notifications:list": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "notifications:open": (
        ("notification",),
        (302, 404, 404, 404, 404, 302, 404, 404, 404, 404, 404),
    ),
    "notifications:calendar": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "calendar_feed:feed": (
        ("token",),
        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "login": ((), (200, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302)),
    "logout": ((), (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "password_change": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "password_change_done": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "set_language": ((), (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302)),
}


def _url_names() -> set[str]:
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if pattern.namespace and namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return {name for name in walk(get_resolver().url_patterns) if not name.startswith("admin:")}


def test_every_url_has_an_entry():
    missing = _url_names() - set(MATRIX)
    assert missing == set(), f"add these URLs to the access matrix: {sorted(missing)}"


def observe(world, objects, client_for, name):
    args, _expected = MATRIX[name]
    url = reverse(name, args=[objects[a] for a in args])
    statuses = []
    for role in ROLES:
        client = client_for(None if role == "anonymous" else getattr(world, role))
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)  # let the file close cleanly
        statuses.append(response.status_code)
    return tuple(statuses)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_allowed_status(world, objects, client_for, name):
    assert observe(world, objects, client_for, name) == MATRIX[name][1]
