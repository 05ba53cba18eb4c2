from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from thaogo.api.errors import error_response

API_PREFIX = "/api/"


def json_errors_middleware(get_response: Callable) -> Callable:
    """Under /api/, the refusals Django answers before the API sees the request (an unknown
    address, a method the address does not take) are JSON too, like every other."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if not request.path_info.startswith(API_PREFIX) or response.status_code not in (404, 405):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        if response.status_code == 405:
            refused = error_response(
                405, "method_not_allowed", _("This address does not take that method.")
            )
            refused["Allow"] = response.get("Allow", "")
            return refused
        return error_response(404, "not_found", _("No such object, or it is not one you may see."))

    return middleware
