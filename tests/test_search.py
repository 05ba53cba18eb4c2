"""Diacritics-insensitive search across tasks, cadres, units and documents."""

import re
import unicodedata

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import REPRODUCIBLE
from thaogo.lib.text import fold, search_terms, slugify_vi

SEARCH = reverse("core:search")

# fold()


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("giải phóng mặt bằng", "giai phong mat bang"),
        ("Phường Vĩnh Niệm", "phuong vinh niem"),
        ("Nguyễn Văn Đạt", "nguyen van dat"),
        ("ĐẤT ĐAI", "dat dai"),
        ("đường", "duong"),
        ("Thủy Nguyên", "thuy nguyen"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("164-KH/QU", "164-kh/qu"),
        ("  nhiều   khoảng\ttrắng\n ", "nhieu khoang trang"),
        ("", ""),
    ],
)
def test_fold_strips_tones_and_case(text, folded):
    assert fold(text) == folded


def test_fold_treats_decomposed_and_composed_text_alike():
    composed = "Vĩnh Niệm"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert fold(decomposed) == fold(composed) == "vinh niem"


def test_search_terms_are_folded_words_with_a_limit():
    assert search_terms("  Giải   PHÓNG mặt ") == ["giai", "phong", "mat"]
    assert len(search_terms("a b c d e f g h i j k")) == 8


def test_slugify_vi_gives_ascii_slugs():
    assert slugify_vi("Quận ủy Lê Chân: Kế hoạch 164") == "quan-uy-le-chan-ke-hoach-164"


VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
vietnamese_text = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " 0123456789-/", max_size=60)


@settings(**REPRODUCIBLE)
@given(vietnamese_text)
def test_fold_of_vietnamese_text_is_lowercase_ascii(text):
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()
    assert len(folded.replace(" ", "")) == len(text.replace(" ", ""))


@settings(max_examples=500, **REPRODUCIBLE)
@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@settings(**REPRODUCIBLE)
@given(vietnamese_text)
def test_fold_does_not_care_about_unicode_normalisation(text):
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


# The search page


def groups(response) -> dict[str, str]:
    assert response.status_code == 200
    html = response.content.decode()
    found = re.findall(
        r'<section class="search-group" data-group="(\w+)">(.*?)</section>', html, re.S
    )
    return dict(found)


@pytest.mark.django_db
def test_search_without_accents_finds_a_task_with_accents(client_for, world):
    found = groups(client_for(world.btc).get(SEARCH, {"q": "giai phong mat bang"}))
    assert world.clearance.title in found["tasks"]
    assert world.foreign_task.title in found["tasks"]
    assert world.revenue.title not in found["tasks"]


@pytest.mark.django_db
def test_search_finds_a_unit_without_accents(client_for, world):
    found = groups(client_for(world.btc).get(SEARCH, {"q": "vinh niem"}))
    assert "Phường Vĩnh Niệm" in found["units"]
    assert "Phường An Biên" not in found["units"]


@pytest.mark.django_db
def test_search_finds_a_cadre_whose_name_has_d_with_stroke(client_for, world):
    found = groups(client_for(world.btc).get(SEARCH, {"q": "dat"}))
    assert "Nguyễn Văn Đạt" in found["cadres"]
    assert "Trần Thị Hoa" not in found["cadres"]


@pytest.mark.django_db
def test_search_finds_a_cadre_by_position(client_for, world):
    found = groups(client_for(world.btc).get(SEARCH, {"q": "bi thu dang uy"}))
    assert "Nguyễn Văn Đạt" in found["cadres"]


@pytest.mark.django_db
def test_search_by_number_finds_the_document(client_for, world):
    found = groups(client_for(world.btc).get(SEARCH, {"q": "164"}))
    assert "164-KH/QU" in found["documents"]
    assert "512-QĐ/QU" not in found["documents"]


@pytest.mark.django_db
def test_search_by_full_symbol_finds_the_state_document(client_for, world):
    found = groups(client_for(world.btc).get(SEARCH, {"q": "115/KH-UBND"}))
    assert "115/KH-UBND" in found["documents"]


@pytest.mark.django_db
def test_search_with_accents_finds_the_same_as_without(client_for, world):
    client = client_for(world.btc)
    assert groups(client.get(SEARCH, {"q": "Giải Phóng"})) == groups(
        client.get(SEARCH, {"q": "giai phong"})
    )


@pytest.mark.django_db
def test_search_needs_every_word(client_for, world):
    found = groups(client_for(world.btc).get(SEARCH, {"q": "giai phong cong nghiep"}))
    assert world.foreign_task.title in found["tasks"]
    assert world.clearance.title not in found["tasks"]


@pytest.mark.django_db
def test_search_results_are_scoped_to_what_the_user_may_see(client_for, world):
    response = client_for(world.other_cadre).get(SEARCH, {"q": "giai phong mat bang"})
    found = groups(response)
    assert "tasks" not in found
    assert world.clearance.title not in response.content.decode()


@pytest.mark.django_db
def test_search_by_unit_staff_leaves_out_other_units_tasks(client_for, world):
    found = groups(client_for(world.unit_staff).get(SEARCH, {"q": "giai phong mat bang"}))
    assert world.clearance.title in found["tasks"]
    assert world.foreign_task.title not in found["tasks"]


@pytest.mark.django_db
def test_search_by_an_outsider_finds_nothing(client_for, world):
    for query in ("giai phong", "vinh niem", "dat", "164"):
        assert groups(client_for(world.outsider).get(SEARCH, {"q": query})) == {}


@pytest.mark.django_db
def test_search_sees_a_renamed_task_under_its_new_name(client_for, world):
    from thaogo.tasks import services

    services.task_update(
        task=world.obstacles, by=world.btc, expected_version=1, title="Di dời chợ Đổ"
    )
    found = groups(client_for(world.btc).get(SEARCH, {"q": "cho do"}))
    assert "Di dời chợ Đổ" in found["tasks"]


@pytest.mark.django_db
def test_task_list_search_box_is_diacritics_insensitive_too(client_for, world):
    html = (
        client_for(world.btc)
        .get(reverse("tasks:list"), {"q": "thao go vuong mac"})
        .content.decode()
    )
    assert 'data-count="1"' in html
    assert world.obstacles.title in html
