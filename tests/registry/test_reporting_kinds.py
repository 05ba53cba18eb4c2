"""An administrator keeps the reporting kinds in Thaogo's own pages: a new kind with its
dates, an edit that keeps the code, and input that cannot work refused in Vietnamese."""

from django.urls import reverse

from tests.form_posts import form_data
from thaogo.reporting.models import ReportingKind

NEW_KIND = {
    "code": "month25",
    "name": "Hằng tháng (từ 2025)",
    "span_months": "1",
    "last_months": "1,2,3,4,5,6,7,8,9,10,11,12",
    "label_pattern": "Tháng {number}/{year}",
    "precedence": "1",
    "valid_from": "01/01/2025",
    "legal_basis": "Kế hoạch 05/KH-UBND",
}


def test_an_administrator_adds_a_kind_and_sees_it_listed(world, client_for):
    admin = client_for(world.admin)
    response = admin.post(reverse("registry:reporting_kind_create"), NEW_KIND)
    assert response.status_code == 302
    kind = ReportingKind.objects.get(code="month25")
    assert (kind.span_months, kind.valid_from.year, kind.valid_until) == (1, 2025, None)
    listing = admin.get(reverse("registry:reporting_kind_list")).content.decode()
    assert "Hằng tháng (từ 2025)" in listing and "Tháng 1/2025" in listing
    assert "Quý I/2019" in listing  # the seeded quarters, as they are written


def test_an_edit_keeps_the_code_and_shows_in_the_history(world, client_for):
    admin = client_for(world.admin)
    quarter = ReportingKind.objects.get(code="quarter")
    url = reverse("registry:reporting_kind_edit", args=[quarter.pk])
    page = admin.get(url)
    assert "code" not in page.context["form"].fields
    data = {**form_data(page.context["form"]), "valid_until": "31/12/2030", "code": "q2"}
    assert admin.post(url, data).status_code == 302
    quarter.refresh_from_db()
    assert (quarter.code, quarter.valid_until.year, quarter.version) == ("quarter", 2030, 2)
    assert "31/12/2030" in admin.get(url).content.decode()  # in the history of changes


def test_a_label_without_the_year_is_refused_in_vietnamese_and_nothing_is_saved(world, client_for):
    admin = client_for(world.admin)
    count = ReportingKind.objects.count()
    response = admin.post(
        reverse("registry:reporting_kind_create"),
        {**NEW_KIND, "label_pattern": "Tháng {number}", "last_months": "1,2,13"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "{year}" in errors["label_pattern"][0] and "năm" in errors["label_pattern"][0]
    assert "1 đến 12" in errors["last_months"][0]
    assert ReportingKind.objects.count() == count


def test_only_an_administrator_keeps_the_kinds(world, client_for):
    board = client_for(world.btc)
    assert board.get(reverse("registry:reporting_kind_list")).status_code == 403
    assert board.post(reverse("registry:reporting_kind_create"), NEW_KIND).status_code == 403
    assert not ReportingKind.objects.filter(code="month25").exists()
