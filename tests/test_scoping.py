"""Who sees what: every lookup is scoped; outsiders get 404, viewers who may not change get 403."""

import re

import pytest
from django.urls import reverse

from thaogo.tasks.models import Task

pytestmark = pytest.mark.django_db

PAGES = [
    "task_detail",
    "task_edit",
    "metric_values",
    "document_detail",
    "document_download",
    "plan_detail",
    "cadre_detail",
    "unit_detail",
]

# The pages of the cadre's task in Phường Vĩnh Niệm and what it links to: the task,
# its metric, its deciding document 512-QĐ/QU (with a file), plan 164-KH/QU,
# the cadre Nguyễn Văn Đạt and the unit Phường Vĩnh Niệm.
# fmt: off
POLICY = {
    #                  task  edit  values  doc  download  plan  cadre  unit
    "btv":              (200, 403, 403,    200, 200,      200,  200,   200),
    "btc":              (200, 200, 200,    200, 200,      200,  200,   200),
    "office":           (200, 200, 200,    200, 200,      200,  200,   200),
    "admin":            (200, 200, 200,    200, 200,      200,  200,   200),
    "cadre":            (200, 403, 200,    200, 200,      200,  200,   200),
    # Hoa's own task is in plan 164 too, so she sees the plan (and only her task in it).
    "other_cadre":      (404, 404, 404,    404, 404,      200,  404,   200),
    "unit_staff":       (200, 403, 200,    200, 200,      200,  200,   200),
    # An Biên's tasks are in plan 164 too; Vĩnh Niệm is outside her unit.
    "other_unit_staff": (404, 404, 404,    404, 404,      200,  404,   404),
    # Units are the organisation chart: every user with a role may read it.
    "editor":           (404, 404, 404,    404, 404,      404,  404,   200),
    "outsider":         (404, 404, 404,    404, 404,      404,  404,   404),
}
# fmt: on


def page_url(world, page: str) -> str:
    return {
        "task_detail": reverse("tasks:detail", args=[world.clearance.pk]),
        "task_edit": reverse("tasks:edit", args=[world.clearance.pk]),
        "metric_values": reverse("tasks:metric_values", args=[world.households.pk]),
        "document_detail": reverse("documents:detail", args=[world.decision.pk]),
        "document_download": reverse("documents:download", args=[world.decision.pk]),
        "plan_detail": reverse("documents:plan_detail", args=[world.plan.pk]),
        "cadre_detail": reverse("units:cadre_detail", args=[world.dat.pk]),
        "unit_detail": reverse("units:unit_detail", args=[world.vinh_niem.pk]),
    }[page]


def status_of(client, url: str) -> int:
    response = client.get(url)
    if response.streaming:
        # Reading to the end lets the test client close the file without also closing
        # the database connection (a plain close() would, on PostgreSQL).
        b"".join(response.streaming_content)
    return response.status_code


@pytest.mark.parametrize("who", list(POLICY))
def test_each_role_gets_what_the_policy_allows_on_each_page(client_for, world, who):
    client = client_for(getattr(world, who))
    got = {page: status_of(client, page_url(world, page)) for page in PAGES}
    assert got == dict(zip(PAGES, POLICY[who], strict=True))


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitor_is_sent_to_the_login_page(client_for, world, page):
    url = page_url(world, page)
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert f"next={url}" in response.url.replace("%2F", "/")


def test_root_is_the_public_portal_and_needs_no_login(client_for, world):
    response = client_for(None).get("/")
    assert response.status_code == 200
    assert "/accounts/login/" not in response.get("Location", "")


def test_cadre_cannot_open_another_cadres_task(client_for, world):
    client = client_for(world.other_cadre)
    assert client.get(reverse("tasks:detail", args=[world.clearance.pk])).status_code == 404
    assert client.get(reverse("tasks:detail", args=[world.revenue.pk])).status_code == 200


def test_cadre_cannot_edit_their_own_task(client_for, world):
    client = client_for(world.cadre)
    response = client.post(
        reverse("tasks:edit", args=[world.clearance.pk]),
        {"title": "Sửa trái phép", "version": 1},
    )
    assert response.status_code == 403
    assert Task.objects.get(pk=world.clearance.pk).title != "Sửa trái phép"


def test_cadre_who_only_supports_a_task_cannot_record_its_values(client_for, world, make):
    make.by = world.btc
    make.assign(world.revenue, world.dat, role="support")
    client = client_for(world.cadre)
    revenue_metric = make.metric(world.revenue, name="Số thu", unit="billion_vnd", target=5)
    assert client.get(reverse("tasks:detail", args=[world.revenue.pk])).status_code == 200
    url = reverse("tasks:metric_values", args=[revenue_metric.pk])
    assert client.get(url).status_code == 403


def test_unit_staff_see_tasks_of_sub_units_but_not_of_other_units(client_for, world):
    client = client_for(world.unit_staff)
    assert client.get(reverse("tasks:detail", args=[world.petitions.pk])).status_code == 200
    assert client.get(reverse("tasks:detail", args=[world.revenue.pk])).status_code == 404
    assert client.get(reverse("tasks:detail", args=[world.foreign_task.pk])).status_code == 404


def test_unit_staff_cannot_edit_a_task_of_their_unit(client_for, world):
    client = client_for(world.unit_staff)
    assert client.get(reverse("tasks:edit", args=[world.clearance.pk])).status_code == 403


def test_overseeing_roles_see_tasks_of_the_unrelated_tree_too(client_for, world):
    url = reverse("tasks:detail", args=[world.foreign_task.pk])
    for user in (world.btv, world.btc, world.office, world.admin):
        assert client_for(user).get(url).status_code == 200, user


WRITE_PAGES = {
    "task_create": lambda w: reverse("tasks:create"),
    "assignment_create": lambda w: reverse("tasks:assignment_create", args=[w.clearance.pk]),
    "reassign": lambda w: reverse("tasks:reassign", args=[w.clearance.pk]),
    "assignment_end": lambda w: reverse("tasks:assignment_end", args=[w.clearance_lead.pk]),
    "metric_create": lambda w: reverse("tasks:metric_create", args=[w.clearance.pk]),
    "metric_edit": lambda w: reverse("tasks:metric_edit", args=[w.households.pk]),
    "plan_create": lambda w: reverse("documents:plan_create"),
    "plan_edit": lambda w: reverse("documents:plan_edit", args=[w.plan.pk]),
    "document_create": lambda w: reverse("documents:create"),
    "document_edit": lambda w: reverse("documents:edit", args=[w.decision.pk]),
}
# Pages that name no object cannot leak one: they are 403 for anyone who may not write.
NO_OBJECT = {"task_create", "plan_create", "document_create"}
# Plan 164 holds Hoa's own task, so she may see it (and gets 403 on its edit page).
SEES_PLAN = {"other_cadre"}


@pytest.mark.parametrize("page", list(WRITE_PAGES))
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("btc", 200),
        ("office", 200),
        ("admin", 200),
        ("btv", 403),
        ("cadre", 403),
        ("unit_staff", 403),
        ("other_cadre", 404),
        ("editor", 404),
        ("outsider", 404),
    ],
)
def test_only_managers_open_the_pages_that_change_plans_tasks_and_metrics(
    client_for, world, page, who, expected
):
    if expected == 404 and (page in NO_OBJECT or (page == "plan_edit" and who in SEES_PLAN)):
        expected = 403
    response = client_for(getattr(world, who)).get(WRITE_PAGES[page](world))
    assert response.status_code == expected


def test_refused_write_changes_nothing(client_for, world):
    client = client_for(world.btv)
    response = client.post(
        reverse("tasks:reassign", args=[world.clearance.pk]),
        {"cadre": world.tuan.pk, "start_date": "2024-10-01"},
    )
    assert response.status_code == 403
    assert world.clearance.assignments.count() == 1


# Home and lists show each user their own part


def test_cadre_lands_on_my_tasks_with_their_task(client_for, world):
    response = client_for(world.cadre).get("/app/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Việc của tôi" in html
    assert world.clearance.title in html
    assert world.revenue.title not in html


def test_organization_board_lands_on_its_work_queue_and_the_overview_is_a_click_away(
    client_for, world
):
    response = client_for(world.btc).get("/app/")
    assert response.status_code == 200
    assert "core/home.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Báo cáo chờ duyệt" in html
    assert reverse("core:dashboard") in html
    overview = client_for(world.btc).get(reverse("core:dashboard")).content.decode()
    assert "164-KH/QU" in overview
    assert world.investment.title in overview  # overdue: needs attention


def test_task_list_shows_each_user_only_their_tasks(client_for, world):
    def titles(user):
        html = client_for(user).get(reverse("tasks:list")).content.decode()
        pks = {int(pk) for pk in re.findall(r'<a href="/app/tasks/(\d+)/">', html)}
        return pks

    w = world
    assert titles(w.cadre) == {w.clearance.pk}
    assert titles(w.other_cadre) == {w.revenue.pk}
    assert titles(w.unit_staff) == {w.clearance.pk, w.petitions.pk}
    assert titles(w.other_unit_staff) == {w.revenue.pk, w.investment.pk}
    assert titles(w.editor) == set()
    assert titles(w.outsider) == set()
    assert len(titles(w.btv)) == 6


def test_plan_page_lists_only_the_tasks_the_user_may_see(client_for, world):
    html = (
        client_for(world.other_cadre)
        .get(reverse("documents:plan_detail", args=[world.plan.pk]))
        .content.decode()
    )
    assert world.revenue.title in html
    assert world.clearance.title not in html


def test_other_cadre_cannot_open_the_unrelated_plan(client_for, world):
    url = reverse("documents:plan_detail", args=[world.foreign_plan.pk])
    assert client_for(world.other_cadre).get(url).status_code == 404


def test_cadre_list_shows_a_cadre_only_themselves_and_cadres_of_their_tasks(client_for, world):
    html = client_for(world.other_cadre).get(reverse("units:cadre_list")).content.decode()
    assert "Trần Thị Hoa" in html
    assert "Nguyễn Văn Đạt" not in html
    assert "Phạm Văn Nam" not in html


def test_portal_editor_sees_only_public_documents(client_for, world):
    html = client_for(world.editor).get(reverse("documents:list")).content.decode()
    assert "115/KH-UBND" in html
    assert "164-KH/QU" not in html
    assert "512-QĐ/QU" not in html


def test_download_serves_the_attached_file(client_for, world):
    response = client_for(world.cadre).get(reverse("documents:download", args=[world.decision.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 quyet dinh"
    assert "attachment" in response["Content-Disposition"]


def test_admin_site_is_available_to_the_administrator(client_for, world):
    client = client_for(world.admin)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/tasks/task/{world.clearance.pk}/change/").status_code == 200
    assert client_for(world.btc).get("/admin/").status_code == 302


def test_assignments_cannot_be_deleted_even_in_the_admin(client_for, world):
    client = client_for(world.admin)
    url = f"/admin/tasks/assignment/{world.clearance_lead.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert world.clearance.assignments.count() == 1
