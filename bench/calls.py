"""Python work per page, in process, under production settings (DEBUG off, cached
templates): the best CPU time per request of five runs, and the number of Python function
calls per request (counted by cProfile: deterministic, so comparable on a loaded machine).

    THAOGO_TODAY=2026-11-30 DATABASE_URL=... .venv/bin/python -m bench.calls [--only NAME] [-n 10]

`--top 40` also prints each page's 40 costliest functions (`--sort tottime|cumulative`).
"""

import argparse
import cProfile
import os
import pstats
import secrets
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="Pages whose name contains this.")
    parser.add_argument("-n", type=int, default=10, help="Requests per run.")
    parser.add_argument("--top", type=int, default=0, help="Print this many functions.")
    parser.add_argument("--sort", default="cumulative", choices=["cumulative", "tottime"])
    args = parser.parse_args()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "LOG_LEVEL": "WARNING",
            # As bench.run: what a call costs, past the API's per-token rate limit.
            "THAOGO_API_RATE_PER_MINUTE": str(10**9),
            "THAOGO_VAR_DIR": str(Path(__file__).resolve().parent.parent / "var" / "bench"),
        }
    )
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from bench.pages import _user, pages

    call_command("collectstatic", "--no-input", verbosity=0)
    for page in pages():
        if args.only not in page.name or "monitoring" in page.name:
            continue
        client = Client()
        if page.username:
            client.force_login(_user(page.username))
        for _ in range(3):  # warm caches, as a running server has them
            response = client.get(page.path)
        best = float("inf")
        for _ in range(5):
            started = time.process_time()
            for _ in range(args.n):
                client.get(page.path)
            best = min(best, (time.process_time() - started) / args.n * 1000)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.n):
            client.get(page.path)
        profile.disable()
        stats = pstats.Stats(profile)
        print(
            f"{page.name:28} {response.status_code} CPU {best:6.1f} ms  "
            f"Python calls {stats.total_calls / args.n:8.0f}  HTML {len(response.content):7} bytes"
        )
        if args.top:
            stats.sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
