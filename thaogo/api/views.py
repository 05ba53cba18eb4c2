"""The user's personal API tokens: make one (its secret is shown once), see and revoke them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thaogo.api import services
from thaogo.api.forms import TokenForm
from thaogo.api.models import ApiToken
from thaogo.core.forms import add_service_errors, form_status


def _tokens_of(request: HttpRequest):
    return ApiToken.objects.filter(user=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = services.token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "secret": secret, "tokens": _tokens_of(request)},
        status=form_status(form),
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(_tokens_of(request), pk=pk)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("Token revoked: programs using it can no longer connect."))
    return redirect("api_tokens:list")
