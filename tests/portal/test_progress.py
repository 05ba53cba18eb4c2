"""Public progress: only tasks marked public, and nothing internal about them."""

from datetime import date
from decimal import Decimal

import pytest

from thaogo.portal import services
from thaogo.portal.selectors import public_milestones
from thaogo.tasks import services as task_services
from thaogo.tasks.models import Task

pytestmark = pytest.mark.django_db

INTERNAL = {
    "description": "Mô tả nội bộ: danh sách hộ cần cưỡng chế",
    "result": "Tóm tắt kết quả nội bộ chưa công bố",
    "note": "Ghi chú phân công nội bộ: chỉ Ban Tổ chức biết",
    "value_note": "Ghi chú số liệu nội bộ",
}


@pytest.fixture
def internal_details(portal, world):
    task = world.clearance
    task_services.task_update(
        task=task, by=world.btc, expected_version=task.version, description=INTERNAL["description"]
    )
    assignment = world.clearance_lead
    assignment.note = INTERNAL["note"]
    assignment.save()
    task_services.metric_value_record(
        metric=world.households,
        measured_on=date(2024, 10, 1),
        value=Decimal(95),
        note=INTERNAL["value_note"],
        by=world.btc,
    )
    return task


def test_progress_page_lists_only_public_tasks(client, portal, world):
    html = client.get("/tien-do/").content.decode()
    assert world.clearance.title in html
    assert world.revenue.title not in html
    assert client.get(f"/tien-do/{world.revenue.pk}/").status_code == 404
    assert client.get(f"/tien-do/{world.foreign_task.pk}/").status_code == 404


def test_public_task_shows_status_metric_progress_and_photos(client, portal, world):
    html = client.get(f"/tien-do/{world.clearance.pk}/").content.decode()
    assert world.clearance.title in html
    assert world.households.name in html
    assert 'value="75"' in html  # 90 of 120 households
    assert "Phường Vĩnh Niệm" in html
    assert portal.photos[0].thumbnail_url in html


def test_nothing_internal_reaches_the_public_pages(client, internal_details, world):
    pages = [
        client.get("/tien-do/").content.decode(),
        client.get(f"/tien-do/{world.clearance.pk}/").content.decode(),
        client.get("/").content.decode(),
    ]
    html = "\n".join(pages)
    for secret in INTERNAL.values():
        assert secret not in html
    # Who is in charge, the deciding document (not public) and the history stay inside.
    assert world.dat.full_name not in html
    assert world.decision.symbol not in html
    assert "/app/" not in html.replace('href="/accounts/login/"', "")


def test_milestones_hook_returns_nothing_until_accepted_reports_exist(world):
    assert public_milestones(world.clearance) == []


def test_task_set_public_is_audited_and_does_not_bump_the_version(world, btc):
    task = world.revenue
    version = task.version
    updated = services.task_set_public(task=task, is_public=True, by=btc)
    assert updated.is_public and updated.version == version
    last = Task.history.filter(id=task.pk).latest("history_date")
    assert last.history_user == btc and last.is_public


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("btc", 200),
        ("office", 200),
        ("admin", 200),
        ("btv", 403),
        ("editor", 404),
        ("cadre", 404),
        ("unit_staff", 404),
        ("outsider", 404),
    ],
)
def test_who_may_publish_tasks(client_for, world, who, status):
    client = client_for(getattr(world, who))
    assert client.get("/app/portal/progress/").status_code == status
    response = client.post("/app/portal/progress/", {"task": world.revenue.pk, "is_public": "1"})
    assert response.status_code == (302 if status == 200 else status)
    world.revenue.refresh_from_db()
    assert world.revenue.is_public is (status == 200)


def test_organization_board_makes_a_task_public_from_its_staff_page(client_for, world):
    client = client_for(world.btc)
    assert (
        client.post(
            "/app/portal/progress/", {"task": world.petitions.pk, "is_public": "1"}
        ).status_code
        == 302
    )
    assert world.petitions.title in client_for(None).get("/tien-do/").content.decode()
    client.post("/app/portal/progress/", {"task": world.petitions.pk, "is_public": "0"})
    assert world.petitions.title not in client_for(None).get("/tien-do/").content.decode()
    assert client.post("/app/portal/progress/", {"task": "x"}).status_code == 404


def test_milestones_come_from_accepted_reports_without_their_internal_text(world, client_for):
    from datetime import date
    from decimal import Decimal

    from thaogo.portal.services import task_set_public
    from thaogo.reporting import services as reporting
    from thaogo.reporting.models import ReportObligation

    task_set_public(task=world.clearance, is_public=True, by=world.btc)
    obligation = ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )
    report = reporting.report_for(obligation)
    report = reporting.report_save_draft(
        report=report,
        by=world.cadre,
        expected_version=report.version,
        results="Nội bộ: hộ ông X còn khiếu nại",
        values={world.households.pk: Decimal(95)},
    )
    report = reporting.report_submit(report=report, by=world.cadre, expected_version=report.version)
    reporting.report_accept(report=report, by=world.btc)

    page = client_for(None).get(f"/tien-do/{world.clearance.pk}/").content.decode()
    assert "Quý III/2024" in page
    assert "95" in page
    assert "Nội bộ" not in page and "khiếu nại" not in page
