from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thaogo.accounts.policy import Action, can, require
from thaogo.accounts.roles import oversees
from thaogo.core.forms import add_service_errors, form_status
from thaogo.core.paging import paginate
from thaogo.reorganisation import services
from thaogo.reorganisation.forms import ReorganisationForm
from thaogo.units.models import Reorganisation


@login_required
@require_GET
def reorganisation_list(request: HttpRequest) -> HttpResponse:
    if not oversees(request.user):
        require(request.user, Action.UNITS_REORGANISE)
    page = paginate(
        request,
        Reorganisation.objects.prefetch_related("predecessors", "successors").order_by(
            "-effective_on", "-pk"
        ),
    )
    return render(
        request,
        "reorganisation/list.html",
        {
            "page": page,
            "reorganisations": page.object_list,
            "can_create": can(request.user, Action.UNITS_REORGANISE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reorganisation_create(request: HttpRequest) -> HttpResponse:
    """Fill in, preview what moves, then confirm: only the confirmation writes."""
    require(request.user, Action.UNITS_REORGANISE)
    form = ReorganisationForm(request.POST or None)
    moves = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["predecessors"] = list(data["predecessors"])
        data["successors"] = list(data["successors"])
        if "confirm" in request.POST:
            try:
                reorg = services.reorganisation_record(by=request.user, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Reorganisation recorded. %(summary)s") % {"summary": reorg.summary}
                )
                return redirect("reorganisation:list")
        else:
            moves = services.reorganisation_moves(
                kind=data["kind"], predecessors=data["predecessors"]
            )
    return render(
        request,
        "reorganisation/form.html",
        {"form": form, "moves": moves},
        status=form_status(form),
    )
