"""The business clock: THAOGO_TODAY fixes the date for the demo; clock.now() follows it."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from tests.test_settings import import_settings
from thaogo.lib import clock
from thaogo.lib.env import parse_day

DEMO_DAY = date(2024, 10, 15)


@pytest.mark.parametrize("written", ["15/10/2024", "2024-10-15", " 15/10/2024 "])
def test_a_day_is_read_as_dd_mm_yyyy_or_iso(written):
    assert parse_day(written) == DEMO_DAY


@pytest.mark.parametrize(
    "written",
    [
        "10/15/2024",  # month first
        "5/10/2024",
        "15/10/24",
        "15-10-2024",
        "2024/10/15",
        "2024-10-15T08:00",
        "31/02/2024",
        "2024-02-30",
        "today",
        "15.10.2024",
    ],
)
def test_any_other_way_of_writing_a_day_is_refused(written):
    with pytest.raises(ValueError):
        parse_day(written)


@pytest.mark.parametrize("written", ["15/10/2024", "2024-10-15"])
def test_settings_accept_thaogo_today_in_both_forms(tmp_path, written):
    result = import_settings(tmp_path, DEBUG="true", THAOGO_TODAY=written)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("written", ["10/15/2024", "15/10/24", "tomorrow"])
def test_settings_refuse_to_start_with_a_thaogo_today_of_another_form(tmp_path, written):
    result = import_settings(tmp_path, DEBUG="true", THAOGO_TODAY=written)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "THAOGO_TODAY must be a date written dd/mm/yyyy or yyyy-mm-dd" in result.stderr


def test_without_thaogo_today_the_clock_gives_the_real_date_and_time(settings):
    settings.THAOGO_TODAY = None
    before = timezone.now()
    assert clock.today() == timezone.localdate()
    assert before <= clock.now() <= timezone.now()


def test_thaogo_today_fixes_the_date_and_keeps_the_time_of_day(settings):
    settings.THAOGO_TODAY = DEMO_DAY

    assert clock.today() == DEMO_DAY
    now = timezone.localtime(clock.now())
    real = timezone.localtime()
    assert now.date() == DEMO_DAY
    assert abs(datetime.combine(DEMO_DAY, real.time()) - now.replace(tzinfo=None)).seconds < 60


def test_acting_as_of_and_acting_at_win_over_thaogo_today(settings):
    settings.THAOGO_TODAY = DEMO_DAY
    moment = timezone.make_aware(datetime.combine(date(2024, 3, 14), time(9, 30)))

    with clock.acting_at(moment):
        assert clock.now() == moment
        assert clock.today() == date(2024, 3, 14)
        with clock.acting_as_of(date(2024, 3, 20)):
            assert clock.today() == date(2024, 3, 20)
            assert timezone.localdate(clock.now()) == date(2024, 3, 20)
        assert clock.now() == moment
    assert clock.today() == DEMO_DAY


# Times that must stay real even on the demo's fixed date: when a private calendar address was
# issued is a security fact, not part of the scenario.
REAL_TIMES = {"notifications.CalendarFeed.created_at", "api.ApiToken.created_at"}


def test_every_time_a_record_stamps_itself_reads_the_business_clock():
    from django.apps import apps
    from django.db import models

    from thaogo.core.fields import BusinessTimeField

    plain = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("thaogo.")
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateTimeField)
        and (field.auto_now or field.auto_now_add)
        and not isinstance(field, BusinessTimeField)
    }
    assert plain == REAL_TIMES
