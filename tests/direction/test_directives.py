"""Proposals, meetings and directives: the Standing Committee's side of the loop."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.helpers import TODAY, assert_vietnamese, held_meeting, messages_of
from thaogo.direction import services
from thaogo.direction.models import Directive, DirectiveStatus, ProposalStatus
from thaogo.notifications.models import Notification


def _proposal(world, *, task=None, cadre=None, user=None, title="Đề nghị cưỡng chế 3 hộ"):
    return services.proposal_create(
        task=task or world.clearance,
        raised_by=cadre or world.dat,
        title=title,
        content="Ba hộ không chấp hành, đề nghị BTV chỉ đạo.",
        beyond_authority=True,
        by=user or world.cadre,
    )


def _notice_of_conclusions(make, world, *, issued_on=date(2024, 10, 8)):
    return make.document(
        95,
        doc_type="TB",
        issuer=world.district,
        issued_on=issued_on,
        abstract="Thông báo kết luận của Thường trực Quận ủy về giải phóng mặt bằng",
    )


def test_the_whole_proposal_loop_closes_when_the_directive_is_completed(world):
    proposal = _proposal(world)
    meeting = held_meeting(title="Họp BTV tháng 10", held_on=TODAY, by=world.office)
    services.agenda_add(meeting=meeting, proposal=proposal, by=world.office)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ON_AGENDA
    directive = services.directive_issue(
        task=world.clearance,
        proposal=proposal,
        meeting=meeting,
        text="Giao UBND phường hoàn thiện hồ sơ cưỡng chế.",
        responsible_cadre=world.dat,
        deadline=TODAY + timedelta(days=20),
        by=world.office,
    )
    assert Notification.objects.filter(user=world.cadre, key=f"directive:{directive.pk}").exists()
    with pytest.raises(ValidationError):
        services.directive_acknowledge(directive=directive, by=world.other_cadre)
    services.directive_acknowledge(directive=directive, by=world.cadre)
    services.directive_complete(
        directive=directive, by=world.cadre, completed_on=TODAY, note="Đã hoàn thiện hồ sơ."
    )
    directive.refresh_from_db()
    proposal.refresh_from_db()
    assert directive.status == DirectiveStatus.COMPLETED
    assert directive.timing(TODAY) == "completed_on_time"
    assert proposal.status == ProposalStatus.CLOSED


def test_a_cadre_not_assigned_to_the_task_cannot_raise_a_proposal(world):
    with pytest.raises(ValidationError):
        services.proposal_create(
            task=world.clearance, raised_by=world.hoa, title="x", content="y", by=world.other_cadre
        )


def test_an_unfinished_directive_past_its_deadline_is_overdue(world):
    meeting = held_meeting(title="Họp", held_on=TODAY - timedelta(days=3), by=world.office)
    directive = services.directive_issue(
        task=world.clearance,
        meeting=meeting,
        text="Làm ngay",
        responsible_cadre=world.dat,
        deadline=TODAY,
        by=world.btv,
    )
    assert directive.timing(TODAY + timedelta(days=1)) == "overdue"


# ---------------------------------------------------------------- a directive needs a held meeting


@pytest.mark.parametrize("held_on", [TODAY + timedelta(days=5), TODAY - timedelta(days=5)])
def test_a_meeting_not_yet_held_gives_no_directive(world, held_on):
    """Issue 8: a directive for a meeting on 05/12 while today is 30/11 carried a future issue
    date and could never be completed. A planned meeting, past or future, gives none."""
    meeting = services.meeting_create(title="Họp dự kiến", held_on=held_on, by=world.office)
    with pytest.raises(ValidationError) as refused:
        services.directive_issue(
            task=world.clearance,
            meeting=meeting,
            text="Chỉ đạo",
            responsible_cadre=world.dat,
            deadline=held_on + timedelta(days=10),
            by=world.btv,
        )
    assert "meeting" in refused.value.message_dict
    assert not Directive.objects.exists()


def test_every_directive_can_be_completed_by_its_cadre(world):
    """Whatever its source, a directive is issued on or before today, so the cadre can always
    report it done today."""
    meeting = held_meeting(title="Họp", held_on=TODAY, by=world.office)
    directive = services.directive_issue(
        task=world.clearance,
        meeting=meeting,
        text="Chỉ đạo",
        responsible_cadre=world.dat,
        deadline=TODAY + timedelta(days=30),
        by=world.btv,
    )
    assert directive.issued_on <= TODAY
    services.directive_complete(
        directive=directive, by=world.cadre, completed_on=TODAY, note="Xong"
    )


def test_a_held_meeting_with_directives_keeps_its_date(world):
    meeting = held_meeting(title="Họp", held_on=TODAY - timedelta(days=2), by=world.office)
    services.directive_issue(
        task=world.clearance,
        meeting=meeting,
        text="Chỉ đạo",
        responsible_cadre=world.dat,
        deadline=TODAY + timedelta(days=30),
        by=world.btv,
    )
    with pytest.raises(ValidationError) as refused:
        services.meeting_update(
            meeting=meeting,
            by=world.office,
            expected_version=meeting.version,
            held_on=TODAY - timedelta(days=1),
        )
    assert_vietnamese(messages_of(refused.value))


# ---------------------------------------------------------------- directives outside meetings


def test_standing_members_give_a_directive_in_writing_without_a_proposal(world, make):
    notice = _notice_of_conclusions(make, world)
    directive = services.directive_issue(
        task=world.revenue,
        source_document=notice,
        text="Phường An Biên rà soát, đôn đốc thu nợ thuế quý IV.",
        responsible_cadre=world.hoa,
        deadline=TODAY + timedelta(days=15),
        by=world.btv,
    )
    assert directive.proposal is None
    assert directive.meeting is None
    assert directive.issued_on == notice.issued_on
    assert Notification.objects.filter(user=world.other_cadre, kind="directive").exists()
    services.directive_complete(
        directive=directive, by=world.other_cadre, completed_on=TODAY, note="Đã đôn đốc."
    )


def test_a_document_dated_after_today_gives_no_directive(world, make):
    notice = _notice_of_conclusions(make, world, issued_on=TODAY + timedelta(days=3))
    with pytest.raises(ValidationError) as refused:
        services.directive_issue(
            task=world.clearance,
            source_document=notice,
            text="Chỉ đạo",
            responsible_cadre=world.dat,
            deadline=TODAY + timedelta(days=30),
            by=world.btv,
        )
    assert "source_document" in refused.value.message_dict


def test_a_directive_names_its_source(world):
    with pytest.raises(ValidationError) as refused:
        services.directive_issue(
            task=world.clearance,
            text="Chỉ đạo",
            responsible_cadre=world.dat,
            deadline=TODAY + timedelta(days=30),
            by=world.btv,
        )
    assert_vietnamese(messages_of(refused.value))


def test_the_database_refuses_a_directive_without_a_source(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Directive.objects.create(
            task=world.clearance,
            text="x",
            responsible_cadre=world.dat,
            deadline=TODAY,
            issued_on=TODAY,
        )


def test_a_directive_answers_only_a_proposal_of_its_own_task(world):
    proposal = _proposal(world)
    meeting = held_meeting(title="Họp", held_on=TODAY, by=world.office)
    with pytest.raises(ValidationError) as refused:
        services.directive_issue(
            task=world.revenue,
            proposal=proposal,
            meeting=meeting,
            text="Chỉ đạo",
            responsible_cadre=world.hoa,
            deadline=TODAY + timedelta(days=30),
            by=world.btv,
        )
    assert "proposal" in refused.value.message_dict


def test_a_cadre_cannot_record_a_directive(world):
    meeting = held_meeting(title="Họp", held_on=TODAY, by=world.office)
    with pytest.raises(ValidationError):
        services.directive_issue(
            task=world.clearance,
            meeting=meeting,
            text="Tự chỉ đạo",
            responsible_cadre=world.dat,
            deadline=TODAY + timedelta(days=30),
            by=world.cadre,
        )


def test_the_office_records_a_directive_from_the_task_page(world, make, client_for):
    notice = _notice_of_conclusions(make, world)
    proposal = _proposal(world)
    client = client_for(world.office)
    task_page = client.get(reverse("tasks:detail", args=[world.clearance.pk])).content.decode()
    url = reverse("direction:directive_create", args=[world.clearance.pk])
    assert url in task_page
    form_page = client.get(url)
    assert form_page.status_code == 200
    response = client.post(
        url,
        {
            "text": "Khẩn trương hoàn thiện phương án cưỡng chế.",
            "source_document": notice.pk,
            "proposal": proposal.pk,
            "responsible_cadre": world.dat.pk,
            "deadline": (TODAY + timedelta(days=20)).strftime("%d/%m/%Y"),
        },
    )
    directive = Directive.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("direction:directive_detail", args=[directive.pk])
    assert directive.source_document == notice
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DIRECTED
    detail = client.get(response["Location"]).content.decode()
    assert notice.symbol in detail


def test_the_directive_form_refuses_a_planned_meeting_with_a_message(world, client_for):
    planned = services.meeting_create(title="Họp dự kiến", held_on=TODAY, by=world.office)
    response = client_for(world.office).post(
        reverse("direction:directive_create", args=[world.clearance.pk]),
        {
            "text": "Chỉ đạo",
            "meeting": planned.pk,
            "responsible_cadre": world.dat.pk,
            "deadline": (TODAY + timedelta(days=20)).strftime("%d/%m/%Y"),
        },
    )
    # A planned meeting is not among the choices at all.
    assert response.status_code == 400
    assert not Directive.objects.exists()


def test_a_cadre_cannot_open_the_directive_form(world, client_for):
    url = reverse("direction:directive_create", args=[world.clearance.pk])
    assert client_for(world.cadre).get(url).status_code == 403


# ---------------------------------------------------------------- the meeting page's content


@pytest.fixture
def shared_meeting(world):
    """One meeting deciding two cadres' proposals, on tasks in different wards."""
    mine = _proposal(world, title="MARKER-A đề nghị của phường Vĩnh Niệm")
    theirs = services.proposal_create(
        task=world.revenue,
        raised_by=world.hoa,
        title="MARKER-B đề nghị của phường An Biên",
        content="MARKER-B-CONTENT nội dung riêng",
        by=world.other_cadre,
    )
    meeting = held_meeting(title="Họp BTV", held_on=TODAY - timedelta(days=1), by=world.office)
    for proposal in (mine, theirs):
        services.agenda_add(meeting=meeting, proposal=proposal, by=world.office)
    for proposal, cadre, text in (
        (mine, world.dat, "MARKER-A-DIRECTIVE hoàn thiện hồ sơ"),
        (theirs, world.hoa, "MARKER-B-DIRECTIVE điều chuyển vốn"),
    ):
        services.directive_issue(
            task=proposal.task,
            proposal=proposal,
            meeting=meeting,
            text=text,
            responsible_cadre=cadre,
            deadline=TODAY + timedelta(days=9),
            by=world.btv,
        )
    return meeting


@pytest.mark.parametrize("who", ["cadre", "unit_staff"])
def test_the_meeting_page_shows_only_what_the_viewer_may_open(
    world, client_for, shared_meeting, who
):
    page = client_for(getattr(world, who)).get(
        reverse("direction:meeting_detail", args=[shared_meeting.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "MARKER-A đề nghị" in html
    assert "MARKER-A-DIRECTIVE" in html
    assert "MARKER-B" not in html


def test_the_standing_committee_sees_the_whole_meeting(world, client_for, shared_meeting):
    html = (
        client_for(world.btv)
        .get(reverse("direction:meeting_detail", args=[shared_meeting.pk]))
        .content.decode()
    )
    assert "MARKER-A-DIRECTIVE" in html
    assert "MARKER-B-DIRECTIVE" in html


def test_a_directive_on_a_task_the_cadre_cannot_open_shows_no_proposal(world, client_for):
    """The responsible cadre sees the directive, but not the proposal of another task it
    answers."""
    proposal = services.proposal_create(
        task=world.revenue,
        raised_by=world.hoa,
        title="MARKER-C đề nghị riêng",
        content="nội dung",
        by=world.other_cadre,
    )
    meeting = held_meeting(title="Họp", held_on=TODAY, by=world.office)
    directive = services.directive_issue(
        task=world.revenue,
        proposal=proposal,
        meeting=meeting,
        text="Phối hợp rà soát",
        responsible_cadre=world.dat,
        deadline=TODAY + timedelta(days=9),
        by=world.btv,
    )
    page = client_for(world.cadre).get(reverse("direction:directive_detail", args=[directive.pk]))
    assert page.status_code == 200
    assert "Phối hợp rà soát" in page.content.decode()
    assert "MARKER-C" not in page.content.decode()
