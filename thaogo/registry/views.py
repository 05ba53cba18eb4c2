"""Thaogo's own pages for the registers, for the Organization Board, the Office and the
administrators: lists with search, sort and pages; create and edit forms that detect a
concurrent edit; and the Excel import (upload, preview, confirm)."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thaogo.accounts.models import Role
from thaogo.accounts.policy import Action, require
from thaogo.core.audit import history_entries
from thaogo.core.form_tokens import creates_once
from thaogo.core.forms import add_service_errors, form_status
from thaogo.core.ids import parse_id
from thaogo.core.paging import paginate
from thaogo.documents.models import DocumentType
from thaogo.exports.exporters import TableExporter
from thaogo.exports.lists import CadreListExporter, UnitListExporter
from thaogo.lib import clock
from thaogo.lib.text import search_terms
from thaogo.portal.models import Resolution, ResolutionTarget, TargetYear
from thaogo.registry import (
    importers,  # noqa: F401  (registers the importers)
    services,
)
from thaogo.registry.forms import (
    CadreForm,
    CommitteeTermForm,
    DeadlineRuleForm,
    DocumentTypeForm,
    HolidayForm,
    ImportConfirmForm,
    ImportUploadForm,
    PositionEndForm,
    PositionForm,
    ReportingKindForm,
    SwappedWorkingDayForm,
    TargetForm,
    TargetYearAddForm,
    TargetYearForm,
    UnitForm,
    UnitOfMeasureForm,
    UserCreateForm,
    UserEditForm,
)
from thaogo.registry.imports import IMPORTERS, CellError, Importer, shown
from thaogo.registry.models import IMPORT_KEEP_FOR, ImportBatch
from thaogo.registry.workbooks import FileRefused, read_sheet
from thaogo.reporting.models import Holiday, ReportingKind
from thaogo.units.models import Cadre, Position, Unit

EXPORTS = {"cadres": CadreListExporter, "units": UnitListExporter}


def _sorted(request: HttpRequest, items: Any, sorts: dict[str, tuple[str, ...]]) -> tuple[Any, str]:
    sort = request.GET.get("sort", "")
    if sort not in sorts:
        sort = next(iter(sorts))
    return items.order_by(*sorts[sort], "pk"), sort


def _searched(request: HttpRequest, items: Any, field: str = "search_text") -> tuple[Any, str]:
    query = request.GET.get("q", "")[:200]
    for term in search_terms(query):
        items = items.filter(**{f"{field}__contains": term})
    return items, query


def _list(request: HttpRequest, template: str, items: Any, **context: Any) -> HttpResponse:
    page = paginate(request, items)
    return render(
        request,
        template,
        {"page": page, "items": page.object_list, "count": page.paginator.count, **context},
    )


def _form_page(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict], Any],
    *,
    done: Callable[[Any], str],
    saved: str,
    template: str = "registry/form.html",
    **context: Any,
) -> HttpResponse:
    """Show `form`; on a valid POST call `save(cleaned_data)`, then go to `done(result)`.
    `history_of`: the record whose readable history the page shows under the form."""
    record = context.pop("history_of", None)
    if record is not None:
        context["history"] = history_entries(
            type(record).history.filter(id=record.pk), viewer=request.user
        )
    if request.method == "POST" and form.is_valid():
        try:
            result = save(dict(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, saved)
            return redirect(done(result))
    return render(request, template, {"form": form, **context}, status=form_status(form))


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.REGISTRY_MANAGE)
    imports = [(kind, importer.verbose_name) for kind, importer in IMPORTERS.items()]
    return render(request, "registry/index.html", {"imports": imports})


# ---------------------------------------------------------------- cadres

CADRE_SORTS = {
    "name": ("full_name",),
    "-name": ("-full_name",),
    "unit": ("unit__path", "full_name"),
    "born": ("date_of_birth", "full_name"),
}


@login_required
@require_GET
def cadre_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.REGISTRY_MANAGE)
    cadres, query = _searched(request, Cadre.objects.select_related("unit", "user"))
    state = request.GET.get("state", "active")
    if state == "active":
        cadres = cadres.filter(is_active=True)
    elif state == "inactive":
        cadres = cadres.filter(is_active=False)
    cadres, sort = _sorted(request, cadres, CADRE_SORTS)
    return _list(
        request,
        "registry/cadre_list.html",
        cadres.prefetch_related("positions"),
        selected={"q": query, "sort": sort, "state": state},
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def cadre_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.REGISTRY_MANAGE)
    form = CadreForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda data: services.cadre_create(by=request.user, **data),
        done=lambda cadre: reverse("registry:cadre_edit", args=[cadre.pk]),
        saved=_("Cadre saved."),
        heading=_("New cadre"),
        back=reverse("registry:cadre_list"),
        creates=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cadre_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.REGISTRY_MANAGE)
    cadre = get_object_or_404(
        Cadre.objects.select_related("user").prefetch_related(
            Prefetch("positions", Position.objects.select_related("unit"))
        ),
        pk=pk,
    )
    form = CadreForm(request.POST or None, instance=cadre)

    def save(data: dict) -> Cadre:
        version = data.pop("version")
        return services.cadre_update(cadre=cadre, by=request.user, expected_version=version, **data)

    return _form_page(
        request,
        form,
        save,
        done=lambda saved: reverse("registry:cadre_edit", args=[saved.pk]),
        saved=_("Cadre saved."),
        template="registry/cadre_edit.html",
        history_of=cadre,
        heading=cadre.full_name,
        cadre=cadre,
        back=reverse("registry:cadre_list"),
        position_form=PositionForm(initial={"unit": cadre.unit_id}),
    )


@login_required
@require_POST
def position_add(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.REGISTRY_MANAGE)
    cadre = get_object_or_404(Cadre, pk=pk)
    form = PositionForm(request.POST)
    if form.is_valid():
        try:
            services.position_add(cadre=cadre, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Position added."))
            return redirect("registry:cadre_edit", cadre.pk)
    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "heading": _("Add a position: %(name)s") % {"name": cadre.full_name},
            "back": reverse("registry:cadre_edit", args=[cadre.pk]),
        },
        status=400,
    )


@login_required
@require_POST
def position_end(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.REGISTRY_MANAGE)
    position = get_object_or_404(Position.objects.select_related("cadre"), pk=pk)
    form = PositionEndForm(request.POST)
    if form.is_valid():
        try:
            services.position_end(position=position, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Position ended."))
            return redirect("registry:cadre_edit", position.cadre_id)
    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "heading": _("End a position: %(title)s") % {"title": position.title},
            "back": reverse("registry:cadre_edit", args=[position.cadre_id]),
        },
        status=400,
    )


# ---------------------------------------------------------------- users and roles

USER_SORTS = {
    "username": ("username",),
    "name": ("last_name", "first_name"),
    "role": ("profile__role", "username"),
    "-joined": ("-date_joined",),
}


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    users = User.objects.select_related("profile__unit")
    query = request.GET.get("q", "")[:200]
    for term in query.split()[:8]:
        users = users.filter(
            Q(username__icontains=term)
            | Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(email__icontains=term)
        )
    role = request.GET.get("role", "")
    if role in Role.values:
        users = users.filter(profile__role=role)
    users, sort = _sorted(request, users, USER_SORTS)
    return _list(
        request,
        "registry/user_list.html",
        users,
        roles=Role.choices,
        selected={"q": query, "sort": sort, "role": role},
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def user_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    form = UserCreateForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda data: services.user_create(by=request.user, **data),
        done=lambda user: reverse("registry:user_edit", args=[user.pk]),
        saved=_("User created. A link to choose a password was sent to their e-mail address."),
        heading=_("New user"),
        back=reverse("registry:user_list"),
        creates=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    account = get_object_or_404(User.objects.select_related("profile"), pk=pk)
    profile = getattr(account, "profile", None)
    form = UserEditForm(
        request.POST or None,
        initial=UserEditForm.initial_for(account),
        version=profile.version if profile else 1,
    )

    def save(data: dict) -> User:
        version = data.pop("version")
        return services.user_update(user=account, by=request.user, expected_version=version, **data)

    return _form_page(
        request,
        form,
        save,
        done=lambda saved: reverse("registry:user_edit", args=[saved.pk]),
        saved=_("User saved."),
        template="registry/user_edit.html",
        history_of=profile,  # the role and unit scope; the account's own rows hold hashes
        heading=account.get_full_name() or account.username,
        account=account,
        back=reverse("registry:user_list"),
    )


@login_required
@require_POST
def user_send_link(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    account = get_object_or_404(User, pk=pk, is_active=True)
    if not account.email:
        messages.error(request, _("This user has no e-mail address."))
    else:
        services.user_send_set_password_link(user=account)
        messages.success(
            request,
            _("A link to choose a password was sent to %(email)s.") % {"email": account.email},
        )
    return redirect("registry:user_edit", account.pk)


# ---------------------------------------------------------------- units


@login_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.REGISTRY_MANAGE)
    units, query = _searched(request, Unit.objects.select_related("kind"))
    sorts = {"tree": ("path",), "name": ("name",), "kind": ("kind__order", "name")}
    units, sort = _sorted(request, units, sorts)
    units = units.annotate(cadre_count=Count("cadres", filter=Q(cadres__is_active=True)))
    return _list(request, "registry/unit_list.html", units, selected={"q": query, "sort": sort})


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def unit_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.REGISTRY_MANAGE)
    parent = parse_id(request.GET.get("parent", ""))
    form = UnitForm(request.POST or None, initial={"parent": parent} if parent else None)
    return _form_page(
        request,
        form,
        lambda data: services.unit_create(by=request.user, **data),
        done=lambda _unit: reverse("registry:unit_list"),
        saved=_("Unit saved."),
        heading=_("New unit"),
        back=reverse("registry:unit_list"),
        creates=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.REGISTRY_MANAGE)
    unit = get_object_or_404(Unit, pk=pk)
    form = UnitForm(request.POST or None, instance=unit)

    def save(data: dict) -> Unit:
        version = data.pop("version")
        return services.unit_update(unit=unit, by=request.user, expected_version=version, **data)

    return _form_page(
        request,
        form,
        save,
        done=lambda _unit: reverse("registry:unit_list"),
        saved=_("Unit saved."),
        heading=unit.name,
        back=reverse("registry:unit_list"),
        history_of=unit,
    )


# ---------------------------------------------------------------- resolution targets


@login_required
@require_GET
def target_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.TARGETS_EDIT)
    targets = ResolutionTarget.objects.select_related("resolution").prefetch_related("years")
    resolution = request.GET.get("resolution", "")
    if (resolution_id := parse_id(resolution)) is not None:
        targets = targets.filter(resolution_id=resolution_id)
    query = request.GET.get("q", "")[:200]
    if query:
        targets = targets.filter(name__icontains=query)
    return _list(
        request,
        "registry/target_list.html",
        targets.order_by("resolution", "order"),
        resolutions=Resolution.objects.all(),
        selected={"q": query, "resolution": resolution},
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.TARGETS_EDIT)
    target = get_object_or_404(ResolutionTarget.objects.select_related("resolution"), pk=pk)
    form = TargetForm(request.POST or None, instance=target)

    def save(data: dict) -> ResolutionTarget:
        version = data.pop("version")
        return services.target_update(
            target=target, by=request.user, expected_version=version, **data
        )

    return _form_page(
        request,
        form,
        save,
        done=lambda saved: reverse("registry:target_edit", args=[saved.pk]),
        saved=_("Target saved."),
        template="registry/target_edit.html",
        history_of=target,
        heading=str(target),
        target=target,
        years=target.years.all(),
        year_form=TargetYearAddForm(),
        back=reverse("registry:target_list"),
    )


@login_required
@require_POST
def target_year_add(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.TARGETS_EDIT)
    target = get_object_or_404(ResolutionTarget, pk=pk)
    form = TargetYearAddForm(request.POST)
    if form.is_valid():
        try:
            services.target_year_add(target=target, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Yearly figures saved."))
            return redirect("registry:target_edit", target.pk)
    return render(
        request,
        "registry/form.html",
        {"form": form, "heading": str(target), "back": reverse("registry:target_edit", args=[pk])},
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_year_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.TARGETS_EDIT)
    row = get_object_or_404(TargetYear.objects.select_related("target"), pk=pk)
    form = TargetYearForm(request.POST or None, instance=row)

    def save(data: dict) -> TargetYear:
        version = data.pop("version")
        return services.target_year_update(
            row=row, by=request.user, expected_version=version, **data
        )

    return _form_page(
        request,
        form,
        save,
        done=lambda saved: reverse("registry:target_edit", args=[saved.target_id]),
        saved=_("Yearly figures saved."),
        heading=_("%(target)s: year %(year)s") % {"target": row.target, "year": row.year},
        back=reverse("registry:target_edit", args=[row.target_id]),
        history_of=row,
    )


# ---------------------------------------------------------------- holidays


@login_required
@require_GET
def holiday_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    holidays = Holiday.objects.all()
    year = request.GET.get("year", "")
    if re.fullmatch(r"[0-9]{4}", year):
        holidays = holidays.filter(date__year=int(year))
    sorts = {"date": ("date",), "-date": ("-date",), "name": ("name", "date")}
    holidays, sort = _sorted(request, holidays, sorts)
    return _list(
        request, "registry/holiday_list.html", holidays, selected={"year": year, "sort": sort}
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def holiday_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    form = HolidayForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda data: services.holiday_create(by=request.user, **data),
        done=lambda _h: reverse("registry:holiday_list"),
        saved=_("Holiday saved."),
        heading=_("New holiday"),
        back=reverse("registry:holiday_list"),
        creates=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def holiday_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    holiday = get_object_or_404(Holiday, pk=pk)
    form = HolidayForm(request.POST or None, instance=holiday)

    def save(data: dict) -> Holiday:
        version = data.pop("version")
        if "delete" in request.POST:
            services.holiday_delete(holiday=holiday, by=request.user, expected_version=version)
            return holiday
        return services.holiday_update(
            holiday=holiday, by=request.user, expected_version=version, **data
        )

    return _form_page(
        request,
        form,
        save,
        done=lambda _h: reverse("registry:holiday_list"),
        saved=_("Holiday saved."),
        heading=str(holiday),
        history_of=holiday,
        back=reverse("registry:holiday_list"),
        deletable=True,
    )


# ---------------------------------------------------------------- document types


@login_required
@require_GET
def document_type_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    types = DocumentType.objects.annotate(documents=Count("document"))
    query = request.GET.get("q", "")[:200]
    if query:
        types = types.filter(Q(code__icontains=query) | Q(name__icontains=query))
    sorts = {"order": ("order", "code"), "code": ("code",), "name": ("name",)}
    types, sort = _sorted(request, types, sorts)
    return _list(
        request, "registry/document_type_list.html", types, selected={"q": query, "sort": sort}
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def document_type_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    form = DocumentTypeForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda data: services.document_type_create(by=request.user, **data),
        done=lambda _t: reverse("registry:document_type_list"),
        saved=_("Document type saved."),
        heading=_("New document type"),
        back=reverse("registry:document_type_list"),
        creates=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    doc_type = get_object_or_404(DocumentType, pk=pk)
    form = DocumentTypeForm(request.POST or None, instance=doc_type)

    def save(data: dict) -> DocumentType:
        version = data.pop("version")
        return services.document_type_update(
            doc_type=doc_type, by=request.user, expected_version=version, **data
        )

    return _form_page(
        request,
        form,
        save,
        done=lambda _t: reverse("registry:document_type_list"),
        saved=_("Document type saved."),
        heading=str(doc_type),
        history_of=doc_type,
        back=reverse("registry:document_type_list"),
    )


# ---------------------------------------------------------------- the administrator's rules


@dataclass(frozen=True)
class RuleRegister:
    """One of the administrator's rule registers: its list, creation and edit pages."""

    url: str  # prefix of its URL names: registry:<url>_list, _create, _edit
    form: type
    kind: services.RuleKind
    title: Any
    new: Any  # the creation page's heading
    saved: Any
    columns: tuple[tuple[Any, str], ...]  # header, attribute shown
    sorts: dict[str, tuple[Any, tuple[str, ...]]]  # key: label, order
    related: tuple[str, ...] = ()  # select_related for the list


RULE_REGISTERS = {
    register.url: register
    for register in (
        RuleRegister(
            url="deadline_rule",
            form=DeadlineRuleForm,
            kind=services.DEADLINE_RULES,
            title=gettext_lazy("Deadline rules"),
            new=gettext_lazy("New deadline rule"),
            saved=gettext_lazy("Deadline rule saved."),
            columns=(
                (gettext_lazy("Applies from"), "valid_from"),
                (gettext_lazy("Near due within (days)"), "near_due_days"),
                (gettext_lazy("Report reminders (days before)"), "reminders"),
                (gettext_lazy("Due soon within (days)"), "due_soon_days"),
                (gettext_lazy("Grace before a first report (days)"), "first_report_grace_days"),
                (gettext_lazy("Legal basis"), "legal_basis"),
            ),
            sorts={
                "-valid_from": (gettext_lazy("Newest first"), ("-valid_from",)),
                "valid_from": (gettext_lazy("Oldest first"), ("valid_from",)),
            },
        ),
        RuleRegister(
            url="unit_of_measure",
            form=UnitOfMeasureForm,
            kind=services.UNITS_OF_MEASURE,
            title=gettext_lazy("Units of measure"),
            new=gettext_lazy("New unit of measure"),
            saved=gettext_lazy("Unit of measure saved."),
            columns=(
                (gettext_lazy("Name"), "name"),
                (gettext_lazy("Code"), "code"),
                (gettext_lazy("Whole numbers"), "is_whole_number"),
                (gettext_lazy("Largest value"), "maximum"),
                (gettext_lazy("In use"), "is_active"),
            ),
            sorts={
                "order": (gettext_lazy("In their order"), ("order", "name")),
                "name": (gettext_lazy("Name, A to Z"), ("name",)),
            },
        ),
        RuleRegister(
            url="swapped_day",
            form=SwappedWorkingDayForm,
            kind=services.MAKE_UP_DAYS,
            title=gettext_lazy("Make-up working days"),
            new=gettext_lazy("New make-up working day"),
            saved=gettext_lazy("Make-up working day saved."),
            columns=(
                (gettext_lazy("Working day"), "date"),
                (gettext_lazy("In place of"), "in_place_of"),
                (gettext_lazy("Legal source"), "legal_source"),
            ),
            sorts={
                "-date": (gettext_lazy("Newest first"), ("-date",)),
                "date": (gettext_lazy("Oldest first"), ("date",)),
            },
        ),
        RuleRegister(
            url="committee_term",
            form=CommitteeTermForm,
            kind=services.COMMITTEE_TERMS,
            title=gettext_lazy("Committee terms"),
            new=gettext_lazy("New committee term"),
            saved=gettext_lazy("Committee term saved."),
            columns=(
                (gettext_lazy("Term"), "label"),
                (gettext_lazy("Unit"), "unit"),
                (gettext_lazy("Start date"), "starts_on"),
                (gettext_lazy("End date"), "ends_on"),
            ),
            sorts={
                "unit": (gettext_lazy("By unit"), ("unit__path", "-starts_on")),
                "-starts_on": (gettext_lazy("Newest first"), ("-starts_on", "unit__path")),
            },
            related=("unit",),
        ),
    )
}


def _cell(record: Any, attribute: str) -> str:
    if attribute == "reminders":
        steps = (record.first_reminder_days, record.second_reminder_days, record.last_reminder_days)
        return ", ".join(str(days) for days in steps)
    return shown(getattr(record, attribute))


@login_required
@require_GET
def rule_list(request: HttpRequest, register: str) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    spec = RULE_REGISTERS[register]
    records = spec.kind.model._default_manager.select_related(*spec.related)
    records, sort = _sorted(request, records, {k: order for k, (_l, order) in spec.sorts.items()})
    page = paginate(request, records)
    rows = [
        (
            reverse(f"registry:{spec.url}_edit", args=[r.pk]),
            [(header, _cell(r, attribute)) for header, attribute in spec.columns],
        )
        for r in page.object_list
    ]
    return render(
        request,
        "registry/rule_list.html",
        {
            "page": page,
            "rows": rows,
            "count": page.paginator.count,
            "spec": spec,
            "headers": [header for header, _attribute in spec.columns],
            "sorts": [(key, label) for key, (label, _order) in spec.sorts.items()],
            "sort": sort,
            "create_url": reverse(f"registry:{spec.url}_create"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def rule_create(request: HttpRequest, register: str) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    spec = RULE_REGISTERS[register]
    back = reverse(f"registry:{spec.url}_list")
    return _form_page(
        request,
        spec.form(request.POST or None),
        lambda data: services.rule_create(kind=spec.kind, by=request.user, **data),
        done=lambda _record: back,
        saved=spec.saved,
        heading=spec.new,
        back=back,
        creates=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, register: str, pk: int) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    spec = RULE_REGISTERS[register]
    record = get_object_or_404(
        spec.kind.model._default_manager.select_related(*spec.related), pk=pk
    )
    back = reverse(f"registry:{spec.url}_list")

    def save(data: dict) -> Any:
        version = data.pop("version")
        return services.rule_update(
            kind=spec.kind, record=record, by=request.user, expected_version=version, **data
        )

    return _form_page(
        request,
        spec.form(request.POST or None, instance=record),
        save,
        done=lambda _record: back,
        saved=spec.saved,
        heading=str(record),
        history_of=record,
        back=back,
    )


# ---------------------------------------------------------------- reporting kinds


@login_required
@require_GET
def reporting_kind_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    kinds = ReportingKind.objects.annotate(plans=Count("schedules"))
    sorts = {"precedence": ("-precedence", "code"), "code": ("code",), "from": ("valid_from",)}
    kinds, sort = _sorted(request, kinds, sorts)
    return _list(request, "registry/reporting_kind_list.html", kinds, selected={"sort": sort})


@login_required
@require_http_methods(["GET", "POST"])
@creates_once
def reporting_kind_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    form = ReportingKindForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda data: services.reporting_kind_create(by=request.user, **data),
        done=lambda _k: reverse("registry:reporting_kind_list"),
        saved=_("Reporting kind saved."),
        heading=_("New reporting kind"),
        back=reverse("registry:reporting_kind_list"),
        creates=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reporting_kind_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.SETTINGS_ADMINISTER)
    kind = get_object_or_404(ReportingKind, pk=pk)
    form = ReportingKindForm(request.POST or None, instance=kind)

    def save(data: dict) -> ReportingKind:
        version = data.pop("version")
        return services.reporting_kind_update(
            kind=kind, by=request.user, expected_version=version, **data
        )

    return _form_page(
        request,
        form,
        save,
        done=lambda _k: reverse("registry:reporting_kind_list"),
        saved=_("Reporting kind saved."),
        heading=_("%(name)s (code %(code)s)") % {"name": kind.name, "code": kind.code},
        history_of=kind,
        back=reverse("registry:reporting_kind_list"),
    )


# ---------------------------------------------------------------- import and export


def _importer(request: HttpRequest, kind: str) -> Importer:
    if kind not in IMPORTERS:
        raise Http404
    require(request.user, Action.REGISTRY_MANAGE)
    return IMPORTERS[kind](user=request.user, today=clock.today())


def _file_response(exporter: Any) -> FileResponse:
    export = exporter.render()
    return FileResponse(
        export.file, as_attachment=True, filename=export.filename, content_type=export.content_type
    )


@login_required
@require_GET
def import_template(request: HttpRequest, kind: str) -> FileResponse:
    importer = _importer(request, kind)
    columns = importer.template().columns()
    return _file_response(
        TableExporter(
            user=request.user,
            today=clock.today(),
            title=importer.verbose_name,
            columns=columns,
            rows=[],
            filename_stem=_("template %(kind)s") % {"kind": importer.verbose_name},
        )
    )


@login_required
@require_GET
def export_list(request: HttpRequest, kind: str) -> FileResponse:
    if kind not in EXPORTS:
        raise Http404
    require(request.user, Action.REGISTRY_MANAGE)
    return _file_response(EXPORTS[kind](user=request.user, today=clock.today()))


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest, kind: str) -> HttpResponse:
    importer = _importer(request, kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheet = read_sheet(upload, name=upload.name)
            importer.columns_of(sheet.headers)
        except (FileRefused, CellError) as error:
            form.add_error("file", error.message)
        else:
            ImportBatch.objects.filter(created_at__lt=timezone.now() - IMPORT_KEEP_FOR).delete()
            batch = ImportBatch.objects.create(
                kind=kind,
                filename=upload.name[:255],
                headers=sheet.headers,
                rows=sheet.rows,
                created_by=request.user,
            )
            return redirect("registry:import_preview", batch.token)
    return render(
        request,
        "registry/import_start.html",
        {"form": form, "importer": importer, "kind": kind, "exportable": kind in EXPORTS},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    batch = ImportBatch.objects.filter(
        token=token, created_by=request.user, applied_at__isnull=True
    ).first()
    if batch is None or batch.expired:
        raise Http404
    importer = _importer(request, batch.kind)
    form = ImportConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # A second click waits here for the first, then finds the import applied.
            locked = ImportBatch.objects.select_for_update().filter(
                pk=batch.pk, applied_at__isnull=True
            )
            if not locked.exists():
                raise Http404
            response = _import_confirm(request, importer, batch, form)
        if response is not None:
            return response
    preview = importer.preview(batch.headers, batch.rows)
    return render(
        request,
        "registry/import_preview.html",
        {
            "form": form,
            "batch": batch,
            "importer": importer,
            "preview": preview,
            "counts": {s: preview.count(s) for s in ("new", "changed", "unchanged", "error")},
        },
        status=form_status(form),
    )


def _import_confirm(
    request: HttpRequest, importer: Importer, batch: ImportBatch, form: ImportConfirmForm
) -> HttpResponse | None:
    """Write the batch and go to its list; None when nothing was written (the form says why)."""
    only_valid = form.cleaned_data["only_valid"]
    try:
        preview = importer.apply(batch.headers, batch.rows, only_valid=only_valid, by=request.user)
    except ValidationError as error:
        form.add_error(None, error.messages)
        return None
    if preview.has_errors and not only_valid:
        form.add_error(
            None,
            _(
                "Nothing was imported: some rows have errors. Correct the file and "
                "upload it again, or choose to import only the valid rows."
            ),
        )
        return None
    ImportBatch.objects.filter(pk=batch.pk).update(applied_at=timezone.now())
    messages.success(
        request,
        _("Imported: %(new)s new, %(changed)s changed, %(same)s unchanged.")
        % {
            "new": preview.count("new"),
            "changed": preview.count("changed"),
            "same": preview.count("unchanged"),
        },
    )
    return redirect(importer.list_url)
