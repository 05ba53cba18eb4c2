"""Benchmark and proof of exact visitor counting under concurrency.

    DEBUG=1 .venv/bin/python -m bench.visits                       # a fresh SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thaogo_bench \\
        DEBUG=1 .venv/bin/python -m bench.visits --visits 5000      # PostgreSQL (created)

It records `--visits` visits from `--distinct` visitors (each visitor comes back a few
times) on `--threads` threads at once, each thread with its own database connection, then
checks that the statistics read exactly `distinct` for online now, today, this week and all
time, and prints visits per second. It exits 1 if any number is off.
"""

import argparse
import os
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"


@dataclass(frozen=True)
class VisitsResult:
    visits: int
    distinct: int
    threads: int
    seconds: float
    errors: int
    stats: Any  # thaogo.portal.selectors.VisitorStats

    @property
    def per_second(self) -> float:
        return self.visits / self.seconds if self.seconds else 0.0

    @property
    def exact(self) -> bool:
        wanted = self.distinct
        return self.errors == 0 and (
            self.stats.online,
            self.stats.today,
            self.stats.this_week,
            self.stats.all_time,
        ) == (wanted, wanted, wanted, wanted)


def run_visits(*, visits: int, distinct: int, threads: int, now: datetime) -> VisitsResult:
    """Record `visits` visits of `distinct` visitors concurrently, then read the statistics.

    Visitor i visits at `now` minus a few seconds, so all are "online now" at `now`.
    Expects an empty visits table (a test database or a fresh benchmark database).
    """
    from django.db import connection

    from thaogo.portal.selectors import visitor_stats
    from thaogo.portal.services import visit_record

    start_gate = threading.Barrier(threads)
    errors: list[BaseException] = []

    def worker(indexes: list[int]) -> None:
        try:
            start_gate.wait()
            for index in indexes:
                visitor = index % distinct
                visit_record(
                    address=f"10.{visitor // 65536}.{visitor // 256 % 256}.{visitor % 256}",
                    user_agent=BROWSER,
                    at=now - timedelta(seconds=index % 60),
                )
        except BaseException as error:  # reported, not raised: the count is the result
            errors.append(error)
        finally:
            connection.close()  # each thread's own connection

    batches = [list(range(n, visits, threads)) for n in range(threads)]
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(worker, batches))
    seconds = time.perf_counter() - began
    for error in errors[:3]:
        print(f"error: {error!r}", file=sys.stderr)
    return VisitsResult(
        visits=visits,
        distinct=distinct,
        threads=threads,
        seconds=seconds,
        errors=len(errors),
        stats=visitor_stats(now=now),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--distinct", type=int, default=600)
    parser.add_argument("--threads", type=int, default=25)
    args = parser.parse_args(argv)

    os.environ.setdefault("DEBUG", "1")
    workdir = tempfile.mkdtemp(prefix="thaogo-bench-")
    os.environ.setdefault("THAOGO_VAR_DIR", workdir)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(workdir) / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thaogo.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if engine == "postgresql":
        _create_postgres_database(settings.DATABASES["default"])
    call_command("migrate", verbosity=0)
    from thaogo.portal.models import Visit, VisitorDay, VisitorSalt

    for model in (Visit, VisitorDay, VisitorSalt):
        model.objects.all().delete()
    connection.close()

    result = run_visits(
        visits=args.visits, distinct=args.distinct, threads=args.threads, now=timezone.now()
    )
    stats = result.stats
    print(
        f"{engine}: {result.visits} visits of {result.distinct} visitors on {result.threads} "
        f"threads in {result.seconds:.2f} s = {result.per_second:.0f} visits/s; "
        f"online {stats.online}, today {stats.today}, week {stats.this_week}, "
        f"all {stats.all_time}: {'exact' if result.exact else 'WRONG'}"
    )
    return 0 if result.exact else 1


def _create_postgres_database(database: dict[str, Any]) -> None:
    import psycopg

    dsn = {
        k: v
        for k, v in {
            "host": database.get("HOST"),
            "port": database.get("PORT"),
            "user": database.get("USER"),
            "password": database.get("PASSWORD"),
        }.items()
        if v
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{database["NAME"]}"')


if __name__ == "__main__":
    sys.exit(main())
