from collections.abc import Callable

from django.conf import settings
from django.contrib.admin.helpers import AdminErrorList
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse, QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

NUL = "\x00"
# Addresses of the JSON API (thaogo/api), whose refusals are JSON too.
API_PREFIX = "/api/"


def chosen_language(request: HttpRequest) -> str:
    """The language the user chose in the footer (a cookie), else the site's."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


def cookie_language_middleware(get_response: Callable) -> Callable:
    """Vietnamese unless the user chose another language; the browser's language is ignored,
    so an English-language browser still opens the Vietnamese site."""

    def middleware(request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response

    return middleware


def private_cache_middleware(get_response: Callable) -> Callable:
    """Pages that say nothing about caching are private and never stored: internal pages,
    downloads, redirects and error pages carry names, figures and drafts.

    Public portal pages, portal pictures and the calendar feed set their own Cache-Control,
    which is kept (thaogo/portal/http.py). It wraps every middleware that may answer on its
    own (the NUL check, CSRF, django-axes), so their pages are covered too.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


def _has_nul(query: QueryDict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query.lists())


def _refused(request: HttpRequest) -> bool:
    if NUL in request.path_info or _has_nul(request.GET):
        return True
    if any(
        NUL in value
        for name, value in request.META.items()
        if name.startswith("HTTP_") and name != "HTTP_COOKIE" and isinstance(value, str)
    ):
        return True
    form_types = ("application/x-www-form-urlencoded", "multipart/form-data")
    if request.method == "POST" and request.content_type in form_types:
        return _has_nul(request.POST) or any(NUL in name for name in request.FILES)
    return False


def reject_nul_middleware(get_response: Callable) -> Callable:
    """A NUL character in the address, the query string, a form field or a request header
    gets a 400 page, before any view or database sees it: PostgreSQL refuses NUL in text, so
    a search for "%00" would otherwise be a server error. No field has a use for one.

    Cookies are the exception: the browser sends them again with every request, so one bad
    cookie would shut the user out of the site. A cookie with a NUL is dropped instead, as
    if it had not been sent (no session, the default language).

    The body is read here only for form posts (CsrfViewMiddleware reads it next anyway, and
    no view changes the upload handlers); uploaded files' contents are not checked, only the
    names of their fields.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        request.COOKIES = {
            name: value
            for name, value in request.COOKIES.items()
            if NUL not in name and NUL not in value
        }
        if not _refused(request):
            return get_response(request)
        with translation.override(chosen_language(request)):
            reason = _(
                "The address or the form contains a null character, which no field accepts. "
                "Remove it and try again."
            )
            if request.path_info.startswith(API_PREFIX):  # the JSON API answers in JSON
                return JsonResponse(
                    {"code": "invalid_input", "message": reason},
                    status=400,
                    json_dumps_params={"ensure_ascii": False},
                )
            return HttpResponseBadRequest(render_to_string("400.html", {"reason": reason}))

    return middleware


def _shows_invalid_form(context: dict) -> bool:
    for value in context.values():
        form = getattr(value, "form", value)  # the admin wraps its form in an AdminForm
        if isinstance(form, BaseForm) and form.is_bound and form.errors:
            return True
        if isinstance(value, AdminErrorList) and value:  # the admin's form and inlines
            return True
    return False


def invalid_form_status_middleware(get_response: Callable) -> Callable:
    """A form re-rendered after a POST because it has errors answers 400, as Thaogo's own
    views do (thaogo.core.forms.form_status), also in the class-based views Django ships:
    login, password change, and the admin's forms, which answer 200.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        context = getattr(response, "context_data", None)
        if (
            request.method == "POST"
            and response.status_code == 200
            and isinstance(context, dict)
            and _shows_invalid_form(context)
        ):
            response.status_code = 400
        return response

    return middleware
