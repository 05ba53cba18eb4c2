"""Who may open each page of the reporting cycle: the right people see it, everyone else
gets a 404 (or a 403 for a page they may see but not act on)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.helpers import held_meeting
from thaogo.direction import services as direction
from thaogo.reporting import services
from thaogo.reporting.models import Holiday, ReportObligation

PEOPLE = [
    "btv",
    "btc",
    "office",
    "admin",
    "cadre",
    "other_cadre",
    "unit_staff",
    "editor",
    "outsider",
]


@pytest.fixture
def cycle(world):
    obligation = ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )
    report = services.report_for(obligation)
    report = services.report_save_draft(
        report=report, by=world.cadre, expected_version=report.version, results="Kết quả"
    )
    services.report_submit(report=report, by=world.cadre, expected_version=report.version)
    proposal = direction.proposal_create(
        task=world.clearance,
        raised_by=world.dat,
        title="Đề xuất",
        content="Nội dung",
        by=world.cadre,
    )
    meeting = held_meeting(title="Họp BTV", held_on=date(2024, 10, 1), by=world.office)
    direction.agenda_add(meeting=meeting, proposal=proposal, by=world.office)
    directive = direction.directive_issue(
        task=proposal.task,
        proposal=proposal,
        meeting=meeting,
        text="Chỉ đạo hoàn thiện hồ sơ số 7",
        responsible_cadre=world.dat,
        deadline=date(2024, 10, 30),
        by=world.btv,
    )
    return {
        "report": reverse("reporting:report_detail", args=[obligation.pk]),
        "write": reverse("reporting:report_edit", args=[obligation.pk]),
        "proposal": reverse("direction:proposal_detail", args=[proposal.pk]),
        "meeting": reverse("direction:meeting_detail", args=[meeting.pk]),
        "directive": reverse("direction:directive_detail", args=[directive.pk]),
        "schedule": reverse("reporting:schedule_edit", args=[world.plan.pk]),
    }


# Expected status per person for: report, write, proposal, meeting, directive, schedule.
POLICY = {
    "btv": (200, 403, 200, 200, 200, 403),
    "btc": (200, 403, 200, 200, 200, 200),
    "office": (200, 403, 200, 200, 200, 200),
    "admin": (200, 403, 200, 200, 200, 200),
    "cadre": (200, 302, 200, 200, 200, 403),  # the submitted report: writing leads to viewing
    "other_cadre": (404, 404, 404, 404, 404, 403),  # the plan holds their task too
    "unit_staff": (200, 403, 200, 200, 200, 403),
    "editor": (404, 404, 404, 404, 404, 404),
    "outsider": (404, 404, 404, 404, 404, 404),
}


@pytest.mark.parametrize("who", PEOPLE)
def test_each_person_gets_what_the_policy_allows(world, cycle, client_for, who):
    client = client_for(getattr(world, who))
    pages = ["report", "write", "proposal", "meeting", "directive", "schedule"]
    got = tuple(client.get(cycle[page]).status_code for page in pages)
    assert got == POLICY[who]


def test_lists_are_scoped_and_have_empty_states(world, cycle, client_for):
    other = client_for(world.other_cadre)
    for name in [
        "reporting:report_board",
        "direction:proposal_list",
        "direction:directive_list",
        "direction:meeting_list",
    ]:
        page = other.get(reverse(name) + "?status=all")
        assert page.status_code == 200
        text = page.content.decode()
        assert "số 7" not in text
        if name != "reporting:report_board":  # they owe reports for their own task
            assert 'class="empty"' in text
    mine = client_for(world.cadre).get(reverse("direction:directive_list")).content.decode()
    assert "Chỉ đạo hoàn thiện hồ sơ số 7" in mine


def test_only_the_board_and_office_can_review(world, cycle, client_for):
    response = client_for(world.btv).post(cycle["report"], {"decision": "accept"})
    assert response.status_code == 403
    response = client_for(world.btc).post(cycle["report"], {"decision": "accept"})
    assert response.status_code == 302


def test_anonymous_visitors_are_sent_to_log_in(world, cycle, client_for):
    for url in cycle.values():
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_official_holidays_are_seeded_and_push_due_dates(world):
    assert Holiday.objects.filter(date=date(2025, 1, 29)).exists()  # Tết Ất Tỵ
    cutoff = date(2025, 1, 24)
    holidays = services.holidays_between(cutoff, cutoff + timedelta(days=30))
    from thaogo.reporting.periods import working_days_after

    assert working_days_after(cutoff, 3, holidays) == date(2025, 2, 5)


def test_reporting_pages_show_a_readable_history(world, cycle, client_for):
    page = client_for(world.btc).get(cycle["directive"]).content.decode()
    assert "Lịch sử thay đổi" in page
    assert "Chỉ đạo hoàn thiện hồ sơ số 7" in page.split('class="object-history"')[1]


def test_autosave_refuses_a_stale_draft_with_409_and_bad_figures_with_400(world, client_for):
    obligation = ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 12, 14)
    )
    report = services.report_for(obligation)
    url = reverse("reporting:report_autosave", args=[obligation.pk])
    client = client_for(world.cadre)
    fields = {"results": "Bản một", "version": report.version}
    assert client.post(url, fields).status_code == 200
    stale = client.post(url, {**fields, "results": "Bản hai"})
    assert stale.status_code == 409
    assert "Người khác đã lưu" in stale.content.decode()
    report.refresh_from_db()
    bad = client.post(
        url,
        {"results": "x", "version": report.version, f"metric_{world.households.pk}": "-3"},
    )
    assert bad.status_code == 400
    report.refresh_from_db()
    assert report.results == "Bản một"
