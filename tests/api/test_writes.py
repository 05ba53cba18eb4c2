"""Each write the API offers calls the page's service under the page's rule; a refused write
changes nothing (tests.ops.fingerprint compares every table)."""

from datetime import date
from decimal import Decimal

import pytest

from tests.helpers import VIETNAMESE_LETTERS, held_meeting
from tests.ops.fingerprint import tables_fingerprint
from thaogo.direction import services as direction
from thaogo.direction.models import Directive, Proposal, ProposalStatus
from thaogo.reporting import services as reporting
from thaogo.reporting.models import ReportObligation, ReportStatus


@pytest.fixture
def obligation(world):
    return ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )


@pytest.fixture
def submitted(world, obligation):
    report = reporting.report_for(obligation)
    report = reporting.report_save_draft(
        report=report,
        by=world.cadre,
        expected_version=report.version,
        results="Đã bàn giao 95 hộ",
        values={world.households.pk: Decimal("95")},
    )
    return reporting.report_submit(report=report, by=world.cadre, expected_version=report.version)


# The tokens' own tables: a test makes its token as it calls, and a token's use is noted even
# on a refused call (and the databases' sequences count the tokens made).
BOOKKEEPING = {"api_apitoken", "api_historicalapitoken", "sqlite_sequence", "sequences"}


def _tables() -> dict:
    return {name: rows for name, rows in tables_fingerprint().items() if name not in BOOKKEEPING}


def refused_without_change(call, status: int, code: str):
    before = _tables()
    response = call()
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert VIETNAMESE_LETTERS.search(body["message"])
    assert _tables() == before
    return body


# ---------------------------------------------------------------- submit a report


def _report_body(version: int, **changes):
    return {
        "expected_version": version,
        "results": "Đã bàn giao 100 hộ, còn 20 hộ chưa đồng thuận",
        "difficulties": "Giá bồi thường",
        "self_assessed_progress": 80,
        **changes,
    }


def test_the_lead_cadre_submits_a_report(world, api_for, obligation):
    api = api_for(world.cadre)
    read = api.get(f"/obligations/{obligation.pk}").json()
    assert read["report"] is None
    body = _report_body(1, values=[{"metric_id": world.households.pk, "value": "100"}])
    response = api.post(f"/obligations/{obligation.pk}/report/submit", body)
    assert response.status_code == 200, response.content
    report = response.json()["report"]
    assert report["status"] == "submitted"
    assert report["revision"] == 1
    assert report["last_submission"]["content"]["results"].startswith("Đã bàn giao 100 hộ")
    assert report["draft"]["values"] == [{"metric_id": world.households.pk, "value": "100.00"}]
    obligation.report.refresh_from_db()
    assert obligation.report.status == ReportStatus.SUBMITTED


def test_a_report_submitted_from_a_stale_version_is_refused(world, api_for, obligation):
    api = api_for(world.cadre)
    report = reporting.report_for(obligation)
    reporting.report_save_draft(
        report=report, by=world.cadre, expected_version=report.version, results="Bản nháp"
    )
    refused_without_change(
        lambda: api.post(f"/obligations/{obligation.pk}/report/submit", _report_body(1)),
        409,
        "concurrent_edit",
    )


def test_a_report_without_results_is_refused_and_nothing_is_saved(world, api_for, obligation):
    api = api_for(world.cadre)
    body = refused_without_change(
        lambda: api.post(
            f"/obligations/{obligation.pk}/report/submit", _report_body(1, results="   ")
        ),
        400,
        "refused",
    )
    assert "results" in body["fields"]


def test_only_the_lead_cadre_submits(world, api_for, obligation):
    refused_without_change(
        lambda: api_for(world.btc).post(
            f"/obligations/{obligation.pk}/report/submit", _report_body(1)
        ),
        403,
        "forbidden",
    )
    refused_without_change(
        lambda: api_for(world.other_cadre).post(
            f"/obligations/{obligation.pk}/report/submit", _report_body(1)
        ),
        404,
        "not_found",
    )


def test_a_value_for_a_metric_of_another_task_is_refused(world, api_for, obligation):
    other = world.households.pk + 1000
    refused_without_change(
        lambda: api_for(world.cadre).post(
            f"/obligations/{obligation.pk}/report/submit",
            _report_body(1, values=[{"metric_id": other, "value": "1"}]),
        ),
        400,
        "refused",
    )


def test_others_see_what_was_submitted_never_the_draft(world, api_for, obligation, submitted):
    report = reporting.report_for(obligation)
    assert report.status == ReportStatus.SUBMITTED
    seen = api_for(world.btc).get(f"/obligations/{obligation.pk}").json()["report"]
    assert seen["draft"] is None
    assert seen["last_submission"]["content"]["results"] == "Đã bàn giao 95 hộ"


# ---------------------------------------------------------------- review it


def test_the_organization_board_accepts_a_report_and_its_figures_are_recorded(
    world, api_for, obligation, submitted
):
    response = api_for(world.btc).post(
        f"/obligations/{obligation.pk}/report/review",
        {"decision": "accept", "expected_revision": 1, "comment": "Đạt yêu cầu"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["report"]["status"] == "accepted"
    assert world.households.values.filter(value=Decimal("95")).exists()


def test_a_report_is_returned_with_a_comment(world, api_for, obligation, submitted):
    response = api_for(world.office).post(
        f"/obligations/{obligation.pk}/report/review",
        {
            "decision": "return",
            "expected_revision": 1,
            "comment": "Bổ sung số liệu",
            "revision_due_on": "2024-10-25",
        },
    )
    assert response.status_code == 200, response.content
    report = response.json()["report"]
    assert report["status"] == "returned"
    assert report["revision_due_on"] == "2024-10-25"


def test_a_review_of_a_submission_the_reviewer_did_not_read_is_refused(
    world, api_for, obligation, submitted
):
    refused_without_change(
        lambda: api_for(world.btc).post(
            f"/obligations/{obligation.pk}/report/review",
            {"decision": "accept", "expected_revision": 0},
        ),
        400,
        "refused",
    )


def test_a_return_without_a_comment_is_refused(world, api_for, obligation, submitted):
    body = refused_without_change(
        lambda: api_for(world.btc).post(
            f"/obligations/{obligation.pk}/report/review",
            {"decision": "return", "expected_revision": 1},
        ),
        400,
        "refused",
    )
    assert "comment" in body["fields"]


def test_a_cadre_does_not_review(world, api_for, obligation, submitted):
    refused_without_change(
        lambda: api_for(world.cadre).post(
            f"/obligations/{obligation.pk}/report/review",
            {"decision": "accept", "expected_revision": 1},
        ),
        403,
        "forbidden",
    )


# ---------------------------------------------------------------- raise a proposal


def test_an_assigned_cadre_raises_a_proposal(world, api_for):
    response = api_for(world.cadre).post(
        f"/tasks/{world.clearance.pk}/proposals",
        {
            "title": "Xin cơ chế bồi thường",
            "content": "Đề nghị BTV cho ý kiến",
            "beyond_authority": True,
        },
    )
    assert response.status_code == 201, response.content
    proposal = Proposal.objects.get(pk=response.json()["id"])
    assert proposal.raised_by == world.dat
    assert proposal.beyond_authority
    assert proposal.status == ProposalStatus.PENDING


def test_only_a_cadre_assigned_to_the_task_raises_a_proposal(world, api_for):
    body = {"title": "Đề xuất", "content": "Nội dung"}
    refused_without_change(
        lambda: api_for(world.btc).post(f"/tasks/{world.clearance.pk}/proposals", body),
        403,
        "forbidden",
    )
    refused_without_change(
        lambda: api_for(world.other_cadre).post(f"/tasks/{world.clearance.pk}/proposals", body),
        404,
        "not_found",
    )


def test_a_proposal_without_a_title_is_refused(world, api_for):
    refused_without_change(
        lambda: api_for(world.cadre).post(
            f"/tasks/{world.clearance.pk}/proposals", {"title": "", "content": "Nội dung"}
        ),
        400,
        "refused",
    )


# ---------------------------------------------------------------- record a directive


@pytest.fixture
def meeting(world):
    return held_meeting(title="Phiên họp BTV tháng 10", held_on=date(2024, 10, 1), by=world.office)


def test_the_standing_committee_records_a_directive_answering_a_proposal(world, api_for, meeting):
    proposal = direction.proposal_create(
        task=world.clearance, raised_by=world.dat, title="Xin ý kiến", content="x", by=world.cadre
    )
    response = api_for(world.btv).post(
        f"/tasks/{world.clearance.pk}/directives",
        {
            "text": "Hoàn thành bàn giao mặt bằng trước 30/11",
            "responsible_cadre_id": world.dat.pk,
            "deadline": "2024-11-30",
            "meeting_id": meeting.pk,
            "proposal_id": proposal.pk,
        },
    )
    assert response.status_code == 201, response.content
    directive = Directive.objects.get(pk=response.json()["id"])
    assert directive.meeting == meeting
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DIRECTED


def test_a_directive_naming_a_meeting_not_offered_is_refused(world, api_for, meeting):
    body = refused_without_change(
        lambda: api_for(world.btv).post(
            f"/tasks/{world.clearance.pk}/directives",
            {
                "text": "Chỉ đạo",
                "responsible_cadre_id": world.dat.pk,
                "deadline": "2024-11-30",
                "meeting_id": meeting.pk + 1000,
            },
        ),
        400,
        "refused",
    )
    assert "meeting_id" in body["fields"]


def test_a_directive_before_its_meeting_is_refused(world, api_for, meeting):
    refused_without_change(
        lambda: api_for(world.btv).post(
            f"/tasks/{world.clearance.pk}/directives",
            {
                "text": "Chỉ đạo",
                "responsible_cadre_id": world.dat.pk,
                "deadline": "2024-09-01",
                "meeting_id": meeting.pk,
            },
        ),
        400,
        "refused",
    )


def test_a_cadre_does_not_record_directives(world, api_for, meeting):
    refused_without_change(
        lambda: api_for(world.cadre).post(
            f"/tasks/{world.clearance.pk}/directives",
            {
                "text": "Chỉ đạo",
                "responsible_cadre_id": world.dat.pk,
                "deadline": "2024-11-30",
                "meeting_id": meeting.pk,
            },
        ),
        403,
        "forbidden",
    )


# ---------------------------------------------------------------- record a metric value


def test_unit_staff_record_a_measured_value(world, api_for):
    response = api_for(world.unit_staff).post(
        f"/metrics/{world.households.pk}/values",
        {"measured_on": "2024-10-10", "value": "101", "note": "Theo biên bản"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["value"] == "101.00"
    assert world.households.values.get(measured_on=date(2024, 10, 10)).value == Decimal("101")


def test_a_household_count_with_a_fraction_is_refused_as_on_the_page(world, api_for):
    body = refused_without_change(
        lambda: api_for(world.unit_staff).post(
            f"/metrics/{world.households.pk}/values", {"measured_on": "2024-10-10", "value": "1.5"}
        ),
        400,
        "refused",
    )
    assert "value" in body["fields"]


def test_a_value_measured_in_the_future_is_refused(world, api_for):
    body = refused_without_change(
        lambda: api_for(world.cadre).post(
            f"/metrics/{world.households.pk}/values", {"measured_on": "2024-12-01", "value": "1"}
        ),
        400,
        "refused",
    )
    assert "measured_on" in body["fields"]


def test_a_value_with_more_digits_than_stored_is_refused_by_the_schema(world, api_for):
    refused_without_change(
        lambda: api_for(world.cadre).post(
            f"/metrics/{world.households.pk}/values",
            {"measured_on": "2024-10-01", "value": "9" * 40},
        ),
        422,
        "invalid_input",
    )


def test_who_may_record_values_is_the_pages_rule(world, api_for):
    body = {"measured_on": "2024-10-01", "value": "1"}
    refused_without_change(
        lambda: api_for(world.btv).post(f"/metrics/{world.households.pk}/values", body),
        403,
        "forbidden",
    )
    refused_without_change(
        lambda: api_for(world.other_unit_staff).post(
            f"/metrics/{world.households.pk}/values", body
        ),
        404,
        "not_found",
    )
