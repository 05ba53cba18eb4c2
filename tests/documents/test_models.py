"""Document numbers are written the way officials write them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.helpers import assert_vietnamese, messages_of
from thaogo.documents import services
from thaogo.documents.models import Document, DocumentType

pytestmark = pytest.mark.django_db


def test_party_document_symbol_is_number_type_slash_issuer(world):
    assert world.plan_doc.symbol == "164-KH/QU"
    assert world.decision.symbol == "512-QĐ/QU"


def test_state_document_symbol_is_number_slash_type_dash_issuer(world):
    assert world.state_doc.symbol == "115/KH-UBND"


def test_party_numbers_below_ten_are_written_with_two_digits(world, make):
    notice = make.document(
        5, doc_type="TB", issuer=world.district, issued_on=date(2024, 1, 2), abstract="Thông báo"
    )
    assert notice.symbol == "05-TB/QU"


def test_the_same_number_twice_in_a_series_is_refused(world, make):
    before = Document.objects.count()
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        make.document(164, issuer=world.district, issued_on=date(2024, 5, 1), abstract="Trùng số")
    assert_vietnamese(messages_of(caught.value))
    assert Document.objects.count() == before


def test_the_same_number_in_a_new_series_is_accepted(world, make):
    again = make.document(
        164,
        issuer=world.district,
        issued_on=date(2026, 1, 5),
        abstract="Nhiệm kỳ mới",
        series="2025-2030",
    )
    assert again.symbol == "164-KH/QU"


def test_a_unit_without_an_issuer_code_cannot_issue_documents(world):
    with pytest.raises(ValidationError) as caught:
        services.document_create(
            number=1,
            doc_type=DocumentType.objects.get(code="BC", system="party"),
            issuer=world.vinh_niem,
            issued_on=date(2024, 1, 1),
            abstract="Báo cáo",
            by=world.btc,
        )
    assert "issuer" in caught.value.message_dict


def test_state_documents_are_numbered_per_calendar_year_by_default(world):
    document = services.document_create(
        number=7,
        doc_type=DocumentType.objects.get(code="CV", system="state"),
        issuer=world.peoples_committee,
        issued_on=date(2024, 6, 1),
        abstract="Công văn",
        drafter_code="VP",
        by=world.btc,
    )
    assert document.series == "2024"
    # A State letter has no type in its number, and numbers below 10 take a leading zero.
    assert document.symbol == "07/UBND-VP"


def test_plan_has_its_issuing_document_and_period(world):
    plan = world.plan
    assert plan.document.symbol == "164-KH/QU"
    assert (plan.start_date, plan.end_date) == (date(2023, 11, 29), date(2025, 12, 31))
    assert str(plan).startswith("164-KH/QU")
