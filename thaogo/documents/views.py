from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thaogo.accounts.policy import Action, can, require
from thaogo.core.audit import history_entries
from thaogo.core.form_tokens import creates_once
from thaogo.core.forms import add_service_errors, form_status
from thaogo.core.ids import parse_id, parse_year
from thaogo.core.paging import paginate
from thaogo.documents import services
from thaogo.documents.forms import DocumentForm, PlanForm
from thaogo.documents.models import Document, DocumentType, Plan, format_symbol
from thaogo.documents.selectors import documents_visible_to, plans_visible_to
from thaogo.lib import clock
from thaogo.lib.text import search_terms
from thaogo.tasks.selectors import lead_subquery, tasks_visible_to, timing_summary, with_timing
from thaogo.units.models import Unit


def _require_manager(request: HttpRequest) -> None:
    require(request.user, Action.PLAN_MANAGE)


@login_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    documents = documents_visible_to(request.user).select_related("doc_type", "issuer")
    doc_type = request.GET.get("type", "")
    issuer = request.GET.get("issuer", "")
    year = request.GET.get("year", "")
    query = request.GET.get("q", "")[:200]
    if (doc_type_id := parse_id(doc_type)) is not None:
        documents = documents.filter(doc_type_id=doc_type_id)
    if (issuer_id := parse_id(issuer)) is not None:
        documents = documents.filter(issuer_id=issuer_id)
    if (issued_in := parse_year(year)) is not None:
        documents = documents.filter(issued_on__year=issued_in)
    for term in search_terms(query):
        documents = documents.filter(search_text__contains=term)
    page = paginate(request, documents.order_by("-issued_on", "-number"))
    years = (
        documents_visible_to(request.user)
        .annotate(year=ExtractYear("issued_on"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return render(
        request,
        "documents/list.html",
        {
            "page": page,
            "documents": page.object_list,
            "count": page.paginator.count,
            "types": DocumentType.objects.all(),
            "issuers": Unit.objects.exclude(issuer_code=""),
            "years": years,
            "selected": {"type": doc_type, "issuer": issuer, "year": year, "q": query},
            "can_create": can(request.user, Action.PLAN_MANAGE),
        },
    )


@login_required
@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        documents_visible_to(request.user).select_related("doc_type", "issuer", "created_by"),
        pk=pk,
    )
    tasks = tasks_visible_to(request.user).filter(assignments__decision=document).distinct()
    plan = Plan.objects.filter(document=document).first()
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            # The name it was issued under, even if the unit was renamed since.
            "issuer_name": document.issuer.name_on(document.issued_on),
            "plan": plan if plan and plans_visible_to(request.user).filter(pk=plan.pk) else None,
            "tasks": tasks,
            "history": history_entries(
                Document.history.filter(id=document.pk), viewer=request.user
            ),
            "can_edit": can(request.user, Action.PLAN_MANAGE),
        },
    )


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(documents_visible_to(request.user), pk=pk)
    if not document.file:
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True)


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def document_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Document %(symbol)s saved.") % {"symbol": document})
            return redirect("documents:detail", document.pk)
    return render(
        request, "documents/form.html", {"form": form, "document": None}, status=form_status(form)
    )


@login_required
@require_GET
def next_number(request: HttpRequest) -> HttpResponse:
    """The number proposed for the document being recorded (the create form asks on each
    change of issuer, type or date)."""
    _require_manager(request)
    issuer = Unit.objects.exclude(issuer_code="").filter(pk=parse_id(request.GET.get("issuer")))
    doc_type = DocumentType.objects.filter(pk=parse_id(request.GET.get("doc_type")))
    issued_on = forms.DateField(required=False)
    try:
        day = issued_on.clean(request.GET.get("issued_on", "")[:20]) or clock.today()
    except ValidationError:
        day = clock.today()
    proposal = None
    if issuer.exists() and doc_type.exists():
        unit, kind = issuer.get(), doc_type.get()
        series = request.GET.get("series", "").strip()[:20] or services.default_series(
            unit, day, kind
        )
        number = services.next_free_number(issuer=unit, doc_type=kind, series=series)
        proposal = {
            "number": number,
            "series": series,
            "symbol": format_symbol(
                style=unit.document_style,
                number_form=kind.number_form,
                number=number,
                type_code=kind.code,
                issuer_code=unit.issuer_code,
                year=day.year,
                drafter_code=request.GET.get("drafter_code", "").strip()[:20],
            ),
            "other_list": kind.system != unit.document_style,
        }
    return render(request, "documents/_next_number.html", {"proposal": proposal})


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(documents_visible_to(request.user), pk=pk)
    _require_manager(request)
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            document = services.document_update(
                document=document, by=request.user, expected_version=version, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Document %(symbol)s saved.") % {"symbol": document})
            return redirect("documents:detail", document.pk)
    return render(
        request,
        "documents/form.html",
        {"form": form, "document": document},
        status=form_status(form),
    )


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    # A plan's figure counts the tasks the viewer can open, as its page lists them.
    visible_tasks = tasks_visible_to(request.user).values("pk")
    plans = (
        plans_visible_to(request.user)
        .select_related("document__doc_type", "document__issuer", "issuing_body")
        .annotate(task_count=Count("tasks", filter=Q(tasks__pk__in=visible_tasks)))
    )
    return render(
        request,
        "documents/plan_list.html",
        {"plans": plans, "can_create": can(request.user, Action.PLAN_MANAGE)},
    )


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(
        plans_visible_to(request.user).select_related(
            "document__doc_type", "document__issuer", "issuing_body"
        ),
        pk=pk,
    )
    today = clock.today()
    tasks = tasks_visible_to(request.user).filter(plan=plan)
    return render(
        request,
        "documents/plan_detail.html",
        {
            "plan": plan,
            "summary": timing_summary(tasks, today=today),
            "tasks": with_timing(tasks, today=today)
            .select_related("category")
            .annotate(lead_name=lead_subquery())
            .order_by("code"),
            "history": history_entries(Plan.history.filter(id=plan.pk), viewer=request.user),
            "can_edit": can(request.user, Action.PLAN_MANAGE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def plan_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = PlanForm(
        request.POST or None,
        documents=documents_visible_to(request.user).filter(plan__isnull=True),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            plan = services.plan_create(by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("documents:plan_detail", plan.pk)
    return render(
        request, "documents/plan_form.html", {"form": form, "plan": None}, status=form_status(form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(plans_visible_to(request.user), pk=pk)
    _require_manager(request)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("document", None)
        version = data.pop("version")
        try:
            plan = services.plan_update(
                plan=plan, by=request.user, expected_version=version, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("documents:plan_detail", plan.pk)
    return render(
        request, "documents/plan_form.html", {"form": form, "plan": plan}, status=form_status(form)
    )
