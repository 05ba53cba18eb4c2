"""The reason an assignment ended is kept whole, in its own field, whatever note the
assignment had; the task page and its history show it."""

import importlib
from datetime import date

from django.apps import apps as django_apps
from django.urls import reverse

from thaogo.tasks import services
from thaogo.tasks.models import Assignment

NOTE = "Phân công theo Quyết định 512-QĐ/QU, phụ trách địa bàn phường Vĩnh Niệm. " * 6
REASON = (
    "Đồng chí được điều động giữ chức vụ mới theo quyết định của Ban Thường vụ; "
    "bàn giao hồ sơ, tài liệu và các việc đang dở cho cán bộ chủ trì mới. "
) * 5


def lead_with_a_long_note(world) -> Assignment:
    lead = world.clearance_lead
    Assignment.objects.filter(pk=lead.pk).update(note=NOTE.strip()[:500])
    lead.refresh_from_db()
    return lead


def test_ending_keeps_the_whole_reason_beside_the_note(world):
    lead = lead_with_a_long_note(world)

    ended = services.assignment_end(
        assignment=lead,
        end_date=date(2024, 10, 1),
        expected_version=lead.version,
        reason=REASON,
        by=world.btc,
    )

    ended.refresh_from_db()
    assert ended.end_reason == REASON.strip()
    assert ended.note == NOTE.strip()[:500]


def test_the_reason_typed_on_the_page_shows_on_the_task_and_in_its_history(world, client_for):
    lead = lead_with_a_long_note(world)
    response = client_for(world.btc).post(
        reverse("tasks:assignment_end", args=[lead.pk]),
        {"end_date": "01/10/2024", "reason": REASON, "version": lead.version},
    )
    assert response.status_code == 302

    page = client_for(world.btv).get(reverse("tasks:detail", args=[world.clearance.pk]))
    html = page.content.decode()
    last_words = REASON.strip()[-60:]
    assert html.count(last_words) >= 2  # in the past assignments, and in the history
    assert "Lý do kết thúc" in html


def test_the_migration_moves_the_reason_out_of_the_note_of_ended_assignments(world):
    migration = importlib.import_module(
        "thaogo.tasks.migrations.0005_assignment_end_reason_version"
    )
    lead = world.clearance_lead
    # As the old service left them: the reason appended to the note after a line break.
    Assignment.objects.filter(pk=lead.pk).update(
        end_date=date(2024, 10, 1), note="Phụ trách địa bàn\nNghỉ hưu theo chế độ"
    )
    services.assignment_create(
        task=world.clearance,
        cadre=world.tuan,
        role="support",
        start_date=date(2024, 10, 1),
        note="Phối hợp vận động",
        by=world.btc,
    )

    migration.split_end_reasons(django_apps, None)

    lead.refresh_from_db()
    assert (lead.note, lead.end_reason) == ("Phụ trách địa bàn", "Nghỉ hưu theo chế độ")
    active = Assignment.objects.get(cadre=world.tuan, task=world.clearance)
    assert (active.note, active.end_reason) == ("Phối hợp vận động", "")
