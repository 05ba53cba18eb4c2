"""{{ value|number }}: every number people read is written the Vietnamese way, in either
language ("30.907,38", "5,20", a count of 1234 as "1.234", "45,5%")."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


def shown(value, places: str = "") -> str:
    argument = f':"{places}"' if places else ""
    template = Template("{% load thaogo %}{{ value|number" + argument + " }}")
    return template.render(Context({"value": value}))


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("30907.38"), "", "30.907,38"),
        (Decimal("5.20"), "", "5,20"),
        (Decimal("5.20000000000000"), "2", "5,20"),
        (Decimal("2668.94"), "-2", "2.668,94"),
        (Decimal("5.00"), "-2", "5"),
        (Decimal("13.72"), "-2", "13,72"),
        (Decimal("48650.00"), "-2", "48.650"),
        ("2668.94", "-2", "2.668,94"),  # a report's content keeps str(Decimal)
        (1234, "", "1.234"),
        (45.5, "", "45,5"),
        (40.0, "1", "40,0"),
        (53, "", "53"),
        (None, "", ""),
        ("không phải số", "", "không phải số"),
    ],
)
def test_the_number_filter_writes_numbers_the_vietnamese_way(language, value, places, expected):
    with translation.override(language):
        assert shown(value, places) == expected


def test_page_counts_are_grouped_and_page_links_are_left_alone():
    page = Paginator(range(1234), 1).page(1)
    request = RequestFactory().get("/app/tasks/")
    with translation.override("vi"):
        html = render_to_string("includes/pagination.html", {"page": page, "request": request})
    assert "Trang 1/1.234" in html
    assert 'href="?page=2"' in html


def test_counts_in_sentences_are_grouped():
    album = SimpleNamespace(
        title="Kiểm tra tiến độ",
        event_date=date(2024, 10, 1),
        photo_count=1234,
        cover_photos=[],
        get_absolute_url="/thu-vien-anh/kiem-tra/",
    )
    with translation.override("vi"):
        html = render_to_string("portal/includes/album_card.html", {"album": album})
    assert "1.234 ảnh" in html


def test_visitor_statistics_are_grouped():
    stats = SimpleNamespace(online=3, today=1234, this_week=12345, all_time=1234567)
    html = render_to_string("portal/includes/visitor_stats.html", {"stats": stats})
    for figure in ("3", "1.234", "12.345", "1.234.567"):
        assert f">{figure}</strong>" in html
