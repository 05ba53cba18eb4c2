"""Two people open the same edit form and both save: the second is told someone else saved
first, keeps what they typed, and the first one's change stays. A form posted without the
version it was opened at is refused the same way, never saved over someone else.

EDITS lists every edit form of the site. test_every_edit_form_is_listed finds them by opening
every page of the access matrix: a page whose form edits a saved record (a ModelForm with an
instance, or any form with a version) must be listed here, so a new edit form without a
version check fails the build.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import User
from django.urls import reverse

from tests.access.test_matrix import MATRIX, ROLES, objects  # noqa: F401  (fixture reused)
from tests.form_posts import form_data, page_forms
from tests.helpers import rule_records
from tests.portal.conftest import portal  # noqa: F401  (fixture reused)
from thaogo.core.models import DeadlineRule
from thaogo.direction import services as direction
from thaogo.direction.models import Meeting
from thaogo.documents.models import Document, DocumentType, Plan
from thaogo.lib.numbers import format_number
from thaogo.portal.models import Album, Article, Image, ResolutionTarget, TargetYear
from thaogo.reporting import services as reporting
from thaogo.reporting.models import (
    Holiday,
    Report,
    ReportingKind,
    ReportingSchedule,
    ReportObligation,
    SwappedWorkingDay,
)
from thaogo.tasks.models import Assignment, Metric, Task, UnitOfMeasure
from thaogo.units.models import Cadre, CommitteeTerm, Unit

CONFLICT = "Người khác đã lưu bản ghi này"
MISSING_VERSION = "Biểu mẫu này được gửi đi mà không kèm phiên bản"


@dataclass(frozen=True)
class Edit:
    record: str  # key of the `records` fixture: the object edited, or the URL's argument
    users: tuple[str, str]  # who opens the form first and second (attributes of `world`)
    field: str  # a form field each user changes
    values: tuple[str, str]  # what each of them types in it
    stored: Any  # reads the saved value from the record
    extra: dict[str, str] = field(default_factory=dict)  # other POST data the page sends


# Edit pages whose address is not one record's, each with its two-tabs test in its own file.
TESTED_ELSEWHERE = {
    # a cadre's period (kind, year, number): tests/reporting/test_period_report.py, "two tabs"
    "reporting:period_report",
}
# Forms that carry their record's version to a service that checks it (expected_version),
# but have no two-tab case here yet: listed so that a new form is still noticed.
NOT_YET_IN_TWO_TABS = {
    "evaluation:rule_edit",
    "evaluation:round_detail",
    "evaluation:self_assessment",
    "evaluation:propose",
    "evaluation:round_reopen",
}

OFFICE = ("btc", "office")
EDITORS = ("editor", "admin")
ADMINS = ("admin", "admin")  # one administrator in two browser tabs

EDITS: dict[str, Edit] = {
    "documents:edit": Edit(
        "document",
        OFFICE,
        "abstract",
        ("Trích yếu do Ban Tổ chức sửa", "Trích yếu do Văn phòng sửa"),
        lambda pk: Document.objects.get(pk=pk).abstract,
    ),
    "documents:plan_edit": Edit(
        "plan",
        OFFICE,
        "title",
        ("Kế hoạch theo Ban Tổ chức", "Kế hoạch theo Văn phòng"),
        lambda pk: Plan.objects.get(pk=pk).title,
    ),
    "tasks:edit": Edit(
        "task",
        OFFICE,
        "title",
        ("Tiêu đề do Ban Tổ chức gõ", "Tiêu đề do Văn phòng gõ"),
        lambda pk: Task.objects.get(pk=pk).title,
    ),
    "tasks:metric_edit": Edit(
        "metric",
        OFFICE,
        "name",
        ("Số hộ đã bàn giao (BTC)", "Số hộ đã bàn giao (VP)"),
        lambda pk: Metric.objects.get(pk=pk).name,
    ),
    "tasks:assignment_end": Edit(
        "assignment",
        OFFICE,
        "reason",
        ("Điều động sang quận khác", "Nghỉ hưu theo chế độ"),
        lambda pk: Assignment.objects.get(pk=pk).end_reason,
    ),
    "tasks:deadline_change": Edit(
        "task",
        OFFICE,
        "new_deadline",
        ("31/01/2025", "28/02/2025"),
        lambda pk: Task.objects.get(pk=pk).deadline.strftime("%d/%m/%Y"),
        {"reason": "Gia hạn theo đề nghị của cán bộ chủ trì"},
    ),
    "reporting:schedule_edit": Edit(
        "plan",
        OFFICE,
        "cutoff_day",
        ("10", "12"),
        lambda pk: str(ReportingSchedule.objects.get(plan_id=pk).cutoff_day),
    ),
    "reporting:report_edit": Edit(
        "obligation",
        ("cadre", "cadre"),  # the lead cadre, in two browser tabs
        "results",
        ("Kết quả viết ở thẻ thứ nhất", "Kết quả viết ở thẻ thứ hai"),
        lambda pk: Report.objects.get(obligation_id=pk).results,
        {"save": ""},
    ),
    "direction:meeting_detail": Edit(
        "meeting",
        OFFICE,
        "minutes",
        ("Biên bản do Ban Tổ chức ghi", "Biên bản do Văn phòng ghi"),
        lambda pk: Meeting.objects.get(pk=pk).minutes,
        {"action": "meeting"},
    ),
    "portal_staff:article_edit": Edit(
        "article",
        EDITORS,
        "lead",
        ("Sapo của biên tập viên", "Sapo của quản trị viên"),
        lambda pk: Article.objects.get(pk=pk).lead,
    ),
    "portal_staff:album_edit": Edit(
        "album",
        EDITORS,
        "description",
        ("Mô tả của biên tập viên", "Mô tả của quản trị viên"),
        lambda pk: Album.objects.get(pk=pk).description,
    ),
    "registry:cadre_edit": Edit(
        "cadre",
        OFFICE,
        "planned_position",
        ("Bí thư Quận ủy", "Chủ tịch UBND quận"),
        lambda pk: Cadre.objects.get(pk=pk).planned_position,
    ),
    "registry:unit_edit": Edit(
        "unit",
        OFFICE,
        "short_name",
        ("P. Vĩnh Niệm", "Vĩnh Niệm"),
        lambda pk: Unit.objects.get(pk=pk).short_name,
    ),
    "registry:user_edit": Edit(
        "user",
        ADMINS,
        "last_name",
        ("Nguyễn", "Trần"),
        lambda pk: User.objects.get(pk=pk).last_name,
    ),
    "registry:target_edit": Edit(
        "target",
        ("office", "admin"),
        "name",
        ("Tăng trưởng kinh tế (Văn phòng)", "Tăng trưởng kinh tế (quản trị)"),
        lambda pk: ResolutionTarget.objects.get(pk=pk).name,
    ),
    "registry:target_year_edit": Edit(
        "target_year",
        ("office", "admin"),
        "actual",
        ("12", "13"),
        lambda pk: format_number(TargetYear.objects.get(pk=pk).actual, trim=True),
    ),
    "registry:holiday_edit": Edit(
        "holiday",
        ADMINS,
        "name",
        ("Tết Dương lịch (sửa lần một)", "Tết Dương lịch (sửa lần hai)"),
        lambda pk: Holiday.objects.get(pk=pk).name,
    ),
    "registry:document_type_edit": Edit(
        "doc_type",
        ADMINS,
        "name",
        ("Kế hoạch (sửa lần một)", "Kế hoạch (sửa lần hai)"),
        lambda pk: DocumentType.objects.get(pk=pk).name,
    ),
    "registry:reporting_kind_edit": Edit(
        "reporting_kind",
        ADMINS,
        "name",
        ("Hằng quý (sửa lần một)", "Hằng quý (sửa lần hai)"),
        lambda pk: ReportingKind.objects.get(pk=pk).name,
    ),
    "registry:deadline_rule_edit": Edit(
        "deadline_rule",
        ADMINS,
        "legal_basis",
        ("Quyết định 42/2014/QĐ-TTg", "Quy chế làm việc 2025"),
        lambda pk: DeadlineRule.objects.get(pk=pk).legal_basis,
    ),
    "registry:unit_of_measure_edit": Edit(
        "unit_of_measure",
        ADMINS,
        "name",
        ("hộ gia đình", "hộ dân"),
        lambda pk: UnitOfMeasure.objects.get(pk=pk).name,
    ),
    "registry:swapped_day_edit": Edit(
        "swapped_day",
        ADMINS,
        "legal_source",
        ("Thông báo 6150/TB-LĐTBXH", "Thông báo của Thủ tướng"),
        lambda pk: SwappedWorkingDay.objects.get(pk=pk).legal_source,
    ),
    "registry:committee_term_edit": Edit(
        "committee_term",
        ADMINS,
        "ends_on",
        ("31/10/2025", "30/11/2025"),
        lambda pk: CommitteeTerm.objects.get(pk=pk).ends_on.strftime("%d/%m/%Y"),
    ),
    "portal_staff:image_edit": Edit(
        "image",
        EDITORS,
        "caption",
        ("Chú thích của biên tập viên", "Chú thích của quản trị viên"),
        lambda pk: Image.objects.get(pk=pk).caption,
    ),
}


def draft_obligation(world) -> ReportObligation:
    """An obligation of the lead cadre whose report is still a draft (the access matrix's own
    report is submitted, and a submitted report has no edit form)."""
    return ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 6, 14)
    )


@pytest.fixture
def records(world, portal):  # noqa: F811
    meeting = direction.meeting_create(
        title="Phiên họp Ban Thường vụ tháng 10", held_on=date(2024, 10, 1), by=world.office
    )
    reporting.report_for(draft_obligation(world))
    return {
        "document": world.decision.pk,
        "plan": world.plan.pk,
        "task": world.clearance.pk,
        "metric": world.households.pk,
        "assignment": world.clearance_lead.pk,
        "obligation": draft_obligation(world).pk,
        "meeting": meeting.pk,
        "article": portal.article.pk,
        "album": portal.album.pk,
        "image": portal.picture.pk,
        "cadre": world.dat.pk,
        "unit": world.vinh_niem.pk,
        "user": world.cadre.pk,
        "target": portal.resolution.targets.first().pk,
        "target_year": TargetYear.objects.filter(target__resolution=portal.resolution).first().pk,
        "holiday": Holiday.objects.first().pk,
        "doc_type": DocumentType.objects.get(code="KH", system="party").pk,
        "reporting_kind": ReportingKind.objects.get(code="quarter").pk,
        **rule_records(world),
    }


def _edit_form(response, edit: Edit) -> dict[str, Any]:
    assert response.status_code == 200, response.status_code
    [form] = [f for f in page_forms(response) if edit.field in f.fields and "version" in f.fields]
    return {**form_data(form), **edit.extra}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_the_second_of_two_saves_is_refused_and_the_first_change_stays(
    name, world, records, client_for
):
    edit = EDITS[name]
    pk = records[edit.record]
    url = reverse(name, args=[pk])
    first, second = (client_for(getattr(world, user)) for user in edit.users)
    first_form = _edit_form(first.get(url), edit)
    second_form = _edit_form(second.get(url), edit)  # opened before the first one saves

    saved = first.post(url, {**first_form, edit.field: edit.values[0]})
    assert saved.status_code == 302, [f.errors for f in page_forms(saved)]
    assert edit.stored(pk) == edit.values[0]

    stale = second.post(url, {**second_form, edit.field: edit.values[1]})
    assert stale.status_code == 400
    page = stale.content.decode()
    assert CONFLICT in page
    assert edit.values[1] in page  # what the second person typed is still in the form
    assert edit.stored(pk) == edit.values[0]


@pytest.mark.parametrize("name", sorted(EDITS))
def test_an_edit_form_posted_without_its_version_is_refused(name, world, records, client_for):
    edit = EDITS[name]
    pk = records[edit.record]
    url = reverse(name, args=[pk])
    client = client_for(getattr(world, edit.users[0]))
    before = edit.stored(pk)
    data = {**_edit_form(client.get(url), edit), edit.field: edit.values[0]}
    del data["version"]

    response = client.post(url, data)

    assert response.status_code == 400
    page = response.content.decode()
    assert MISSING_VERSION in page
    assert edit.values[0] in page
    assert edit.stored(pk) == before


def _roles_let_in(name: str) -> list[str]:
    """Roles the access matrix lets open the page (a cadre's submitted report redirects)."""
    _args, statuses = MATRIX[name]
    return [
        role
        for role, status in zip(ROLES, statuses, strict=True)
        if role != "anonymous" and status in (200, 302)
    ]


def _edits_a_record(form: forms.BaseForm) -> bool:
    instance = getattr(form, "instance", None)
    return "version" in form.fields or (instance is not None and instance.pk is not None)


def test_every_edit_form_is_listed_and_carries_a_version(world, objects, client_for):  # noqa: F811
    arguments = {**objects, "obligation": draft_obligation(world).pk}
    reporting.report_for(draft_obligation(world))
    edit_pages, without_version = set(), set()
    for name, (args, _statuses) in MATRIX.items():
        url = reverse(name, args=[arguments[a] for a in args])
        shown = []
        for role in _roles_let_in(name):
            response = client_for(getattr(world, role)).get(url)
            if response.status_code == 200 and not response.streaming and response.context:
                shown += page_forms(response)
        for form in shown:
            if _edits_a_record(form):
                edit_pages.add(name)
                if "version" not in form.fields:
                    without_version.add(f"{name}: {type(form).__name__}")
    assert without_version == set(), "these edit forms have no version field"
    listed = set(EDITS) | TESTED_ELSEWHERE | NOT_YET_IN_TWO_TABS
    assert edit_pages == listed, "list every edit form in EDITS"


def test_autosave_without_a_version_saves_nothing(world, records, client_for):
    obligation = records["obligation"]
    url = reverse("reporting:report_autosave", args=[obligation])
    response = client_for(world.cadre).post(url, {"results": "Gõ từ một thẻ cũ"})
    assert response.status_code == 400
    assert Report.objects.get(obligation_id=obligation).results == ""
