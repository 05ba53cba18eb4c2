"""Hostile input on every form and filter: script in text fields, SQL metacharacters in
searches, bad files, bad numbers and dates, posts without a CSRF token, and ids of other
people's objects. Each ends in a 4xx (or a harmless page), escaped output, and no row
written."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tests.helpers import assert_vietnamese, held_meeting
from thaogo.direction import services as direction
from thaogo.direction.models import Directive, Meeting, Proposal, ProposalAttachment
from thaogo.documents.models import Document, DocumentType, Plan
from thaogo.portal.models import Album, Article, ArticleStatus, Image
from thaogo.reporting import services as reporting_services
from thaogo.reporting.models import (
    Attachment,
    Report,
    ReportObligation,
)
from thaogo.tasks.models import Assignment, Category, Metric, MetricValue, Status, Task

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
MARKUP_PAYLOADS = [SCRIPT, ATTRIBUTE]
SQL_PAYLOADS = ["' OR 1=1 --", "%", "_", "\\", "'; DROP TABLE tasks_task; --", '" OR ""="']


def assert_escaped(response, payload: str) -> None:
    body = response.content.decode()
    where = response.request["PATH_INFO"]
    assert response.status_code == 200, where
    assert payload not in body, f"the raw payload reached {where}"
    assert escape(payload) in body, f"the escaped payload is not on {where}"


def assert_no_script_link(response) -> None:
    body = response.content.decode().lower()
    assert 'href="javascript:' not in body and 'src="javascript:' not in body


def error_text(response) -> str:
    """The visible error messages of a re-rendered form."""
    contexts = response.context if isinstance(response.context, list) else [response.context]
    forms = {
        id(value): value
        for context in contexts
        for name, value in context.flatten().items()
        if name.endswith("form") and hasattr(value, "errors")
    }.values()
    messages = [str(m) for form in forms for errors in form.errors.values() for m in errors]
    assert messages, "the form shows no error"
    return " ".join(messages)


def assert_rejected(response) -> None:
    assert response.status_code == 400, response.status_code
    assert_vietnamese(error_text(response))


def counts(*models) -> list[int]:
    return [model.objects.count() for model in models]


# ---------------------------------------------------------------- the reporting world


@pytest.fixture
def obligation(world):
    return ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )


@pytest.fixture
def cycle(world, obligation):
    """A submitted report, a proposal on a meeting's agenda and a directive to world.dat."""
    report = reporting_services.report_for(obligation)
    proposal = direction.proposal_create(
        task=world.clearance,
        raised_by=world.dat,
        title="Đề xuất",
        content="Nội dung",
        by=world.cadre,
    )
    meeting = held_meeting(title="Họp BTV", held_on=date(2024, 10, 1), by=world.office)
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
    return {"report": report, "proposal": proposal, "meeting": meeting, "directive": directive}


def task_form(world, task=None, **overrides) -> dict:
    task = task or world.clearance
    data = {
        "plan": world.plan.pk,
        "code": task.code if task.pk else "06",
        "title": task.title if task.pk else "Việc mới",
        "description": "",
        "category": Category.objects.get(code="site-clearance").pk,
        "units": [world.vinh_niem.pk],
        "start_date": "01/12/2023",
        "deadline": "31/12/2024",
        "priority": 3,
        "status": Status.IN_PROGRESS,
        "completed_on": "",
        "result_summary": "",
        "version": task.version if task.pk else "",
    }
    data.update(overrides)
    return data


def document_form(world, **overrides) -> dict:
    data = {
        "doc_type": DocumentType.objects.get(code="KH", system="party").pk,
        "number": 901,
        "issuer": world.district.pk,
        "series": "",
        "issued_on": "01/10/2024",
        "abstract": "Kế hoạch kiểm tra",
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------- XSS, rendered back


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
def test_task_text_is_escaped_on_every_page_that_shows_it(world, client_for, payload):
    client = client_for(world.btc)
    response = client.post(
        reverse("tasks:edit", args=[world.clearance.pk]),
        task_form(
            world, title=f"Giải phóng {payload}", description=payload, result_summary=payload
        ),
    )
    assert response.status_code == 302
    pages = [
        reverse("tasks:detail", args=[world.clearance.pk]),
        reverse("tasks:history", args=[world.clearance.pk]),  # before → after of each field
        reverse("tasks:list"),
        reverse("core:search") + "?q=giai+phong",
        reverse("units:cadre_detail", args=[world.dat.pk]),
        reverse("documents:plan_detail", args=[world.plan.pk]),
    ]
    for url in pages:
        assert_escaped(client.get(url), payload)
    assert_escaped(client_for(world.cadre).get(reverse("core:my_tasks")), payload)


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
def test_metric_name_and_value_note_are_escaped(world, client_for, payload):
    client = client_for(world.btc)
    response = client.post(
        reverse("tasks:metric_edit", args=[world.households.pk]),
        {
            "name": payload,
            "unit": world.households.unit_id,
            "baseline": "0",
            "target": "120",
            "target_date": "",
            "order": "",
            "version": world.households.version,
        },
    )
    assert response.status_code == 302
    response = client_for(world.cadre).post(
        reverse("tasks:metric_values", args=[world.households.pk]),
        {"measured_on": "14/10/2024", "value": "95", "note": payload},
    )
    assert response.status_code == 302
    assert_escaped(client.get(reverse("tasks:detail", args=[world.clearance.pk])), payload)
    assert_escaped(client.get(reverse("tasks:history", args=[world.clearance.pk])), payload)
    assert_escaped(client.get(reverse("tasks:metric_values", args=[world.households.pk])), payload)


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
def test_document_and_plan_text_is_escaped(world, client_for, payload):
    client = client_for(world.btc)
    response = client.post(reverse("documents:create"), document_form(world, abstract=payload))
    assert response.status_code == 302
    document = Document.objects.get(number=901)
    response = client.post(
        reverse("documents:plan_create"),
        {
            "document": document.pk,
            "title": payload,
            "issuing_body": world.district.pk,
            "start_date": "01/10/2024",
            "end_date": "31/12/2025",
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(document=document)
    for url in [
        reverse("documents:detail", args=[document.pk]),
        reverse("documents:list"),
        reverse("documents:plan_detail", args=[plan.pk]),
        reverse("documents:plan_list"),
    ]:
        assert_escaped(client.get(url), payload)


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
def test_report_proposal_meeting_and_directive_text_is_escaped(
    world, client_for, obligation, cycle, payload
):
    cadre = client_for(world.cadre)
    response = cadre.post(
        reverse("reporting:report_edit", args=[obligation.pk]),
        {
            "results": payload,
            "difficulties": payload,
            "causes": "",
            "next_steps": "",
            "self_assessed_progress": "50",
            "version": cycle["report"].version,
            "submit": "1",
        },
    )
    assert response.status_code == 302
    response = cadre.post(
        reverse("direction:proposal_create", args=[world.clearance.pk]),
        {"title": payload, "content": payload},
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(title=payload)
    office = client_for(world.office)
    response = office.post(
        reverse("direction:meeting_list"), {"title": payload, "held_on": "10/10/2024"}
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title=payload)
    direction.meeting_update(
        meeting=meeting, by=world.office, expected_version=meeting.version, status="held"
    )
    office.post(
        reverse("direction:meeting_detail", args=[meeting.pk]),
        {"action": "agenda", "proposal": proposal.pk},
    )
    response = office.post(
        reverse("direction:meeting_detail", args=[meeting.pk]),
        {
            "action": "directive",
            "proposal_id": proposal.pk,
            "directive-text": payload,
            "directive-responsible_cadre": world.dat.pk,
            "directive-deadline": "30/11/2024",
        },
    )
    assert response.status_code == 302
    directive = Directive.objects.get(text=payload)
    for client, url in [
        (office, reverse("reporting:report_detail", args=[obligation.pk])),
        (office, reverse("direction:proposal_detail", args=[proposal.pk])),
        (office, reverse("direction:proposal_list") + "?status=all"),
        (office, reverse("direction:meeting_list")),
        (office, reverse("direction:meeting_detail", args=[meeting.pk])),
        (office, reverse("direction:directive_detail", args=[directive.pk])),
        (cadre, reverse("direction:directive_list")),
    ]:
        assert_escaped(client.get(url), payload)


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
def test_portal_article_and_album_text_is_escaped_on_public_pages(
    world, portal, client_for, client, payload
):
    editor = client_for(world.editor)
    response = editor.post(
        reverse("portal_staff:article_create"),
        {
            "title": f"Tin {payload}",
            "category": portal.news.pk,
            "lead": payload,
            "body": f'<p>Nội dung</p>{SCRIPT}<a href="javascript:alert(1)">x</a>',
            "source": payload,
            "status": ArticleStatus.PUBLISHED,
            "published_at": "",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(lead=payload)
    assert "<script" not in article.body and "onerror" not in article.body
    assert "javascript:" not in article.body
    response = editor.post(
        reverse("portal_staff:album_create"),
        {
            "title": f"Album {payload}",
            "event_date": "10/10/2024",
            "description": payload,
            "task": "",
        },
    )
    assert response.status_code == 302
    album = Album.objects.get(description=payload)
    article_page = client.get(reverse("portal:article", args=[article.slug]))
    assert_escaped(article_page, payload)
    assert_no_script_link(article_page)
    assert_escaped(client.get(reverse("portal:news")), payload)
    assert_escaped(editor.get(reverse("portal_staff:album_edit", args=[album.pk])), payload)
    assert_escaped(editor.get(reverse("portal_staff:dashboard")), payload)


def test_article_body_with_a_foreign_picture_is_refused(world, portal, client_for):
    before = counts(Article)
    response = client_for(world.editor).post(
        reverse("portal_staff:article_create"),
        {
            "title": "Tin",
            "category": portal.news.pk,
            "lead": "x",
            "body": f"<p>x</p>{ATTRIBUTE}",
            "source": "",
            "status": ArticleStatus.PUBLISHED,
            "published_at": "",
        },
    )
    assert_rejected(response)
    assert ATTRIBUTE not in response.content.decode()
    assert counts(Article) == before


def test_javascript_urls_never_become_links(world, portal, client_for, client):
    payload = "javascript:alert(1)"
    client_for(world.btc).post(
        reverse("tasks:edit", args=[world.clearance.pk]),
        task_form(world, description=payload, result_summary=payload),
    )
    for response in [
        client_for(world.btc).get(reverse("tasks:detail", args=[world.clearance.pk])),
        client_for(world.btc).get(reverse("tasks:history", args=[world.clearance.pk])),
        client.get(reverse("portal:progress_detail", args=[world.clearance.pk])),
    ]:
        assert response.status_code == 200
        assert_no_script_link(response)


# ---------------------------------------------------------------- SQL metacharacters


@pytest.mark.parametrize("payload", SQL_PAYLOADS)
def test_sql_metacharacters_in_searches_and_filters_find_nothing_wrong(
    world, client_for, client, payload
):
    btc = client_for(world.btc)
    pages = [
        (btc, reverse("core:search"), {"q": payload}),
        (btc, reverse("tasks:list"), {"q": payload}),
        (
            btc,
            reverse("tasks:list"),
            {
                "plan": payload,
                "unit": payload,
                "sort": payload,
                "cadre": payload,
                "status": payload,
                "timing": payload,
            },
        ),
        (btc, reverse("documents:list"), {"q": payload, "year": payload, "type": payload}),
        (btc, reverse("units:cadre_list"), {"q": payload}),
        (client, reverse("portal:documents"), {"q": payload}),
        (client, reverse("portal:news"), {"q": payload}),
    ]
    before = counts(Task, Document, Plan)
    visible = btc.get(reverse("tasks:list")).context["count"]
    for http, url, params in pages:
        response = http.get(url, params)
        assert response.status_code < 500, (url, params)
        if response.status_code == 200 and "count" in (response.context or {}):
            # No search term matches every row: metacharacters are matched literally.
            assert response.context["count"] in (0, None) or "q" not in params, (url, params)
    assert counts(Task, Document, Plan) == before
    assert btc.get(reverse("tasks:list")).context["count"] == visible


def test_wildcards_are_matched_literally(world, client_for):
    response = client_for(world.btc).get(reverse("core:search"), {"q": "%"})
    assert response.status_code == 200
    assert response.context["total"] == 0


# ---------------------------------------------------------------- numbers and dates


BAD_NUMBERS = ["-5", "1e999", "abc", "99999999999999999999", "NaN", "Infinity", " ", "1,5,6"]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_bad_metric_values_are_refused(world, client_for, value):
    before = counts(MetricValue)
    response = client_for(world.cadre).post(
        reverse("tasks:metric_values", args=[world.households.pk]),
        {"measured_on": "14/10/2024", "value": value, "note": ""},
    )
    assert_rejected(response)
    assert counts(MetricValue) == before


@pytest.mark.parametrize("field", ["target", "baseline"])
@pytest.mark.parametrize("value", ["-1", "1e999", "abc", "99999999999999999999"])
def test_bad_metric_definitions_are_refused(world, client_for, field, value):
    data = {
        "name": "Chỉ tiêu mới",
        "unit": world.households.unit,
        "baseline": "0",
        "target": "100",
        "target_date": "",
        "order": "",
    }
    data[field] = value
    before = counts(Metric)
    response = client_for(world.btc).post(
        reverse("tasks:metric_create", args=[world.clearance.pk]), data
    )
    assert_rejected(response)
    assert counts(Metric) == before


@pytest.mark.parametrize("value", ["-1", "101", "1e999", "abc"])
def test_bad_report_progress_and_metric_figures_are_refused(world, client_for, obligation, value):
    report = reporting_services.report_for(obligation)
    before = Report.objects.values_list("results", "self_assessed_progress").get(pk=report.pk)
    response = client_for(world.cadre).post(
        reverse("reporting:report_edit", args=[obligation.pk]),
        {
            "results": "Kết quả",
            "self_assessed_progress": value,
            f"metric_{world.households.pk}": value,
            "version": report.version,
        },
    )
    assert_rejected(response)
    after = Report.objects.values_list("results", "self_assessed_progress").get(pk=report.pk)
    assert after == before


BAD_DATES = ["32/13/2024", "00/00/0000", "01/01/0001", "01/01/99999", "31/02/2024", "hôm qua"]


@pytest.mark.parametrize("value", BAD_DATES)
def test_bad_dates_are_refused_on_every_date_form(world, client_for, cycle, value):
    btc, cadre, office = client_for(world.btc), client_for(world.cadre), client_for(world.office)
    cases = [
        (btc, reverse("tasks:create"), task_form(world, Task(), start_date=value), Task),
        (btc, reverse("tasks:create"), task_form(world, Task(), deadline=value), Task),
        (
            btc,
            reverse("tasks:assignment_create", args=[world.obstacles.pk]),
            {"cadre": world.hoa.pk, "role": "lead", "start_date": value},
            Assignment,
        ),
        (
            cadre,
            reverse("tasks:metric_values", args=[world.households.pk]),
            {"measured_on": value, "value": "95"},
            MetricValue,
        ),
        (btc, reverse("documents:create"), document_form(world, issued_on=value), Document),
        (
            btc,
            reverse("documents:plan_create"),
            {
                "document": world.state_doc.pk,
                "title": "KH",
                "issuing_body": world.district.pk,
                "start_date": value,
                "end_date": "31/12/2025",
            },
            Plan,
        ),
        (office, reverse("direction:meeting_list"), {"title": "Họp", "held_on": value}, Meeting),
        (
            cadre,
            reverse("direction:directive_detail", args=[cycle["directive"].pk]),
            {"completed_on": value, "note": "Đã xong"},
            Directive,
        ),
    ]
    for http, url, data, model in cases:
        before = model.objects.count(), list(model.objects.values())
        response = http.post(url, data)
        assert_rejected(response)
        assert (model.objects.count(), list(model.objects.values())) == before, url


@pytest.mark.parametrize("value", BAD_DATES)
def test_bad_dates_are_refused_on_portal_forms(world, portal, client_for, value):
    editor = client_for(world.editor)
    before = counts(Album, Article)
    assert_rejected(
        editor.post(
            reverse("portal_staff:album_create"),
            {"title": "Album", "event_date": value, "description": "", "task": ""},
        )
    )
    assert_rejected(
        editor.post(
            reverse("portal_staff:article_create"),
            {
                "title": "Tin",
                "category": portal.news.pk,
                "lead": "x",
                "body": "<p>x</p>",
                "status": ArticleStatus.DRAFT,
                "published_at": value,
            },
        )
    )
    assert counts(Album, Article) == before


# ---------------------------------------------------------------- files


PDF = b"%PDF-1.4 noi dung"
BAD_FILES = {
    "mislabelled": SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
    "html": SimpleUploadedFile("trang.html", b"<html><script>alert(1)</script>", "text/html"),
    "svg": SimpleUploadedFile("anh.svg", b"<svg onload=alert(1)></svg>", "image/svg+xml"),
    "svg-as-png": SimpleUploadedFile("anh.png", b"<svg onload=alert(1)></svg>", "image/png"),
    "truncated": SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
    "empty": SimpleUploadedFile("rong.pdf", b"", "application/pdf"),
    "executable": SimpleUploadedFile("chay.exe", PDF, "application/octet-stream"),
}


def fresh(name: str) -> SimpleUploadedFile:
    """A new upload each time: a posted file is read to its end."""
    file = BAD_FILES[name]
    file.seek(0)
    return SimpleUploadedFile(file.name, file.read(), file.content_type)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_document_files_are_refused(world, client_for, name):
    before = counts(Document)
    response = client_for(world.btc).post(
        reverse("documents:create"), document_form(world, file=fresh(name))
    )
    assert_rejected(response)
    assert counts(Document) == before


def test_oversized_document_files_are_refused(world, client_for, settings):
    settings.THAOGO_MAX_UPLOAD_BYTES = 1024
    before = counts(Document)
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * 4096, "application/pdf")
    response = client_for(world.btc).post(
        reverse("documents:create"), document_form(world, file=big)
    )
    assert_rejected(response)
    assert counts(Document) == before


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_proposal_attachments_are_refused(world, client_for, name):
    before = counts(Proposal, ProposalAttachment)
    response = client_for(world.cadre).post(
        reverse("direction:proposal_create", args=[world.clearance.pk]),
        {"title": "Đề xuất", "content": "Nội dung", "file": fresh(name)},
    )
    assert_rejected(response)
    assert counts(Proposal, ProposalAttachment) == before


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_report_attachments_are_refused_with_a_message(world, client_for, obligation, name):
    before = counts(Attachment)
    response = client_for(world.cadre).post(
        reverse("reporting:attachment_upload", args=[obligation.pk]),
        {"file": fresh(name)},
    )
    assert response.status_code == 400
    assert response.context["errors"]
    assert_vietnamese(" ".join(str(e) for e in response.context["errors"]))
    assert reverse("reporting:report_edit", args=[obligation.pk]) in response.content.decode()
    assert counts(Attachment) == before


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_portal_pictures_are_refused(world, portal, client_for, name):
    before = counts(Image)
    response = client_for(world.editor).post(
        reverse("portal_staff:album_photo_upload", args=[portal.album.pk]),
        {"file": fresh(name), "alt_text": "Ảnh"},
    )
    assert response.status_code == 400
    assert_vietnamese(" ".join(str(e) for e in response.context["errors"]))
    assert counts(Image) == before


# ---------------------------------------------------------------- CSRF


def csrf_cases(world, obligation, cycle, portal):
    return [
        (world.btc, reverse("tasks:create"), task_form(world, Task()), Task),
        (
            world.btc,
            reverse("tasks:edit", args=[world.clearance.pk]),
            task_form(world, title="Đổi tên"),
            Task,
        ),
        (
            world.btc,
            reverse("tasks:metric_create", args=[world.clearance.pk]),
            {"name": "M", "unit": world.households.unit, "baseline": "0", "target": "1"},
            Metric,
        ),
        (
            world.cadre,
            reverse("tasks:metric_values", args=[world.households.pk]),
            {"measured_on": "14/10/2024", "value": "99"},
            MetricValue,
        ),
        (
            world.btc,
            reverse("tasks:assignment_create", args=[world.obstacles.pk]),
            {"cadre": world.hoa.pk, "role": "lead", "start_date": "14/10/2024"},
            Assignment,
        ),
        (world.btc, reverse("documents:create"), document_form(world), Document),
        (
            world.cadre,
            reverse("reporting:report_edit", args=[obligation.pk]),
            {"results": "Giả mạo", "version": cycle["report"].version},
            Report,
        ),
        (
            world.cadre,
            reverse("direction:proposal_create", args=[world.clearance.pk]),
            {"title": "Giả", "content": "Giả"},
            Proposal,
        ),
        (
            world.office,
            reverse("direction:meeting_list"),
            {"title": "Họp giả", "held_on": "20/10/2024"},
            Meeting,
        ),
        (
            world.cadre,
            reverse("direction:directive_detail", args=[cycle["directive"].pk]),
            {"completed_on": "14/10/2024", "note": "Giả"},
            Directive,
        ),
        (
            world.editor,
            reverse("portal_staff:article_create"),
            {
                "title": "Giả",
                "category": portal.news.pk,
                "lead": "x",
                "body": "x",
                "status": ArticleStatus.PUBLISHED,
            },
            Article,
        ),
        (
            world.editor,
            reverse("portal_staff:album_create"),
            {"title": "Giả", "event_date": "10/10/2024"},
            Album,
        ),
    ]


def test_posts_without_a_csrf_token_are_refused(world, obligation, cycle, portal):
    for user, url, data, model in csrf_cases(world, obligation, cycle, portal):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        before = list(model.objects.values())
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert list(model.objects.values()) == before, url


# ---------------------------------------------------------------- other people's objects


def test_another_cadre_cannot_write_someone_elses_objects(world, client_for, obligation, cycle):
    hoa = client_for(world.other_cadre)
    snapshot = lambda: (  # noqa: E731
        list(Report.objects.values()),
        list(Directive.objects.values()),
        list(Metric.objects.values()),
        list(MetricValue.objects.values()),
        list(Proposal.objects.values()),
        list(Attachment.objects.values()),
        list(ProposalAttachment.objects.values()),
    )
    before = snapshot()
    attempts = [
        (
            reverse("reporting:report_edit", args=[obligation.pk]),
            {"results": "Sửa trộm", "version": cycle["report"].version, "submit": "1"},
        ),
        (
            reverse("reporting:report_autosave", args=[obligation.pk]),
            {"results": "Sửa trộm", "version": cycle["report"].version},
        ),
        (
            reverse("reporting:attachment_upload", args=[obligation.pk]),
            {"file": SimpleUploadedFile("a.pdf", PDF, "application/pdf")},
        ),
        (
            reverse("direction:directive_detail", args=[cycle["directive"].pk]),
            {"completed_on": "14/10/2024", "note": "Sửa trộm"},
        ),
        (
            reverse("direction:directive_detail", args=[cycle["directive"].pk]),
            {"action": "acknowledge"},
        ),
        (
            reverse("tasks:metric_values", args=[world.households.pk]),
            {"measured_on": "14/10/2024", "value": "120"},
        ),
        (
            reverse("tasks:metric_edit", args=[world.households.pk]),
            {"name": "Sửa trộm", "unit": world.households.unit, "baseline": "0", "target": "1"},
        ),
        (
            reverse("direction:proposal_create", args=[world.clearance.pk]),
            {"title": "Giả", "content": "Giả"},
        ),
        (
            reverse("reporting:report_detail", args=[obligation.pk]),
            {"decision": "accept", "comment": ""},
        ),
    ]
    for url, data in attempts:
        response = hoa.post(url, data)
        assert response.status_code in (403, 404), (url, response.status_code)
    assert snapshot() == before


def test_foreign_ids_in_forms_are_refused_not_used(world, client_for):
    """A manager cannot aim a form at a plan they do not see, nor at ids that do not exist."""
    btc = client_for(world.btc)
    before = counts(Task, Assignment)
    response = btc.post(
        reverse("tasks:create"), task_form(world, Task(), plan=world.foreign_plan.pk)
    )
    assert_rejected(response)
    response = btc.post(reverse("tasks:create"), task_form(world, Task(), units=[999999]))
    assert_rejected(response)
    assert counts(Task, Assignment) == before


@pytest.mark.parametrize("value", ["abc", "-1", "1e999", "99999999999999999999", "' OR 1=1"])
def test_non_numeric_ids_in_posts_are_refused(world, client_for, value):
    btc = client_for(world.btc)
    before = counts(Task, Assignment)
    assert_rejected(btc.post(reverse("tasks:create"), task_form(world, Task(), plan=value)))
    assert_rejected(
        btc.post(
            reverse("tasks:assignment_create", args=[world.obstacles.pk]),
            {"cadre": value, "role": "lead", "start_date": "14/10/2024"},
        )
    )
    assert counts(Task, Assignment) == before


# ---------------------------------------------------------------- oversized text


def test_oversized_text_is_refused_not_truncated(world, client_for):
    btc = client_for(world.btc)
    before = counts(Task)
    assert_rejected(btc.post(reverse("tasks:create"), task_form(world, Task(), title="x" * 5000)))
    assert_rejected(btc.post(reverse("tasks:create"), task_form(world, Task(), code="9" * 500)))
    assert counts(Task) == before
