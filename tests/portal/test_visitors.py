"""Visitor statistics: counted once a day without cookies, never impossible, never lost."""

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.visits import run_visits
from tests.databases import migrated_sqlite_file
from tests.helpers import REPRODUCIBLE
from thaogo.portal import services
from thaogo.portal.models import Visit, VisitorDay, VisitorSalt
from thaogo.portal.selectors import VisitorStats, visitor_stats

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)
# Wednesday 16/10/2024, 10:00 in Hà Nội; the week runs Monday 14/10 to Sunday 20/10.
WEDNESDAY = datetime(2024, 10, 16, 10, 0, tzinfo=HCM)


def visit(address: str, at: datetime, agent: str = BROWSER) -> None:
    services.visit_record(address=address, user_agent=agent, at=at)


def widget(client, *, agent: str = BROWSER, page: str = "http://testserver/", **headers):
    return client.post(
        "/thong-ke-truy-cap/", HTTP_USER_AGENT=agent, HTTP_HX_CURRENT_URL=page, **headers
    )


def numbers(response) -> dict[str, int]:
    import re

    html = response.content.decode()
    return {
        key: int(value.replace(".", "").replace(",", ""))
        for key, value in re.findall(r'data-stat="(\w+)">([\d.,]+)<', html)
    }


@pytest.mark.django_db
def test_first_visit_shows_one_everywhere_never_the_seeds_0_1_0_0(client):
    response = widget(client)
    assert response.status_code == 200
    assert numbers(response) == {"online": 1, "today": 1, "week": 1, "all": 1}
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response or not response.cookies


@pytest.mark.django_db
def test_a_visitor_counts_once_a_day_and_a_second_visitor_adds_one(client):
    widget(client)
    widget(client)
    assert numbers(widget(client)) == {"online": 1, "today": 1, "week": 1, "all": 1}
    other = numbers(widget(client, agent=BROWSER.replace("131", "130")))
    assert other == {"online": 2, "today": 2, "week": 2, "all": 2}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "agent",
    [
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0 Safari/537.36",
        "",
    ],
)
def test_known_bots_are_not_counted(client, agent):
    assert numbers(widget(client, agent=agent)) == {"online": 0, "today": 0, "week": 0, "all": 0}


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["http://testserver/app/", "http://testserver/admin/portal/"])
def test_staff_pages_are_not_counted(client, page):
    assert numbers(widget(client, page=page))["all"] == 0


@pytest.mark.django_db
def test_cross_site_requests_are_not_counted(client):
    assert numbers(widget(client, HTTP_SEC_FETCH_SITE="cross-site"))["all"] == 0


@pytest.mark.django_db
def test_nothing_identifying_is_stored_only_a_salted_hash():
    visit("203.0.113.9", WEDNESDAY)
    row = Visit.objects.get()
    assert len(row.visitor) == 64 and "203.0.113.9" not in row.visitor
    assert VisitorSalt.objects.filter(day=WEDNESDAY.date()).exists()


@pytest.mark.django_db
def test_week_runs_monday_to_sunday_in_ho_chi_minh_time():
    visit("1", datetime(2024, 10, 13, 23, 30, tzinfo=HCM))  # Sunday of the previous week
    visit("2", datetime(2024, 10, 14, 0, 10, tzinfo=HCM))  # Monday (still Sunday in UTC)
    visit("3", WEDNESDAY)
    stats = visitor_stats(now=WEDNESDAY)
    assert stats == VisitorStats(online=1, today=1, this_week=2, all_time=3)


@pytest.mark.django_db
def test_online_now_is_the_last_five_minutes_of_today():
    visit("early", WEDNESDAY - timedelta(minutes=6))
    visit("recent", WEDNESDAY - timedelta(minutes=4))
    assert visitor_stats(now=WEDNESDAY).online == 1
    visit("early", WEDNESDAY - timedelta(minutes=1))  # came back: online again
    assert visitor_stats(now=WEDNESDAY) == VisitorStats(2, 2, 2, 2)


@pytest.mark.django_db
def test_roll_up_keeps_all_time_and_deletes_old_pseudonyms_and_salts():
    for day in range(1, 10):  # 1/10 to 9/10, before this week
        for n in range(day % 3 + 1):
            visit(f"10.0.0.{n}", datetime(2024, 10, day, 9, tzinfo=HCM))
    visit("a", WEDNESDAY)
    before = visitor_stats(now=WEDNESDAY)
    rolled = services.visits_roll_up(today=WEDNESDAY.date())
    assert rolled == before.all_time - 1
    assert visitor_stats(now=WEDNESDAY) == before
    assert not Visit.objects.filter(day__lt=WEDNESDAY.date() - timedelta(days=2)).exists()
    assert VisitorDay.objects.get(day=datetime(2024, 10, 3).date()).visitors == 1
    assert set(VisitorSalt.objects.values_list("day", flat=True)) == {WEDNESDAY.date()}
    assert services.visits_roll_up(today=WEDNESDAY.date()) == 0  # idempotent
    assert visitor_stats(now=WEDNESDAY) == before


@pytest.mark.django_db
def test_the_first_visit_of_a_day_rolls_up_whatever_process_served_the_last_one(client):
    """Whether to roll up is read from the database, not remembered by a process: a server
    that never rolled up before finds the work done, or does it, on its first visit."""
    now = datetime.now(tz=HCM)
    last_week = now - timedelta(days=8)
    visit("10.0.0.1", last_week)
    visit("10.0.0.2", last_week)
    assert services.visits_roll_up_due(today=now.date())
    assert numbers(widget(client)) == {"online": 1, "today": 1, "week": 1, "all": 3}
    assert not services.visits_roll_up_due(today=now.date())
    assert not Visit.objects.filter(day=last_week.date()).exists()
    assert VisitorDay.objects.get(day=last_week.date()).visitors == 2
    assert set(VisitorSalt.objects.values_list("day", flat=True)) == {now.date()}


@pytest.mark.django_db
def test_a_salt_left_from_yesterday_is_deleted_by_the_first_visit_of_today(client):
    now = datetime.now(tz=HCM)
    visit("10.0.0.1", now - timedelta(days=1))
    widget(client)
    assert set(VisitorSalt.objects.values_list("day", flat=True)) == {now.date()}
    assert not services.visits_roll_up_due(today=now.date())


visits_strategy = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 20 * 24 * 60), st.booleans()),
    min_size=0,
    max_size=40,
)


@pytest.mark.django_db
@settings(**REPRODUCIBLE, max_examples=40)
@given(events=visits_strategy, now_offset=st.integers(0, 24 * 60))
def test_stats_always_satisfy_online_le_today_le_week_le_all_and_match_a_model(events, now_offset):
    """Visits by 7 visitors over 20 days, with roll-ups now and then: the numbers always
    match a plain count of distinct (day, visitor) pairs, and never contradict each other."""
    Visit.objects.all().delete()
    VisitorDay.objects.all().delete()
    VisitorSalt.objects.all().delete()
    services._salt_cache.clear()
    start = datetime(2024, 10, 1, 0, 0, tzinfo=HCM)
    seen: dict[tuple, datetime] = {}
    last = start
    for visitor, minute, roll_up in sorted(events, key=lambda e: e[1]):
        at = start + timedelta(minutes=minute)
        visit(f"198.51.100.{visitor}", at)
        seen[(at.date(), visitor)] = at
        last = at
        if roll_up:
            services.visits_roll_up(today=at.date())
    now = last + timedelta(minutes=now_offset)
    stats = visitor_stats(now=now)
    today = now.date()
    monday = today - timedelta(days=today.weekday())
    assert stats.consistent
    assert stats.all_time == len(seen)
    assert stats.this_week == sum(1 for day, _v in seen if monday <= day <= today)
    assert stats.today == sum(1 for day, _v in seen if day == today)
    assert stats.online == sum(
        1 for (day, _v), at in seen.items() if day == today and at >= now - timedelta(minutes=5)
    )


# Exact counting under concurrency, on whichever database the suite runs on.

VISITS = 1000
DISTINCT = 600
THREADS = 25


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_thousand_concurrent_visits_are_counted_exactly(tmp_path, tmp_path_factory):
    if connection.vendor == "sqlite":
        # The in-memory test database locks whole tables across threads, so on SQLite the
        # same visits run on a real SQLite file, in their own process, as in production.
        _count_visits_on_a_sqlite_file(tmp_path, tmp_path_factory)
        return
    result = run_visits(visits=VISITS, distinct=DISTINCT, threads=THREADS, now=WEDNESDAY)
    assert result.errors == 0
    assert result.stats == VisitorStats(
        online=DISTINCT, today=DISTINCT, this_week=DISTINCT, all_time=DISTINCT
    )
    assert Visit.objects.count() == DISTINCT


def _count_visits_on_a_sqlite_file(tmp_path, tmp_path_factory):
    """The benchmark itself, on a fresh SQLite file, in its own process."""
    migrated_sqlite_file(tmp_path / "visits.sqlite3", tmp_path_factory)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'visits.sqlite3'}",
        "THAOGO_VAR_DIR": str(tmp_path),
        "DEBUG": "1",
    }
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.visits",
            "--visits",
            str(VISITS),
            "--distinct",
            str(DISTINCT),
            "--threads",
            str(THREADS),
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert (
        f"online {DISTINCT}, today {DISTINCT}, week {DISTINCT}, all {DISTINCT}: exact" in run.stdout
    )
