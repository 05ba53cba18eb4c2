"""Documents and plans through the app pages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.helpers import assert_vietnamese
from thaogo.documents import services
from thaogo.documents.models import Document, DocumentType, Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def btc_client(client_for, btc):
    return client_for(btc)


def _plan_form(plan, **overrides) -> dict:
    data = {
        "version": plan.version,
        "title": plan.title,
        "issuing_body": plan.issuing_body_id,
        "start_date": plan.start_date.strftime("%d/%m/%Y"),
        "end_date": plan.end_date.strftime("%d/%m/%Y"),
    }
    data.update(overrides)
    return data


def test_organization_board_records_a_document_with_its_file(btc_client, world):
    response = btc_client.post(
        reverse("documents:create"),
        {
            "doc_type": DocumentType.objects.get(code="KH", system="party").pk,
            "number": "201",
            "issuer": world.district.pk,
            "series": "2020-2025",
            "issued_on": "02/04/2024",
            "abstract": "Kế hoạch kiểm tra tiến độ giải phóng mặt bằng",
            "file": SimpleUploadedFile("ke-hoach-201.pdf", b"%PDF-1.4 201"),
        },
    )
    document = Document.objects.get(number=201)
    assert response.status_code == 302
    assert document.symbol == "201-KH/QU"
    assert document.issued_on == date(2024, 4, 2)
    assert document.created_by == world.btc
    download = btc_client.get(reverse("documents:download", args=[document.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 201"


def test_document_with_a_script_file_is_refused(btc_client, world):
    before = Document.objects.count()
    response = btc_client.post(
        reverse("documents:create"),
        {
            "doc_type": DocumentType.objects.get(code="KH", system="party").pk,
            "number": "202",
            "issuer": world.district.pk,
            "issued_on": "02/04/2024",
            "abstract": "Tệp lạ",
            "file": SimpleUploadedFile("virus.exe", b"MZ"),
        },
    )
    assert response.status_code == 400
    assert Document.objects.count() == before


def test_organization_board_creates_a_plan_from_a_document(btc_client, world, make):
    document = make.document(
        88, issuer=world.district, issued_on=date(2024, 3, 1), abstract="Kế hoạch 88"
    )
    response = btc_client.post(
        reverse("documents:plan_create"),
        {
            "document": document.pk,
            "title": "Kế hoạch chuyển đổi số",
            "issuing_body": world.district.pk,
            "start_date": "01/03/2024",
            "end_date": "31/12/2024",
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(document=document)
    assert (plan.start_date, plan.end_date) == (date(2024, 3, 1), date(2024, 12, 31))


def test_organization_board_edits_a_plan(btc_client, world):
    response = btc_client.post(
        reverse("documents:plan_edit", args=[world.plan.pk]),
        _plan_form(world.plan, end_date="30/06/2026"),
    )
    assert response.status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.end_date == date(2026, 6, 30)
    assert world.plan.version == 2
    assert world.plan.history.latest().history_user == world.btc


def test_plan_ending_before_it_starts_is_refused(btc_client, world):
    response = btc_client.post(
        reverse("documents:plan_edit", args=[world.plan.pk]),
        _plan_form(world.plan, end_date="01/01/2023"),
    )
    assert response.status_code == 400
    world.plan.refresh_from_db()
    assert world.plan.end_date == date(2025, 12, 31)


def test_plan_cannot_start_after_its_tasks(world):
    with pytest.raises(ValidationError) as caught:
        services.plan_update(
            plan=world.plan, by=world.btc, expected_version=1, start_date=date(2024, 1, 15)
        )
    assert "start_date" in caught.value.message_dict
    world.plan.refresh_from_db()
    assert world.plan.start_date == date(2023, 11, 29)


def test_stale_plan_edit_is_refused(btc_client, world):
    stale = _plan_form(world.plan, title="Tiêu đề cũ")
    services.plan_update(plan=world.plan, by=world.office, expected_version=1, title="Mới hơn")
    response = btc_client.post(reverse("documents:plan_edit", args=[world.plan.pk]), stale)
    assert response.status_code == 400
    assert "Người khác đã lưu bản ghi này" in response.content.decode()
    world.plan.refresh_from_db()
    assert world.plan.title == "Mới hơn"


def test_plan_page_shows_the_timing_split_of_its_tasks(btc_client, world):
    html = btc_client.get(reverse("documents:plan_detail", args=[world.plan.pk])).content.decode()
    assert "164-KH/QU" in html
    for title in (world.clearance.title, world.revenue.title, world.obstacles.title):
        assert title in html
    assert world.foreign_task.title not in html


def test_duplicate_number_through_the_page_is_refused_in_vietnamese(btc_client, world):
    before = Document.objects.count()
    response = btc_client.post(
        reverse("documents:create"),
        {
            "doc_type": DocumentType.objects.get(code="KH", system="party").pk,
            "number": "164",
            "issuer": world.district.pk,
            "series": "2020-2025",
            "issued_on": "02/04/2024",
            "abstract": "Trùng số",
        },
    )
    assert response.status_code == 400
    assert Document.objects.count() == before
    html = response.content.decode()
    error = html[html.index('role="alert"') :][:400] if 'role="alert"' in html else html
    assert_vietnamese(error)


def test_a_document_upload_is_checked_by_content_not_by_name(client_for, world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from thaogo.documents.models import Document, DocumentType

    before = Document.objects.count()
    response = client_for(world.btc).post(
        reverse("documents:create"),
        {
            "doc_type": DocumentType.objects.get(code="TB", system="party").pk,
            "number": 77,
            "issuer": world.district.pk,
            "issued_on": "01/10/2024",
            "abstract": "Thông báo kết luận",
            "file": SimpleUploadedFile("ket-luan.pdf", b"<html><script>alert(1)</script>"),
        },
    )
    assert response.status_code == 400
    assert "Chỉ được đính kèm tệp PDF" in response.content.decode()
    assert Document.objects.count() == before


def test_user_account_changes_are_audited_without_password_hashes(world):
    world.cadre.first_name = "Đạt"
    world.cadre.save()
    record = world.cadre.history.first()
    assert record.first_name == "Đạt"
    assert not hasattr(record, "password")
