"""The pages the benchmark drives, and a probe that renders each in process and tells what
its SQL costs.

    DATABASE_URL=... .venv/bin/python -m bench.pages              # queries, SQL ms, total ms
    DATABASE_URL=... .venv/bin/python -m bench.pages --explain    # and each query's plan

It needs data from `thaogo gen-scale` (its scale-* users and one published article).
"""

import argparse
import os
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    username: str | None  # None: an anonymous visitor
    path: str


def pages() -> list[Page]:
    """The pages, with the ids of the generated data in them (needs Django set up)."""
    from django.urls import reverse

    from thaogo.portal.models import Article, ArticleStatus
    from thaogo.tasks.models import Task

    task = (
        Task.objects.filter(assignments__cadre__user__username="scale-cadre")
        .order_by("-pk")
        .first()
    )
    article = Article.objects.filter(status=ArticleStatus.PUBLISHED).order_by("-pk").first()
    from django.conf import settings

    from thaogo.tasks.selectors import tasks_visible_to

    listing = reverse("tasks:list")
    last = tasks_visible_to(_user("scale-standing")).count() // settings.THAOGO_PAGE_SIZE + 1
    found = [
        Page("task list", "scale-standing", listing),
        Page("task list, last page", "scale-standing", f"{listing}?page={last}"),
        Page("task list, province", "scale-province", listing),
        Page("dashboard /app/", "scale-standing", reverse("core:home")),
        Page("task page", "scale-cadre", reverse("tasks:detail", args=[task.pk])),
        Page("task page, overseer", "scale-standing", reverse("tasks:detail", args=[task.pk])),
        Page("monitoring dashboard", "scale-standing", reverse("monitoring:dashboard")),
        Page("home (portal)", None, reverse("portal:home")),
    ]
    if article is not None:
        found.append(Page("public article", None, reverse("portal:article", args=[article.slug])))
    # The JSON API's lists, as another system reads them (the site's session stands in for a
    # token: both go through the same policy and the same pages of rows).
    for route, label in (
        ("api:tasks", "API tasks"),
        ("api:obligations", "API obligations"),
        ("api:proposals", "API proposals"),
        ("api:directives", "API directives"),
    ):
        found.append(Page(label, "scale-standing", reverse(route)))
    return found


def probe(explain: bool = False, repeat: int = 3, only: str = "") -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for page in pages():
        if only not in page.name:
            continue
        client = Client()
        if page.username:
            client.force_login(_user(page.username))
        client.get(page.path)  # warm caches, as a running server has them
        best = None
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(page.path)
                total = time.perf_counter() - started
            sql = sum(float(q["time"]) for q in queries.captured_queries)
            if best is None or total < best[0]:
                best = (total, sql, len(queries), response.status_code, queries.captured_queries)
        total, sql, count, status, captured = best
        print(
            f"{page.name:28} {status} {count:3} queries  SQL {sql * 1000:7.1f} ms  "
            f"total {total * 1000:7.1f} ms"
        )
        if explain:
            for q in sorted(captured, key=lambda q: -float(q["time"]))[:4]:
                print(f"    {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")


def _user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="Pages whose name contains this.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thaogo.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = True  # so that the connection records its queries' times
    settings.ALLOWED_HOSTS = ["*"]
    probe(explain=args.explain, repeat=args.repeat, only=args.only)


if __name__ == "__main__":
    main()
