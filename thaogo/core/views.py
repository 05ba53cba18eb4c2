from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thaogo.accounts.roles import cadre_of
from thaogo.documents.selectors import documents_visible_to, plans_visible_to
from thaogo.lib import clock
from thaogo.lib.text import search_terms
from thaogo.tasks.models import Timing
from thaogo.tasks.selectors import tasks_of_cadre, tasks_visible_to, timing_summary, with_timing
from thaogo.units.selectors import cadres_visible_to, units_visible_to

SEARCH_LIMIT = 20


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """A cadre lands on their own tasks; everyone else on the overview."""
    if cadre_of(request.user) is not None:
        return my_tasks(request)
    return dashboard(request)


@login_required
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    cadre = cadre_of(request.user)
    current = tasks_of_cadre(cadre, today=today) if cadre else []
    past = (
        tasks_of_cadre(cadre, today=today, active=False).exclude(pk__in=[t.pk for t in current])
        if cadre
        else []
    )
    return render(
        request,
        "core/my_tasks.html",
        {"cadre": cadre, "current": current, "past": past, "today": today},
    )


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    tasks = tasks_visible_to(request.user)
    summary = timing_summary(tasks, today=today)
    attention = (
        with_timing(tasks, today=today)
        .filter(timing_value__in=[Timing.OVERDUE, Timing.NEAR_DUE])
        .select_related("category")
        .order_by("deadline")[:10]
    )
    by_category = (
        with_timing(tasks, today=today)
        .values("category__name")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(timing_value=Timing.OVERDUE)),
            done=Count(
                "pk",
                filter=Q(timing_value__in=[Timing.COMPLETED_ON_TIME, Timing.COMPLETED_LATE]),
            ),
        )
        .order_by("category__order")
    )
    return render(
        request,
        "core/dashboard.html",
        {
            "summary": summary,
            "attention": attention,
            "by_category": by_category,
            "plans": plans_visible_to(request.user).select_related(
                "document__doc_type", "document__issuer"
            ),
            "today": today,
        },
    )


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    terms = search_terms(query)
    groups = []
    if terms:
        sources = [
            ("tasks", tasks_visible_to(request.user).select_related("category")),
            ("cadres", cadres_visible_to(request.user)),
            ("units", units_visible_to(request.user).select_related("kind")),
            (
                "documents",
                documents_visible_to(request.user).select_related("doc_type", "issuer"),
            ),
        ]
        for name, queryset in sources:
            for term in terms:
                queryset = queryset.filter(search_text__contains=term)
            found = list(queryset[: SEARCH_LIMIT + 1])
            groups.append((name, found[:SEARCH_LIMIT], len(found) > SEARCH_LIMIT))
    return render(
        request,
        "core/search.html",
        {
            "query": query,
            "groups": groups,
            "total": sum(len(items) for _n, items, _m in groups),
        },
    )


def upload_refused(request: HttpRequest, *, errors: list[str], back: str) -> HttpResponse:
    """A refused upload: a 400 page with the reasons and the way back to the form."""
    return render(request, "core/upload_refused.html", {"errors": errors, "back": back}, status=400)
