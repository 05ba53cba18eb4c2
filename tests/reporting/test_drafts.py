"""A draft report is its author's alone until it is submitted, and so is a returned report
while the cadre revises it: its text, figures and files never reach anyone else, not
through the report page, its history, the task page or an attachment's address."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thaogo.direction import services as direction
from thaogo.reporting import services
from thaogo.reporting.models import ReportObligation

OTHERS = ["btv", "btc", "office", "admin", "unit_staff"]  # everyone else who sees the report


@pytest.fixture
def q3(world):
    return ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )


def save(report, by, **fields):
    return services.report_save_draft(
        report=report, by=by, expected_version=report.version, **fields
    )


def submit(report, by):
    return services.report_submit(report=report, by=by, expected_version=report.version)


def attach(report, by, name):
    return services.attachment_add(
        report=report, file=SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode()), by=by
    )


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def report_page(client_for, who, obligation) -> str:
    return page(client_for(who), reverse("reporting:report_detail", args=[obligation.pk]))


def download_status(client_for, who, attachment) -> int:
    response = client_for(who).get(reverse("reporting:attachment_download", args=[attachment.pk]))
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def test_an_unsubmitted_draft_shows_to_nobody_but_its_author(world, q3, client_for):
    report = save(services.report_for(q3), world.cadre, results="Nháp chưa nộp Alpha")
    save(report, world.cadre, results="Nháp chưa nộp Beta", causes="Nguyên nhân nháp Gamma")
    for who in OTHERS:
        html = report_page(client_for, getattr(world, who), q3)
        for draft in ("Alpha", "Beta", "Gamma"):
            assert draft not in html, f"{who} sees the draft text {draft}"
    own = report_page(client_for, world.cadre, q3)
    assert "Nháp chưa nộp Beta" in own  # the author's own history keeps every save


def test_others_see_the_history_of_submissions_only_with_no_draft_as_an_old_value(
    world, q3, client_for
):
    report = save(services.report_for(q3), world.cadre, results="Nháp đầu Alpha")
    report = save(report, world.cadre, results="Kết quả nộp lần một")
    report = submit(report, world.cadre)
    report = services.report_return(report=report, by=world.btc, comment="Bổ sung số liệu.")
    report = save(report, world.cadre, results="Đang sửa Beta")
    report = save(report, world.cadre, results="Kết quả nộp lần hai")
    submit(report, world.cadre)

    for who in OTHERS:
        html = report_page(client_for, getattr(world, who), q3)
        history = html[html.index('class="object-history"') :]
        assert "Alpha" not in html and "Beta" not in html, who
        # The second submission is compared with the first, not with a draft in between.
        assert "<del>Kết quả nộp lần một</del> → Kết quả nộp lần hai" in history, who
    own = report_page(client_for, world.cadre, q3)
    assert "Đang sửa Beta" in own


def test_a_returned_report_being_revised_shows_others_the_submitted_version(world, q3, client_for):
    households = world.households.pk
    report = save(
        services.report_for(q3),
        world.cadre,
        results="Kết quả đã nộp",
        values={households: Decimal(100)},
    )
    report = submit(report, world.cadre)
    report = services.report_return(report=report, by=world.btc, comment="Bổ sung số liệu.")
    save(report, world.cadre, results="Sửa dở Delta", values={households: Decimal(117)})

    for who in OTHERS:
        html = report_page(client_for, getattr(world, who), q3)
        assert "Kết quả đã nộp" in html, who
        assert "Delta" not in html and "117" not in html, who
        task_page = page(
            client_for(getattr(world, who)), reverse("tasks:detail", args=[q3.assignment.task_id])
        )
        assert "Delta" not in task_page, who


def test_a_draft_attachment_is_neither_listed_nor_downloadable_for_others(world, q3, client_for):
    report = save(services.report_for(q3), world.cadre, results="Kết quả")
    draft_file = attach(report, world.cadre, "nhap-truoc-khi-nop.pdf")
    for who in OTHERS:
        assert download_status(client_for, getattr(world, who), draft_file) == 404, who
        assert "nhap-truoc-khi-nop.pdf" not in report_page(client_for, getattr(world, who), q3)
    assert download_status(client_for, world.cadre, draft_file) == 200

    report = submit(report, world.cadre)
    for who in OTHERS:
        assert download_status(client_for, getattr(world, who), draft_file) == 200, who
        assert "nhap-truoc-khi-nop.pdf" in report_page(client_for, getattr(world, who), q3)


def test_a_file_added_while_revising_stays_private_until_resubmitted(world, q3, client_for):
    report = save(services.report_for(q3), world.cadre, results="Kết quả")
    submitted_file = attach(report, world.cadre, "bien-ban-lan-1.pdf")
    report = submit(report, world.cadre)
    report = services.report_return(report=report, by=world.btc, comment="Thiếu biên bản.")
    revision_file = attach(report, world.cadre, "bien-ban-bo-sung.pdf")

    for who in OTHERS:
        assert download_status(client_for, getattr(world, who), submitted_file) == 200, who
        assert download_status(client_for, getattr(world, who), revision_file) == 404, who
        html = report_page(client_for, getattr(world, who), q3)
        assert "bien-ban-lan-1.pdf" in html and "bien-ban-bo-sung.pdf" not in html, who
    assert download_status(client_for, world.cadre, revision_file) == 200
    edit = page(client_for(world.cadre), reverse("reporting:report_edit", args=[q3.pk]))
    assert "bien-ban-bo-sung.pdf" in edit

    submit(report, world.cadre)
    for who in OTHERS:
        assert download_status(client_for, getattr(world, who), revision_file) == 200, who


def test_a_proposal_attachment_goes_with_its_proposal(world, client_for):
    proposal = direction.proposal_create(
        task=world.clearance, raised_by=world.dat, title="Đề xuất", content="x", by=world.cadre
    )
    attachment = direction.proposal_attachment_add(
        proposal=proposal, file=SimpleUploadedFile("de-xuat.pdf", b"%PDF-1.4 x"), by=world.cadre
    )
    url = reverse("direction:proposal_attachment_download", args=[attachment.pk])
    assert client_for(world.btv).get(url).status_code == 200
    assert client_for(world.other_cadre).get(url).status_code == 404
    html = page(client_for(world.btv), reverse("direction:proposal_detail", args=[proposal.pk]))
    assert "de-xuat.pdf" in html
