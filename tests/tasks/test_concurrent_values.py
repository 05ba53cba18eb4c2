"""Twenty people saving the same metric on the same day at once: every save replaces the
value (the service promises replace semantics), none is told the day is taken, and one row
is left. These tests commit for real and run the saves in threads, each with its own
database connection, on SQLite and on PostgreSQL."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from tests.threads import run_in_threads
from thaogo.tasks import services
from thaogo.tasks.models import MetricValue

THREADS = 20
DAY = date(2024, 10, 14)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_parallel_saves_of_the_same_day_all_replace_the_value(world, tmp_path):
    metric = world.households
    values = [Decimal(100 + i) for i in range(THREADS)]

    def save(index: int) -> None:
        services.metric_value_record(
            metric=metric, measured_on=DAY, value=values[index], by=world.unit_staff
        )

    errors = run_in_threads(save, THREADS, tmp_path=tmp_path)

    failed = f"{len(errors)} of {THREADS} saves failed on {connection.vendor}"
    assert errors == [], f"{failed}: {errors[0]}"
    saved = MetricValue.objects.filter(metric=metric, measured_on=DAY)
    assert saved.count() == 1
    assert saved.get().value in values
    # Every save was a replacement of the one before, in the history too.
    assert MetricValue.history.filter(metric_id=metric.pk, measured_on=DAY).count() == THREADS
