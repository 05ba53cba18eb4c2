"""Each role's home page is its work queue: what needs the user now, each number a link to
exactly the list it counts, plain words when a queue is empty, only what the user may see,
and a number of queries that does not grow with the data."""

import html as html_lib
import re
from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.helpers import TODAY, held_meeting
from thaogo.direction import services as direction
from thaogo.direction.models import Directive, Proposal
from thaogo.registry import services as registry
from thaogo.reporting import services as reporting
from thaogo.reporting.models import Report, ReportObligation, ReportSubmission
from thaogo.tasks.models import MeasureUnit, Status, Task

HOME = reverse("core:home")
BOARD = reverse("reporting:report_board")


# ---------------------------------------------------------------- reading the pages


def page(client, url: str = HOME, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return response.content.decode()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html)))


def queue(html: str, name: str) -> str:
    """The HTML of one queue (its section) on the home page."""
    start = html.find(f'<section class="queue" id="queue-{name}">')
    assert start >= 0, f"no {name} queue on the page"
    following = html.find('<section class="queue"', start + 1)
    return html[start : following if following >= 0 else html.index("</main>")]


def queue_links(html: str) -> list[tuple[str, int]]:
    """Every number on the page that stands for a list: where it leads, and what it says."""
    return [
        (html_lib.unescape(href), int(count))
        for href, count in re.findall(r'href="([^"]+)" data-queue-count="(\d+)"', html)
    ]


def rows_listed(client, url: str) -> int:
    """How many rows the list at `url` shows, over all its pages."""
    total = 0
    while url:
        html = page(client, url)
        body = html[html.index("<tbody>") : html.index("</tbody>")]
        total += body.count("<tr>") - body.count('class="empty"')
        following = re.search(r'href="([^"]+)" rel="next"', html)
        url = url.split("?")[0] + html_lib.unescape(following.group(1)) if following else ""
    return total


# ---------------------------------------------------------------- building the story


def backdate(report: Report, when: datetime) -> None:
    """The services stamp the real time; these reports came in on the story's dates."""
    late = when >= reporting.deadline_moment(report.obligation.due_on)
    Report.objects.filter(pk=report.pk).update(submitted_at=when, is_late=late)
    ReportSubmission.objects.filter(report=report).update(submitted_at=when, is_late=late)


def submit(obligation: ReportObligation, user, *, on: date) -> Report:
    report = reporting.report_for(obligation)
    report = reporting.report_save_draft(
        report=report, by=user, expected_version=report.version, results="Đã triển khai."
    )
    report = reporting.report_submit(report=report, by=user, expected_version=report.version)
    backdate(report, timezone.make_aware(datetime.combine(on, time(9))))
    return report


def obligation_of(assignment, period_end: date) -> ReportObligation:
    return ReportObligation.objects.get(assignment=assignment, period_end=period_end)


def directive_for(world, task, *, deadline: date, text: str, meeting=None):
    meeting = meeting or held_meeting(title="Họp BTV", held_on=date(2024, 9, 2), by=world.office)
    return direction.directive_issue(
        task=task,
        meeting=meeting,
        text=text,
        responsible_cadre=task.assignments.get(role="lead").cadre,
        deadline=deadline,
        by=world.btv,
    )


@pytest.fixture
def busy(world, make):
    """Reports in, one late; one returned; proposals waiting; a directive overdue; a task
    late in Vĩnh Niệm."""
    make.task(
        plan=world.plan,
        code="07",
        title="Cải tạo ngõ 12 tổ dân phố số 5",
        units=[world.residential_group],
        deadline=date(2024, 9, 1),
        status=Status.IN_PROGRESS,
    )
    dat_q3 = obligation_of(world.clearance_lead, date(2024, 9, 14))
    hoa = world.revenue.assignments.get(role="lead")
    submit(dat_q3, world.cadre, on=date(2024, 9, 17))
    submit(obligation_of(hoa, date(2024, 9, 14)), world.other_cadre, on=date(2024, 9, 30))
    returned = submit(
        obligation_of(world.clearance_lead, date(2024, 6, 14)), world.cadre, on=date(2024, 6, 18)
    )
    reporting.report_return(report=returned, by=world.btc, comment="Bổ sung số hộ đã nhận tiền.")
    for task, cadre, user, title, raised in [
        (world.clearance, world.dat, world.cadre, "Đề nghị cưỡng chế", date(2024, 10, 5)),
        (world.revenue, world.hoa, world.other_cadre, "Đề nghị gia hạn", date(2024, 10, 10)),
    ]:
        proposal = direction.proposal_create(
            task=task, raised_by=cadre, title=title, content="x", by=user
        )
        Proposal.objects.filter(pk=proposal.pk).update(
            created_at=timezone.make_aware(datetime.combine(raised, time(15)))
        )
    directive_for(
        world, world.clearance, deadline=date(2024, 9, 30), text="Hoàn thành hồ sơ cưỡng chế."
    )
    return {"returned": returned, "dat_q3": dat_q3}


# ---------------------------------------------------------------- the cadre


def test_a_cadre_sees_the_reports_to_write_with_deadline_days_left_and_a_way_in(world, client_for):
    html = queue(page(client_for(world.cadre)), "reports-due")
    owed = ReportObligation.objects.filter(assignment=world.clearance_lead, period_start__lte=TODAY)
    assert owed.count() >= 2
    for obligation in owed:
        assert obligation.label in html
        assert obligation.due_on.strftime("%d/%m/%Y") in html
        assert reverse("reporting:report_edit", args=[obligation.pk]) in html
    q3 = obligation_of(world.clearance_lead, date(2024, 9, 14))
    assert f"{(TODAY - q3.due_on).days} ngày" in text_of(html)  # "quá hạn 27 ngày"
    assert "quá hạn" in text_of(html)


def test_a_cadre_sees_an_overdue_directive_first_and_not_the_completed_ones(world, client_for):
    meeting = held_meeting(title="Họp BTV", held_on=date(2024, 9, 2), by=world.office)
    later = directive_for(
        world, world.clearance, deadline=date(2024, 12, 1), text="Việc còn hạn", meeting=meeting
    )
    overdue = directive_for(
        world, world.clearance, deadline=date(2024, 10, 1), text="Việc quá hạn", meeting=meeting
    )
    done = directive_for(
        world, world.clearance, deadline=date(2024, 9, 20), text="Việc đã xong", meeting=meeting
    )
    direction.directive_complete(
        directive=done, by=world.cadre, completed_on=date(2024, 9, 10), note="Xong."
    )

    html = queue(page(client_for(world.cadre)), "directives-to-act")
    assert html.index("Việc quá hạn") < html.index("Việc còn hạn")
    assert "Việc đã xong" not in html
    assert reverse("direction:directive_detail", args=[overdue.pk]) in html
    assert reverse("direction:directive_detail", args=[later.pk]) in html
    assert "Tiếp nhận" in text_of(html)


def test_a_returned_report_shows_the_reviewers_comment_and_its_revision_deadline(
    world, busy, client_for
):
    html = queue(page(client_for(world.cadre)), "reports-returned")
    report = busy["returned"]
    report.refresh_from_db()
    obligation = report.obligation
    assert "Bổ sung số hộ đã nhận tiền." in html
    assert obligation.label in html
    assert "Thời hạn chỉnh sửa" in html
    # Judged against the revision deadline the return set, not the period's due date.
    assert report.revision_due_on is not None and report.revision_due_on != obligation.due_on
    assert report.revision_due_on.strftime("%d/%m/%Y") in html
    assert reverse("reporting:report_edit", args=[obligation.pk]) in html


def test_a_cadres_tasks_show_their_part_timing_and_progress(world, client_for):
    html = text_of(queue(page(client_for(world.cadre)), "cadre-tasks"))
    assert world.clearance.title in html
    assert "Chủ trì" in html
    assert "Đang thực hiện trong hạn" in html
    assert "Số hộ đã bàn giao mặt bằng: 75%" in html  # 90 of 120


# ---------------------------------------------------------------- the reviewers


@pytest.mark.parametrize("who", ["btc", "office"])
def test_reviewers_get_one_review_queue_oldest_first_however_late(world, busy, client_for, who):
    client = client_for(getattr(world, who))
    html = queue(page(client), "reports-to-review")
    # Đạt's came in on time on 17/09, Hoa's late on 30/09: one queue, Đạt's first.
    assert html.index(world.dat.full_name) < html.index(world.hoa.full_name)
    assert 'class="badge badge-late"' in html
    board = page(client, BOARD, {"state": "submitted"})
    assert board.index(world.dat.full_name) < board.index(world.hoa.full_name)


def test_reviewers_see_overdue_reports_by_cadre(world, client_for):
    html = queue(page(client_for(world.btc)), "reports-overdue")
    overdue = ReportObligation.objects.filter(
        assignment__cadre=world.dat, period_start__lte=TODAY, due_on__lt=TODAY
    ).count()
    links = dict(queue_links(html))
    assert links[f"{BOARD}?state=overdue&cadre={world.dat.pk}"] == overdue


def test_reviewers_see_proposals_waiting_with_how_long_and_overdue_directives(
    world, busy, client_for
):
    html = page(client_for(world.office))
    proposals = queue(html, "proposals-waiting")
    # The longest waiting first, with how long: since 05/10 and 10/10.
    assert proposals.index("Đề nghị cưỡng chế") < proposals.index("Đề nghị gia hạn")
    assert "10 ngày" in text_of(proposals) and "5 ngày" in text_of(proposals)
    directives = text_of(queue(html, "directives-overdue"))
    assert "Hoàn thành hồ sơ cưỡng chế." in directives
    assert world.dat.full_name in directives


def test_the_kept_queues_show_each_change_on_the_next_visit(world, busy, client_for):
    """The late directives and the waiting proposals are read once per state of the data:
    a cadre renamed, a new proposal and a directive completed each show on the next visit."""
    client = client_for(world.office)
    before = page(client)
    assert "Hoàn thành hồ sơ cưỡng chế." in queue(before, "directives-overdue")
    again = page(client)  # kept, and the same
    for name in ("directives-overdue", "proposals-waiting"):
        assert queue(again, name) == queue(before, name)

    for cadre, name in ((world.hoa, "Trần Thị Hoa Mai"), (world.dat, "Nguyễn Văn Đạt Minh")):
        registry.cadre_update(
            cadre=cadre, by=world.admin, expected_version=cadre.version, full_name=name
        )
    renamed = page(client)
    assert "Trần Thị Hoa Mai" in text_of(queue(renamed, "proposals-waiting"))
    assert "Nguyễn Văn Đạt Minh" in text_of(queue(renamed, "directives-overdue"))

    direction.proposal_create(
        task=world.revenue, raised_by=world.hoa, title="Đề nghị mới", content="x", by=world.btc
    )
    direction.directive_complete(
        directive=Directive.objects.get(text="Hoàn thành hồ sơ cưỡng chế."),
        by=world.cadre,
        completed_on=TODAY,
        note="Xong.",
    )
    after = page(client)
    assert "Đề nghị mới" in text_of(queue(after, "proposals-waiting"))
    assert "Hoàn thành hồ sơ cưỡng chế." not in queue(after, "directives-overdue")
    assert dict(queue_links(after))[reverse("direction:proposal_list") + "?status=waiting"] == 3


# ---------------------------------------------------------------- the Standing Committee


def test_the_standing_committee_sees_proposals_the_next_meeting_and_the_split(
    world, busy, client_for
):
    proposal = direction.proposal_create(
        task=world.clearance,
        raised_by=world.dat,
        title="Đề nghị lên lịch",
        content="x",
        by=world.cadre,
    )
    meeting = direction.meeting_create(
        title="Họp BTV tháng 11", held_on=date(2024, 11, 5), by=world.office
    )
    direction.agenda_add(meeting=meeting, proposal=proposal, by=world.office)

    html = page(client_for(world.btv))
    waiting = text_of(queue(html, "proposals-waiting"))
    assert "Đề nghị lên lịch" in waiting and "Đề nghị gia hạn" in waiting
    agenda = text_of(queue(html, "next-meeting"))
    assert "Họp BTV tháng 11" in agenda and "05/11/2024" in agenda and "Đề nghị lên lịch" in agenda
    assert "Hoàn thành hồ sơ cưỡng chế." in queue(html, "directives-overdue")
    assert f'data-timing-total="{Task.objects.count()}"' in queue(html, "timing-summary")


# ---------------------------------------------------------------- unit staff, editor, administrator


def test_unit_staff_see_their_units_figures_and_late_tasks(world, make, client_for):
    late = make.task(
        plan=world.plan,
        code="06",
        title="Cải tạo ngõ 12 tổ dân phố số 5",
        units=[world.residential_group],
        deadline=date(2024, 9, 1),
        status=Status.IN_PROGRESS,
    )
    html = page(client_for(world.unit_staff))
    figures = text_of(queue(html, "unit-metrics"))
    assert "Số hộ đã bàn giao mặt bằng" in figures and "30/09/2024" in figures
    assert reverse("tasks:metric_values", args=[world.households.pk]) in html
    tasks = text_of(queue(html, "unit-late-tasks"))
    assert late.title in tasks
    assert world.investment.title not in tasks  # An Biên's, not theirs


def test_the_portal_editor_lands_on_the_portals_staff_pages(world, client_for):
    client = client_for(world.editor)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal_staff:dashboard")
    assert client.get(response["Location"]).status_code == 200


def test_the_administrator_keeps_the_overview(world, client_for):
    html = page(client_for(world.admin))
    assert 'data-timing-total="6"' in html
    assert "Chưa có kế hoạch nào" not in html


# ---------------------------------------------------------------- numbers, empty queues, scope


@pytest.mark.parametrize("who", ["btc", "office", "btv", "cadre", "other_cadre", "unit_staff"])
def test_every_number_on_the_home_page_links_to_a_list_of_that_many_rows(
    world, busy, client_for, settings, who
):
    settings.THAOGO_PAGE_SIZE = 2  # the lists run over several pages
    client = client_for(getattr(world, who))
    links = queue_links(page(client))
    assert links
    assert any(count for _url, count in links)
    for url, count in links:
        assert rows_listed(client, url) == count, url


def test_empty_queues_say_so_plainly(world, client_for):
    board = text_of(page(client_for(world.btc)))
    assert "Không có báo cáo chờ duyệt." in board
    assert "Không có đề xuất nào chờ quyết định." in board
    assert "Không có ý kiến chỉ đạo nào quá hạn." in board
    standing = text_of(page(client_for(world.btv)))
    assert "Chưa có phiên họp nào được lên lịch." in standing
    cadre = text_of(page(client_for(world.other_cadre)))
    assert "Không có ý kiến chỉ đạo nào cần thực hiện." in cadre
    assert "Không có báo cáo nào bị trả lại." in cadre


def test_a_cadre_never_sees_another_cadres_queue(world, busy, client_for):
    hoa = text_of(page(client_for(world.other_cadre)))
    assert world.clearance.title not in hoa
    assert "Hoàn thành hồ sơ cưỡng chế." not in hoa
    assert "Bổ sung số hộ đã nhận tiền." not in hoa
    dat = text_of(page(client_for(world.cadre)))
    assert world.revenue.title not in dat
    # Nor through the lists behind the numbers.
    client = client_for(world.other_cadre)
    assert rows_listed(client, f"{BOARD}?state=returned&cadre={world.dat.pk}") == 0
    directives = reverse("direction:directive_list")
    assert rows_listed(client, f"{directives}?state=overdue") == 0


def test_unit_staff_see_only_their_own_units_figures(world, client_for):
    html = text_of(page(client_for(world.other_unit_staff)))
    assert "Số hộ đã bàn giao mặt bằng" not in html


def test_a_list_filter_that_is_not_an_id_is_ignored(world, client_for):
    client = client_for(world.btc)
    everything = rows_listed(client, f"{BOARD}?state=overdue")
    assert rows_listed(client, f"{BOARD}?state=overdue&cadre=%C2%B2") == everything
    assert rows_listed(client, f"{BOARD}?state=nonsense") == rows_listed(client, BOARD)


# ---------------------------------------------------------------- cost


def pile_up(world, make, *, count: int) -> None:
    """More of everything every queue reads: tasks, figures, reports, proposals, directives."""
    make.by = world.btc
    meeting = held_meeting(title="Họp BTV thêm", held_on=date(2024, 9, 2), by=world.office)
    for number in range(count):
        task = make.task(
            plan=world.plan,
            code=f"9{number}",
            title=f"Việc thêm số {number}",
            units=[world.vinh_niem],
            deadline=date(2024, 10, 1),
            status=Status.IN_PROGRESS,
        )
        lead = make.assign(task, world.dat)
        metric = make.metric(task, name="Số hộ", unit=MeasureUnit.HOUSEHOLDS, target=10)
        make.value(metric, on=date(2024, 5, 1), value=3)
        submit(obligation_of(lead, date(2024, 9, 14)), world.cadre, on=date(2024, 9, 17))
        returned = submit(obligation_of(lead, date(2024, 6, 14)), world.cadre, on=date(2024, 6, 18))
        reporting.report_return(report=returned, by=world.btc, comment=f"Bổ sung {number}.")
        direction.proposal_create(
            task=task, raised_by=world.dat, title=f"Đề xuất {number}", content="x", by=world.cadre
        )
        directive_for(
            world, task, deadline=date(2024, 9, 30), text=f"Chỉ đạo {number}", meeting=meeting
        )
    make.by = None


def queries_of(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured)


def test_the_home_pages_queries_do_not_grow_with_the_data(world, busy, make, client_for):
    who = ["btc", "office", "btv", "cadre", "unit_staff", "admin"]
    clients = {name: client_for(getattr(world, name)) for name in who}
    for client in clients.values():
        client.get(HOME)  # sessions and caches warm
    before = {name: queries_of(client) for name, client in clients.items()}
    pile_up(world, make, count=12)
    for client in clients.values():
        client.get(HOME)  # the writes renewed the cached figures: warm them again
    after = {name: queries_of(client) for name, client in clients.items()}
    assert after == before
