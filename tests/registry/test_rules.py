"""The administrator keeps the rules Thaogo works by in its own pages: deadline rules, units
of measure, make-up working days and committee terms. Each is created and edited with its
history shown; bad input is refused in Vietnamese and changes nothing; a form opened before
someone else saved is refused; nobody but an administrator may write."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.form_posts import form_data
from tests.helpers import rule_records
from thaogo.core.models import DeadlineRule
from thaogo.core.rules import rule_on
from thaogo.documents.services import default_series
from thaogo.reporting.models import SwappedWorkingDay
from thaogo.reporting.services import working_day_after
from thaogo.tasks.models import Metric, UnitOfMeasure
from thaogo.units.models import CommitteeTerm

CONFLICT = "Người khác đã lưu bản ghi này"
MODELS = {
    "deadline_rule": DeadlineRule,
    "unit_of_measure": UnitOfMeasure,
    "swapped_day": SwappedWorkingDay,
    "committee_term": CommitteeTerm,
}


@pytest.fixture
def admin(world, client_for):
    return client_for(world.admin)


@pytest.fixture
def rules(world):
    return rule_records(world)


def edit_form(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.context["form"])


def rows(model) -> list[tuple]:
    return list(model.objects.order_by("pk").values_list())


def test_a_deadline_rule_created_here_is_the_rule_from_its_date(world, admin):
    response = admin.post(
        reverse("registry:deadline_rule_create"),
        {
            "valid_from": "01/01/2025",
            "near_due_days": "5",
            "first_reminder_days": "10",
            "second_reminder_days": "4",
            "last_reminder_days": "1",
            "due_soon_days": "10",
            "first_report_grace_days": "20",
            "legal_basis": "  Quy chế làm việc số 05-QC/QU  ",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:deadline_rule_list")
    rule = DeadlineRule.objects.get()
    assert rule.legal_basis == "Quy chế làm việc số 05-QC/QU"
    assert rule_on(date(2025, 1, 1)).reminder_steps == (10, 4, 1)
    assert rule_on(date(2024, 12, 31)).reminder_steps == (7, 3, 1)  # the defaults before it
    page = admin.get(reverse("registry:deadline_rule_list")).content.decode()
    assert "01/01/2025" in page and "10, 4, 1" in page


def test_reminders_out_of_order_are_refused_and_change_nothing(world, admin, rules):
    url = reverse("registry:deadline_rule_edit", args=[rules["deadline_rule"]])
    before = rows(DeadlineRule)
    data = edit_form(admin, url) | {"first_reminder_days": "2", "last_reminder_days": "5"}

    response = admin.post(url, data)

    assert response.status_code == 400
    assert "Các lần nhắc" in response.content.decode()
    assert rows(DeadlineRule) == before


def test_a_deadline_rule_is_edited_with_its_history(world, admin, rules):
    url = reverse("registry:deadline_rule_edit", args=[rules["deadline_rule"]])
    data = edit_form(admin, url) | {"near_due_days": "7"}
    assert admin.post(url, data).status_code == 302
    rule = DeadlineRule.objects.get(pk=rules["deadline_rule"])
    assert (rule.near_due_days, rule.version) == (7, 2)
    page = admin.get(url).content.decode()
    assert "Lịch sử thay đổi" in page


def test_a_unit_of_measure_is_added_and_offered_for_metrics(world, admin):
    response = admin.post(
        reverse("registry:unit_of_measure_create"),
        {"code": "trees", "name": "cây xanh", "is_whole_number": "on", "is_active": "on"},
    )
    assert response.status_code == 302
    unit = UnitOfMeasure.objects.get(code="trees")
    assert unit.is_whole_number and unit.is_active and unit.order == 0
    page = admin.get(reverse("tasks:metric_create", args=[world.clearance.pk]))
    assert "cây xanh" in page.content.decode()


def test_a_unit_cannot_become_whole_numbers_once_decimals_are_recorded(world, admin):
    unit = UnitOfMeasure.objects.get(code="ha")
    Metric.objects.create(task=world.clearance, name="Diện tích", unit=unit, target="2.5")
    url = reverse("registry:unit_of_measure_edit", args=[unit.pk])
    before = rows(UnitOfMeasure)
    data = edit_form(admin, url) | {"is_whole_number": "on"}

    response = admin.post(url, data)

    assert response.status_code == 400
    assert "phần thập phân" in response.content.decode()
    assert rows(UnitOfMeasure) == before
    # The same with a largest value below a recorded figure.
    response = admin.post(url, edit_form(admin, url) | {"maximum": "2"})
    assert response.status_code == 400 and "lớn hơn giá trị này" in response.content.decode()
    data = edit_form(admin, url) | {"maximum": "1.000,50"}
    assert admin.post(url, data).status_code == 302
    assert UnitOfMeasure.objects.get(pk=unit.pk).maximum == Decimal("1000.50")


def test_a_make_up_saturday_is_a_working_day(world, admin):
    friday, saturday = date(2030, 1, 4), date(2030, 1, 5)
    assert working_day_after(friday, 1) == date(2030, 1, 7)
    response = admin.post(
        reverse("registry:swapped_day_create"),
        {"date": "05/01/2030", "in_place_of": "04/01/2030", "legal_source": "Thông báo 01"},
    )
    assert response.status_code == 302
    assert working_day_after(friday, 1) == saturday


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "07/01/2030", "in_place_of": "04/01/2030"}, "thứ Bảy hoặc Chủ nhật"),
        ({"date": "05/01/2030", "in_place_of": "06/01/2030"}, "từ thứ Hai đến thứ Sáu"),
        ({"date": "5/1", "in_place_of": "04/01/2030"}, "Ngày không hợp lệ"),
    ],
)
def test_a_make_up_day_that_is_not_one_is_refused(world, admin, data, message):
    before = rows(SwappedWorkingDay)
    response = admin.post(reverse("registry:swapped_day_create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert rows(SwappedWorkingDay) == before


def test_a_committee_term_numbers_the_documents_of_its_dates(world, admin):
    response = admin.post(
        reverse("registry:committee_term_create"),
        {
            "unit": world.district.pk,
            "label": "2025-2030",
            "starts_on": "01/10/2025",
            "ends_on": "30/09/2030",
        },
    )
    assert response.status_code == 302
    assert default_series(world.district, date(2026, 3, 2)) == "2025-2030"
    assert default_series(world.vinh_niem, date(2026, 3, 2)) == "2025-2030"  # held below


def test_overlapping_terms_and_a_used_series_label_are_refused(world, admin, rules):
    before = rows(CommitteeTerm)
    overlapping = admin.post(
        reverse("registry:committee_term_create"),
        {
            "unit": world.district.pk,
            "label": "2024-2029",
            "starts_on": "01/01/2024",
            "ends_on": "31/12/2029",
        },
    )
    assert overlapping.status_code == 400
    assert "trùng thời gian với nhiệm kỳ 2020-2025" in overlapping.content.decode()

    # The plan 164-KH/QU is numbered in the district's series 2020-2025.
    url = reverse("registry:committee_term_edit", args=[rules["committee_term"]])
    renamed = admin.post(url, edit_form(admin, url) | {"label": "2020-2026"})
    assert renamed.status_code == 400
    assert "không thể đổi tên nhiệm kỳ" in renamed.content.decode()
    backwards = admin.post(url, edit_form(admin, url) | {"ends_on": "01/01/2019"})
    assert backwards.status_code == 400
    assert "Ngày kết thúc không được trước ngày bắt đầu" in backwards.content.decode()
    assert rows(CommitteeTerm) == before


@pytest.mark.parametrize(
    ("register", "field", "value"),
    [
        ("deadline_rule", "legal_basis", "Quy chế mới"),
        ("unit_of_measure", "name", "hộ dân"),
        ("swapped_day", "legal_source", "Thông báo mới"),
        ("committee_term", "ends_on", "31/10/2025"),
    ],
)
def test_a_form_opened_before_another_save_is_refused(world, admin, rules, register, field, value):
    url = reverse(f"registry:{register}_edit", args=[rules[register]])
    stale = edit_form(admin, url)
    fresh = edit_form(admin, url)
    assert admin.post(url, fresh).status_code == 302
    model = MODELS[register]
    before = rows(model)

    response = admin.post(url, stale | {field: value})

    assert response.status_code == 400
    assert CONFLICT in response.content.decode()
    assert rows(model) == before


@pytest.mark.parametrize("role", ["btv", "btc", "office", "cadre", "unit_staff", "editor"])
@pytest.mark.parametrize("register", sorted(MODELS))
def test_only_an_administrator_writes_the_rules(world, client_for, rules, role, register):
    client = client_for(getattr(world, role))
    edit = reverse(f"registry:{register}_edit", args=[rules[register]])
    model = MODELS[register]
    before = rows(model)
    data = {"version": "1", "name": "x", "label": "x", "legal_basis": "x", "legal_source": "x"}
    assert client.post(edit, data).status_code == 403
    assert client.post(reverse(f"registry:{register}_create"), data).status_code == 403
    assert rows(model) == before
