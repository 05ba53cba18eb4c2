"""The task page's story: drawn in Python, and kept between visits until an entry changes."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import Truncator
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import held_meeting, submitted_q3_report
from thaogo.core.scoping import ThreadEntry
from thaogo.direction import services as direction
from thaogo.direction.models import AgendaItem, Directive, Proposal
from thaogo.reporting import services as reporting
from thaogo.reporting.models import ReportingKind, ReportObligation
from thaogo.tasks.models import Task
from thaogo.tasks.story import _first_chars, draw_story, story_name
from thaogo.units.models import Cadre

# Letters, Vietnamese marks written as combining characters, and markup.
TEXT = st.text(alphabet=st.sampled_from("aăâêd đ<>&\"' \u0300\u0301\u0303\u0309\u0323"))


@given(text=TEXT, length=st.integers(min_value=1, max_value=40))
def test_the_story_cuts_a_text_exactly_as_truncatechars_does(text, length):
    assert _first_chars(text, length) == Truncator(text).chars(length)


def test_an_entry_is_escaped_and_dated_in_the_server_time_zone():
    entry = ThreadEntry(
        # 23:30 in UTC on 30 November is 1 December in Vietnam.
        datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("UTC")),
        "proposal",
        'Đề xuất <script>alert("x")</script>',
        "Vượt thẩm quyền & cần " + "chỉ đạo " * 40,
        "/app/direction/proposals/7/",
        "vượt thẩm quyền",
    )
    html = draw_story([entry])
    assert html.startswith('<li class="thread-proposal"><small class="muted">01/12/2026</small>')
    assert "<script>" not in html
    assert "Đề xuất &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<span class="badge badge-info">vượt thẩm quyền</span>' in html
    assert "Vượt thẩm quyền &amp; cần" in html
    detail = html[html.index("<small>") + len("<small>") : html.index("</small></li>")]
    assert len(detail.replace("&amp;", "&")) == 220 and detail.endswith("…")


# Kept between visits: every write of an entry, and every rename of what entries show,
# shows on the next visit of the task page, which is visited between each step here so that
# its story is kept.


@pytest.fixture
def story_of(client_for, world):
    client = client_for(world.btc)

    def story(task=None, language="vi") -> list[tuple[str, str]]:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(reverse("tasks:detail", args=[(task or world.clearance).pk]))
        assert response.status_code == 200
        html = response.content.decode()
        thread = html[html.index('class="thread"') : html.index('id="history"')]
        return [
            (kind, " ".join(re.sub(r"<[^>]+>", " ", text).split()))
            for kind, text in re.findall(r'<li class="thread-(\w+)">(.*?)</li>', thread, re.S)
        ]

    return story


def kinds(entries) -> list[str]:
    return sorted(kind for kind, _ in entries)


def test_the_story_shows_each_proposal_agenda_and_directive_on_the_next_visit(world, story_of):
    assert story_of() == []
    proposal = direction.proposal_create(
        task=world.clearance,
        raised_by=world.dat,
        title="Đề nghị cưỡng chế",
        content="Vượt thẩm quyền",
        by=world.cadre,
    )
    assert kinds(story_of()) == ["proposal"]
    meeting = held_meeting(title="Họp Ban Thường vụ", held_on=date(2024, 10, 1), by=world.office)
    direction.agenda_add(meeting=meeting, proposal=proposal, by=world.office)
    assert "Họp Ban Thường vụ (01/10/2024)" in dict(story_of())["meeting"]

    meeting.refresh_from_db()
    direction.meeting_update(
        meeting=meeting, by=world.office, expected_version=meeting.version, title="Họp mở rộng"
    )
    assert "Họp mở rộng (01/10/2024)" in dict(story_of())["meeting"]

    directive = direction.directive_issue(
        task=world.clearance,
        proposal=proposal,
        meeting=meeting,
        text="Tổ chức cưỡng chế",
        responsible_cadre=world.dat,
        deadline=date(2024, 10, 30),
        by=world.btv,
    )
    assert kinds(story_of()) == ["directive", "meeting", "proposal"]
    directive = direction.directive_acknowledge(directive=directive, by=world.cadre)
    assert kinds(story_of()) == ["directive", "follow_up", "meeting", "proposal"]
    direction.directive_complete(
        directive=directive, by=world.cadre, completed_on=directive.issued_on, note="Đã xong"
    )
    assert any("Đã xong" in text for _, text in story_of())


def test_the_story_shows_a_report_and_its_review_on_the_next_visit(world, story_of):
    obligation = ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )
    report = reporting.report_for(obligation)
    report = reporting.report_save_draft(
        report=report, by=world.cadre, expected_version=report.version, results="Kết quả quý III"
    )
    assert story_of() == []  # a draft is never in the story
    report = reporting.report_submit(report=report, by=world.cadre, expected_version=report.version)
    entries = story_of()
    assert kinds(entries) == ["report"] and "Kết quả quý III" in entries[0][1]
    reporting.report_accept(report=report, by=world.btc, comment="Đạt yêu cầu")
    assert kinds(story_of()) == ["report", "review"]
    assert "Đạt yêu cầu" in dict(story_of())["review"]


def test_a_renamed_cadre_or_reporting_kind_shows_in_every_story_on_the_next_visit(world, story_of):
    direction.proposal_create(
        task=world.clearance, raised_by=world.dat, title="Đề nghị", content="…", by=world.cadre
    )
    report = submitted_q3_report(world)
    before = dict(story_of())
    assert world.dat.full_name in before["proposal"]

    dat = Cadre.objects.get(pk=world.dat.pk)
    dat.full_name = "Nguyễn Văn Mới"
    dat.save()
    assert "Nguyễn Văn Mới" in dict(story_of())["proposal"]

    kind = ReportingKind.objects.get(code=report.obligation.kind)
    kind.label_pattern = "Kỳ {number} năm {year}"
    kind.save()
    assert "Kỳ 3 năm 2024" in dict(story_of())["report"]


def test_the_story_is_kept_per_language(world, story_of):
    direction.proposal_create(
        task=world.clearance, raised_by=world.dat, title="Đề nghị", content="…", by=world.cadre
    )
    assert "Đề xuất của" in dict(story_of(language="vi"))["proposal"]
    assert "Proposal by" in dict(story_of(language="en"))["proposal"]
    assert "Đề xuất của" in dict(story_of(language="vi"))["proposal"]


def test_a_story_read_inside_a_rolled_back_write_is_never_served(world, story_of):
    story_of()  # kept, empty
    with pytest.raises(RuntimeError), transaction.atomic():
        direction.proposal_create(
            task=world.clearance, raised_by=world.dat, title="Bỏ", content="…", by=world.cadre
        )
        # The writer's own transaction reads the story with its proposal, and keeps it.
        assert kinds(story_of()) == ["proposal"]
        raise RuntimeError
    assert story_of() == []
    direction.proposal_create(
        task=world.clearance, raised_by=world.dat, title="Giữ", content="…", by=world.cadre
    )
    (entry,) = story_of()
    assert "Giữ" in entry[1] and "Bỏ" not in entry[1]


def test_a_kept_story_is_not_read_again(world, story_of, client_for):
    direction.proposal_create(
        task=world.clearance, raised_by=world.dat, title="Đề nghị", content="…", by=world.cadre
    )
    story_of()
    with CaptureQueriesContext(connection) as queries:
        assert kinds(story_of()) == ["proposal"]
    read = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("direction_proposal", "direction_directive", "reporting_reportsubmission"):
        assert table not in read


def name_of(task) -> int | None:
    return Task.objects.annotate(name=story_name()).get(pk=task.pk).name


def test_every_write_of_an_entry_renames_its_task_story_and_no_other(world, make):
    # Row by row, not only through the services: a service that also saves a proposal or
    # moves the data's version would hide a watcher missing for the row it writes.
    names = [name_of(world.clearance)]

    def renamed() -> None:
        name = name_of(world.clearance)
        assert name not in names
        names.append(name)

    proposal = direction.proposal_create(
        task=world.clearance, raised_by=world.dat, title="Đề nghị", content="…", by=world.cadre
    )
    renamed()
    meeting = held_meeting(title="Họp", held_on=date(2024, 10, 1), by=world.office)
    assert name_of(world.clearance) == names[-1]  # a meeting with nothing of this task
    item = AgendaItem.objects.create(meeting=meeting, proposal=proposal, order=1)
    renamed()
    meeting.title = "Họp mở rộng"
    meeting.save()
    renamed()
    directive = direction.directive_issue(
        task=world.clearance,
        text="Chỉ đạo",
        responsible_cadre=world.dat,
        deadline=date(2024, 10, 30),
        meeting=meeting,
        by=world.btv,
    )
    renamed()
    Directive.objects.get(pk=directive.pk).save()
    renamed()
    Proposal.objects.get(pk=proposal.pk).save()
    renamed()
    report = submitted_q3_report(world)
    renamed()
    reporting.report_accept(report=report, by=world.btc)
    renamed()
    item.delete()
    renamed()
    assert name_of(world.revenue) is None  # never written
