"""The demo: Plan 164-KH/QU of Quận ủy Lê Chân, loaded through the services, on any day."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import override_settings

from tests.demo_snapshot import demo_as_of
from thaogo.accounts.models import Profile, Role
from thaogo.demo import scenario
from thaogo.demo.loader import DemoCalendar, load_demo
from thaogo.documents.models import Document, Plan
from thaogo.evaluation.models import Rating, Round, RoundState
from thaogo.evaluation.scoring import excellent_quota
from thaogo.lib import clock
from thaogo.lib.text import fold
from thaogo.tasks.models import (
    Assignment,
    AssignmentRole,
    MeasureUnit,
    Metric,
    MetricValue,
    Status,
    Task,
    Timing,
)
from thaogo.tasks.selectors import timing_summary
from thaogo.units.models import Cadre, Unit

DEFAULT_DAY = date(2024, 10, 15)
MAIN_CATEGORIES = {
    "site-clearance",
    "public-investment",
    "budget-revenue",
    "project-obstacles",
    "petitions",
}
COUNTED_MODELS = [
    "units.Unit",
    "units.Cadre",
    "units.Position",
    "auth.User",
    "accounts.Profile",
    "documents.Document",
    "documents.Plan",
    "tasks.Task",
    "tasks.Assignment",
    "tasks.Metric",
    "tasks.MetricValue",
]


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THAOGO_NEAR_DUE_DAYS = 3


@pytest.fixture(scope="class")
def demo_on_default_day(django_db_setup, django_db_blocker, tmp_path_factory):
    """One load shared by read-only tests, rolled back after the last of them.

    Each test still runs in its own savepoint inside this transaction, as in Django's
    TestCase.setUpTestData, so a test that writes cannot disturb the next one.
    """
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        demo_as_of(DEFAULT_DAY, tmp_path_factory)
        yield
        transaction.set_rollback(True)


def row_counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED_MODELS}


def assert_one_active_lead_per_task() -> None:
    leads = Task.objects.annotate(
        active_leads=Count(
            "assignments",
            filter=Q(assignments__role=AssignmentRole.LEAD, assignments__end_date__isnull=True),
        )
    )
    assert {task.code: task.active_leads for task in leads} == {
        spec.code: 1 for spec in scenario.TASKS
    }


def plan_164() -> Plan:
    return Plan.objects.select_related("document__doc_type", "issuing_body").get(
        document__number=164, document__doc_type__code="KH"
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_on_default_day")
class TestDemoOnTheDefaultDay:
    """What the demo holds on 15/10/2024; one shared load, each test rolled back."""

    def test_demo_has_17_cadres_with_accounts_canbo01_to_canbo17_in_order(self):
        assert Cadre.objects.count() == 17
        for number, spec in enumerate(scenario.CADRES, start=1):
            cadre = Cadre.objects.select_related("user__profile").get(full_name=spec.full_name)
            assert cadre.user.username == f"canbo{number:02d}"
            assert cadre.user.profile.role == Role.CADRE
            assert cadre.user.profile.unit == cadre.unit
            assert 1 <= cadre.positions.count() <= 2
            assert cadre.planned_position
        memberships = set(Cadre.objects.values_list("committee_membership", flat=True))
        assert memberships == {"standing", "executive"}

    def test_the_published_demo_token_reads_the_api_as_the_organization_board(self, client):
        headers = {"Authorization": f"Bearer {scenario.DEMO_API_TOKEN}"}
        me = client.get("/api/v1/me", headers=headers).json()
        assert me["username"] == "btc"
        assert me["token_scope"] == "read"
        tasks = client.get("/api/v1/tasks", {"limit": 200}, headers=headers).json()["items"]
        assert len(tasks) == Task.objects.count() == 24

    def test_demo_has_24_tasks_across_all_five_main_categories(self):
        assert Task.objects.count() == 24
        per_category = {
            row["category__code"]: row["n"]
            for row in Task.objects.values("category__code").annotate(n=Count("pk"))
        }
        assert set(per_category) >= MAIN_CATEGORIES
        assert all(per_category[code] >= 4 for code in MAIN_CATEGORIES)
        assert 1 <= per_category["other"] <= 2
        tasks = Task.objects.annotate(
            n_units=Count("units", distinct=True), n_metrics=Count("metrics", distinct=True)
        )
        for task in tasks:
            assert 1 <= task.n_units <= 3
            assert 1 <= task.n_metrics <= 3
            assert task.natures, f"task {task.code} has no nature"

    def test_plan_164_runs_29_11_2023_to_31_12_2025_issued_by_the_standing_committee(self):
        plan = plan_164()
        document = plan.document
        assert document.symbol == "164-KH/QU"
        assert document.issued_on == date(2023, 11, 29)
        assert document.series == "2020-2025"
        assert document.issuer.name == "Quận ủy Lê Chân"
        assert document.is_public
        assert document.abstract.startswith("Phân công cán bộ được quy hoạch chức vụ cao hơn")
        assert (plan.start_date, plan.end_date) == (date(2023, 11, 29), date(2025, 12, 31))
        assert plan.issuing_body.name == "Ban Thường vụ Quận ủy Lê Chân"
        assert plan.tasks.count() == 24
        state_document = Document.objects.get(issuer__issuer_code="UBND", number=115)
        assert state_document.symbol == "115/KH-UBND"
        assert state_document.series == "2024"

    def test_unit_tree_has_the_15_wards_of_le_chan_under_the_district_committee(self):
        district = Unit.objects.get(name="Quận ủy Lê Chân", parent__name="Thành ủy Hải Phòng")
        wards = Unit.objects.filter(parent=district, kind__code="ward")
        assert wards.count() == 15
        assert set(wards.values_list("issuer_code", flat=True)) == {"ĐU"}
        assert "Phường Vĩnh Niệm" in set(wards.values_list("name", flat=True))
        peoples_committee = Unit.objects.get(parent=district, issuer_code="UBND")
        assert peoples_committee.document_style == "state"
        assert peoples_committee.children.filter(kind__code="agency").count() >= 4
        assert all(unit.path.startswith(district.path) for unit in wards)

    def test_vinh_niem_site_clearance_task_has_its_metrics_and_monthly_values(self):
        task = Task.objects.get(code="01")
        assert task.category.code == "site-clearance"
        assert "Vĩnh Niệm" in task.title
        assert [unit.name for unit in task.units.all()] == ["Phường Vĩnh Niệm"]
        households = task.metrics.get(name="Số hộ đã bàn giao mặt bằng")
        assert households.unit_id == MeasureUnit.HOUSEHOLDS
        assert (households.baseline, households.target) == (0, 312)
        area = task.metrics.filter(name="Diện tích đã giải phóng", unit=MeasureUnit.SQUARE_METRES)
        assert area.exists()
        values = list(households.values.order_by("measured_on"))
        # Reported each month on the 14th, from the month after the start up to today.
        assert [v.measured_on for v in values] == [date(2024, month, 14) for month in range(1, 11)]
        figures = [v.value for v in values]
        assert figures == sorted(figures)
        assert 0 < figures[-1] < 312
        assert {v.recorded_by.username for v in values} == {"canbo01"}

    def test_metric_values_fit_their_units_and_never_come_after_the_load_date(self):
        values = MetricValue.objects.select_related("metric__task")
        assert values.count() > 200
        for value in values:
            metric = value.metric
            assert value.value >= 0
            if metric.unit.is_whole_number:
                assert value.value == value.value.to_integral_value()
            if metric.unit_id == MeasureUnit.PERCENT:
                assert value.value <= 100
            low, high = sorted([metric.baseline, metric.target])
            assert low <= value.value <= high
            assert metric.task.start_date < value.measured_on <= DEFAULT_DAY
            assert value.measured_on.day == 14 or value.measured_on == metric.task.completed_on
        # Falling targets count down: outstanding petitions go from 46 towards 0.
        backlog = Metric.objects.get(task__code="19")
        assert (backlog.baseline, backlog.target) == (46, 0)
        assert backlog.values.latest().value < 46

    def test_real_person_from_the_seed_appears_nowhere(self):
        user_model = get_user_model()

        real = "Lâm Văn Đạt"
        assert not Cadre.objects.filter(full_name__icontains="Lâm Văn").exists()
        assert not Cadre.objects.filter(search_text__contains=fold(real)).exists()
        names = {f"{u.last_name} {u.first_name}" for u in user_model.objects.all()}
        assert real not in names
        assert all(fold(real) not in fold(spec.full_name) for spec in scenario.ACCOUNTS)

    def test_searching_dat_without_diacritics_finds_the_fictional_cadre_dat(self):
        found = Cadre.objects.filter(search_text__contains="dat")
        assert "Phạm Quốc Đạt" in {cadre.full_name for cadre in found}
        others_with_d = Cadre.objects.filter(full_name__contains="Đ").exclude(
            full_name__contains="Đạt"
        )
        assert others_with_d.exists()
        # Position titles are searchable, which needs the cadre saved after its positions.
        assert Cadre.objects.filter(search_text__contains="chanh thanh tra quan").exists()

    def test_timing_mix_on_the_default_day_covers_every_timing(self):
        summary = timing_summary(Task.objects.all(), today=DEFAULT_DAY)
        assert summary.total == 24
        assert summary.counts[Timing.COMPLETED_ON_TIME] >= 3
        assert summary.counts[Timing.COMPLETED_LATE] >= 2
        assert summary.counts[Timing.OVERDUE] >= 3
        assert summary.counts[Timing.NEAR_DUE] >= 1
        assert summary.counts[Timing.ON_TRACK] >= 3
        assert summary.counts[Timing.NO_DEADLINE] == 2
        completed = Task.objects.filter(status=Status.COMPLETED)
        assert all(task.completed_on <= DEFAULT_DAY for task in completed)
        assert not Task.objects.filter(status=Status.COMPLETED, completed_on__isnull=True).exists()

    def test_reassigned_leads_keep_their_past_assignment_and_deciding_decision(self):
        past_leads = Assignment.objects.filter(role=AssignmentRole.LEAD, end_date__isnull=False)
        assert past_leads.values("task").distinct().count() >= 2
        for past in past_leads:
            successor = Assignment.objects.get(
                task=past.task, role=AssignmentRole.LEAD, end_date__isnull=True
            )
            assert successor.start_date == past.end_date + timedelta(days=1)
            assert successor.decision.doc_type.code == "QĐ"
            assert successor.decision.issuer.name == "Quận ủy Lê Chân"
        supports = Assignment.objects.filter(role=AssignmentRole.SUPPORT)
        assert supports.filter(end_date__isnull=False).exists()
        # Cadres added during the plan, as rule 2 of the plan provides, by decision 231-QĐ/QU.
        assert supports.filter(decision__number=231, decision__doc_type__code="QĐ").exists()

    def test_every_cadre_leads_one_or_two_tasks_on_the_default_day(self):
        active_leads = Cadre.objects.annotate(
            leading=Count(
                "assignments",
                filter=Q(assignments__role=AssignmentRole.LEAD, assignments__end_date__isnull=True),
            )
        )
        assert {cadre.full_name: 1 <= cadre.leading <= 2 for cadre in active_leads} == {
            spec.full_name: True for spec in scenario.CADRES
        }
        assert_one_active_lead_per_task()
        supports = Assignment.objects.filter(role=AssignmentRole.SUPPORT, end_date__isnull=True)
        per_task = supports.values("task").annotate(n=Count("pk")).values_list("n", flat=True)
        assert max(per_task) <= 2


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_on_default_day")
def test_demo_has_an_approved_first_half_and_an_open_third_quarter_round():
    approved, current = Round.objects.order_by("period_end")
    assert (approved.period_start, approved.period_end) == (date(2024, 1, 1), date(2024, 6, 30))
    assert approved.state == RoundState.APPROVED
    ratings = list(approved.evaluations.values_list("approved_rating", flat=True))
    assert len(ratings) == 17
    good = sum(r in (Rating.EXCELLENT, Rating.GOOD) for r in ratings)
    assert ratings.count(Rating.EXCELLENT) == 1 <= excellent_quota(good, approved.rule_set)
    assert len(set(ratings)) >= 3
    assert (current.period_start, current.period_end) == (date(2024, 7, 1), date(2024, 9, 30))
    assert current.state == RoundState.SELF_ASSESSMENT
    assert current.self_assessment_deadline == date(2024, 10, 25)


@pytest.mark.django_db
def test_loading_twice_leaves_identical_counts_for_every_model(tmp_path_factory):
    demo_as_of(DEFAULT_DAY, tmp_path_factory)  # the demo as the loader wrote it
    first = row_counts()
    task_versions = dict(Task.objects.values_list("code", "version"))

    load_demo(as_of=DEFAULT_DAY)

    assert row_counts() == first
    # Nothing changed, so nothing was written again.
    assert dict(Task.objects.values_list("code", "version")) == task_versions


@pytest.mark.django_db
def test_plan_document_gets_a_generated_pdf_once(settings, tmp_path_factory):
    demo_as_of(DEFAULT_DAY, tmp_path_factory)  # the demo as the loader wrote it
    load_demo(as_of=date(2026, 11, 24))

    document = plan_164().document
    with document.file.open("rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    assert b"164-KH/QU" in content
    # Re-loading moves the date but does not upload the file again.
    assert [p.name for p in settings.MEDIA_ROOT.rglob("*.pdf")] == ["164-KH-QU.pdf"]
    assert not Document.objects.exclude(pk=document.pk).exclude(file="").exists()


@pytest.mark.django_db
def test_every_demo_account_logs_in_with_password_demo_and_the_command_lists_them(
    settings, tmp_path_factory
):
    # Served on another business day, the story's reports would all be overdue.
    settings.THAOGO_TODAY = date(2026, 11, 30)
    demo_as_of(DEFAULT_DAY, tmp_path_factory)  # the demo as the loader wrote it
    user_model = get_user_model()
    user_model.objects.filter(username="btv").update(password="!")  # someone broke it
    out = StringIO()

    call_command("loaddemo", stdout=out)  # its default day is DEFAULT_DAY

    text = out.getvalue()
    assert "164-KH/QU" in text
    assert "29/11/2023" in text
    lines = text.splitlines()
    for username in ("btv", "btc", "vanphong", "phuong", "bientap", "admin", "canbo17"):
        row = next(line for line in lines if line.split() and line.split()[0] == username)
        assert row.rstrip().endswith("demo")
    # The command says how to serve it on its own day.
    assert "THAOGO_TODAY=2024-10-15" in text

    expected = {"btv", "btc", "vanphong", "phuong", "bientap", "admin"} | {
        f"canbo{n:02d}" for n in range(1, 18)
    }
    assert {a.username for a in scenario.ACCOUNTS} == expected
    for username in expected:
        user = authenticate(username=username, password="demo")
        assert user is not None, username
        assert user.email == f"{username}@thaogo.local"
        assert user.first_name and user.last_name
    admin = user_model.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    roles = dict(Profile.objects.values_list("user__username", "role"))
    assert roles["btv"] == Role.STANDING_COMMITTEE
    assert roles["btc"] == Role.ORGANIZATION_BOARD
    assert roles["vanphong"] == Role.OFFICE
    assert roles["phuong"] == Role.UNIT_STAFF
    assert roles["bientap"] == Role.PORTAL_EDITOR
    assert roles["admin"] == Role.ADMINISTRATOR
    assert Profile.objects.get(user__username="phuong").unit.name == "Phường Vĩnh Niệm"


@pytest.mark.django_db
def test_loading_as_of_today_24_11_2026_moves_the_plan_two_years_and_keeps_the_timing_mix(
    monkeypatch,
):
    monkeypatch.setattr(clock, "system_today", lambda: date(2026, 11, 24))

    call_command("loaddemo", "--as-of", "today", stdout=StringIO())

    plan = plan_164()
    assert (plan.start_date, plan.end_date) == (date(2025, 11, 29), date(2027, 12, 31))
    assert plan.document.issued_on == date(2025, 11, 29)
    summary = timing_summary(Task.objects.all(), today=date(2026, 11, 24))
    assert summary.counts[Timing.NEAR_DUE] >= 1
    assert summary.counts[Timing.OVERDUE] >= 3
    assert summary.counts[Timing.COMPLETED_ON_TIME] >= 3
    assert summary.counts[Timing.COMPLETED_LATE] >= 2
    assert not MetricValue.objects.filter(measured_on__gt=date(2026, 11, 24)).exists()


@pytest.mark.parametrize(
    "as_of",
    [date(2025, 1, 1), date(2028, 2, 29), date(2023, 6, 30), date(2030, 12, 31)],
)
@pytest.mark.django_db
def test_any_load_date_has_near_due_overdue_and_completed_work(as_of):
    load_demo(as_of=as_of)

    summary = timing_summary(Task.objects.all(), today=as_of)
    assert summary.counts[Timing.NEAR_DUE] >= 1
    assert summary.counts[Timing.OVERDUE] >= 3
    assert summary.counts[Timing.COMPLETED_ON_TIME] >= 3
    assert summary.counts[Timing.COMPLETED_LATE] >= 2
    assert summary.counts[Timing.NO_DEADLINE] == 2
    assert plan_164().start_date == date(as_of.year - 1, 11, 29)


@pytest.mark.django_db
def test_loading_a_later_day_after_the_default_moves_dates_without_duplicates(tmp_path_factory):
    demo_as_of(DEFAULT_DAY, tmp_path_factory)  # the demo as the loader wrote it
    counts = row_counts()

    later = date(2025, 11, 20)
    load_demo(as_of=later)

    after = row_counts()
    for label in COUNTED_MODELS:
        if label != "tasks.MetricValue":  # another day has another number of reports
            assert after[label] == counts[label], label
    assert Task.objects.values("code").distinct().count() == Task.objects.count() == 24
    duplicates = (
        Assignment.objects.values("task", "cadre", "role").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert not duplicates.exists()
    assert_one_active_lead_per_task()
    assert (plan_164().start_date, plan_164().end_date) == (date(2024, 11, 29), date(2026, 12, 31))
    assert not Task.objects.filter(start_date__lt=date(2024, 11, 29)).exists()
    for value in MetricValue.objects.select_related("metric__task"):
        assert value.metric.task.start_date < value.measured_on <= later
        # Notes name the moved month or reporting period, not the scenario's original one.
        assert str(value.measured_on.year) in value.note or "hoàn thành" in value.note


@pytest.mark.django_db
def test_loading_an_earlier_day_after_a_later_one_still_works():
    load_demo(as_of=date(2026, 11, 24))
    counts = row_counts()

    load_demo(as_of=date(2025, 1, 5))

    assert row_counts()["tasks.Assignment"] == counts["tasks.Assignment"]
    assert_one_active_lead_per_task()
    assert not MetricValue.objects.filter(measured_on__gt=date(2025, 1, 5)).exists()


def test_calendar_moves_by_whole_years_and_clamps_29_february():
    calendar = DemoCalendar(date(2027, 3, 1))

    assert calendar.shift == 3
    assert calendar.now == date(2024, 3, 1)
    assert calendar.move(date(2023, 11, 29)) == date(2026, 11, 29)
    assert calendar.move(date(2024, 2, 29)) == date(2027, 2, 28)
    assert DemoCalendar(date(2028, 2, 29)).now == date(2024, 2, 29)


@pytest.mark.django_db
def test_loaddemo_command_rejects_a_non_date_and_loads_nothing():
    with pytest.raises(CommandError):
        call_command("loaddemo", "--as-of", "15/10/2024", stdout=StringIO())

    assert not Plan.objects.exists()
