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
from django.utils import translation

from tests.helpers import TODAY, held_meeting, no_deferred_loads, quarter_round, rule_records
from tests.portal.conftest import portal  # noqa: F401  (the portal's fixture, reused)
from thaogo.api.models import TokenScope
from thaogo.api.services import token_create
from thaogo.direction import services as direction
from thaogo.documents.models import DocumentType
from thaogo.evaluation.models import RuleSet
from thaogo.notifications.models import CalendarFeed, Notification
from thaogo.portal.models import TargetYear
from thaogo.registry.importers import CadreImporter
from thaogo.registry.models import ImportBatch
from thaogo.reporting import services as reporting
from thaogo.reporting.models import Holiday, ReportingKind, ReportObligation
from thaogo.units.models import Position

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
    position = Position.objects.create(cadre=world.dat, title="Phó Bí thư", unit=world.district)
    with translation.override("vi"):
        headers = CadreImporter(user=world.btc, today=TODAY).headers()
    batch = ImportBatch.objects.create(
        kind="cadres", filename="can-bo.xlsx", headers=headers, rows=[], created_by=world.btc
    )
    feed = CalendarFeed.objects.create(user=world.cadre, token="matrix-token")
    evaluation_round = quarter_round(world)
    api_token, _secret = token_create(user=world.cadre, name="Matrix", scope=TokenScope.READ)
    return {
        "task": world.clearance.pk,
        "assignment": world.clearance_lead.pk,
        "metric": world.households.pk,
        "document": world.decision.pk,
        "plan": world.plan.pk,
        "cadre": world.dat.pk,
        "unit": world.vinh_niem.pk,
        "obligation": obligation.pk,
        "period_kind": obligation.kind,
        "period_year": obligation.year,
        "period_number": obligation.number,
        "attachment": attachment.pk,
        "proposal": proposal.pk,
        "proposal_attachment": proposal_attachment.pk,
        "meeting": meeting.pk,
        "directive": directive.pk,
        "notification": notice.pk,
        "token": feed.token,
        "api_token": api_token.pk,
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
        "rule_set": RuleSet.objects.order_by("effective_from").first().pk,
        "round": evaluation_round.pk,
        "evaluation": evaluation_round.evaluations.get().pk,
        "position": position.pk,
        "user": world.cadre.pk,
        "target": portal.resolution.targets.first().pk,
        "target_year": TargetYear.objects.filter(target__resolution=portal.resolution).first().pk,
        "holiday": Holiday.objects.first().pk,
        "doc_type": DocumentType.objects.get(code="KH", system="party").pk,
        "reporting_kind": ReportingKind.objects.get(code="quarter").pk,
        "import_kind": "cadres",
        "filter_field": "unit",
        "import_token": batch.token,
        **rule_records(world),
        "set_uid": "MQ",
        "set_token": "set-password",
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
    "core:home": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 302, 200)),
    "core:dashboard": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "core:my_tasks": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "core:search": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "tasks:list": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "tasks:filter_options": (
        ("filter_field",),
        (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "tasks:create": ((), (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403)),
    "tasks:detail": (("task",), (302, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "tasks:history": (("task",), (302, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "tasks:periods": (("task",), (302, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "tasks:edit": (("task",), (302, 403, 200, 200, 200, 403, 404, 403, 404, 404, 404)),
    "tasks:assignment_create": (("task",), (302, 403, 200, 200, 200, 403, 404, 403, 404, 404, 404)),
    "tasks:reassign": (("task",), (302, 403, 200, 200, 200, 403, 404, 403, 404, 404, 404)),
    "tasks:deadline_change": (
        ("task",),
        (302, 403, 200, 200, 200, 403, 404, 403, 404, 404, 404),
    ),
    "monitoring:dashboard": ((), (302, 200, 200, 200, 200, 200, 200, 403, 403, 403, 403)),
    "monitoring:list": ((), (302, 200, 200, 200, 200, 200, 200, 403, 403, 403, 403)),
    "tasks:assignment_end": (
        ("assignment",),
        (302, 403, 200, 200, 200, 403, 404, 403, 404, 404, 404),
    ),
    "tasks:metric_create": (("task",), (302, 403, 200, 200, 200, 403, 404, 403, 404, 404, 404)),
    "tasks:metric_edit": (("metric",), (302, 403, 200, 200, 200, 403, 404, 403, 404, 404, 404)),
    "tasks:metric_values": (("metric",), (302, 403, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "documents:list": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "documents:create": ((), (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403)),
    "documents:next_number": ((), (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403)),
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
    "reorganisation:list": ((), (302, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403)),
    "reorganisation:create": ((), (302, 403, 200, 403, 200, 403, 403, 403, 403, 403, 403)),
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
    "reporting:contribution_add": (
        ("obligation",),
        (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    # A cadre's own period report: another cadre at the same address finds their own.
    "reporting:period_report": (
        ("period_kind", "period_year", "period_number"),
        (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 404),
    ),
    "reporting:period_autosave": (
        ("period_kind", "period_year", "period_number"),
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
    "exports:tasks": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "exports:reports": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404)),
    "exports:conclusion": (
        ("meeting",),
        (302, 200, 200, 200, 200, 403, 404, 403, 404, 404, 404),
    ),
    # Without a plan there is no consolidated report to give, even to an overseer.
    "exports:consolidated": ((), (302, 404, 404, 404, 404, 403, 403, 403, 403, 403, 403)),
    "exports:cadre_table": ((), (302, 200, 200, 200, 200, 200, 200, 403, 403, 403, 403)),
    "exports:unit_table": ((), (302, 200, 200, 200, 200, 200, 200, 403, 403, 403, 403)),
    "exports:compliance_table": ((), (302, 200, 200, 200, 200, 200, 200, 403, 403, 403, 403)),
    # Evaluations: the evaluated cadre their own; the Organization Board, the Standing
    # Committee and administrators every one; nobody else, not even the Office.
    "evaluation:rule_list": ((), (302, 403, 200, 403, 200, 403, 403, 403, 403, 403, 403)),
    "evaluation:rule_create": ((), (302, 403, 200, 403, 200, 403, 403, 403, 403, 403, 403)),
    "evaluation:rule_edit": (
        ("rule_set",),
        (302, 403, 200, 403, 200, 403, 403, 403, 403, 403, 403),
    ),
    "evaluation:round_list": ((), (302, 200, 200, 403, 200, 200, 200, 403, 403, 403, 403)),
    "evaluation:round_create": ((), (302, 403, 200, 403, 200, 403, 403, 403, 403, 403, 403)),
    "evaluation:round_detail": (
        ("round",),
        (302, 200, 200, 404, 200, 404, 404, 404, 404, 404, 404),
    ),
    "evaluation:round_recompute": (
        ("round",),
        (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "evaluation:round_approve": (
        ("round",),
        (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "evaluation:round_reopen": (
        ("round",),
        (302, 200, 200, 404, 200, 404, 404, 404, 404, 404, 404),
    ),
    "evaluation:round_export": (
        ("round",),
        (302, 200, 200, 404, 200, 404, 404, 404, 404, 404, 404),
    ),
    "evaluation:detail": (
        ("evaluation",),
        (302, 200, 200, 404, 200, 200, 404, 404, 404, 404, 404),
    ),
    "evaluation:self_assessment": (
        ("evaluation",),
        (302, 403, 403, 404, 403, 200, 404, 404, 404, 404, 404),
    ),
    "evaluation:propose": (
        ("evaluation",),
        (302, 403, 200, 404, 200, 403, 404, 404, 404, 404, 404),
    ),
    "evaluation:sheet": (
        ("evaluation",),
        (302, 200, 200, 404, 200, 200, 404, 404, 404, 404, 404),
    ),
    "evaluation:cadre_source": ((), (302, 200, 200, 403, 200, 403, 403, 403, 403, 403, 403)),
    "evaluation:cadre_source_export": (
        (),
        (302, 200, 200, 403, 200, 403, 403, 403, 403, 403, 403),
    ),
    "notifications:list": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "notifications:open": (
        ("notification",),
        (302, 404, 404, 404, 404, 302, 404, 404, 404, 404, 404),
    ),
    "notifications:calendar": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "notifications:preferences": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "calendar_feed:feed": (
        ("token",),
        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ),
    # The JSON API (thaogo/api): anonymous callers get 401; a list holds what the role may see
    # (tests/access/test_content.py checks what it holds), an object it may not see is a 404,
    # as on its page. Writes are POST only; tests/api/ checks who may make each.
    "api:api-root": ((), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:openapi-json": ((), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:openapi-view": ((), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:me": ((), (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:units": ((), (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:unit": (("unit",), (401, 200, 200, 200, 200, 200, 200, 200, 404, 200, 404)),
    "api:cadres": ((), (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:cadre": (("cadre",), (401, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "api:plans": ((), (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:plan": (("plan",), (401, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404)),
    "api:documents": ((), (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:document": (("document",), (401, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "api:tasks": ((), (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:task": (("task",), (401, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "api:assignments": ((), (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:metrics": ((), (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:metric": (("metric",), (401, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "api:metric_values": ((), (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:metric_value_record": (
        ("metric",),
        (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "api:obligations": ((), (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:obligation": (("obligation",), (401, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "api:report_submit": (("obligation",), (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:report_review": (("obligation",), (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:proposals": ((), (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:proposal": (("proposal",), (401, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "api:proposal_raise": (("task",), (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:meetings": ((), (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:meeting": (("meeting",), (401, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "api:directives": ((), (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api:directive": (("directive",), (401, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "api:directive_record": (("task",), (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:notifications": ((), (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    # Evaluations as on their pages: the lists for evaluators and cadres (a cadre's own),
    # refused to the rest; a round or an evaluation only to those who may open it.
    "api:evaluation_rounds": ((), (401, 200, 200, 403, 200, 200, 200, 403, 403, 403, 403)),
    "api:evaluation_round": (("round",), (401, 200, 200, 404, 200, 200, 404, 404, 404, 404, 404)),
    "api:evaluations": ((), (401, 200, 200, 403, 200, 200, 200, 403, 403, 403, 403)),
    "api:evaluation": (
        ("evaluation",),
        (401, 200, 200, 404, 200, 200, 404, 404, 404, 404, 404),
    ),
    "api_tokens:list": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "api_tokens:revoke": (("api_token",), (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "login": ((), (200, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302)),
    "logout": ((), (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "password_change": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "password_change_done": ((), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "set_language": ((), (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302)),
    # The registers: cadres, units and imports for the Organization Board, the Office and
    # administrators; resolution targets for the Office; users, holidays, document types and
    # the other rules (deadlines, units of measure, make-up days, committee terms) for
    # administrators. An import's preview is its uploader's alone.
    "registry:index": ((), (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403)),
    "registry:cadre_list": ((), (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403)),
    "registry:cadre_create": ((), (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403)),
    "registry:cadre_edit": (("cadre",), (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403)),
    "registry:position_add": (("cadre",), (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "registry:position_end": (
        ("position",),
        (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "registry:user_list": ((), (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403)),
    "registry:user_create": ((), (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403)),
    "registry:user_edit": (("user",), (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403)),
    "registry:user_send_link": (("user",), (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "registry:unit_list": ((), (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403)),
    "registry:unit_create": ((), (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403)),
    "registry:unit_edit": (("unit",), (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403)),
    "registry:target_list": ((), (302, 403, 403, 200, 200, 403, 403, 403, 403, 403, 403)),
    "registry:target_edit": (("target",), (302, 403, 403, 200, 200, 403, 403, 403, 403, 403, 403)),
    "registry:target_year_add": (
        ("target",),
        (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "registry:target_year_edit": (
        ("target_year",),
        (302, 403, 403, 200, 200, 403, 403, 403, 403, 403, 403),
    ),
    "registry:holiday_list": ((), (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403)),
    "registry:holiday_create": ((), (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403)),
    "registry:holiday_edit": (
        ("holiday",),
        (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ),
    "registry:document_type_list": ((), (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403)),
    "registry:document_type_create": ((), (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403)),
    "registry:document_type_edit": (
        ("doc_type",),
        (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ),
    "registry:reporting_kind_list": ((), (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403)),
    "registry:reporting_kind_create": (
        (),
        (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ),
    "registry:reporting_kind_edit": (
        ("reporting_kind",),
        (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ),
    "registry:deadline_rule_list": ((), (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403)),
    "registry:deadline_rule_create": ((), (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403)),
    "registry:deadline_rule_edit": (
        ("deadline_rule",),
        (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ),
    "registry:unit_of_measure_list": ((), (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403)),
    "registry:unit_of_measure_create": (
        (),
        (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ),
    "registry:unit_of_measure_edit": (
        ("unit_of_measure",),
        (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ),
    "registry:swapped_day_list": ((), (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403)),
    "registry:swapped_day_create": ((), (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403)),
    "registry:swapped_day_edit": (
        ("swapped_day",),
        (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ),
    "registry:committee_term_list": ((), (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403)),
    "registry:committee_term_create": ((), (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403)),
    "registry:committee_term_edit": (
        ("committee_term",),
        (302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ),
    "registry:import_start": (
        ("import_kind",),
        (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403),
    ),
    "registry:import_template": (
        ("import_kind",),
        (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403),
    ),
    "registry:export": (("import_kind",), (302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403)),
    "registry:import_preview": (
        ("import_token",),
        (302, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    "password_set": (
        ("set_uid", "set_token"),
        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "password_set_done": ((), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
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


def observe(site, name) -> dict:
    """{role: the answer to that role's GET of the route}."""
    # site_walk reads MATRIX from here: imported when first called, not at import time.
    from tests.security.site_walk import request

    args, _expected = MATRIX[name]
    url = reverse(name, args=[site.objects[a] for a in args])
    answered = {}
    # No page reads a column its query left out (one more query per object).
    with no_deferred_loads():
        for role in ROLES:
            result = request(site, role, "get", url)
            assert result.response is not None, result.error
            answered[role] = result.response
    return answered


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_allowed_status_never_stored_by_a_cache(site_in_test, name):
    from tests.access.test_cache_control import cache_problems

    answered = observe(site_in_test, name)
    assert tuple(r.status_code for r in answered.values()) == MATRIX[name][1]
    # Internal pages are "private, no-store" to everyone, whatever the status; the portal's
    # keep their own caching (tests/access/test_cache_control.py).
    assert cache_problems(name, answered) == []
