"""One report per period for a cadre: a section for each task they lead and a general one,
saved as they type and submitted once, all parts or none. Each part is still reviewed on its
own, and supporting cadres add to the lead's part under their name."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.helpers import assert_vietnamese, form_as_served
from thaogo.reporting import services
from thaogo.reporting.models import (
    Contribution,
    PeriodReport,
    Report,
    ReportObligation,
    ReportStatus,
    ReportSubmission,
)
from thaogo.tasks.models import AssignmentRole

Q3 = ("quarter", 2024, 3)
TITLE = "Báo cáo kết quả thực hiện nhiệm vụ – Quý III/2024"


@pytest.fixture
def two_tasks(world, make):
    """Đạt leads task 01 and, from now on, task 05 too."""
    make.by = world.btc
    make.assign(world.obstacles, world.dat)
    make.by = None
    return [
        ReportObligation.objects.get(assignment__task=task, kind="quarter", year=2024, number=3)
        for task in (world.clearance, world.obstacles)
    ]


@pytest.fixture
def hoa_supports(world, make):
    make.by = world.btc
    make.assign(world.clearance, world.hoa, role=AssignmentRole.SUPPORT)
    make.by = None


def url(name: str = "reporting:period_report", period=Q3) -> str:
    return reverse(name, args=list(period))


def served(client) -> dict[str, list[str]]:
    response = client.get(url())
    assert response.status_code == 200
    return form_as_served(response.content.decode(), "period-form")


def filled(fields, obligations, **texts) -> dict[str, list[str]]:
    for obligation, text in zip(obligations, texts.get("results", []), strict=False):
        fields[f"s{obligation.pk}-results"] = [text]
    if "general" in texts:
        fields["general-general"] = [texts["general"]]
    return fields


def status_of(obligation) -> str:
    report = Report.objects.filter(obligation=obligation).first()
    return report.status if report else "none"


def test_the_page_has_a_section_for_each_led_task_and_a_general_one(world, two_tasks, client_for):
    html = client_for(world.cadre).get(url()).content.decode()
    assert TITLE in html
    for obligation in two_tasks:
        assert f'id="section-{obligation.pk}"' in html
        assert obligation.assignment.task.title in html
        assert f'name="s{obligation.pk}-results"' in html
    assert 'name="general-general"' in html
    assert world.revenue.title not in html  # Hoa's task, not Đạt's
    # Opening the page writes nothing; the first save does.
    assert not Report.objects.filter(obligation__in=two_tasks).exists()
    assert not PeriodReport.objects.exists()


def test_the_report_list_links_to_the_period_page(world, two_tasks, client_for):
    board = client_for(world.cadre).get(reverse("reporting:report_board")).content.decode()
    assert f'href="{url()}"' in board


def test_a_cadre_leading_one_task_gets_one_section(world, client_for):
    html = client_for(world.other_cadre).get(url()).content.decode()
    assert TITLE in html
    assert html.count('class="report-section"') == 2  # the task and the general section
    assert world.revenue.title in html


def test_the_form_as_served_saves_then_submits_every_part_at_once(world, two_tasks, client_for):
    client = client_for(world.cadre)
    fields = filled(
        served(client),
        two_tasks,
        results=["Đã vận động 30 hộ.", "Đã tháo gỡ 2 vướng mắc."],
        general="Nhìn chung các nhiệm vụ được triển khai đúng kế hoạch.",
    )
    assert client.post(url(), {**fields, "save": [""]}).status_code == 302
    assert [status_of(o) for o in two_tasks] == ["draft", "draft"]
    # What the page serves back after the save, unchanged, is what is submitted.
    fields = served(client)
    # (A browser drops the newline that opens a textarea; this reader keeps it.)
    assert fields[f"s{two_tasks[0].pk}-results"][0].strip() == "Đã vận động 30 hộ."
    assert client.post(url(), {**fields, "submit": [""]}).status_code == 302
    assert [status_of(o) for o in two_tasks] == ["submitted", "submitted"]
    clearance = Report.objects.get(obligation=two_tasks[0])
    assert clearance.metric_values.get(metric=world.households).value == Decimal(90)
    for obligation in two_tasks:
        content = ReportSubmission.objects.get(report__obligation=obligation).content
        assert content["general"] == "Nhìn chung các nhiệm vụ được triển khai đúng kế hoạch."
    html = client.get(url()).content.decode()
    assert "Đã vận động 30 hộ." in html and 'name="submit"' not in html


def test_one_section_refused_submits_nothing_and_says_which_in_vietnamese(
    world, two_tasks, client_for
):
    client = client_for(world.cadre)
    fields = filled(served(client), two_tasks, results=["Đã vận động 30 hộ.", "   "])
    response = client.post(url(), {**fields, "submit": [""]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Chưa gửi phần nào" in html
    assert f'href="#section-{two_tasks[1].pk}"' in html
    message = html[html.index(f'id="section-{two_tasks[1].pk}"') :]
    assert "kết quả đạt được trước khi gửi báo cáo" in message
    # All or nothing: not even the valid part's text was kept.
    assert [status_of(o) for o in two_tasks] == ["none", "none"]
    assert not PeriodReport.objects.exists()


def test_a_figure_that_cannot_be_read_submits_nothing(world, two_tasks, client_for):
    client = client_for(world.cadre)
    fields = filled(served(client), two_tasks, results=["Đã vận động.", "Đã tháo gỡ."])
    fields[f"s{two_tasks[0].pk}-metric_{world.households.pk}"] = ["1.234"]
    response = client.post(url(), {**fields, "submit": [""]})
    assert response.status_code == 400
    assert f'href="#section-{two_tasks[0].pk}"' in response.content.decode()
    assert [status_of(o) for o in two_tasks] == ["none", "none"]


def test_autosave_saves_only_its_own_section(world, two_tasks, client_for):
    client = client_for(world.cadre)
    fields = filled(served(client), two_tasks, results=["Phần một đang viết", "Phần hai"])
    first = two_tasks[0]
    response = client.post(
        url("reporting:period_autosave"), {**fields, "section": [f"s{first.pk}"]}
    )
    assert response.status_code == 200
    report = Report.objects.get(obligation=first)
    assert report.results == "Phần một đang viết"
    assert f'id="id_s{first.pk}-version"' in response.content.decode()
    assert f'value="{report.version}"' in response.content.decode()
    assert not Report.objects.filter(obligation=two_tasks[1]).exists()
    general = client.post(
        url("reporting:period_autosave"),
        {**fields, "section": ["general"], "general-general": ["Nhận định chung"]},
    )
    assert general.status_code == 200
    assert PeriodReport.objects.get(cadre=world.dat).general == "Nhận định chung"


def test_two_tabs_saving_the_same_section_the_stale_one_is_refused(world, two_tasks, client_for):
    client = client_for(world.cadre)
    first = two_tasks[0]
    tab_a, tab_b = served(client), served(client)
    section = {"section": [f"s{first.pk}"]}
    tab_a[f"s{first.pk}-results"] = ["Bản của tab A"]
    assert client.post(url("reporting:period_autosave"), {**tab_a, **section}).status_code == 200
    tab_b[f"s{first.pk}-results"] = ["Bản của tab B"]
    stale = client.post(url("reporting:period_autosave"), {**tab_b, **section})
    assert stale.status_code == 409
    assert "Người khác đã lưu bản ghi này" in stale.content.decode()
    assert Report.objects.get(obligation=first).results == "Bản của tab A"
    # The stale tab cannot submit over it either.
    tab_b[f"s{two_tasks[1].pk}-results"] = ["Phần hai"]
    assert client.post(url(), {**tab_b, "submit": [""]}).status_code == 400
    assert [status_of(o) for o in two_tasks] == ["draft", "none"]


def test_a_section_posted_without_its_version_is_refused(world, two_tasks, client_for):
    client = client_for(world.cadre)
    first = two_tasks[0]
    tab = served(client)
    tab[f"s{first.pk}-results"] = ["Không kèm phiên bản"]
    del tab[f"s{first.pk}-version"]
    response = client.post(url("reporting:period_autosave"), {**tab, "section": [f"s{first.pk}"]})
    assert response.status_code in (400, 409)
    assert "Không kèm phiên bản" not in Report.objects.filter(obligation=first).values_list(
        "results", flat=True
    )


def test_the_board_accepts_one_part_and_returns_the_other(world, two_tasks, client_for):
    cadre = client_for(world.cadre)
    fields = filled(served(cadre), two_tasks, results=["Phần 01", "Phần 05"])
    assert cadre.post(url(), {**fields, "submit": [""]}).status_code == 302
    board = client_for(world.btc)
    accept, give_back = two_tasks
    detail = reverse("reporting:report_detail", args=[accept.pk])
    assert board.post(detail, {"decision": "accept", "comment": ""}).status_code == 302
    detail = reverse("reporting:report_detail", args=[give_back.pk])
    returned = board.post(detail, {"decision": "return", "comment": "Bổ sung số liệu cụ thể."})
    assert returned.status_code == 302
    assert [status_of(o) for o in two_tasks] == ["accepted", "returned"]

    html = cadre.get(url()).content.decode()
    assert "Bổ sung số liệu cụ thể." in html
    assert f'name="s{give_back.pk}-results"' in html
    assert f'name="s{accept.pk}-results"' not in html  # accepted: no longer editable
    fields = served(cadre)
    fields[f"s{give_back.pk}-results"] = ["Phần 05, đã bổ sung số liệu."]
    assert cadre.post(url(), {**fields, "submit": [""]}).status_code == 302
    assert [status_of(o) for o in two_tasks] == ["accepted", "submitted"]
    assert Report.objects.get(obligation=give_back).revision == 2
    assert Report.objects.get(obligation=accept).revision == 1


def test_a_supporting_cadre_adds_to_the_leads_section_under_their_name(
    world, two_tasks, hoa_supports, client_for
):
    clearance = two_tasks[0]
    hoa = client_for(world.other_cadre)
    detail = reverse("reporting:report_detail", args=[clearance.pk])
    form = form_as_served(hoa.get(detail).content.decode(), "contribution-form")
    assert "text" in form
    response = hoa.post(
        reverse("reporting:contribution_add", args=[clearance.pk]),
        {**form, "text": "Phường An Biên đã hỗ trợ 2 cán bộ kiểm đếm."},
    )
    assert response.status_code == 302
    lead_page = client_for(world.cadre).get(url()).content.decode()
    section = lead_page[lead_page.index(f'id="section-{clearance.pk}"') :]
    assert "Phường An Biên đã hỗ trợ 2 cán bộ kiểm đếm." in section
    assert "Trần Thị Hoa" in section
    # Like a draft, it reaches the reviewers only with the submitted report.
    assert "kiểm đếm" not in client_for(world.btc).get(detail).content.decode()
    cadre = client_for(world.cadre)
    fields = filled(served(cadre), two_tasks, results=["Phần 01", "Phần 05"])
    assert cadre.post(url(), {**fields, "submit": [""]}).status_code == 302
    reviewer_page = client_for(world.btc).get(detail).content.decode()
    assert "Phường An Biên đã hỗ trợ 2 cán bộ kiểm đếm." in reviewer_page
    assert "Trần Thị Hoa" in reviewer_page
    # Once submitted, nothing more is added until the report is returned.
    with pytest.raises(ValidationError):
        services.contribution_add(obligation=clearance, by=world.other_cadre, text="Thêm")


def test_only_a_supporting_cadre_of_the_task_may_contribute(world, two_tasks, client_for):
    clearance = two_tasks[0]
    add = reverse("reporting:contribution_add", args=[clearance.pk])
    data = {"text": "Ý kiến"}
    assert client_for(world.other_cadre).post(add, data).status_code == 404  # not on the task
    assert client_for(world.cadre).post(add, data).status_code == 403  # the lead writes it
    assert client_for(world.unit_staff).post(add, data).status_code == 403
    assert client_for(world.btc).post(add, data).status_code == 403
    assert not Contribution.objects.exists()
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.contribution_add(obligation=clearance, by=world.cadre, text="Ý kiến")
    assert_vietnamese(" ".join(error.value.messages))
    detail = client_for(world.unit_staff).get(
        reverse("reporting:report_detail", args=[clearance.pk])
    )
    assert "contributions/" not in detail.content.decode()


def test_nobody_else_opens_the_page_or_sees_its_drafts(world, two_tasks, client_for):
    client = client_for(world.cadre)
    fields = filled(served(client), two_tasks, results=["Nháp riêng Alpha"], general="Beta")
    assert client.post(url(), {**fields, "save": [""]}).status_code == 302
    for who in ("btv", "btc", "office", "admin", "unit_staff", "editor", "outsider"):
        assert client_for(getattr(world, who)).get(url()).status_code == 404, who
    assert client_for(None).get(url()).status_code == 302
    # Another cadre at the same address finds only their own period report.
    html = client_for(world.other_cadre).get(url()).content.decode()
    assert "Alpha" not in html and "Beta" not in html
    assert world.clearance.title not in html
    # Nor can they save into it.
    autosave = client_for(world.other_cadre).post(
        url("reporting:period_autosave"), {**fields, "section": [f"s{two_tasks[0].pk}"]}
    )
    assert autosave.status_code == 404
    assert Report.objects.get(obligation=two_tasks[0]).results == "Nháp riêng Alpha"
    # The board sees the drafts of neither part.
    for obligation in two_tasks:
        page = client_for(world.btc).get(reverse("reporting:report_detail", args=[obligation.pk]))
        assert "Alpha" not in page.content.decode()


def test_a_period_nobody_reports_on_is_not_found(world, two_tasks, client_for):
    client = client_for(world.cadre)
    assert client.get(url(period=("quarter", 2030, 1))).status_code == 404
    assert client.get(url(period=("fortnight", 2024, 1))).status_code == 404
    assert client.get(url(period=("quarter", 2024, 13))).status_code == 404
    assert client.get(url(period=("quarter", 10**40, 1))).status_code == 404


def test_the_service_refuses_a_period_report_of_someone_else(world, two_tasks):
    period_report = services.period_report_for(cadre=world.dat, kind="quarter", year=2024, number=3)
    with pytest.raises(ValidationError):
        services.period_report_save(
            period_report=period_report,
            by=world.other_cadre,
            expected_version=period_report.version,
            general="x",
        )
    assert Report.objects.filter(status=ReportStatus.SUBMITTED).count() == 0
    assert date(2024, 9, 14) in {o.period_end for o in two_tasks}
