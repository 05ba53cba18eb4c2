"""Visits of the monitoring dashboard in process, one after another as one signed-in user
(`scale-standing` from `thaogo gen-scale`): for each, its wall time, the process's CPU, its
queries and their SQL time, the size of its HTML and the process's peak RSS. The first
visit works the figures out; a later one with the same date and plan (another page of a
table, another order) is served the figures kept (`monitoring.selectors.kept_figures`).

    THAOGO_TODAY=2026-11-30 DATABASE_URL=... .venv/bin/python -m bench.monitoring \\
        "" "?cadre_page=2" "?sort=-overdue" "?as_of=30/06/2026"

An argument starting with "/" is a path of its own (the list behind a number, for example).
Two arguments write between visits, to show what a write costs the next visit:
"!value" records a measured value on one commune's task (through the service, as a cadre
would: one part of the figures is counted again), "!category" saves a category (what every
part reads: all of them are).
"""

import os
import resource
import sys
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thaogo.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.DEBUG = True  # so that the connection records its queries' times
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(get_user_model().objects.get(username="scale-standing"))
    user = get_user_model().objects.get(username="scale-standing")
    for query in sys.argv[1:] or [""]:
        if query.startswith("!"):
            print(f"{query:32} {_write(query, user)}", flush=True)
            continue
        with CaptureQueriesContext(connection) as queries:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(query if query.startswith("/") else "/app/monitoring/" + query)
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        sql = sum(float(q["time"]) for q in queries.captured_queries)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{query or '(first visit)':32} {response.status_code} wall {wall:6.2f} s, "
            f"CPU {cpu:6.2f} s, {len(queries)} queries, SQL {sql:6.2f} s, "
            f"HTML {len(response.content)} bytes, peak RSS {rss:.0f} MB",
            flush=True,
        )


def _write(what: str, user) -> str:
    from decimal import Decimal

    from thaogo.lib import clock
    from thaogo.tasks import services
    from thaogo.tasks.models import Category, Metric

    if what == "!value":
        metric = Metric.objects.filter(task__completed_on__isnull=True).order_by("-pk").first()
        services.metric_value_record(
            metric=metric, value=metric.target or Decimal(1), measured_on=clock.today(), by=user
        )
        return f"a value of task {metric.task.code} of {metric.task.plan.issuing_body.name}"
    if what == "!category":
        category = Category.objects.first()
        category.save()
        return f"category {category.name} saved"
    raise SystemExit(f"Unknown write: {what}")


if __name__ == "__main__":
    main()
