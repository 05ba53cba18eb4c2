"""`thaogo export`: the same files as the pages, for scheduled jobs."""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.exports.reading import docx_text, workbook
from tests.helpers import held_meeting
from thaogo.direction import services as direction
from thaogo.documents.selectors import documents_with_symbol

pytestmark = pytest.mark.django_db


def _codes(path: Path) -> list[tuple[str, str]]:
    sheet = workbook(path.read_bytes()).worksheets[0]
    return [(row[0], row[1]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_tasks_of_a_plan_with_full_visibility(world, tmp_path):
    out = tmp_path / "tasks.xlsx"
    call_command("export", "tasks", "--plan", "164-KH/QU", "-o", str(out))
    assert _codes(out) == [("164-KH/QU", code) for code in ("01", "02", "03", "04", "05")]
    info = dict(workbook(out.read_bytes())["Thông tin"].iter_rows(min_row=2, values_only=True))
    assert info["Kế hoạch"] == "164-KH/QU"
    assert info["Người xuất"] == "Xuất theo lịch (toàn bộ dữ liệu)"


def test_tasks_with_filters_and_a_users_view(world, tmp_path):
    out = tmp_path / "tasks.xlsx"
    call_command("export", "tasks", "--filter", "timing=overdue", "-o", str(out))
    assert _codes(out) == [("164-KH/QU", "04")]
    call_command("export", "tasks", "--user", "cadre", "-o", str(out))
    assert _codes(out) == [("164-KH/QU", "01")]
    call_command("export", "tasks", "--user", "outsider", "-o", str(out))
    assert _codes(out) == []


def test_the_conclusion_notice_from_the_command_line(world, tmp_path):
    meeting = held_meeting(title="Phiên họp", held_on=date(2024, 10, 1), by=world.office)
    proposal = direction.proposal_create(
        task=world.clearance, raised_by=world.dat, title="Đề xuất", content="x", by=world.cadre
    )
    direction.agenda_add(meeting=meeting, proposal=proposal, by=world.office)
    direction.directive_issue(
        task=world.clearance,
        proposal=proposal,
        meeting=meeting,
        text="Chỉ đạo cưỡng chế",
        responsible_cadre=world.dat,
        deadline=date(2024, 10, 30),
        by=world.btv,
    )
    out = tmp_path / "tb.docx"
    call_command("export", "conclusion", "--meeting", str(meeting.pk), "-o", str(out))
    text = docx_text(out.read_bytes())
    assert "Chỉ đạo cưỡng chế" in text and "30/10/2024" in text and "THÔNG BÁO" in text
    with pytest.raises(CommandError, match="may not"):
        call_command("export", "conclusion", "--meeting", str(meeting.pk), "--user", "cadre")
    with pytest.raises(CommandError, match="Not found"):
        call_command("export", "conclusion", "--meeting", "999999", "-o", str(out))


def test_the_reports_board_from_the_command_line(world, tmp_path):
    out = tmp_path / "reports.xlsx"
    call_command("export", "reports", "--state", "overdue", "-o", str(out))
    rows = list(workbook(out.read_bytes()).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert rows and all(row[5] == "Quá hạn" for row in rows)


def test_mistakes_are_refused_plainly(world, tmp_path):
    with pytest.raises(CommandError, match="no plan"):
        call_command("export", "tasks", "--plan", "999-KH/QU", "-o", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="no active user"):
        call_command("export", "tasks", "--user", "nobody", "-o", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="NAME=VALUE"):
        call_command("export", "tasks", "--filter", "overdue", "-o", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="Not found"):  # a period nobody reported on
        call_command("export", "report", "--plan", "164-KH/QU", "--period", "Quý I/2030")


def test_plans_are_found_by_the_number_officials_write(world):
    assert list(documents_with_symbol("164-KH/QU")) == [world.plan_doc]
    assert list(documents_with_symbol("0164-kh/qu")) == [world.plan_doc]
    assert list(documents_with_symbol("115/KH-UBND")) == [world.state_doc]
    assert list(documents_with_symbol("115-KH/UBND")) == []  # a State number, written wrong
    assert list(documents_with_symbol("KH/QU")) == []
