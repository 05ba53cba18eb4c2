"""Every date-time is written one way, "14/10/2024 08:30", and every date "14/10/2024": on the
report's history, the notifications, the task's history and the portal's articles."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from tests.portal.conftest import portal  # noqa: F401  (fixture reused)
from thaogo.reporting import services as reporting
from thaogo.reporting.models import ReportObligation

DATE_TIME = re.compile(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b")
# The other ways a date-time can be written: the time first, "lúc 08:30 ngày …", or in words.
OTHER_WAYS = {
    "time before the date": re.compile(r"\b\d{1,2}:\d{2},? (?:ngày )?\d{1,2}/\d{1,2}/\d{2,4}"),
    "lúc … ngày …": re.compile(r"lúc \d{1,2}[:h]\d{2},? ngày"),
    "ngày … tháng … năm": re.compile(r"ngày \d{1,2} tháng \d{1,2}"),
    "ISO date": re.compile(r">[^<]*\b\d{4}-\d{2}-\d{2}\b[^<]*<"),
    "English month": re.compile(
        r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d"
    ),
}


def other_ways(html: str) -> list[str]:
    return [name for name, pattern in OTHER_WAYS.items() if pattern.search(html)]


def test_the_formats_write_the_date_before_the_time():
    moment = timezone.make_aware(timezone.datetime(2024, 10, 14, 8, 30))
    for language in ("vi", "en"):
        with translation.override(language):
            assert formats.date_format(moment, "DATETIME_FORMAT") == "14/10/2024 08:30"
            assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "14/10/2024 08:30"
            assert formats.date_format(moment.date(), "DATE_FORMAT") == "14/10/2024"


@pytest.fixture
def accepted_report(world):
    obligation = ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )
    report = reporting.report_for(obligation)
    report = reporting.report_save_draft(
        report=report,
        by=world.cadre,
        expected_version=report.version,
        results="Đã vận động 30 hộ bàn giao mặt bằng.",
    )
    report = reporting.report_submit(report=report, by=world.cadre, expected_version=report.version)
    return reporting.report_accept(report=report, by=world.btc)


@pytest.mark.django_db
def test_internal_pages_write_date_times_one_way(world, accepted_report, client_for):
    pages = {
        world.cadre: [reverse("notifications:list")],
        world.btc: [
            reverse("reporting:report_detail", args=[accepted_report.obligation_id]),
            reverse("tasks:history", args=[world.clearance.pk]),
        ],
    }
    for user, urls in pages.items():
        client = client_for(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert DATE_TIME.search(html), url
            assert other_ways(html) == [], url


@pytest.mark.django_db
def test_the_portal_writes_date_times_one_way(portal, client):  # noqa: F811
    for url in (reverse("portal:news"), portal.article.get_absolute_url()):
        html = client.get(url).content.decode()
        assert DATE_TIME.search(html), url
        assert other_ways(html) == [], url
