from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from thaogo.accounts.roles import oversees
from thaogo.core.paging import paginate
from thaogo.core.panels import cadre_panels
from thaogo.lib import clock
from thaogo.lib.text import search_terms
from thaogo.tasks.models import Assignment
from thaogo.tasks.selectors import lead_subquery, tasks_visible_to, with_timing
from thaogo.units.models import CommitteeMembership, Position
from thaogo.units.selectors import cadres_visible_to, units_visible_to

CADRE_SORTS = {
    "name": ("full_name",),
    "-name": ("-full_name",),
    "tasks": ("-active_count", "full_name"),
}


@login_required
@require_GET
def cadre_list(request: HttpRequest) -> HttpResponse:
    cadres = cadres_visible_to(request.user).select_related("unit")
    membership = request.GET.get("membership", "")
    if membership in CommitteeMembership.values:
        cadres = cadres.filter(committee_membership=membership)
    query = request.GET.get("q", "")[:200]
    for term in search_terms(query):
        cadres = cadres.filter(search_text__contains=term)
    sort = request.GET.get("sort", "name")
    # Assignments in progress on tasks the viewer can open, as the cadre's page lists them.
    active = Q(
        assignments__end_date__isnull=True,
        assignments__task__in=tasks_visible_to(request.user).values("pk"),
    )
    cadres = cadres.annotate(active_count=Count("assignments", filter=active)).order_by(
        *CADRE_SORTS.get(sort, CADRE_SORTS["name"]), "pk"
    )
    page = paginate(request, cadres.prefetch_related("positions"))
    return render(
        request,
        "units/cadre_list.html",
        {
            "page": page,
            "cadres": page.object_list,
            "count": page.paginator.count,
            "memberships": CommitteeMembership.choices,
            "selected": {"membership": membership, "q": query, "sort": sort},
        },
    )


@login_required
@require_GET
def cadre_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cadre = get_object_or_404(
        cadres_visible_to(request.user)
        .select_related("unit", "user")
        .prefetch_related(Prefetch("positions", Position.objects.select_related("unit"))),
        pk=pk,
    )
    today = clock.today()
    visible_tasks = with_timing(tasks_visible_to(request.user), today=today)
    timing_by_task = dict(
        visible_tasks.filter(assignments__cadre=cadre).values_list("pk", "timing_value")
    )
    assignments = list(
        Assignment.objects.filter(cadre=cadre, task_id__in=timing_by_task.keys())
        .select_related("task__category", "decision__doc_type", "decision__issuer")
        .order_by("-start_date")
    )
    for assignment in assignments:
        assignment.timing_value = timing_by_task[assignment.task_id]
    return render(
        request,
        "units/cadre_detail.html",
        {
            "cadre": cadre,
            "current": [a for a in assignments if a.is_active],
            "past": [a for a in assignments if not a.is_active],
            "panels": cadre_panels(request.user, cadre),
        },
    )


@login_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    units = units_visible_to(request.user).select_related("kind")
    query = request.GET.get("q", "")[:200]
    for term in search_terms(query):
        units = units.filter(search_text__contains=term)
    return render(
        request,
        "units/unit_list.html",
        {"units": units, "query": query, "can_see_reorganisations": oversees(request.user)},
    )


@login_required
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(units_visible_to(request.user).select_related("kind", "parent"), pk=pk)
    today = clock.today()
    tasks = (
        with_timing(tasks_visible_to(request.user), today=today)
        .filter(pk__in=unit.tasks_in_subtree().values("pk"))
        .select_related("category")
        .annotate(lead_name=lead_subquery())
        .order_by("code")
    )
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "children": unit.children.select_related("kind"),
            "tasks": tasks,
            "cadres": cadres_visible_to(request.user).filter(unit=unit),
        },
    )
