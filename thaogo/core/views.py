from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from thaogo.accounts.models import Role
from thaogo.accounts.roles import cadre_of, role_of, scope_unit
from thaogo.core.home import queues
from thaogo.documents.selectors import documents_visible_to, plans_visible_to
from thaogo.lib import clock
from thaogo.lib.text import search_terms
from thaogo.tasks.models import Timing
from thaogo.tasks.selectors import tasks_of_cadre, tasks_visible_to, timing_summary, with_timing
from thaogo.units.selectors import cadres_visible_to, units_visible_to

SEARCH_LIMIT = 20


# What each role's first screen shows, in order: the queues of its work (thaogo.core.home).
CADRE_QUEUES = ("reports_due", "directives_to_act", "reports_returned", "cadre_tasks")
ROLE_QUEUES = {
    Role.STANDING_COMMITTEE: (
        "proposals_waiting",
        "next_meeting",
        "directives_overdue",
        "timing_summary",
    ),
    Role.ORGANIZATION_BOARD: (
        "reports_to_review",
        "reports_overdue",
        "proposals_waiting",
        "directives_overdue",
    ),
    Role.OFFICE: (
        "reports_to_review",
        "reports_overdue",
        "proposals_waiting",
        "directives_overdue",
    ),
    Role.UNIT_STAFF: ("unit_metrics", "unit_late_tasks"),
}


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's work queue: what needs the user now. A cadre's own work comes first, then
    that of their role; the portal editor works on the portal's staff pages, and whoever has
    no queue (an administrator) gets the overview."""
    user = request.user
    role, cadre = role_of(user), cadre_of(user)
    if role == Role.PORTAL_EDITOR and cadre is None:
        return redirect("portal_staff:dashboard")
    if role == Role.CADRE and cadre is None:
        return my_tasks(request)
    names = (CADRE_QUEUES if cadre is not None else ()) + ROLE_QUEUES.get(role, ())
    if not names:
        return dashboard(request)
    today = clock.today()
    return render(
        request,
        "core/home.html",
        {
            "queues": queues(user, names, today=today),
            "cadre": cadre,
            "role": role,
            "unit": scope_unit(user),
            "today": today,
        },
    )


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
