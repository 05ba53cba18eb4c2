"""A merge from an effective date: the open work moves, the past stays where it was.

The scenario is NQ 1669/NQ-UBTVQH15, which merged Hải Phòng's wards from 1/7/2025: here
Phường Vĩnh Niệm and Phường An Biên become Phường Lê Chân. The world is built as of
15/10/2024; the merge is recorded on 15/07/2025.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.helpers import no_deferred_loads
from thaogo.lib import clock
from thaogo.monitoring.selectors import figure_rows, figures, scope_for
from thaogo.reorganisation import services
from thaogo.reporting.models import ReportObligation
from thaogo.tasks.models import Status, Task
from thaogo.units.models import Cadre, Reorganisation, ReorganisationKind, Unit

EFFECTIVE = date(2025, 7, 1)
RECORDED = date(2025, 7, 15)
BEFORE = date(2025, 6, 30)


@pytest.fixture
def after_merge_day(world, monkeypatch):
    monkeypatch.setattr(clock, "system_today", lambda: RECORDED)
    return RECORDED


@pytest.fixture
def le_chan_ward(world, make):
    return make.unit("Phường Lê Chân", parent=world.district)


def merge(world, successor, **overrides):
    values = {
        "kind": ReorganisationKind.MERGE,
        "effective_on": EFFECTIVE,
        "decision": "1669/NQ-UBTVQH15",
        "predecessors": [world.vinh_niem, world.an_bien],
        "successors": [successor],
        "by": world.btc,
    }
    return services.reorganisation_record(**(values | overrides))


def by_unit(user, as_of):
    return {row.name: row.tasks for row in figures(user=user, as_of=as_of, trend=False).by_unit}


def test_open_tasks_staff_and_cadres_move_to_the_successor(world, after_merge_day, le_chan_ward):
    open_obligations = ReportObligation.objects.filter(
        assignment__task=world.clearance, report__isnull=True
    ).count()

    reorg = merge(world, le_chan_ward)

    for task in (world.clearance, world.revenue, world.investment):
        assert list(Task.objects.get(pk=task.pk).units.all()) == [le_chan_ward]
    # Completed work stays with the old unit (Tổ dân phố số 5 is under Vĩnh Niệm).
    petitions = Task.objects.get(pk=world.petitions.pk)
    assert petitions.status == Status.COMPLETED
    assert list(petitions.units.all()) == [world.residential_group]
    # The assignments and their report obligations belong to the moved task.
    assert (
        ReportObligation.objects.filter(
            assignment__task=world.clearance, report__isnull=True
        ).count()
        == open_obligations
    )
    assert Cadre.objects.get(pk=world.tuan.pk).unit == le_chan_ward
    world.unit_staff.profile.refresh_from_db()
    assert world.unit_staff.profile.unit == le_chan_ward
    assert not Unit.objects.get(pk=world.vinh_niem.pk).is_active
    assert "3" in reorg.summary


def test_figures_as_of_a_date_before_the_merge_do_not_change(world, after_merge_day, le_chan_ward):
    before = figures(user=world.btc, as_of=BEFORE, trend=False)
    rows_before = by_unit(world.btc, BEFORE)

    merge(world, le_chan_ward)

    after = figures(user=world.btc, as_of=BEFORE, trend=False)
    assert after.tasks == before.tasks
    assert by_unit(world.btc, BEFORE) == rows_before
    assert "Phường Lê Chân" not in rows_before
    # The list behind a number still matches it.
    rows = figure_rows(
        scope_for(world.btc, as_of=BEFORE), family="tasks", figure="total", unit=world.an_bien
    )
    assert {t.pk for t in rows} == {world.revenue.pk, world.investment.pk}
    # From the effective date on, the successor holds the open work.
    today_rows = by_unit(world.btc, RECORDED)
    assert today_rows["Phường Lê Chân"]["total"] == 3
    assert "Phường An Biên" not in today_rows  # it had only open work


def test_a_unit_staff_member_follows_the_work(world, after_merge_day, le_chan_ward, client_for):
    merge(world, le_chan_ward)
    with no_deferred_loads():  # the transfer is read for the columns the page shows
        page = client_for(world.other_unit_staff).get(
            reverse("tasks:detail", args=[world.revenue.pk])
        )
    assert page.status_code == 200
    assert "chuyển từ Phường An Biên (từ 01/07/2025)" in page.content.decode()


def test_searching_for_the_old_name_finds_the_successor(
    world, after_merge_day, le_chan_ward, client_for
):
    merge(world, le_chan_ward)
    page = client_for(world.btc).get(reverse("units:unit_list"), {"q": "vinh niem"})
    assert "Phường Lê Chân" in page.content.decode()


def test_a_rename_keeps_the_old_name_on_earlier_dates(world, after_merge_day):
    services.reorganisation_record(
        kind=ReorganisationKind.RENAME,
        effective_on=EFFECTIVE,
        decision="1669/NQ-UBTVQH15",
        predecessors=[world.an_bien],
        new_name="Phường An Biên mới",
        by=world.btc,
    )
    unit = Unit.objects.get(pk=world.an_bien.pk)
    assert unit.name == "Phường An Biên mới"
    assert unit.name_on(BEFORE) == "Phường An Biên"
    assert unit.name_on(EFFECTIVE) == "Phường An Biên mới"
    assert Unit.objects.filter(search_text__contains="an bien").get() == unit


def test_a_split_sends_open_tasks_to_every_successor(world, after_merge_day, make):
    north = make.unit("Phường An Biên Bắc", parent=world.district)
    south = make.unit("Phường An Biên Nam", parent=world.district)
    services.reorganisation_record(
        kind=ReorganisationKind.SPLIT,
        effective_on=EFFECTIVE,
        decision="1669/NQ-UBTVQH15",
        predecessors=[world.an_bien],
        successors=[north, south],
        by=world.btc,
    )
    assert set(Task.objects.get(pk=world.revenue.pk).units.all()) == {north, south}
    assert Cadre.objects.get(pk=world.hoa.pk).unit in (north, world.hoa.unit)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"effective_on": date(2025, 8, 1)}, "effective_on"),
        ({"decision": " "}, "decision"),
        ({"successors": []}, "successors"),
        ({"predecessors": []}, "predecessors"),
    ],
)
def test_an_impossible_reorganisation_is_refused_and_nothing_moves(
    world, after_merge_day, le_chan_ward, overrides, field
):
    with pytest.raises(ValidationError) as error:
        merge(world, le_chan_ward, **overrides)
    assert field in error.value.error_dict
    assert not Reorganisation.objects.exists()
    assert list(Task.objects.get(pk=world.clearance.pk).units.all()) == [world.vinh_niem]


def test_a_merged_unit_cannot_be_merged_again(world, after_merge_day, le_chan_ward, make):
    merge(world, le_chan_ward)
    other = make.unit("Phường Khác", parent=world.district)
    with pytest.raises(ValidationError):
        merge(world, other)


def test_the_page_previews_then_records(world, after_merge_day, le_chan_ward, client_for):
    client = client_for(world.btc)
    data = {
        "kind": "merge",
        "effective_on": "01/07/2025",
        "decision": "1669/NQ-UBTVQH15",
        "predecessors": [world.vinh_niem.pk, world.an_bien.pk],
        "successors": [le_chan_ward.pk],
        "preview": "",
    }
    page = client.post(reverse("reorganisation:create"), data)
    assert page.status_code == 200
    assert world.clearance.title in page.content.decode()
    assert not Reorganisation.objects.exists()
    del data["preview"]
    page = client.post(reverse("reorganisation:create"), data | {"confirm": ""})
    assert page.status_code == 302
    assert Reorganisation.objects.get().successors.get() == le_chan_ward
    listing = client.get(reverse("reorganisation:list")).content.decode()
    assert "1669/NQ-UBTVQH15" in listing


def test_the_page_refuses_a_bad_form_with_400(world, after_merge_day, client_for):
    page = client_for(world.btc).post(reverse("reorganisation:create"), {"kind": "merge"})
    assert page.status_code == 400


def test_a_document_shows_the_name_its_issuer_had_then(world, after_merge_day, client_for):
    services.reorganisation_record(
        kind=ReorganisationKind.RENAME,
        effective_on=EFFECTIVE,
        decision="1669/NQ-UBTVQH15",
        predecessors=[world.district],
        new_name="Đảng ủy phường Lê Chân",
        by=world.btc,
    )
    page = client_for(world.btc).get(reverse("documents:detail", args=[world.plan_doc.pk]))
    html = page.content.decode()
    assert "Quận ủy Lê Chân" in html and "Đảng ủy phường Lê Chân" in html
