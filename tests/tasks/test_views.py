"""The task pages: list with filters, detail, and the forms that change tasks."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers import form_as_served
from thaogo.documents.models import Plan
from thaogo.reporting.models import ReportObligation
from thaogo.tasks import services
from thaogo.tasks.forms import TaskForm
from thaogo.tasks.models import (
    Assignment,
    AssignmentRole,
    Category,
    MeasureUnit,
    Metric,
    MetricValue,
    Priority,
    Status,
    Task,
)
from thaogo.tasks.selectors import next_task_code

pytestmark = pytest.mark.django_db

LIST = reverse("tasks:list")


def listed(response) -> list[int]:
    """The pks of the tasks listed in a task list page or fragment, in order."""
    assert response.status_code == 200
    html = response.content.decode()
    results = html[html.index('class="result-count"') :]
    return [int(pk) for pk in re.findall(r'<a href="/app/tasks/(\d+)/">', results)]


def count_shown(response) -> int:
    html = response.content.decode()
    match = re.search(r'<p class="result-count" data-count="(\d+)">\s*(\d+)\b', html)
    assert match, "no result count on the page"
    assert match.group(1) == match.group(2)
    return int(match.group(1))


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def btc_client(client_for, btc):
    return client_for(btc)


# The list


def test_list_shows_the_number_of_tasks_found(btc_client, world):
    assert count_shown(btc_client.get(LIST)) == 6
    assert count_shown(btc_client.get(LIST, {"plan": world.plan.pk})) == 5


def test_list_shows_each_task_with_its_lead(btc_client, world):
    html = text(btc_client.get(LIST))
    assert world.clearance.title in html
    assert "Nguyễn Văn Đạt" in html
    assert "31/12/2024" in html


def test_each_row_shows_every_cell_escaped_and_named_for_narrow_screens(btc_client, world, make):
    task = make.task(
        plan=world.plan,
        code="99",
        title='Đường <script>alert("x")</script> & vỉa hè',
        is_hard=True,
        is_complex=True,
        priority=Priority.HIGH,
    )
    html = text(btc_client.get(LIST, {"q": "vỉa hè"}))
    row = re.search(r"<tr>\s*<td[^>]*>99</td>.*?</tr>", html, re.S).group(0)
    assert "<script>" not in row
    assert "Đường &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; vỉa hè" in row
    assert f'href="{reverse("tasks:detail", args=[task.pk])}"' in row
    badges = re.findall(r'<span class="badge badge-nature">([^<]+)</span>', row)
    assert badges == ["khó", "phức tạp"]
    cells = dict(re.findall(r'<td data-label="([^"]+)">(.*?)</td>', row, re.S))
    assert cells["Mã"] == "99"
    assert cells["Chủ trì"] == "—"  # nobody assigned yet
    assert cells["Hạn hoàn thành"] == "—"  # no deadline
    assert cells["Mức độ ưu tiên"] == "Cao"
    assert 'data-timing="no_deadline"' in cells["Thời hạn"]


def test_filter_by_plan(btc_client, world):
    response = btc_client.get(LIST, {"plan": world.foreign_plan.pk})
    assert listed(response) == [world.foreign_task.pk]


def test_filter_by_category(btc_client, world):
    category = Category.objects.get(code="site-clearance")
    response = btc_client.get(LIST, {"category": category.pk})
    assert set(listed(response)) == {world.clearance.pk, world.foreign_task.pk}


def test_filter_by_unit_includes_its_sub_units(btc_client, world):
    response = btc_client.get(LIST, {"unit": world.vinh_niem.pk})
    assert set(listed(response)) == {world.clearance.pk, world.petitions.pk}


def test_filter_by_a_parent_unit_includes_the_whole_subtree(btc_client, world):
    response = btc_client.get(LIST, {"unit": world.district.pk})
    assert set(listed(response)) == {
        world.clearance.pk,
        world.revenue.pk,
        world.petitions.pk,
        world.investment.pk,
    }


def test_filter_by_cadre_lists_their_current_tasks(btc_client, world):
    response = btc_client.get(LIST, {"cadre": world.dat.pk})
    assert listed(response) == [world.clearance.pk]


def test_filter_by_cadre_leaves_out_tasks_they_were_taken_off(btc_client, world):
    services.lead_reassign(
        task=world.clearance, cadre=world.tuan, on=date(2024, 8, 1), by=world.btc
    )
    assert listed(btc_client.get(LIST, {"cadre": world.dat.pk})) == []
    assert set(listed(btc_client.get(LIST, {"cadre": world.tuan.pk}))) == {
        world.clearance.pk,
        world.petitions.pk,
    }


def test_filter_by_status(btc_client, world):
    response = btc_client.get(LIST, {"status": Status.COMPLETED})
    assert set(listed(response)) == {world.petitions.pk, world.foreign_task.pk}


@pytest.mark.parametrize(
    ("timing", "tasks"),
    [
        ("completed_on_time", ["foreign_task"]),
        ("completed_late", ["petitions"]),
        # Within deadline takes in the near-due task: near due is a part of it.
        ("on_track", ["clearance", "revenue"]),
        ("near_due", ["revenue"]),
        ("overdue", ["investment"]),
        ("no_deadline", ["obstacles"]),
    ],
)
def test_filter_by_timing(btc_client, world, timing, tasks):
    response = btc_client.get(LIST, {"timing": timing})
    assert listed(response) == [getattr(world, task).pk for task in tasks]


@pytest.mark.parametrize(
    ("nature", "task"),
    [
        ("hard", "clearance"),
        ("new", "petitions"),
        ("backlogged", "clearance"),
        ("complex", "revenue"),
    ],
)
def test_filter_by_nature(btc_client, world, nature, task):
    response = btc_client.get(LIST, {"nature": nature})
    assert listed(response) == [getattr(world, task).pk]


def test_filters_combine(btc_client, world):
    response = btc_client.get(LIST, {"unit": world.an_bien.pk, "timing": "overdue"})
    assert listed(response) == [world.investment.pk]


def test_unknown_filter_values_are_ignored(btc_client):
    response = btc_client.get(LIST, {"status": "nonsense", "timing": "x", "plan": "abc"})
    assert count_shown(response) == 6


def test_sorting_by_deadline_puts_the_earliest_first_and_no_deadline_last(btc_client, world):
    response = btc_client.get(LIST, {"sort": "deadline"})
    assert listed(response) == [
        world.petitions.pk,  # 30/06/2024
        world.foreign_task.pk,  # 31/07/2024
        world.investment.pk,  # 30/09/2024
        world.revenue.pk,  # 17/10/2024
        world.clearance.pk,  # 31/12/2024
        world.obstacles.pk,  # none
    ]


def test_sorting_by_title_changes_the_order_and_reverses(btc_client, world):
    by_code = listed(btc_client.get(LIST))
    by_title = listed(btc_client.get(LIST, {"sort": "title"}))
    by_title_desc = listed(btc_client.get(LIST, {"sort": "-title"}))
    assert by_title != by_code
    assert by_title_desc == list(reversed(by_title))
    titles = dict(Task.objects.values_list("pk", "title"))
    ordered = [titles[pk] for pk in by_title]
    # "Giải ..." before "Thu ..." in any collation.
    assert ordered.index(world.clearance.title) < ordered.index(world.revenue.title)


def test_list_is_split_into_pages(btc_client, world, settings):
    settings.THAOGO_PAGE_SIZE = 5
    first = btc_client.get(LIST)
    assert count_shown(first) == 6
    assert len(listed(first)) == 5
    assert 'rel="next"' in text(first)
    second = btc_client.get(LIST, {"page": 2})
    assert len(listed(second)) == 1
    assert 'rel="prev"' in text(second)
    assert set(listed(first)) | set(listed(second)) == set(
        Task.objects.values_list("pk", flat=True)
    )


def test_page_links_keep_the_filters(btc_client, world, settings):
    settings.THAOGO_PAGE_SIZE = 5
    for index in range(5):
        services.task_create(
            plan=world.plan,
            code=f"2{index}",
            title=f"Nhiệm vụ giải ngân bổ sung {index}",
            category=Category.objects.get(code="public-investment"),
            start_date=date(2024, 1, 1),
            by=world.btc,
        )
    html = text(
        btc_client.get(LIST, {"category": Category.objects.get(code="public-investment").pk})
    )
    # The next page is read past the last row shown (`after`), with the same filter.
    next_link = r'href="\?category=\d+&amp;page=2&amp;after=\d+"'
    assert re.search(next_link, html), "the next link dropped the filter"


def test_htmx_request_for_results_gets_only_the_results_fragment(btc_client, world):
    response = btc_client.get(
        LIST, {"timing": "overdue"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    html = text(response)
    assert "<html" not in html
    assert '<form method="get"' not in html
    assert listed(response) == [world.investment.pk]
    assert count_shown(response) == 1


def test_plain_request_gets_the_whole_page(btc_client, world):
    html = text(btc_client.get(LIST))
    assert "<html" in html
    assert 'id="results"' in html


def _add_tasks_with_leads(make, world, codes: range) -> None:
    category = Category.objects.get(code="petitions")
    make.by = world.btc
    for index in codes:
        task = make.task(
            plan=world.foreign_plan,
            code=f"q{index}",
            title=f"Đơn kiến nghị số {index}",
            category=category.code,
            start_date=date(2024, 2, 1),
            deadline=date(2024, 12, 1),
            is_hard=True,
            units=[world.foreign_commune],
        )
        make.assign(task, world.nam if index % 2 else world.tuan)


def _queries_for_list(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_the_number_of_tasks(btc_client, world, make):
    _add_tasks_with_leads(make, world, range(5))
    few = _queries_for_list(btc_client)
    _add_tasks_with_leads(make, world, range(5, 30))  # 36 tasks: a full page of 20
    many = _queries_for_list(btc_client)
    assert many == few


# The detail page


def detail(client, task):
    response = client.get(reverse("tasks:detail", args=[task.pk]))
    assert response.status_code == 200
    return text(response)


def test_detail_shows_current_and_past_assignments(btc_client, world):
    services.lead_reassign(
        task=world.clearance, cadre=world.tuan, on=date(2024, 8, 1), by=world.btc
    )
    html = detail(btc_client, world.clearance)
    current, _, past = html.partition("<h3>")
    current = current[current.index('id="assignments"') :]
    assert "Lê Minh Tuấn" in current
    assert "Nguyễn Văn Đạt" not in current
    assert "Nguyễn Văn Đạt" in past
    assert "31/07/2024" in past  # the day the previous lead ended


def test_detail_shows_a_progress_bar_for_each_metric(btc_client, world):
    html = detail(btc_client, world.clearance)
    assert world.households.name in html
    assert re.search(r'<progress value="75" max="100"', html)
    assert 'data-progress="75"' in html
    assert "75%" in html


def test_detail_progress_follows_the_latest_value(btc_client, world):
    services.metric_value_record(
        metric=world.households, measured_on=date(2024, 10, 10), value=Decimal(108), by=world.btc
    )
    assert re.search(r'<progress value="90" max="100"', detail(btc_client, world.clearance))


def test_detail_shows_the_plan_and_deciding_documents(btc_client, world):
    html = detail(btc_client, world.clearance)
    aside = html[html.index("<aside>") :]
    assert "164-KH/QU" in aside
    assert "512-QĐ/QU" in aside


def task_history_entries(world) -> list:
    """The task's history as the page builds it, to compare the pages with."""
    from thaogo.tasks.views import _task_history

    metrics = list(world.clearance.metrics.values_list("pk", flat=True))
    return _task_history(world.clearance, world.btc, metrics)


def history_page(client, task, **params):
    response = client.get(reverse("tasks:history", args=[task.pk]), params)
    assert response.status_code == 200
    return text(response)


def test_the_task_page_opens_its_history_when_unfolded_without_building_it(btc_client, world):
    services.task_update(
        task=world.clearance, by=world.office, expected_version=1, result_summary="Đã bàn giao"
    )
    html = detail(btc_client, world.clearance)
    history = html[html.index('id="history"') :]
    assert "Lịch sử thay đổi" in history
    assert 'class="history-entry"' not in history
    url = reverse("tasks:history", args=[world.clearance.pk])
    assert f'hx-get="{url}"' in history  # htmx fetches it when the section is unfolded
    assert f'href="{url}"' in history  # and without script, the link opens the page


def test_the_history_shows_the_changes_with_who_made_them(btc_client, world):
    services.task_update(
        task=world.clearance,
        by=world.office,
        expected_version=1,
        result_summary="Đã bàn giao 90 hộ",
    )
    html = history_page(btc_client, world.clearance)
    assert "<html" in html and world.clearance.title in html
    history = html[html.index('id="history"') :]
    assert history.count('class="history-entry"') >= 4  # task x2, assignment, metric, values
    assert "office" in history
    assert "btc" in history
    assert "Đã bàn giao 90 hộ" in history
    # Asked by htmx, the same entries come without the page around them.
    fragment = text(
        btc_client.get(
            reverse("tasks:history", args=[world.clearance.pk]), headers={"HX-Request": "true"}
        )
    )
    assert "<html" not in fragment
    assert fragment.count('class="history-entry"') == history.count('class="history-entry"')


def _record_values(world, days: int) -> None:
    """A value of the households metric on each of the first `days` days of October."""
    for day in range(1, days + 1):
        services.metric_value_record(
            metric=world.households,
            measured_on=date(2024, 10, day),
            value=Decimal(80 + day),
            by=world.btc,
        )


def _entries(html: str) -> list[str]:
    return re.findall(r'<div class="history-entry">(.*?)</div>', html, re.S)


def test_the_history_keeps_every_change_a_page_at_a_time(btc_client, world, settings):
    settings.THAOGO_PAGE_SIZE = 5
    _record_values(world, 12)
    first = history_page(btc_client, world.clearance)
    pages = int(re.search(r"Trang 1/(\d+)", first).group(1))
    entries = [
        entry
        for n in range(1, pages + 1)
        for entry in _entries(history_page(btc_client, world.clearance, page=n))
    ]
    # Every change once, newest first: the twelve values and the task's creation among them.
    whole = task_history_entries(world)
    assert len(entries) == len(whole) > 12
    assert len(set(entries)) == len(entries)
    assert "92" in _entries(first)[0]  # the newest value
    created = "Tạo mới · Nhiệm vụ"
    assert created not in first and created in entries[-1]


def test_the_history_opened_in_place_leads_to_its_earlier_changes_on_its_own_page(
    btc_client, world, settings
):
    settings.THAOGO_PAGE_SIZE = 5
    _record_values(world, 7)
    url = reverse("tasks:history", args=[world.clearance.pk])
    fragment = text(btc_client.get(url, headers={"HX-Request": "true"}))
    assert len(_entries(fragment)) == 5
    # Set inside the task page, a bare "?page=2" would reopen the task page: the link names
    # the history's own address.
    links = re.findall(r'href="([^"]*page=[^"]*)"', fragment)
    assert links == [f"{url}?page=2"]
    assert _entries(history_page(btc_client, world.clearance, page=2))[0] not in _entries(fragment)


def test_the_history_shows_changes_made_without_a_user_as_made_by_the_system(btc_client, world):
    # Management commands and imports call the services with by=None.
    services.metric_value_record(
        metric=world.households, measured_on=date(2024, 10, 1), value=Decimal(95), by=None
    )
    history = history_page(btc_client, world.clearance)
    assert "hệ thống" in history[history.index('id="history"') :]


def test_the_history_of_a_task_one_may_not_see_is_not_found(client_for, world):
    client = client_for(world.other_cadre)
    assert client.get(reverse("tasks:history", args=[world.clearance.pk])).status_code == 404
    assert client.get(reverse("tasks:history", args=[world.revenue.pk])).status_code == 200


def test_the_task_page_opens_its_reporting_periods_when_unfolded_without_building_them(
    btc_client, world
):
    html = detail(btc_client, world.clearance)
    periods = html[html.index('id="periods"') : html.index('class="thread"')]
    assert "Các kỳ báo cáo" in periods
    assert "/app/reports/" not in periods  # no period's row is built with the page
    url = reverse("tasks:periods", args=[world.clearance.pk])
    assert f'hx-get="{url}"' in periods  # htmx fetches them when the section is unfolded
    assert f'href="{url}"' in periods  # and without script, the link opens their page


def test_the_reporting_periods_show_each_period_with_its_lead_and_state(btc_client, world):
    obligations = ReportObligation.objects.filter(assignment__task=world.clearance)
    assert obligations.count() > 1
    url = reverse("tasks:periods", args=[world.clearance.pk])
    page = text(btc_client.get(url))
    assert "<html" in page and world.clearance.title in page
    for obligation in obligations:
        assert reverse("reporting:report_detail", args=[obligation.pk]) in page
    assert world.dat.full_name in page
    assert 'class="badge' in page
    dues = [
        d.strftime("%d/%m/%Y")
        for d in obligations.order_by("due_on").values_list("due_on", flat=True)
    ]
    assert [m for m in re.findall(r"\d\d/\d\d/\d{4}", page) if m in dues] == dues  # soonest first
    # Asked by htmx, the same rows come without the page around them.
    fragment = text(btc_client.get(url, headers={"HX-Request": "true"}))
    assert "<html" not in fragment
    assert fragment.count("<tr>") == page[page.index('id="periods"') :].count("<tr>")


def test_a_task_without_reporting_periods_says_so(btc_client, world):
    ReportObligation.objects.filter(assignment__task=world.clearance).delete()
    page = text(btc_client.get(reverse("tasks:periods", args=[world.clearance.pk])))
    assert "Chưa có kỳ báo cáo nào." in page


def test_the_reporting_periods_of_a_task_one_may_not_see_are_not_found(client_for, world):
    client = client_for(world.other_cadre)
    assert client.get(reverse("tasks:periods", args=[world.clearance.pk])).status_code == 404
    assert client.get(reverse("tasks:periods", args=[world.revenue.pk])).status_code == 200


@pytest.mark.parametrize(
    ("task", "timing"),
    [("clearance", "on_track"), ("revenue", "near_due"), ("investment", "overdue")],
)
def test_detail_shows_the_timing_of_the_task(btc_client, world, task, timing):
    html = detail(btc_client, getattr(world, task))
    head = html[html.index("<h1>") : html.index('class="grid-2"')]
    assert f'data-timing="{timing}"' in head


def test_overview_shows_the_timing_split_and_the_late_rate(btc_client, world):
    html = text(btc_client.get(reverse("core:dashboard")))
    assert re.search(
        r'href="/app/tasks/" data-timing-total="6"><span>[^<]*</span><strong>6</strong>', html
    )
    expected = {"completed_on_time": 1, "completed_late": 1, "on_track": 2, "overdue": 1}
    for timing, count in expected.items():
        stat = re.search(rf'\?timing={timing}">(.*?)</a>', html, re.S)
        assert stat and f"<strong>{count}</strong>" in stat.group(1), timing
    assert 'data-timing-of-which="near_due" data-count="1"' in html
    assert "<strong>40,0%</strong>" in html  # 2 of the 5 tasks with a deadline


def test_detail_labels_the_metrics_section_in_vietnamese(btc_client, world):
    assert "Chỉ số" in detail(btc_client, world.clearance)


def test_detail_of_a_task_without_metrics_or_lead_still_renders(btc_client, world):
    html = detail(btc_client, world.obstacles)
    assert "<progress" not in html
    assert world.obstacles.title in html


# Creating and editing tasks through the pages


def _task_form(world, **overrides) -> dict:
    data = {
        "plan": world.plan.pk,
        "code": "06",
        "title": "Giải quyết vướng mắc dự án chợ Hàng Khoai",
        "description": "Chợ xuống cấp, tiểu thương chưa đồng thuận phương án",
        "category": Category.objects.get(code="project-obstacles").pk,
        "is_hard": "on",
        "units": [world.an_bien.pk],
        "start_date": "2024-03-01",
        "deadline": "2025-06-30",
        "priority": 3,
        "status": Status.NOT_STARTED,
        "completed_on": "",
        "result_summary": "",
    }
    data.update(overrides)
    return data


def test_organization_board_creates_a_task_through_the_form(btc_client, world):
    response = btc_client.post(reverse("tasks:create"), _task_form(world))
    task = Task.objects.get(plan=world.plan, code="06")
    assert response.status_code == 302
    assert response.url == reverse("tasks:detail", args=[task.pk])
    assert task.title == "Giải quyết vướng mắc dự án chợ Hàng Khoai"
    assert task.deadline == date(2025, 6, 30)
    assert task.is_hard
    assert list(task.units.all()) == [world.an_bien]
    assert task.created_by == world.btc
    assert task.history.get().history_user == world.btc


def test_create_form_accepts_dates_typed_the_vietnamese_way(btc_client, world):
    btc_client.post(
        reverse("tasks:create"), _task_form(world, start_date="01/03/2024", deadline="30/06/2025")
    )
    task = Task.objects.get(plan=world.plan, code="06")
    assert (task.start_date, task.deadline) == (date(2024, 3, 1), date(2025, 6, 30))


def test_create_form_refuses_a_deadline_before_the_start_and_saves_nothing(btc_client, world):
    before = Task.objects.count()
    response = btc_client.post(
        reverse("tasks:create"), _task_form(world, start_date="2024-03-01", deadline="2024-02-01")
    )
    assert response.status_code == 400
    assert "Hạn hoàn thành không được trước ngày bắt đầu" in text(response)
    assert "Giải quyết vướng mắc dự án chợ Hàng Khoai" in text(response)  # typed input kept
    assert Task.objects.count() == before


def test_create_form_refuses_an_unknown_category(btc_client, world):
    before = Task.objects.count()
    response = btc_client.post(reverse("tasks:create"), _task_form(world, category=999999))
    assert response.status_code == 400
    assert "Lĩnh vực không tồn tại" in text(response)
    assert Task.objects.count() == before


def _edit_form(task, **overrides) -> dict:
    data = {
        "version": task.version,
        "plan": task.plan_id,
        "code": task.code,
        "title": task.title,
        "description": task.description,
        "category": task.category_id,
        "units": [u.pk for u in task.units.all()],
        "start_date": task.start_date.isoformat(),
        "deadline": task.deadline.isoformat() if task.deadline else "",
        "priority": task.priority,
        "status": task.status,
        "completed_on": task.completed_on.isoformat() if task.completed_on else "",
        "result_summary": task.result_summary,
    }
    for flag in ("is_hard", "is_new", "is_backlogged", "is_complex"):
        if getattr(task, flag):
            data[flag] = "on"
    data.update(overrides)
    return data


def test_organization_board_edits_a_task_through_the_form(btc_client, world):
    task = world.clearance
    url = reverse("tasks:edit", args=[task.pk])
    page = btc_client.get(url)
    assert page.status_code == 200
    assert 'name="version" value="1"' in text(page)
    response = btc_client.post(
        url,
        _edit_form(
            task,
            status=Status.COMPLETED,
            completed_on="2024-10-14",
            result_summary="Đã bàn giao toàn bộ mặt bằng",
        ),
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == Status.COMPLETED
    assert task.completed_on == date(2024, 10, 14)
    assert task.version == 2
    assert task.history.latest().history_user == world.btc


def test_edit_form_refuses_a_deadline_before_the_start(btc_client, world):
    task = world.clearance
    response = btc_client.post(
        reverse("tasks:edit", args=[task.pk]), _edit_form(task, deadline="2023-11-30")
    )
    assert response.status_code == 400
    assert "Hạn hoàn thành không được trước ngày bắt đầu" in text(response)
    task.refresh_from_db()
    assert task.deadline == date(2024, 12, 31)


def test_stale_edit_is_refused_and_keeps_what_the_user_typed(btc_client, world):
    task = world.clearance
    url = reverse("tasks:edit", args=[task.pk])
    stale = _edit_form(task, title="Tiêu đề do Ban Tổ chức gõ")  # opened at version 1
    services.task_update(  # meanwhile the Office saves
        task=task, by=world.office, expected_version=1, title="Tiêu đề của Văn phòng"
    )
    response = btc_client.post(url, stale)
    assert response.status_code == 400
    html = text(response)
    assert "Người khác đã lưu bản ghi này" in html
    assert 'value="Tiêu đề do Ban Tổ chức gõ"' in html
    task.refresh_from_db()
    assert task.title == "Tiêu đề của Văn phòng"
    assert task.version == 2


# Assignments and metrics through the pages


def test_assigning_a_support_cadre_through_the_page(btc_client, world):
    response = btc_client.post(
        reverse("tasks:assignment_create", args=[world.clearance.pk]),
        {
            "cadre": world.tuan.pk,
            "role": AssignmentRole.SUPPORT,
            "start_date": "2024-10-01",
            "decision": world.decision.pk,
            "note": "Phối hợp vận động các hộ dân",
        },
    )
    assert response.status_code == 302
    added = Assignment.objects.get(task=world.clearance, cadre=world.tuan)
    assert added.role == AssignmentRole.SUPPORT
    assert added.assigned_by == world.btc
    assert added.decision == world.decision


def test_assigning_a_second_lead_through_the_page_is_refused(btc_client, world):
    before = Assignment.objects.count()
    response = btc_client.post(
        reverse("tasks:assignment_create", args=[world.clearance.pk]),
        {"cadre": world.tuan.pk, "role": AssignmentRole.LEAD, "start_date": "2024-10-01"},
    )
    assert response.status_code == 400
    assert "Nhiệm vụ này đã có cán bộ chủ trì" in text(response)
    assert Assignment.objects.count() == before


def test_reassigning_the_lead_through_the_page_keeps_the_old_lead_in_history(btc_client, world):
    response = btc_client.post(
        reverse("tasks:reassign", args=[world.clearance.pk]),
        {"cadre": world.tuan.pk, "start_date": "2024-08-01", "note": "Điều động công tác"},
    )
    assert response.status_code == 302
    leads = Assignment.objects.filter(task=world.clearance, role=AssignmentRole.LEAD)
    assert leads.count() == 2
    assert leads.get(end_date__isnull=True).cadre == world.tuan
    assert leads.get(cadre=world.dat).end_date == date(2024, 7, 31)


def test_ending_an_assignment_through_the_page(btc_client, world):
    lead = world.clearance_lead
    response = btc_client.post(
        reverse("tasks:assignment_end", args=[lead.pk]),
        {"end_date": "2024-10-01", "reason": "Nghỉ hưu", "version": lead.version},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.end_date == date(2024, 10, 1)
    assert lead.end_reason == "Nghỉ hưu"
    assert Assignment.objects.filter(pk=lead.pk).exists()


def test_ending_an_already_ended_assignment_through_the_page_is_refused(btc_client, world):
    lead = world.clearance_lead
    ended = services.assignment_end(
        assignment=lead, end_date=date(2024, 9, 1), expected_version=lead.version, by=world.btc
    )
    response = btc_client.post(
        reverse("tasks:assignment_end", args=[lead.pk]),
        {"end_date": "2024-10-01", "version": ended.version},
    )
    assert response.status_code == 400
    assert "đã kết thúc" in text(response)
    lead.refresh_from_db()
    assert lead.end_date == date(2024, 9, 1)


def test_adding_a_metric_through_the_page(btc_client, world):
    response = btc_client.post(
        reverse("tasks:metric_create", args=[world.revenue.pk]),
        {
            "name": "Số nợ thuế thu hồi",
            "unit": MeasureUnit.BILLION_VND,
            "baseline": "0",
            "target": "12,5",
            "target_date": "2024-12-31",
            "order": "1",
        },
    )
    assert response.status_code == 302
    metric = Metric.objects.get(task=world.revenue)
    assert (metric.name, metric.target) == ("Số nợ thuế thu hồi", Decimal("12.5"))


def test_adding_a_negative_target_through_the_page_is_refused(btc_client, world):
    response = btc_client.post(
        reverse("tasks:metric_create", args=[world.revenue.pk]),
        {"name": "Số nợ", "unit": MeasureUnit.BILLION_VND, "baseline": "0", "target": "-3"},
    )
    assert response.status_code == 400
    assert "Chỉ tiêu không được âm" in text(response)
    assert not Metric.objects.filter(task=world.revenue).exists()


def test_unit_staff_record_a_value_through_the_page(client_for, world):
    client = client_for(world.unit_staff)
    url = reverse("tasks:metric_values", args=[world.households.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"measured_on": "2024-10-14", "value": "102", "note": "Đợt 3"})
    assert response.status_code == 302
    value = MetricValue.objects.get(metric=world.households, measured_on=date(2024, 10, 14))
    assert value.value == Decimal(102)
    assert value.recorded_by == world.unit_staff
    assert re.search(r'<progress value="85" max="100"', detail(client, world.clearance))


def test_recording_a_fractional_household_count_through_the_page_is_refused(client_for, world):
    client = client_for(world.unit_staff)
    response = client.post(
        reverse("tasks:metric_values", args=[world.households.pk]),
        {"measured_on": "2024-10-14", "value": "95,5"},
    )
    assert response.status_code == 400
    assert "Giá trị tính bằng hộ phải là số nguyên." in text(response)
    assert world.households.values.count() == 2


# What the new-task form proposes, and the units it shows as checkboxes


def test_next_task_code_follows_the_highest_number_in_the_plan(world, make):
    assert next_task_code(world.plan) == "06"
    make.task(plan=world.plan, code="07.a", title="Việc tách từ nhiệm vụ 07")
    assert next_task_code(world.plan) == "08"
    assert next_task_code(world.foreign_plan) == "02"


def test_a_new_task_is_offered_the_plan_chosen_and_its_next_free_number(btc_client, world):
    response = btc_client.get(reverse("tasks:create"), {"plan": world.plan.pk})
    served = form_as_served(response.content.decode())
    assert served["plan"] == [str(world.plan.pk)]
    assert served["code"] == ["06"]


def test_a_new_task_is_offered_the_only_plan_there_is(world):
    form = TaskForm(plans=Plan.objects.filter(pk=world.plan.pk))
    assert form.initial["plan"] == world.plan.pk
    assert form.initial["code"] == "06"
    several = TaskForm(plans=Plan.objects.all())
    assert "plan" not in several.initial and "code" not in several.initial


def test_units_are_checkboxes_and_the_task_form_saves_as_served(btc_client, world):
    task = world.clearance
    url = reverse("tasks:edit", args=[task.pk])
    html = btc_client.get(url).content.decode()
    assert "<select multiple" not in html.replace('name="units" multiple', "")
    assert re.search(r'<input type="checkbox" name="units" value="\d+"[^>]*checked', html)
    response = btc_client.post(url, form_as_served(html))
    assert response.status_code == 302
    task.refresh_from_db()
    assert set(task.units.all()) == {world.vinh_niem}


def test_the_task_page_tells_its_story_proposal_meeting_and_directive(btc_client, world):
    from tests.helpers import held_meeting
    from thaogo.direction import services as direction

    proposal = direction.proposal_create(
        task=world.clearance,
        raised_by=world.dat,
        title="Đề nghị cưỡng chế thu hồi đất",
        content="Vượt thẩm quyền",
        by=world.cadre,
    )
    meeting = held_meeting(title="Họp Ban Thường vụ", held_on=date(2024, 10, 1), by=world.office)
    direction.agenda_add(meeting=meeting, proposal=proposal, by=world.office)
    directive = direction.directive_issue(
        task=world.clearance,
        proposal=proposal,
        meeting=meeting,
        text="Giao UBND quận tổ chức cưỡng chế",
        responsible_cadre=world.dat,
        deadline=date(2024, 10, 30),
        by=world.btv,
    )
    directive = direction.directive_acknowledge(directive=directive, by=world.cadre)
    direction.directive_complete(
        directive=directive,
        by=world.cadre,
        completed_on=directive.issued_on,
        note="Đã cưỡng chế xong 3 hộ",
    )
    html = detail(btc_client, world.clearance)
    thread = html[html.index('class="thread"') : html.index('id="history"')]
    entries = re.findall(r'<li class="thread-(\w+)">(.*?)</li>', thread, re.S)
    assert sorted(kind for kind, _ in entries) == [
        "directive",
        "follow_up",
        "follow_up",
        "meeting",
        "proposal",
    ]
    by_kind = dict(entries)
    assert (
        f"Đề xuất của {world.dat.full_name}: Đề nghị cưỡng chế thu hồi đất" in by_kind["proposal"]
    )
    assert "Vượt thẩm quyền" in by_kind["proposal"]
    meeting_entry = by_kind["meeting"]
    assert "Họp Ban Thường vụ (01/10/2024)" in meeting_entry
    assert "Đề nghị cưỡng chế thu hồi đất" in meeting_entry  # the proposal it took up
    assert f"giao {world.dat.full_name}" in by_kind["directive"]
    assert "30/10/2024" in by_kind["directive"]
    assert "Giao UBND quận tổ chức cưỡng chế" in by_kind["directive"]
    follow_ups = [text for kind, text in entries if kind == "follow_up"]
    assert any(world.dat.full_name in text for text in follow_ups)  # acknowledged by
    assert any("Đã cưỡng chế xong 3 hộ" in text for text in follow_ups)
