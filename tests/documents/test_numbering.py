"""Document numbers as officials write them, and the next free number in a series.

Party (Hướng dẫn 36-HD/VPTW): 164-KH/QU, per committee term. State (NĐ 30/2020/NĐ-CP):
05/KH-UBND zero-padded, per calendar year; legal normative documents carry the year,
09/2019/NĐ-CP; letters have no type, 115/UBND-VP.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import REPRODUCIBLE, messages_of
from thaogo.documents import services
from thaogo.documents.models import DocumentType, NumberForm, format_symbol
from thaogo.documents.selectors import documents_with_symbol
from thaogo.units.models import CommitteeTerm, DocumentStyle


def state_type(code: str, form: str = NumberForm.STANDARD) -> DocumentType:
    return DocumentType.objects.get(system="state", code=code, number_form=form)


def party_type(code: str) -> DocumentType:
    return DocumentType.objects.get(system="party", code=code)


@pytest.mark.parametrize(
    "style, form, number, code, issuer, drafter, expected",
    [
        (DocumentStyle.PARTY, NumberForm.STANDARD, 164, "KH", "QU", "", "164-KH/QU"),
        (DocumentStyle.PARTY, NumberForm.STANDARD, 5, "KH", "QU", "", "05-KH/QU"),
        (DocumentStyle.STATE, NumberForm.STANDARD, 5, "KH", "UBND", "", "05/KH-UBND"),
        (DocumentStyle.STATE, NumberForm.STANDARD, 115, "KH", "UBND", "", "115/KH-UBND"),
        (DocumentStyle.STATE, NumberForm.WITH_YEAR, 9, "NĐ", "CP", "", "09/2019/NĐ-CP"),
        (DocumentStyle.STATE, NumberForm.LETTER, 115, "CV", "UBND", "VP", "115/UBND-VP"),
        (DocumentStyle.STATE, NumberForm.LETTER, 3, "CV", "UBND", "", "03/UBND"),
    ],
)
def test_each_style_writes_its_number(style, form, number, code, issuer, drafter, expected):
    symbol = format_symbol(
        style=style,
        number_form=form,
        number=number,
        type_code=code,
        issuer_code=issuer,
        year=2019,
        drafter_code=drafter,
    )
    assert symbol == expected


@given(number=st.integers(min_value=1, max_value=10**6))
@settings(**REPRODUCIBLE)
def test_numbers_below_ten_take_one_leading_zero_and_no_more(number):
    symbol = format_symbol(
        style=DocumentStyle.STATE,
        number_form=NumberForm.STANDARD,
        number=number,
        type_code="KH",
        issuer_code="UBND",
        year=2024,
    )
    written = symbol.split("/")[0]
    assert int(written) == number
    assert len(written) == max(2, len(str(number)))


def test_party_and_state_lists_are_separate(db):
    assert party_type("TT").name == "Thông tri"
    assert state_type("TT", NumberForm.WITH_YEAR).name == "Thông tư"
    assert party_type("QĐi").name == "Quy định"
    assert state_type("QyĐ").name == "Quy định"
    assert not DocumentType.objects.filter(system="state", code="QĐi").exists()


def test_a_unit_cannot_use_a_type_of_the_other_list(world):
    with pytest.raises(ValidationError) as error:
        services.document_create(
            number=None,
            doc_type=party_type("TT"),
            issuer=world.peoples_committee,
            issued_on=date(2024, 6, 1),
            abstract="Thông tri",
            by=world.btc,
        )
    assert "doc_type" in error.value.error_dict


def test_a_legal_normative_document_carries_its_year(world):
    document = services.document_create(
        number=9,
        doc_type=state_type("QĐ", NumberForm.WITH_YEAR),
        issuer=world.peoples_committee,
        issued_on=date(2024, 6, 1),
        abstract="Quy định phân cấp",
        by=world.btc,
    )
    assert document.symbol == "09/2024/QĐ-UBND"
    assert document.series == "2024"
    assert list(documents_with_symbol("09/2024/QĐ-UBND")) == [document]


def test_a_party_committee_numbers_in_its_term_and_restarts_in_the_next(world):
    CommitteeTerm.objects.create(
        unit=world.district,
        label="2020-2025",
        starts_on=date(2020, 8, 20),
        ends_on=date(2025, 6, 30),
    )
    CommitteeTerm.objects.create(
        unit=world.city, label="2025-2030", starts_on=date(2025, 7, 1), ends_on=date(2030, 12, 31)
    )
    plan = party_type("KH")
    assert services.default_series(world.district, date(2024, 10, 1), plan) == "2020-2025"
    # A unit without its own term numbers in the term of the committee above it.
    assert services.default_series(world.district, date(2025, 8, 1), plan) == "2025-2030"
    # The world's plan is 164-KH/QU in 2020-2025: the next plan of the term is 165.
    document = services.document_create(
        number=None,
        doc_type=plan,
        issuer=world.district,
        issued_on=date(2024, 10, 1),
        abstract="Kế hoạch tiếp theo",
        by=world.btc,
    )
    assert (document.series, document.symbol) == ("2020-2025", "165-KH/QU")
    first_of_new_term = services.document_create(
        number=None,
        doc_type=plan,
        issuer=world.district,
        issued_on=date(2025, 8, 1),
        abstract="Kế hoạch đầu nhiệm kỳ",
        by=world.btc,
    )
    assert first_of_new_term.symbol == "01-KH/QU"


def test_a_state_body_numbers_per_calendar_year(world):
    plan = state_type("KH")
    first_2025 = services.document_create(
        number=None,
        doc_type=plan,
        issuer=world.peoples_committee,
        issued_on=date(2025, 1, 3),
        abstract="Kế hoạch đầu năm",
        by=world.btc,
    )
    assert (first_2025.series, first_2025.symbol) == ("2025", "01/KH-UBND")
    assert (
        services.next_free_number(issuer=world.peoples_committee, doc_type=plan, series="2025") == 2
    )


def test_a_taken_number_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.document_create(
            number=164,
            doc_type=party_type("KH"),
            issuer=world.district,
            issued_on=date(2024, 10, 1),
            series="2020-2025",
            abstract="Trùng số",
            by=world.btc,
        )
    assert "đã được" in messages_of(error.value)


def test_the_form_proposes_the_next_free_number(world, client_for):
    answer = client_for(world.btc).get(
        reverse("documents:next_number"),
        {
            "issuer": world.district.pk,
            "doc_type": party_type("KH").pk,
            "issued_on": "01/10/2024",
            "series": "2020-2025",
        },
    )
    assert answer.status_code == 200
    assert "165-KH/QU" in answer.content.decode()


def test_the_form_records_with_the_next_free_number(world, client_for):
    answer = client_for(world.btc).post(
        reverse("documents:create"),
        {
            "doc_type": state_type("CV", NumberForm.LETTER).pk,
            "issuer": world.peoples_committee.pk,
            "issued_on": "01/10/2024",
            "drafter_code": "VP",
            "abstract": "Công văn đôn đốc",
        },
    )
    assert answer.status_code == 302
    assert documents_with_symbol("01/UBND-VP").get().abstract == "Công văn đôn đốc"
