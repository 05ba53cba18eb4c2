"""The notice of a meeting's conclusions as .docx, in the Party or the State format of the
issuing unit, read back with python-docx as a clerk checks a document before signing."""

from datetime import date

import docx
import pytest
from django.urls import reverse
from docx.shared import Pt

from tests.exports.pdf import pdf_pages
from tests.exports.reading import document, docx_text, response_bytes
from tests.helpers import held_meeting
from thaogo.direction import services as direction
from thaogo.direction.models import Meeting
from thaogo.exports.docx import template_path
from thaogo.units.models import DocumentStyle

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world) -> Meeting:
    """A held meeting: two proposals on the agenda, a directive on the first, and one more
    directive given unasked on another task."""
    meeting = held_meeting(
        title="Phiên họp Ban Thường vụ về các việc khó", held_on=date(2024, 10, 1), by=world.office
    )
    meeting = direction.meeting_update(
        meeting=meeting,
        by=world.office,
        expected_version=meeting.version,
        minutes="Ban Thường vụ thống nhất ý kiến chỉ đạo như sau.",
        attendees=[world.dat],
    )
    clearance = direction.proposal_create(
        task=world.clearance,
        raised_by=world.dat,
        title="Đề nghị áp dụng biện pháp cưỡng chế",
        content="Sau 5 lần vận động, 3 hộ chưa bàn giao mặt bằng.",
        by=world.cadre,
    )
    revenue = direction.proposal_create(
        task=world.revenue,
        raised_by=world.hoa,
        title="Đề nghị gia hạn thu nợ thuế",
        content="Doanh nghiệp xin nộp dần.",
        by=world.other_cadre,
    )
    for proposal in (clearance, revenue):
        direction.agenda_add(meeting=meeting, proposal=proposal, by=world.office)
    direction.directive_issue(
        task=world.clearance,
        proposal=clearance,
        meeting=meeting,
        text="Giao UBND quận thành lập tổ cưỡng chế.",
        responsible_cadre=world.dat,
        deadline=date(2024, 10, 31),
        by=world.btv,
    )
    direction.directive_issue(
        task=world.investment,
        proposal=None,
        meeting=meeting,
        text="Rà soát tiến độ giải ngân vốn xây trường học.",
        responsible_cadre=world.tuan,
        responsible_unit=world.an_bien,
        deadline=date(2024, 11, 15),
        by=world.btv,
    )
    return Meeting.objects.get(pk=meeting.pk)


def _notice(client, meeting):
    response = client.get(reverse("exports:conclusion", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    return response_bytes(response)


def _lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs]


def _run_with(paragraphs, text):
    for paragraph in paragraphs:
        for run in paragraph.runs:
            if text in run.text:
                return paragraph, run
    raise AssertionError(f"no run with {text!r}")


def _mm(*lengths) -> tuple[float, ...]:
    """Lengths in millimetres, as Word keeps them (in twentieths of a point)."""
    return tuple(round(length.mm, 1) for length in lengths)


def _size(paragraph, run) -> Pt:
    return run.font.size or paragraph.style.font.size


def test_the_party_notice_has_the_page_and_fonts_of_hd36(world, meeting, client_for):
    word = document(_notice(client_for(world.btc), meeting))
    section = word.sections[0]
    assert _mm(section.page_width, section.page_height) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert _mm(*margins) == (20, 20, 30, 15)
    for name in ("Normal", "Body Text", "Heading 2", "Document Type", "Table Text"):
        assert word.styles[name].font.name == "Times New Roman", name
    assert word.styles["Normal"].font.size == Pt(14)
    body = word.styles["Body Text"].paragraph_format
    assert body.first_line_indent is not None and body.first_line_indent > 0
    body_paragraphs = [p for p in word.paragraphs if p.style.name == "Body Text" and p.text]
    assert len(body_paragraphs) >= 5
    # No run names a font of its own: the styles give Times New Roman everywhere.
    assert {r.font.name for p in word.paragraphs for r in p.runs} <= {None, "Times New Roman"}


def test_the_party_header_reads_as_hd36_writes_it(world, meeting, client_for):
    word = document(_notice(client_for(world.btc), meeting))
    left, right = word.tables[0].rows[0].cells
    assert _lines(left) == [
        "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG",
        "QUẬN ỦY LÊ CHÂN",
        "*",
        "Số       -TB/QU",
    ]
    paragraph, issuer = _run_with(left.paragraphs, "QUẬN ỦY LÊ CHÂN")
    assert issuer.bold and _size(paragraph, issuer) == Pt(14)
    paragraph, party = _run_with(right.paragraphs, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert party.bold and party.underline and _size(paragraph, party) == Pt(15)
    paragraph, day = _run_with(right.paragraphs, "ngày")
    assert paragraph.text == "Lê Chân, ngày 15 tháng 10 năm 2024"
    assert day.italic and _size(paragraph, day) == Pt(14)
    titles = [p for p in word.paragraphs if p.style.name in ("Document Type", "Document Summary")]
    assert [p.text for p in titles] == [
        "THÔNG BÁO",
        "Kết luận của phiên họp Ban Thường vụ về các việc khó ngày 01/10/2024",
    ]
    assert word.styles["Document Type"].font.bold
    assert word.styles["Document Type"].font.size == Pt(16)


def test_the_notice_lists_each_proposal_and_directive_with_its_cadre_and_deadline(
    world, meeting, client_for
):
    data = _notice(client_for(world.btc), meeting)
    text = docx_text(data)
    assert "1. Đề nghị áp dụng biện pháp cưỡng chế" in text
    assert "2. Đề nghị gia hạn thu nợ thuế" in text
    assert "Chưa có ý kiến chỉ đạo đối với đề xuất này." in text
    assert "3. Các ý kiến chỉ đạo khác" in text
    assert "Giao đồng chí Nguyễn Văn Đạt chủ trì thực hiện; hạn hoàn thành: 31/10/2024." in text
    assert (
        "Giao đồng chí Lê Minh Tuấn (Phường An Biên) chủ trì thực hiện; "
        "hạn hoàn thành: 15/11/2024." in text
    )
    assert "Dự họp: Nguyễn Văn Đạt." in text
    assert "Ban Thường vụ thống nhất ý kiến chỉ đạo như sau." in text
    word = document(data)
    directives = word.tables[1]
    assert [c.text for c in directives.rows[0].cells] == [
        "STT",
        "Ý kiến chỉ đạo",
        "Cán bộ chịu trách nhiệm",
        "Hạn hoàn thành",
    ]
    assert [[c.text for c in row.cells] for row in directives.rows[1:]] == [
        ["1", "Giao UBND quận thành lập tổ cưỡng chế.", "Nguyễn Văn Đạt", "31/10/2024"],
        ["2", "Rà soát tiến độ giải ngân vốn xây trường học.", "Lê Minh Tuấn", "15/11/2024"],
    ]
    recipients, signature = word.tables[2].rows[0].cells
    assert _lines(recipients) == [
        "Nơi nhận:",
        "- Các đồng chí Ủy viên Ban Thường vụ,",
        "- Đồng chí Lê Minh Tuấn,",
        "- Đồng chí Nguyễn Văn Đạt,",
        "- Đồng chí Trần Thị Hoa,",
        "- Lưu Văn phòng.",
    ]
    assert signature.paragraphs[0].text == "T/M BAN THƯỜNG VỤ"
    assert "{{" not in text


def test_a_state_unit_issues_its_notice_in_the_state_format(world, make, meeting, client_for):
    notice = make.document(
        7,
        doc_type="TB",
        issuer=world.peoples_committee,
        issued_on=date(2024, 10, 3),
        abstract="Thông báo kết luận",
        series="2024",
    )
    Meeting.objects.filter(pk=meeting.pk).update(conclusion=notice)
    word = document(_notice(client_for(world.btc), meeting))
    left, right = word.tables[0].rows[0].cells
    assert [line for line in _lines(left) if line] == ["UBND QUẬN LÊ CHÂN", "Số: 07/TB-UBND"]
    paragraph, republic = _run_with(right.paragraphs, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert republic.bold and _size(paragraph, republic) == Pt(12)
    paragraph, motto = _run_with(right.paragraphs, "Độc lập - Tự do - Hạnh phúc")
    assert motto.bold and motto.underline and _size(paragraph, motto) == Pt(13)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in docx_text(_notice(client_for(world.btc), meeting))
    paragraph, day = _run_with(right.paragraphs, "ngày")
    assert paragraph.text == "Lê Chân, ngày 03 tháng 10 năm 2024" and day.italic
    recipients = word.tables[2].rows[0].cells[0]
    assert _lines(recipients)[1] == "- Các đồng chí Ủy viên Ban Thường vụ;"
    assert _mm(word.sections[0].page_width) == (210,)


def test_a_party_notice_already_numbered_carries_its_number(world, make, meeting, client_for):
    notice = make.document(
        12, doc_type="TB", issuer=world.district, issued_on=date(2024, 10, 2), abstract="TB"
    )
    Meeting.objects.filter(pk=meeting.pk).update(conclusion=notice)
    word = document(_notice(client_for(world.btc), meeting))
    left, right = word.tables[0].rows[0].cells
    assert _lines(left)[-1] == "Số 12-TB/QU"
    assert _lines(right)[-1] == "Lê Chân, ngày 02 tháng 10 năm 2024"


def test_an_administrator_replaces_the_template(world, meeting, client_for, settings, tmp_path):
    own = docx.Document(str(template_path(DocumentStyle.PARTY)))
    signature = own.tables[1].rows[0].cells[1].paragraphs[0]
    signature.runs[0].text = "T/L BAN THƯỜNG VỤ"
    own.add_paragraph("Bản dự thảo")
    own.save(str(tmp_path / "party.docx"))
    settings.THAOGO_DOCX_TEMPLATE_DIR = str(tmp_path)
    word = document(_notice(client_for(world.btc), meeting))
    assert word.tables[2].rows[0].cells[1].paragraphs[0].text == "T/L BAN THƯỜNG VỤ"
    assert word.paragraphs[-1].text == "Bản dự thảo"


def test_only_those_who_see_the_minutes_download_it_and_see_the_button(world, meeting, client_for):
    url = reverse("exports:conclusion", args=[meeting.pk])
    page = reverse("direction:meeting_detail", args=[meeting.pk])
    assert url in client_for(world.btv).get(page).content.decode()
    cadre = client_for(world.cadre)
    assert cadre.get(page).status_code == 200
    assert url not in cadre.get(page).content.decode()
    assert cadre.get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404


def test_a_meeting_not_yet_held_has_no_conclusion_notice(world, client_for):
    planned = direction.meeting_create(
        title="Họp sắp tới", held_on=date(2024, 10, 20), by=world.btc
    )
    assert (
        client_for(world.btc).get(reverse("exports:conclusion", args=[planned.pk])).status_code
        == 404
    )
    page = client_for(world.btc).get(reverse("direction:meeting_detail", args=[planned.pk]))
    assert reverse("exports:conclusion", args=[planned.pk]) not in page.content.decode()


@pytest.mark.slow
def test_the_notice_renders_to_pdf_with_libreoffice(world, meeting, client_for, tmp_path):
    assert pdf_pages(_notice(client_for(world.btc), meeting), tmp_path) == 2
