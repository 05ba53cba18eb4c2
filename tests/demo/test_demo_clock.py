"""The demo tells the seed's story at the seed's time: `make demo` loads it as of 15/10/2024,
serves it with the business date fixed to that day, and everything the demo's people did
carries the scenario's dates, not the moment of loading."""

import re
import subprocess
from datetime import date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.demo_snapshot import demo_as_of
from thaogo.demo.management.commands.loaddemo import DEFAULT_AS_OF
from thaogo.direction.models import Directive, Proposal
from thaogo.documents.models import Plan
from thaogo.lib import clock
from thaogo.notifications.models import Notification
from thaogo.portal.models import Article
from thaogo.reporting.models import Report, ReportStatus, ReportSubmission
from thaogo.tasks.models import MetricValue, Task, Timing
from thaogo.tasks.selectors import timing_summary

DEMO_DAY = date(2024, 10, 15)
PLAN_DAY = date(2023, 11, 29)
ROOT = Path(__file__).resolve().parents[2]
BANNER = "Bản trình diễn: ngày làm việc được cố định là 15/10/2024"


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        demo_as_of(DEMO_DAY, tmp_path_factory)
        yield
        transaction.set_rollback(True)


def local_day(moment: datetime) -> date:
    return timezone.localdate(moment)


def business_times() -> list[tuple[str, date]]:
    """Every date-time the demo wrote in the apps' own tables and their histories."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("thaogo.") or model._meta.app_label in ("core",):
            continue
        if model._meta.app_label == "portal" and model.__name__.startswith(("Visit", "Visitor")):
            continue  # visitor statistics count real visits
        if model._meta.app_label == "api":
            continue  # API tokens are security records, stamped with the real time
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField) and not field.name.endswith("emailed_at"):
                label = f"{model._meta.label}.{field.name}"
                values = model.objects.exclude(**{field.name: None}).values_list(
                    field.name, flat=True
                )
                found += [(label, local_day(value)) for value in values]
    return found


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestTheDemoCarriesTheScenariosTimes:
    def test_no_date_time_the_demo_wrote_comes_after_its_day(self):
        times = business_times()
        labels = {label for label, _day in times}
        # The history of every kind, and the business times, are all there to check.
        assert {"tasks.HistoricalTask.history_date", "reporting.ReportSubmission.submitted_at"} <= (
            labels
        )
        assert "notifications.Notification.created_at" in labels
        late = sorted({(label, day) for label, day in times if day > DEMO_DAY})
        assert late == []
        early = sorted({(label, day) for label, day in times if day < PLAN_DAY})
        assert early == []

    def test_the_plan_and_its_tasks_were_recorded_when_they_happened(self):
        plan = Plan.objects.get(document__number=164, document__doc_type__code="KH")
        assert local_day(plan.history.earliest().history_date) == PLAN_DAY
        for task in Task.objects.all():
            assert local_day(task.created_at) == max(task.start_date, PLAN_DAY), task.code
            first = task.history.earliest()
            assert local_day(first.history_date) == local_day(task.created_at)
            if task.completed_on:
                completion = task.history.filter(status="completed").earliest()
                assert local_day(completion.history_date) == task.completed_on, task.code
        # A cadre records each month's figure on its cut-off day.
        for value in MetricValue.objects.all()[:50]:
            assert local_day(value.recorded_at) == value.measured_on

    def test_reports_were_submitted_and_reviewed_on_the_scenarios_days(self):
        submissions = ReportSubmission.objects.select_related("report__obligation")
        assert submissions.count() > 50
        history_days = set()
        for submission in submissions:
            due_on = submission.report.obligation.due_on
            assert submission.submitted_at.date() <= due_on + timezone.timedelta(days=6)
            if submission.reviewed_at:
                assert submission.reviewed_at > submission.submitted_at
        for report in Report.objects.exclude(submitted_at=None):
            history_days |= {local_day(r.history_date) for r in report.history.all()}
        assert max(history_days) < DEMO_DAY
        # Lateness is judged against the scenario's dates: some late, most on time.
        late = ReportSubmission.objects.filter(is_late=True).count()
        assert 0 < late < submissions.count() / 4
        returned = ReportSubmission.objects.filter(decision=ReportStatus.RETURNED).get()
        revision = ReportSubmission.objects.get(report=returned.report, number=returned.number + 1)
        assert returned.reviewed_at < revision.submitted_at

    def test_proposals_directives_and_notices_carry_the_scenarios_days(self):
        raised = sorted(local_day(p.created_at) for p in Proposal.objects.all())
        assert raised[-1] == date(2024, 10, 5)  # the one still waiting, raised 10 days before
        done = Directive.objects.exclude(acknowledged_at=None).get()
        assert local_day(done.acknowledged_at) == date(2024, 8, 18)  # meeting 16/08 + 2 days
        # Notices of events (a directive issued, a report returned) on the event's day; the
        # reminders of the load date's morning on that day.
        days = {local_day(n.created_at) for n in Notification.objects.all()}
        assert DEMO_DAY in days
        assert date(2024, 8, 16) in days
        assert min(days) >= PLAN_DAY and max(days) == DEMO_DAY

    def test_portal_articles_were_written_before_they_were_published(self):
        articles = Article.objects.exclude(published_at=None)
        assert articles.exists()
        for article in articles:
            assert article.created_at <= article.published_at
            assert local_day(article.published_at) <= DEMO_DAY

    def test_the_business_clock_fixed_on_the_demo_day_shows_the_seeds_numbers(self, settings):
        settings.THAOGO_TODAY = DEMO_DAY
        summary = timing_summary(Task.objects.all(), today=clock.today())
        # The issue saw 15 of 24 overdue when the clock said today; on its day, a few are.
        assert 3 <= summary.counts[Timing.OVERDUE] <= 6
        assert summary.counts[Timing.NEAR_DUE] >= 1


@pytest.mark.django_db
def test_loaddemo_defaults_to_the_seed_day_without_moving_dates(settings):
    settings.THAOGO_TODAY = DEMO_DAY
    out = StringIO()

    call_command("loaddemo", stdout=out)

    assert DEFAULT_AS_OF == DEMO_DAY
    text = out.getvalue()
    assert "15/10/2024" in text and "THAOGO_TODAY" not in text
    plan = Plan.objects.get(document__number=164, document__doc_type__code="KH")
    assert (plan.start_date, plan.end_date) == (PLAN_DAY, date(2025, 12, 31))


@pytest.mark.django_db
def test_every_page_says_the_date_is_fixed_while_thaogo_today_is_set(settings, client):
    settings.THAOGO_TODAY = DEMO_DAY
    for url in (reverse("login"), reverse("portal:home"), reverse("portal:news")):
        page = client.get(url)
        assert page.status_code == 200, url
        assert BANNER in page.content.decode(), url


@pytest.mark.django_db
def test_the_banner_shows_on_internal_pages_when_logged_in(settings, world):
    settings.THAOGO_TODAY = DEMO_DAY
    client = Client()
    client.force_login(world.btc)
    page = client.get(reverse("tasks:list"))
    assert BANNER in page.content.decode()


@pytest.mark.django_db
def test_no_banner_without_thaogo_today(settings, client):
    settings.THAOGO_TODAY = None
    for url in (reverse("login"), reverse("portal:home")):
        content = client.get(url).content.decode()
        assert "demo-banner" not in content
        assert "Bản trình diễn" not in content


def test_make_demo_serves_the_seed_day_with_its_clock_and_portal_name():
    result = subprocess.run(
        ["make", "-n", "demo", "HOST=0.0.0.0:8080"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    steps = [line for line in result.stdout.splitlines() if "bin/thaogo " in line]
    assert [re.search(r"bin/thaogo (\w+)", line).group(1) for line in steps] == [
        "migrate",
        "loaddemo",
        "runserver",
    ]
    for line in steps:
        assert "THAOGO_TODAY=2024-10-15" in line
        assert 'THAOGO_PORTAL_NAME="Quận ủy Lê Chân"' in line
    assert steps[1].endswith("loaddemo --as-of 2024-10-15")
    assert steps[2].endswith("runserver 0.0.0.0:8080")
