"""A creation form sent twice (a double click, a resubmitted page) creates its object once,
and the second sending is taken to what the first created.

CREATES lists every creation form. test_every_creation_view_is_listed compares it with the
views of the URLconf marked @creates_once, and each entry opens the page the form is on and
takes the token from that very form, so a creation form without the token fails too.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.form_posts import form_data, page_forms
from tests.portal.conftest import jpeg_bytes, portal  # noqa: F401  (fixture reused)
from thaogo.core.models import DeadlineRule, FormSubmission
from thaogo.direction import services as direction
from thaogo.direction.models import AgendaItem, Directive, Meeting, MeetingStatus, Proposal
from thaogo.documents.models import Document, DocumentType, Plan
from thaogo.notifications.models import CalendarFeed
from thaogo.portal.models import Album, Article, Image, NewsCategory
from thaogo.reporting import services as reporting
from thaogo.reporting.models import (
    Attachment,
    Holiday,
    ReportingKind,
    ReportObligation,
    SwappedWorkingDay,
)
from thaogo.tasks.models import Assignment, Category, Metric, MetricValue, Task, UnitOfMeasure
from thaogo.units.models import Cadre, CommitteeTerm, Unit, UnitKind

ALREADY_SAVED = "không tạo thêm bản trùng"


@dataclass(frozen=True)
class Creation:
    user: str  # attribute of `world`
    record: str | None  # key of the `records` fixture given to the URL, if any
    data: Callable[[Any, dict], dict]  # (world, records) -> what the form sends
    state: Callable[[], Any]  # what the creation changes, e.g. a count of rows
    page: str | None = None  # the page the form is on, when it is not the URL itself
    marker: str = ""  # text inside the right <form> when a page has several


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 bien ban", content_type="application/pdf")


def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("anh.jpg", jpeg_bytes(300, 200), content_type="image/jpeg")


def count(model) -> Callable[[], int]:
    return lambda: model.objects.count()


CREATES: dict[str, Creation] = {
    "documents:create": Creation(
        "btc",
        None,
        lambda w, r: {
            "doc_type": DocumentType.objects.get(code="KH", system="party").pk,
            "number": "777",
            "issuer": w.district.pk,
            "series": "2020-2025",
            "issued_on": "01/10/2024",
            "abstract": "Kế hoạch kiểm tra tiến độ giải phóng mặt bằng",
        },
        count(Document),
    ),
    "documents:plan_create": Creation(
        "btc",
        None,
        lambda w, r: {
            "document": w.state_doc.pk,
            "title": "Kế hoạch thu ngân sách",
            "issuing_body": w.peoples_committee.pk,
            "start_date": "01/03/2024",
            "end_date": "31/12/2024",
        },
        count(Plan),
    ),
    "tasks:create": Creation(
        "btc",
        None,
        lambda w, r: {
            **r["task_form"],
            "plan": w.plan.pk,
            "code": "99",
            "title": "Nhiệm vụ mới phát sinh",
            "category": Category.objects.get(code="site-clearance").pk,
            "start_date": "01/10/2024",
        },
        count(Task),
    ),
    "tasks:assignment_create": Creation(
        "btc",
        "task",
        lambda w, r: {"cadre": w.tuan.pk, "role": "support", "start_date": "01/10/2024"},
        count(Assignment),
    ),
    "tasks:reassign": Creation(
        "btc",
        "task",
        lambda w, r: {"cadre": w.tuan.pk, "start_date": "01/08/2024"},
        count(Assignment),
    ),
    "tasks:metric_create": Creation(
        "btc",
        "task",
        lambda w, r: (
            {"name": "Số hộ nhận bồi thường", "unit": "households", "target": "50"}
            | {"baseline": "0"}
        ),
        count(Metric),
    ),
    "tasks:metric_values": Creation(
        "unit_staff",
        "metric",
        lambda w, r: {"measured_on": "14/10/2024", "value": "95"},
        # A second value of the same day would replace the first: count the saves.
        lambda: MetricValue.history.count(),
    ),
    "reporting:attachment_upload": Creation(
        "cadre",
        "obligation",
        lambda w, r: {"file": pdf()},
        count(Attachment),
        page="reporting:report_edit",
    ),
    "direction:proposal_create": Creation(
        "cadre",
        "task",
        lambda w, r: {"title": "Đề nghị hỗ trợ kinh phí", "content": "Đề nghị quận hỗ trợ."},
        count(Proposal),
    ),
    "direction:meeting_list": Creation(
        "office",
        None,
        lambda w, r: {"title": "Phiên họp tháng 11", "held_on": "01/10/2024"},
        count(Meeting),
    ),
    "direction:meeting_detail": Creation(
        "office",
        "meeting",
        lambda w, r: {
            "action": "directive",
            "proposal_id": r["proposal_on_agenda"],
            "directive-text": "Giao phường phối hợp vận động các hộ còn lại",
            "directive-responsible_cadre": w.dat.pk,
            "directive-deadline": "30/10/2024",
        },
        count(Directive),
        marker='value="directive"',
    ),
    "direction:meeting_detail agenda": Creation(
        "office",
        "meeting",
        lambda w, r: {"action": "agenda", "proposal": r["pending_proposal"]},
        count(AgendaItem),
        marker='value="agenda"',
    ),
    "direction:directive_create": Creation(
        "office",
        "task",
        lambda w, r: {
            "text": "Giao phường hoàn thành bàn giao mặt bằng trước ngày 30/11",
            "source_document": w.decision.pk,
            "responsible_cadre": w.dat.pk,
            "deadline": "30/11/2024",
        },
        count(Directive),
    ),
    "notifications:calendar": Creation(
        "cadre",
        None,
        lambda w, r: {"action": "renew"},
        # A second address would replace the first: the address is what must not change.
        lambda: list(CalendarFeed.objects.values_list("token", flat=True)),
    ),
    "registry:cadre_create": Creation(
        "btc",
        None,
        lambda w, r: {
            "full_name": "Đỗ Thị Mới",
            "date_of_birth": "02/03/1980",
            "unit": w.vinh_niem.pk,
            "committee_membership": "none",
            "is_active": "on",
        },
        count(Cadre),
    ),
    "registry:unit_create": Creation(
        "btc",
        None,
        lambda w, r: {
            "name": "Phường Mới",
            "parent": w.district.pk,
            "kind": UnitKind.objects.get(code="ward").pk,
            "document_style": "party",
            "numbering_series": "term",
            "is_active": "on",
        },
        count(Unit),
    ),
    "registry:user_create": Creation(
        "admin",
        None,
        lambda w, r: {"username": "moi", "email": "moi@example.vn", "role": "cadre"},
        count(User),
    ),
    "registry:holiday_create": Creation(
        "admin",
        None,
        lambda w, r: {"date": "02/09/2030", "name": "Quốc khánh", "kind": "public"},
        count(Holiday),
    ),
    "registry:document_type_create": Creation(
        "admin",
        None,
        lambda w, r: {
            "system": "party",
            "code": "XX",
            "name": "Loại văn bản mới",
            "number_form": "standard",
        },
        count(DocumentType),
    ),
    "registry:reporting_kind_create": Creation(
        "admin",
        None,
        lambda w, r: {
            "code": "week4",
            "name": "Hằng quý (mới)",
            "span_months": "3",
            "last_months": "2,5,8,11",
            "label_pattern": "Quý {roman}/{year}",
            "precedence": "2",
            "valid_from": "01/01/2030",
        },
        count(ReportingKind),
    ),
    "registry:deadline_rule_create": Creation(
        "admin",
        None,
        lambda w, r: {
            "valid_from": "01/01/2026",
            "near_due_days": "5",
            "first_reminder_days": "10",
            "second_reminder_days": "5",
            "last_reminder_days": "2",
            "due_soon_days": "10",
            "first_report_grace_days": "14",
        },
        count(DeadlineRule),
    ),
    "registry:unit_of_measure_create": Creation(
        "admin",
        None,
        lambda w, r: {"code": "trees", "name": "cây xanh", "is_whole_number": "on"},
        count(UnitOfMeasure),
    ),
    "registry:swapped_day_create": Creation(
        "admin",
        None,
        lambda w, r: {"date": "05/01/2030", "in_place_of": "04/01/2030"},
        count(SwappedWorkingDay),
    ),
    "registry:committee_term_create": Creation(
        "admin",
        None,
        lambda w, r: {
            "unit": w.district.pk,
            "label": "2025-2030",
            "starts_on": "01/10/2025",
            "ends_on": "30/09/2030",
        },
        count(CommitteeTerm),
    ),
    "portal_staff:article_create": Creation(
        "editor",
        None,
        lambda w, r: {
            "title": "Quận kiểm tra tiến độ dự án",
            "category": NewsCategory.objects.get(slug="tin-tuc-su-kien").pk,
            "lead": "Đoàn công tác kiểm tra thực địa.",
            "body": "<p>Nội dung.</p>",
            "status": "draft",
        },
        count(Article),
    ),
    "portal_staff:article_image_upload": Creation(
        "editor",
        "article",
        lambda w, r: {"file": photo(), "alt_text": "Đoàn kiểm tra tại công trường"},
        count(Image),
        page="portal_staff:article_edit",
    ),
    "portal_staff:album_create": Creation(
        "editor",
        None,
        lambda w, r: {"title": "Kiểm tra dự án", "event_date": "10/10/2024", "description": ""},
        count(Album),
    ),
    "portal_staff:album_photo_upload": Creation(
        "editor",
        "album",
        lambda w, r: {"file": photo(), "alt_text": "Ảnh thực địa"},
        count(Image),
        page="portal_staff:album_edit",
    ),
}


def draft_obligation(world) -> ReportObligation:
    return ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 6, 14)
    )


@pytest.fixture
def records(world, portal, client_for):  # noqa: F811
    on_agenda = direction.proposal_create(
        task=world.clearance, raised_by=world.dat, title="Đề xuất A", content="A", by=world.cadre
    )
    pending = direction.proposal_create(
        task=world.clearance, raised_by=world.dat, title="Đề xuất B", content="B", by=world.cadre
    )
    meeting = direction.meeting_create(title="Phiên họp", held_on=date(2024, 10, 1), by=world.btv)
    direction.agenda_add(meeting=meeting, proposal=on_agenda, by=world.office)
    direction.meeting_update(
        meeting=meeting,
        status=MeetingStatus.HELD,
        expected_version=meeting.version,
        by=world.office,
    )
    reporting.report_for(draft_obligation(world))
    [task_form] = page_forms(client_for(world.btc).get(reverse("tasks:create")))
    return {
        "task": world.clearance.pk,
        "metric": world.households.pk,
        "obligation": draft_obligation(world).pk,
        "meeting": meeting.pk,
        "article": portal.article.pk,
        "album": portal.album.pk,
        "proposal_on_agenda": on_agenda.pk,
        "pending_proposal": pending.pk,
        "task_form": form_data(task_form),
    }


FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.DOTALL)
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def token_of_the_form(client, creation: Creation, url_name: str, args: list) -> str:
    """Open the page the form is on and take the token of that form."""
    page_url = reverse(creation.page or url_name, args=args)
    post_url = reverse(url_name, args=args)
    page = client.get(page_url)
    assert page.status_code == 200
    for form in FORM.findall(page.content.decode()):
        action = re.search(r'action="([^"]*)"', form.split(">", 1)[0])
        target = action.group(1) if action else page_url
        if target == post_url and creation.marker in form and (token := TOKEN.search(form)):
            return token.group(1)
    raise AssertionError(f"the form posting to {post_url} on {page_url} has no token")


def _url_name(name: str) -> str:
    return name.split(" ")[0]


@pytest.mark.parametrize("name", sorted(CREATES))
def test_a_creation_form_sent_twice_creates_once_and_leads_to_the_first(
    name, world, records, client_for
):
    creation = CREATES[name]
    url_name = _url_name(name)
    args = [records[creation.record]] if creation.record else []
    client = client_for(getattr(world, creation.user))
    token = token_of_the_form(client, creation, url_name, args)
    url = reverse(url_name, args=args)
    before = creation.state()

    first = client.post(url, {**creation.data(world, records), "form_token": token})
    assert first.status_code == 302, [f.errors for f in page_forms(first)]
    created = creation.state()
    assert created != before

    second = client.post(url, {**creation.data(world, records), "form_token": token})
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert creation.state() == created
    assert ALREADY_SAVED in client.get(second["Location"]).content.decode()


def test_every_creation_view_is_listed():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "creates_once", 0):
                yield f"{namespace}:{pattern.name}"

    marked = set(walk(get_resolver().url_patterns))
    assert marked == {_url_name(name) for name in CREATES}


def proposal_url(world) -> str:
    return reverse("direction:proposal_create", args=[world.clearance.pk])


def test_a_form_with_errors_keeps_its_token_for_the_corrected_sending(world, client_for):
    client = client_for(world.cadre)
    token = TOKEN.search(client.get(proposal_url(world)).content.decode()).group(1)

    refused = client.post(proposal_url(world), {"title": "", "content": "", "form_token": token})
    assert refused.status_code == 400
    assert not Proposal.objects.exists()

    saved = client.post(
        proposal_url(world),
        {"title": "Đề nghị hỗ trợ", "content": "Đề nghị quận hỗ trợ.", "form_token": token},
    )
    assert saved.status_code == 302
    assert Proposal.objects.count() == 1


def test_each_opening_of_a_form_is_a_new_form(world, client_for):
    client = client_for(world.cadre)
    data = {"title": "Đề nghị hỗ trợ", "content": "Đề nghị quận hỗ trợ."}
    for _ in range(2):
        token = TOKEN.search(client.get(proposal_url(world)).content.decode()).group(1)
        assert client.post(proposal_url(world), {**data, "form_token": token}).status_code == 302
    assert Proposal.objects.count() == 2


def test_another_users_token_creates_nothing_and_reveals_nothing(world, client_for):
    token = "t" * 32
    data = {"title": "Đề nghị hỗ trợ", "content": "Đề nghị quận hỗ trợ.", "form_token": token}
    first = client_for(world.cadre).post(proposal_url(world), data)
    assert first.status_code == 302
    other = client_for(world.other_cadre).post(proposal_url(world), data)
    assert other.status_code == 400
    assert first["Location"] not in other.content.decode()
    assert Proposal.objects.count() == 1


def test_purging_forgets_tokens_older_than_two_days_and_can_run_twice(world, capsys):
    now = timezone.now()
    old = FormSubmission.objects.create(token="o" * 32, user=world.cadre, redirect_url="/app/")
    FormSubmission.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=3))
    recent = FormSubmission.objects.create(token="r" * 32, user=world.cadre, redirect_url="/app/")

    call_command("purgeformtokens")
    call_command("purgeformtokens")

    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]
    output = capsys.readouterr().out
    assert "1 tokens" in output and "0 tokens" in output
