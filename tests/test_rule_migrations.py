"""The migrations that turn rules into data convert the rows already there."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("documents", "0005_type_lists_and_number_forms"),
    ("units", "0007_numbering_series_and_terms"),
    ("reporting", "0008_holiday_kinds_and_make_up_days"),
    ("tasks", "0008_unit_transfer"),
]
AFTER = [
    ("documents", "0006_state_document_types"),
    ("units", "0008_state_bodies_number_per_year"),
    ("reporting", "0009_holiday_sources_and_swaps"),
    ("tasks", "0009_units_of_measure_are_data"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_schema():
    """The test leaves the schema part-way; the tests after it on this worker need all of it,
    and the database flushed and restored under the schema its rows were saved from."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_rows_are_converted(back_to_the_latest_schema):
    old = migrate(BEFORE)
    Unit, UnitKind = old.get_model("units", "Unit"), old.get_model("units", "UnitKind")
    kind = UnitKind.objects.first()
    committee = Unit.objects.create(name="Quận ủy X", kind=kind, issuer_code="QU")
    peoples = Unit.objects.create(
        name="UBND X", kind=kind, issuer_code="UBND", document_style="state", parent=committee
    )
    DocumentType = old.get_model("documents", "DocumentType")
    Document = old.get_model("documents", "Document")
    plan_type = DocumentType.objects.get(code="KH")
    state_plan = Document.objects.create(
        number=5,
        doc_type=plan_type,
        issuer=peoples,
        series="2024",
        issued_on=date(2024, 3, 1),
        abstract="Kế hoạch",
    )
    party_plan = Document.objects.create(
        number=164,
        doc_type=plan_type,
        issuer=committee,
        series="2020-2025",
        issued_on=date(2023, 11, 29),
        abstract="Kế hoạch 164",
    )
    Holiday = old.get_model("reporting", "Holiday")
    Holiday.objects.filter(date=date(2024, 4, 29)).update(name="Nghỉ bù")

    new = migrate(AFTER)
    Unit = new.get_model("units", "Unit")
    assert Unit.objects.get(pk=peoples.pk).numbering_series == "year"
    assert Unit.objects.get(pk=committee.pk).numbering_series == "term"
    Document = new.get_model("documents", "Document")
    assert Document.objects.get(pk=state_plan.pk).doc_type.system == "state"
    assert Document.objects.get(pk=party_plan.pk).doc_type.system == "party"
    Holiday = new.get_model("reporting", "Holiday")
    swapped = Holiday.objects.get(date=date(2024, 4, 29))
    assert swapped.kind == "swapped" and swapped.name != "Nghỉ bù"
    SwappedWorkingDay = new.get_model("reporting", "SwappedWorkingDay")
    assert SwappedWorkingDay.objects.get(date=date(2024, 5, 4)).in_place_of == swapped.date
    UnitOfMeasure = new.get_model("tasks", "UnitOfMeasure")
    assert UnitOfMeasure.objects.get(code="percent").maximum == Decimal(100)
    assert UnitOfMeasure.objects.get(code="points").name == "điểm"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_schedules_period_flags_become_reporting_kinds_and_back():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    # Whatever schema an earlier test left behind; the plan is made in today's schema.
    now = migrate(latest)
    before = [("reporting", "0011_reporting_kinds")]
    Unit, UnitKind = now.get_model("units", "Unit"), now.get_model("units", "UnitKind")
    committee = Unit.objects.create(
        name="Quận ủy Y", kind=UnitKind.objects.first(), issuer_code="QU"
    )
    document = now.get_model("documents", "Document").objects.create(
        number=7,
        doc_type=now.get_model("documents", "DocumentType").objects.get(code="KH", system="party"),
        issuer=committee,
        series="2020-2025",
        issued_on=date(2024, 1, 5),
        abstract="Kế hoạch 7",
    )
    plan = now.get_model("documents", "Plan").objects.create(
        document=document,
        title="Kế hoạch 7",
        issuing_body=committee,
        start_date=date(2024, 1, 5),
        end_date=date(2025, 12, 31),
    )
    old = migrate(before)
    old.get_model("reporting", "ReportingSchedule").objects.create(
        plan_id=plan.pk,
        monthly=True,
        quarterly=False,
        half_yearly=False,
        nine_monthly=True,
        yearly=True,
    )

    new = migrate(latest)
    schedule = new.get_model("reporting", "ReportingSchedule").objects.get(plan_id=plan.pk)
    assert sorted(schedule.kinds.values_list("code", flat=True)) == ["month", "nine_months", "year"]
    assert schedule.kinds_summary == "Hằng năm; 9 tháng; Hằng tháng"

    back = migrate(before)
    schedule = back.get_model("reporting", "ReportingSchedule").objects.get(plan_id=plan.pk)
    flags = ("monthly", "quarterly", "half_yearly", "nine_monthly", "yearly")
    assert [getattr(schedule, flag) for flag in flags] == [True, False, False, True, True]
    migrate(latest)
