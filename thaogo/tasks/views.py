from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from thaogo.accounts.policy import Action, can, require
from thaogo.core.audit import history_entries
from thaogo.core.form_tokens import creates_once
from thaogo.core.forms import add_service_errors, form_status
from thaogo.core.ids import parse_id
from thaogo.core.paging import paginate, paginate_keyset
from thaogo.documents.selectors import (
    documents_visible_to,
    plans_visible_to,
    task_document_ids_visible,
)
from thaogo.lib import clock
from thaogo.reporting.selectors import obligations_visible_to, with_states
from thaogo.tasks import services
from thaogo.tasks.choices import filter_choices
from thaogo.tasks.forms import (
    AssignmentEndForm,
    AssignmentForm,
    DeadlineChangeForm,
    MetricForm,
    MetricValueForm,
    ReassignLeadForm,
    TaskForm,
)
from thaogo.tasks.models import (
    Assignment,
    Category,
    Metric,
    MetricValue,
    Status,
    Task,
    Timing,
)
from thaogo.tasks.selectors import (
    SORTS,
    cached_timing_summary,
    metrics_with_progress,
    sort_keys,
    task_deadline_changes,
    task_detail_queryset,
    task_filters_from,
    task_list,
    task_unit_transfers,
    tasks_visible_to,
)
from thaogo.tasks.story import task_story
from thaogo.units.selectors import units_visible_to


@login_required
@require_GET
def filter_options(request: HttpRequest, field: str) -> HttpResponse:
    """The options of a searched filter of the task list, as htmx asks while one types."""
    if field not in ("plan", "unit", "cadre"):
        raise Http404
    choices = filter_choices(
        request.user, field, None, request.GET.get(f"{field}_search", "")[:200]
    )
    return render(request, "tasks/_filter_options.html", {"choice": choices})


@login_required
@require_GET
def task_list_view(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    filters = task_filters_from(request.GET)
    # The rows show the category, not the plan: its document, type and issuer stay unread.
    tasks = task_list(request.user, filters, today=today).select_related(None)
    tasks = tasks.select_related("category")
    full_page = not (
        request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results"
    )
    # The figures count what the list shows: the same filters, every page of it. Their
    # total is the list's length, so the paginator takes it instead of counting again; both
    # are kept until the data they count changes (cached_timing_summary).
    summary = cached_timing_summary(request.user, filters, today=today)
    page = paginate_keyset(request, tasks, count=summary.total, keys=sort_keys(filters.sort))
    context: dict[str, Any] = {
        "page": page,
        "tasks": page.object_list,
        "filters": filters,
        "count": page.paginator.count,
        "sorts": SORTS,
    }
    if not full_page:
        return render(request, "tasks/_results.html", context)
    context.update(
        {
            "choices": {
                field: filter_choices(
                    request.user,
                    field,
                    getattr(filters, field),
                    request.GET.get(f"{field}_search", "")[:200],
                )
                for field in ("plan", "unit", "cadre")
            },
            "categories": Category.objects.filter(is_active=True),
            "statuses": Status.choices,
            "timings": [
                (t.value, _("of which near due") if t == Timing.NEAR_DUE else t.label)
                for t in Timing
            ],
            "natures": [
                ("hard", _("hard")),
                ("new", _("new")),
                ("backlogged", _("long backlogged")),
                ("complex", _("complex")),
            ],
            "summary": summary,
            "can_create": can(request.user, Action.TASK_MANAGE),
        }
    )
    return render(request, "tasks/list.html", context)


def _task_history(task: Task, viewer, metric_ids: list[int]) -> list:
    entries = (
        history_entries(Task.history.filter(id=task.pk), viewer=viewer, object_label=_("Task"))
        + history_entries(
            Assignment.history.filter(task_id=task.pk),
            viewer=viewer,
            object_label=_("Assignment"),
        )
        + history_entries(
            Metric.history.filter(task_id=task.pk), viewer=viewer, object_label=_("Metric")
        )
        + history_entries(
            MetricValue.history.filter(metric_id__in=metric_ids),
            viewer=viewer,
            object_label=_("Measured value"),
        )
    )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


@login_required
@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(task_detail_queryset(request.user), pk=pk)
    today = clock.today()
    assignments = list(task.assignments.all())
    metrics = list(metrics_with_progress(task))
    for metric in metrics:
        metric.progress = metric.progress_percent(metric.current_value)
    deadline_changes = task_deadline_changes(task)
    documents = [task.plan.document] + [
        item.decision for item in assignments + deadline_changes if item.decision_id is not None
    ]
    visible_docs = task_document_ids_visible(request.user, task, [d.pk for d in documents])
    return render(
        request,
        "tasks/detail.html",
        {
            "task": task,
            "timing": task.timing(today),
            "current_assignments": [a for a in assignments if a.is_active],
            "past_assignments": [a for a in assignments if not a.is_active],
            "metrics": metrics,
            "documents": list({d.pk: d for d in documents if d.pk in visible_docs}.values()),
            "story": task_story(task),
            "can_propose": can(request.user, Action.PROPOSAL_RAISE, task),
            "can_direct": can(request.user, Action.MEETING_MANAGE),
            "can_edit": can(request.user, Action.TASK_MANAGE),
            "deadline_changes": deadline_changes,
            "unit_transfers": task_unit_transfers(task),
            "visible_document_ids": visible_docs,
            "can_record": can(request.user, Action.METRIC_RECORD, task),
        },
    )


@login_required
@require_GET
@vary_on_headers("HX-Request")
def task_periods(request: HttpRequest, pk: int) -> HttpResponse:
    """The task's reporting periods with the state of each report, soonest due first. The
    task page opens this list in place when its section is unfolded, so the task page itself
    does not build it."""
    task = _visible_task(request, pk)
    obligations = with_states(
        obligations_visible_to(request.user).filter(assignment__task=task),
        today=clock.today(),
        assignments=list(task.assignments.select_related("cadre")),
    )
    return _task_section(
        request, task, "periods", _("Reporting periods"), {"obligations": obligations}
    )


@login_required
@require_GET
@vary_on_headers("HX-Request")
def task_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every recorded change of the task, its assignments, metrics and measured values,
    newest first, a page at a time. The task page opens the first page in place when its
    history is unfolded, so the task page itself does not build it."""
    task = _visible_task(request, pk)
    metric_ids = list(Metric.objects.filter(task=task).values_list("pk", flat=True))
    page = paginate(request, _task_history(task, request.user, metric_ids))
    return _task_section(
        request,
        task,
        "history",
        _("History of changes"),
        {"history": page.object_list, "page": page},
    )


def _visible_task(request: HttpRequest, pk: int) -> Task:
    """The task a section's own page is about, with what its breadcrumb names."""
    return get_object_or_404(
        tasks_visible_to(request.user).select_related(
            "plan__document__doc_type", "plan__document__issuer"
        ),
        pk=pk,
    )


def _task_section(
    request: HttpRequest, task: Task, section: str, heading: str, context: dict[str, Any]
) -> HttpResponse:
    """A folded section of the task page: only the section when the task page asks for it in
    place (htmx), otherwise a page of its own (tasks/<section>.html on tasks/task_section.html)."""
    if request.headers.get("HX-Request"):
        template = f"tasks/_{section}.html"
    else:
        template = f"tasks/{section}.html"
        context = {**context, "section": section, "heading": heading}
    return render(request, template, {"task": task, **context})


def _require_editor(request: HttpRequest) -> None:
    require(request.user, Action.TASK_MANAGE)


def _task_form_kwargs(request: HttpRequest) -> dict[str, Any]:
    return {"plans": plans_visible_to(request.user), "units": units_visible_to(request.user)}


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def task_create(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    plan = parse_id(request.GET.get("plan"))
    initial = {"plan": plan} if plan is not None else {}
    form = TaskForm(request.POST or None, initial=initial, **_task_form_kwargs(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        units = list(data.pop("units"))
        try:
            task = services.task_create(by=request.user, units=units, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Task created."))
            return redirect("tasks:detail", task.pk)
    return render(
        request, "tasks/form.html", {"form": form, "task": None}, status=form_status(form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(tasks_visible_to(request.user), pk=pk)
    _require_editor(request)
    form = TaskForm(request.POST or None, instance=task, **_task_form_kwargs(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        units = list(data.pop("units"))
        data.pop("plan")  # a task stays in the plan that assigned it
        try:
            task = services.task_update(
                task=task, by=request.user, expected_version=version, units=units, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Task saved."))
            return redirect("tasks:detail", task.pk)
    return render(
        request, "tasks/form.html", {"form": form, "task": task}, status=form_status(form)
    )


def _cadre_choices(request: HttpRequest, form: Any) -> None:
    form.fields["cadre"].queryset = form.fields["cadre"].queryset.order_by("full_name")
    form.fields["decision"].queryset = documents_visible_to(request.user).select_related(
        "doc_type", "issuer"
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def assignment_create(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(tasks_visible_to(request.user), pk=pk)
    _require_editor(request)
    form = AssignmentForm(request.POST or None, initial={"start_date": clock.today()})
    _cadre_choices(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_create(task=task, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Assignment added."))
            return redirect("tasks:detail", task.pk)
    return render(
        request,
        "tasks/simple_form.html",
        {"form": form, "task": task, "heading": _("Assign a cadre"), "creates": True},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def lead_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(tasks_visible_to(request.user), pk=pk)
    _require_editor(request)
    form = ReassignLeadForm(request.POST or None, initial={"start_date": clock.today()})
    _cadre_choices(request, form)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.lead_reassign(
                task=task,
                by=request.user,
                cadre=data["cadre"],
                on=data["start_date"],
                decision=data["decision"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The lead was reassigned; the previous assignment is kept.")
            )
            return redirect("tasks:detail", task.pk)
    return render(
        request,
        "tasks/simple_form.html",
        {"form": form, "task": task, "heading": _("Reassign the lead"), "creates": True},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def deadline_change(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(tasks_visible_to(request.user), pk=pk)
    _require_editor(request)
    form = DeadlineChangeForm(
        request.POST or None,
        initial={"effective_on": clock.today(), "new_deadline": task.deadline},
        version=task.version,
    )
    form.fields["decision"].queryset = documents_visible_to(request.user).select_related(
        "doc_type", "issuer"
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.deadline_change_record(
                task=task, by=request.user, expected_version=data.pop("version"), **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The deadline was changed; the change is recorded."))
            return redirect("tasks:detail", task.pk)
    return render(
        request,
        "tasks/simple_form.html",
        {"form": form, "task": task, "heading": _("Extend the deadline")},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        Assignment.objects.filter(task__in=tasks_visible_to(request.user)).select_related(
            "task", "cadre"
        ),
        pk=pk,
    )
    _require_editor(request)
    form = AssignmentEndForm(
        request.POST or None, initial={"end_date": clock.today()}, version=assignment.version
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.assignment_end(
                assignment=assignment,
                by=request.user,
                expected_version=data.pop("version"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Assignment ended; it stays in the history."))
            return redirect("tasks:detail", assignment.task_id)
    return render(
        request,
        "tasks/simple_form.html",
        {
            "form": form,
            "task": assignment.task,
            "heading": _("End the assignment of %(cadre)s") % {"cadre": assignment.cadre},
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def metric_create(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(tasks_visible_to(request.user), pk=pk)
    _require_editor(request)
    form = MetricForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.metric_create(task=task, by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Metric added."))
            return redirect("tasks:detail", task.pk)
    return render(
        request,
        "tasks/simple_form.html",
        {"form": form, "task": task, "heading": _("New metric"), "creates": True},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def metric_edit(request: HttpRequest, pk: int) -> HttpResponse:
    metric = get_object_or_404(
        Metric.objects.filter(task__in=tasks_visible_to(request.user)).select_related("task"),
        pk=pk,
    )
    _require_editor(request)
    form = MetricForm(request.POST or None, instance=metric)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.metric_update(metric=metric, by=request.user, expected_version=version, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Metric saved."))
            return redirect("tasks:detail", metric.task_id)
    return render(
        request,
        "tasks/simple_form.html",
        {"form": form, "task": metric.task, "heading": _("Edit metric")},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def metric_value_create(request: HttpRequest, pk: int) -> HttpResponse:
    metric = get_object_or_404(
        Metric.objects.filter(task__in=tasks_visible_to(request.user)).select_related("task"),
        pk=pk,
    )
    require(request.user, Action.METRIC_RECORD, metric.task)
    form = MetricValueForm(request.POST or None, initial={"measured_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.metric_value_record(metric=metric, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Value recorded."))
            return redirect("tasks:detail", metric.task_id)
    values = metric.values.select_related("recorded_by")[:24]
    return render(
        request,
        "tasks/metric_values.html",
        {"form": form, "task": metric.task, "metric": metric, "values": values},
        status=form_status(form),
    )
