"""Reporting kinds are data with the dates they apply between: a kind added later, or one
that ends and gives way to another with other cut-off months, changes what a lead owes from
its dates on and not before; a plan reports on at least one kind."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.helpers import assert_vietnamese, messages_of
from thaogo.core.services import ConcurrentEditError
from thaogo.registry import services as registry
from thaogo.reporting import services
from thaogo.reporting.models import ReportingKind, ReportObligation
from thaogo.reporting.periods import KindDefinition, periods_between

MONTHS = ",".join(str(month) for month in range(1, 13))


def owed(assignment) -> dict[date, tuple[str, str]]:
    """The lead's obligations: cut-off day -> (kind, label)."""
    return {
        o.period_end: (o.kind, o.label)
        for o in ReportObligation.objects.filter(assignment=assignment)
    }


def add_kind(world, **fields) -> ReportingKind:
    defaults = {"precedence": 1, "legal_basis": "Kế hoạch 05/KH-UBND"}
    return registry.reporting_kind_create(by=world.admin, **{**defaults, **fields})


def report_also_on(world, *kinds: ReportingKind) -> None:
    schedule = services.schedule_for(world.plan)
    services.schedule_update(
        schedule=schedule,
        by=world.btc,
        expected_version=schedule.version,
        kinds=[*schedule.kinds.all(), *kinds],
    )


def test_a_new_plan_reports_quarterly_half_yearly_and_yearly_as_before(world):
    schedule = services.schedule_for(world.plan)
    assert sorted(schedule.kinds.values_list("code", flat=True)) == [
        "half_year",
        "quarter",
        "year",
    ]
    assert schedule.kinds_summary == "Hằng năm; 6 tháng; Hằng quý"
    with translation.override("vi"):
        labels = [label for _kind, label in sorted(owed(world.clearance_lead).values())]
    assert "Quý III/2024" in labels and "6 tháng đầu năm 2024" in labels
    assert "Năm 2024" in labels


def test_a_monthly_report_added_from_a_date_is_owed_from_then_only(world):
    monthly = add_kind(
        world,
        code="month25",
        name="Hằng tháng (từ 2025)",
        span_months=1,
        last_months=MONTHS,
        label_pattern="Tháng {number}/{year}",
        valid_from=date(2025, 1, 1),
    )
    report_also_on(world, monthly)
    obligations = owed(world.clearance_lead)
    assert obligations[date(2025, 1, 14)] == ("month25", "Tháng 1/2025")
    assert obligations[date(2025, 2, 14)] == ("month25", "Tháng 2/2025")
    # The quarterly report still stands for the month that ends a quarter.
    assert obligations[date(2025, 3, 14)] == ("quarter", "Quý I/2025")
    assert not [
        end for end, (kind, _l) in obligations.items() if kind == "month25" and end.year < 2025
    ]
    assert date(2024, 8, 14) not in obligations


def test_a_quarter_that_ends_gives_way_to_one_with_other_cut_off_months(world):
    quarter = ReportingKind.objects.get(code="quarter")
    registry.reporting_kind_update(
        kind=quarter,
        by=world.admin,
        expected_version=quarter.version,
        valid_until=date(2024, 12, 31),
    )
    shifted = add_kind(
        world,
        code="quarter25",
        name="Hằng quý (kỳ mới)",
        span_months=3,
        last_months="2,5,8,11",
        label_pattern="Quý {roman}/{year} (kỳ mới)",
        precedence=2,
        valid_from=date(2025, 1, 1),
    )
    report_also_on(world, shifted)
    obligations = owed(world.clearance_lead)
    assert obligations[date(2024, 9, 14)] == ("quarter", "Quý III/2024")  # unchanged
    assert obligations[date(2025, 2, 14)] == ("quarter25", "Quý I/2025 (kỳ mới)")
    assert obligations[date(2025, 11, 14)] == ("quarter25", "Quý IV/2025 (kỳ mới)")
    assert obligations[date(2025, 6, 14)][0] == "half_year"
    # The old quarters are not owed after the old kind ended.
    assert date(2025, 3, 14) not in obligations and date(2025, 9, 14) not in obligations


def test_a_kind_outside_its_dates_adds_nothing(world):
    before = owed(world.clearance_lead)
    later = add_kind(
        world,
        code="month30",
        name="Hằng tháng (từ 2030)",
        span_months=1,
        last_months=MONTHS,
        label_pattern="Tháng {number}/{year}",
        valid_from=date(2030, 1, 1),
    )
    report_also_on(world, later)
    assert owed(world.clearance_lead) == before


def test_a_kind_includes_the_period_ending_on_its_last_day_and_none_after():
    half = KindDefinition(
        code="half",
        span_months=6,
        last_months=(6, 12),
        label_pattern="{number}/{year}",
        precedence=3,
        valid_from=date(2024, 6, 14),
        valid_until=date(2025, 6, 14),
    )
    periods = periods_between([half], date(2024, 1, 1), date(2026, 12, 31), cutoff_day=14)
    assert [p.end for p in periods] == [
        date(2024, 6, 14),
        date(2024, 12, 14),
        date(2025, 6, 14),
    ]


def test_the_period_report_page_serves_a_kind_added_as_data(world, client_for):
    monthly = add_kind(
        world,
        code="month25",
        name="Hằng tháng (từ 2025)",
        span_months=1,
        last_months=MONTHS,
        label_pattern="Tháng {number}/{year}",
        valid_from=date(2024, 1, 1),
    )
    report_also_on(world, monthly)
    client = client_for(world.cadre)
    page = client.get(reverse("reporting:period_report", args=["month25", 2024, 8]))
    assert page.status_code == 200
    assert "Tháng 8/2024" in page.content.decode()
    missing = client.get(reverse("reporting:period_report", args=["month99", 2024, 8]))
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"last_months": "3,6,9,13"}, "last_months"),
        ({"last_months": "6,3,9,12"}, "last_months"),
        ({"last_months": "3,4,9,12"}, "last_months"),  # quarters ending a month apart
        ({"last_months": "ba, sáu"}, "last_months"),
        ({"label_pattern": "Quý {roman}"}, "label_pattern"),
        ({"label_pattern": "Năm {year}"}, "label_pattern"),  # four quarters, one label
        ({"label_pattern": "Quý {quy}/{year}"}, "label_pattern"),
        ({"label_pattern": "Quý {roman/{year}"}, "label_pattern"),
        ({"span_months": 13}, "__all__"),
        ({"valid_until": date(2018, 12, 31)}, "__all__"),
        ({"code": "quarter"}, "code"),
        ({"code": "quý"}, "code"),
        ({"code": "q-2025"}, "code"),  # a hyphen would break the key "quarter-2024-3"
    ],
)
def test_a_kind_that_cannot_work_is_refused_in_vietnamese_and_nothing_is_saved(
    world, fields, field
):
    data = {
        "code": "quarter2",
        "name": "Hằng quý",
        "span_months": 3,
        "last_months": "3,6,9,12",
        "label_pattern": "Quý {roman}/{year}",
        "valid_from": date(2019, 1, 1),
        **fields,
    }
    count = ReportingKind.objects.count()
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        add_kind(world, **data)
    assert field in refused.value.message_dict
    assert_vietnamese(messages_of(refused.value))
    assert ReportingKind.objects.count() == count


def test_a_kind_edited_from_a_stale_form_is_refused(world):
    quarter = ReportingKind.objects.get(code="quarter")
    opened_at = quarter.version
    registry.reporting_kind_update(
        kind=quarter, by=world.admin, expected_version=opened_at, name="Hằng quý (sửa)"
    )
    with pytest.raises(ConcurrentEditError):
        registry.reporting_kind_update(
            kind=quarter, by=world.admin, expected_version=opened_at, precedence=9
        )
    quarter.refresh_from_db()
    assert (quarter.name, quarter.precedence) == ("Hằng quý (sửa)", 2)


def test_a_schedule_without_any_kind_is_refused(world, client_for):
    schedule = services.schedule_for(world.plan)
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        services.schedule_update(
            schedule=schedule, by=world.btc, expected_version=schedule.version, kinds=[]
        )
    assert_vietnamese(messages_of(refused.value))
    page = client_for(world.btc).post(
        reverse("reporting:schedule_edit", args=[world.plan.pk]),
        {
            "version": schedule.version,
            "cutoff_day": "14",
            "due_working_days": "3",
            "revision_working_days": "5",
        },
    )
    assert page.status_code == 400
    assert "chọn ít nhất một kỳ báo cáo" in page.content.decode()
    schedule.refresh_from_db()
    assert schedule.version == 1 and schedule.kinds.count() == 3
