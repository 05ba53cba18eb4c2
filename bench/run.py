"""`make bench`: the pages under load, served as in production, on generated data.

    DATABASE_URL=... .venv/bin/python -m bench.run [--seconds 10] [--connections 4]

On the database DATABASE_URL names (filled by `thaogo gen-scale`), it starts gunicorn on
127.0.0.1 with production settings (DEBUG off) plus one bare view, then for each page of
bench/pages.py runs wrk at `--connections` and prints p50/p95/p99 latency, requests per
second and as a share of the bare view's, the server's CPU time per request (the workers'
user+system time read from /proc before and after), queries per request, and two floors
measured in the same run: the bare Django view served the same way, and the page's own SQL
run directly (each query the page made, executed again through a plain cursor).

`--rounds N` measures every page N times, all pages in turn each round, and prints the
medians (the share of the bare view's throughput is each round's, then the median): on a
shared machine a single run of a few seconds moves with the neighbours' load.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def _server_env(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "false",
            "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
            "THAOGO_VAR_DIR": args.var_dir,
        }
    )
    # As the README's deployment serves it: persistent database connections. Without them
    # every request that queries opens a connection, which costs more than a cached page.
    env.setdefault("DATABASE_CONN_MAX_AGE", "60")
    # The API's lists are measured past the per-token rate limit, which would answer 429
    # after the first 120 calls of a minute: the figure is what one call costs.
    env.setdefault("THAOGO_API_RATE_PER_MINUTE", str(10**9))
    return env


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def _peak_rss_mb(pids: list[int]) -> float:
    peak = 0
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peak = max(peak, int(match.group(1)))
    return peak / 1024


def _wait_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:  # refused, reset or an error status while the server starts
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def _wrk(url: str, cookie: str | None, args: argparse.Namespace) -> dict[str, float]:
    command = [
        "wrk",
        f"-t{min(2, args.connections)}",
        f"-c{args.connections}",
        f"-d{args.seconds}s",
        "--timeout",
        "120s",
        "-s",
        str(ROOT / "bench" / "wrk.lua"),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    match = re.search(r"BENCH (.*)", output)
    figures = {k: float(v) for k, v in (pair.split("=") for pair in match.group(1).split())}
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def _fetch_status(url: str, cookie: str | None) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status
    except urllib.error.HTTPError as error:
        print(error.read()[:500], file=sys.stderr)
        return error.code


def _sessions(usernames: set[str]) -> dict[str, str]:
    """A logged-in session per user, stored as the server stores them."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    cookies = {}
    for username in usernames:
        user = get_user_model().objects.get(username=username)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "thaogo.accounts.backends.UserBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.set_expiry(3600)
        session.save()
        cookies[username] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    return cookies


def _sql_floor(page) -> tuple[int, float, int]:
    """Queries per request, and the time the page's own SQL takes run directly."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if page.username:
        client.force_login(_user(page.username))
    client.get(page.path)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(page.path).status_code
    statements = [q["sql"] for q in queries.captured_queries]
    best = None
    for _ in range(3):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                if sql.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
                    continue
                # A server-side cursor (PostgreSQL, .iterator()): its query, read whole.
                sql = re.sub(r"^DECLARE .*? CURSOR .*?FOR ", "", sql, flags=re.S)
                cursor.execute(sql)
                cursor.fetchall() if cursor.description else None
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return len(statements), best * 1000, status


def _user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=5)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", default="", help="Pages whose name contains this.")
    parser.add_argument("--skip", default="", help="Leave out pages whose name contains this.")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="Measure every page this many times, all pages in turn each round, and print "
        "medians: on a shared machine one run of a few seconds moves with the neighbours' load.",
    )
    parser.add_argument("--var-dir", default=str(ROOT / "var" / "bench"))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: make bench-deps (Debian package wrk)")
    env = _server_env(args)
    os.environ.update({k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"})
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", "--no-input", verbosity=0)
    from bench.pages import Page, pages

    found = [p for p in pages() if args.only in p.name and not (args.skip and args.skip in p.name)]
    cookies = _sessions({p.username for p in found if p.username})
    floors = {p.name: _sql_floor(p) for p in found}
    from django.db import connections

    connections.close_all()

    log_path = Path(args.var_dir) / "gunicorn.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            "gthread",
            "--timeout",
            "600",
            "thaogo.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        _wait_up(f"{base}/bench/bare/")
        workers = _workers(server.pid)
        measured = [Page("bare Django view (floor)", None, "/bench/bare/"), *found]
        runs: dict[str, list[tuple[dict[str, float], float, float]]] = {
            page.name: [] for page in measured
        }
        for _round in range(args.rounds):
            bare_rps = None
            for page in measured:
                cookie = cookies.get(page.username) if page.username else None
                served = _fetch_status(base + page.path, cookie)
                if served != 200:
                    print(f"{page.name}: the server answered {served}", file=sys.stderr)
                _wrk(base + page.path, cookie, argparse.Namespace(**{**vars(args), "seconds": 2}))
                before = _cpu_seconds(workers)
                figures = _wrk(base + page.path, cookie, args)
                cpu = _cpu_seconds(workers) - before
                bare_rps = bare_rps or figures["rps"]  # the round's first page is the bare view
                runs[page.name].append(
                    (
                        figures,
                        cpu * 1000 / max(figures["requests"], 1),
                        100 * figures["rps"] / max(bare_rps, 1e-9),
                    )
                )
        rows = []
        for page in measured:
            done = runs[page.name]
            figures = {
                key: median(f[key] for f, _cpu, _share in done)
                for key in ("p50", "p95", "p99", "rps", "errors")
            }
            figures["errors"] = max(f["errors"] for f, _cpu, _share in done)
            queries, sql_ms, status = floors.get(page.name, (0, 0.0, 200))
            rows.append(
                (
                    page.name,
                    figures,
                    median(cpu for _f, cpu, _share in done),
                    median(share for _f, _cpu, share in done),
                    queries,
                    sql_ms,
                    status,
                )
            )
        bare_rps = rows[0][1]["rps"]
        bare_cpu = rows[0][2]
        rounds = f"; median of {args.rounds} rounds" if args.rounds > 1 else ""
        print(
            f"\n{'page':28} {'p50':>7} {'p95':>7} {'p99':>7} {'req/s':>7} {'% bare':>6} "
            f"{'CPU/req':>8} {'queries':>7} {'SQL alone':>9}  errors  (ms; c={args.connections}, "
            f"{args.workers} workers x {args.threads} threads{rounds})"
        )
        for name, f, cpu_ms, share, queries, sql_ms, status in rows:
            print(
                f"{name:28} {f['p50']:7.1f} {f['p95']:7.1f} {f['p99']:7.1f} {f['rps']:7.1f} "
                f"{share:6.0f} {cpu_ms:8.2f} {queries:7d} {sql_ms:9.1f}  {int(f['errors'])}"
                + (f"  status {status}" if status != 200 else "")
            )
        print(
            f"\nfloor: bare Django view {bare_rps:.0f} req/s, {bare_cpu:.2f} ms CPU per request; "
            f"peak worker RSS {_peak_rss_mb(workers):.0f} MB"
        )
    finally:
        server.send_signal(signal.SIGINT)  # quick shutdown: requests in flight are dropped
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
