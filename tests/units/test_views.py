"""Cadre list and cadre page, unit page."""

import re
from datetime import date

import pytest
from django.urls import reverse

from thaogo.tasks import services

pytestmark = pytest.mark.django_db


def test_cadre_page_shows_positions_membership_and_planned_position(client_for, world):
    html = (
        client_for(world.btc)
        .get(reverse("units:cadre_detail", args=[world.dat.pk]))
        .content.decode()
    )
    assert "Nguyễn Văn Đạt" in html
    assert "Bí thư Đảng ủy phường Vĩnh Niệm" in html
    assert "Phó Bí thư Quận ủy" in html
    assert world.clearance.title in html


def test_cadre_page_splits_current_and_past_assignments(client_for, world):
    services.lead_reassign(
        task=world.clearance, cadre=world.tuan, on=date(2024, 8, 1), by=world.btc
    )
    html = (
        client_for(world.btc)
        .get(reverse("units:cadre_detail", args=[world.tuan.pk]))
        .content.decode()
    )
    current = html.split("</table>")[0]
    assert world.clearance.title in current
    assert world.petitions.title in current  # completed, still assigned
    old = (
        client_for(world.btc)
        .get(reverse("units:cadre_detail", args=[world.dat.pk]))
        .content.decode()
    )
    old_current, old_past = old.split("</table>")[:2]
    assert world.clearance.title not in old_current
    assert world.clearance.title in old_past
    assert "512-QĐ/QU" in old_past


def test_cadre_list_counts_and_filters_by_committee_membership(client_for, world):
    client = client_for(world.btc)
    html = client.get(reverse("units:cadre_list")).content.decode()
    assert re.search(r'class="result-count">\s*4\b', html)
    standing = client.get(reverse("units:cadre_list"), {"membership": "standing"}).content.decode()
    assert "Nguyễn Văn Đạt" in standing
    assert "Trần Thị Hoa" not in standing


def test_cadre_list_search_ignores_accents(client_for, world):
    html = (
        client_for(world.btc).get(reverse("units:cadre_list"), {"q": "tran thi"}).content.decode()
    )
    assert "Trần Thị Hoa" in html
    assert "Nguyễn Văn Đạt" not in html


def test_unit_page_lists_tasks_of_its_subtree_and_its_sub_units(client_for, world):
    html = (
        client_for(world.btc)
        .get(reverse("units:unit_detail", args=[world.vinh_niem.pk]))
        .content.decode()
    )
    assert "Tổ dân phố số 5" in html
    assert world.clearance.title in html
    assert world.petitions.title in html
    assert world.revenue.title not in html


def test_former_lead_still_sees_the_task_but_cannot_record_values(client_for, world):
    services.lead_reassign(
        task=world.clearance, cadre=world.tuan, on=date(2024, 8, 1), by=world.btc
    )
    client = client_for(world.cadre)
    assert client.get(reverse("tasks:detail", args=[world.clearance.pk])).status_code == 200
    url = reverse("tasks:metric_values", args=[world.households.pk])
    assert client.get(url).status_code == 403
