"""Lists read through the pages' selectors, filter, and cost a fixed number of queries."""

import pytest

from thaogo.notifications.models import Notification, NotificationKind
from thaogo.tasks.models import MeasureUnit


def test_unit_staff_read_the_tasks_of_their_unit_and_filters_narrow_them(world, api_for):
    api = api_for(world.unit_staff)
    codes = sorted(task["code"] for task in api.get("/tasks").json()["items"])
    assert codes == ["01", "03"]
    assert [t["code"] for t in api.get("/tasks", {"status": "completed"}).json()["items"]] == ["03"]
    assert [t["code"] for t in api.get("/tasks", {"q": "mặt bằng"}).json()["items"]] == ["01"]


def test_a_task_reads_as_the_task_list_counts_it(world, api_for):
    task = api_for(world.btc).get(f"/tasks/{world.revenue.pk}").json()
    assert task["timing"] == "near_due"
    assert task["lead_cadre_id"] == world.hoa.pk
    assert task["unit_ids"] == [world.an_bien.pk]
    overdue = api_for(world.btc).get("/tasks", {"timing": "overdue"}).json()["items"]
    assert [t["code"] for t in overdue] == ["04"]


def test_each_reader_sees_only_their_own_notifications(world, api_for):
    Notification.objects.create(
        user=world.btv,
        kind=NotificationKind.PROPOSAL_BEYOND_AUTHORITY,
        key="k",
        message="Đề xuất mới",
    )
    own = api_for(world.btv).get("/notifications").json()["items"]
    assert [notice["message"] for notice in own] == ["Đề xuất mới"]
    others = api_for(world.other_cadre).get("/notifications").json()["items"]
    assert "Đề xuất mới" not in [notice["message"] for notice in others]


def _more_tasks(make, world, count: int) -> None:
    for number in range(count):
        task = make.task(
            plan=world.plan,
            code=f"9{number:02d}",
            title=f"Việc thêm {number}",
            category="site-clearance",
            units=[world.vinh_niem],
        )
        make.assign(task, world.dat)
        make.metric(task, name="Số hộ", unit=MeasureUnit.HOUSEHOLDS, target=10)


@pytest.mark.parametrize(
    "path", ["/tasks", "/obligations", "/metrics", "/assignments", "/directives", "/proposals"]
)
def test_a_page_of_a_list_costs_the_same_queries_at_any_size(
    world, make, api_for, django_assert_max_num_queries, path
):
    api = api_for(world.cadre)
    with django_assert_max_num_queries(12) as small:
        assert api.get(path).status_code == 200
    _more_tasks(make, world, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert api.get(path).status_code == 200


def test_a_draft_s_figures_are_read_for_its_author_only(world, api_for):
    from datetime import date
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thaogo.reporting import services as reporting
    from thaogo.reporting.models import ReportObligation

    obligation = ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )
    report = reporting.report_for(obligation)
    reporting.report_save_draft(
        report=report,
        by=world.cadre,
        expected_version=report.version,
        results="Đã bàn giao 95 hộ",
        values={world.households.pk: Decimal("95")},
    )

    def listed(user):
        with CaptureQueriesContext(connection) as queries:
            rows = api_for(user).get("/obligations", {"task": world.clearance.pk}).json()
        row = next(row for row in rows["items"] if row["id"] == obligation.pk)
        read_values = any("reportmetricvalue" in q["sql"] for q in queries.captured_queries)
        return row["report"]["draft"], read_values

    draft, read_values = listed(world.cadre)
    assert draft["values"] == [{"metric_id": world.households.pk, "value": "95.00"}]
    assert read_values
    draft, read_values = listed(world.btc)  # the Organization Board: no cadre record
    assert draft is None
    assert not read_values
