"""The JSON API, version 1, at /api/v1/: its OpenAPI document at /api/v1/openapi.json and
its interactive documentation (Swagger UI, served from ninja's bundled static files) at
/api/v1/docs."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from thaogo.api import (  # noqa: F401  (evaluations and writes add their operations to the router)
    evaluations,
    reads,
    writes,
)
from thaogo.api.auth import AUTH
from thaogo.api.errors import (
    ApiError,
    error_response,
    forbidden,
    invalid_input_response,
    not_found,
    refused,
)

DESCRIPTION = """
Thaogo's data for other systems (document management, provincial dashboards).

**Authentication**: a personal API token, made in Thaogo under *API tokens*, sent as
`Authorization: Bearer thg_…`; or, for the site's own pages, the login session (unsafe
calls then carry the `X-CSRFToken` header). A read-only token reads; a read-write token
also writes. Every call sees exactly what the same user sees on the pages.

**Errors** are JSON: `{"code": "...", "message": "...", "fields": {...}}`, with a stable
`code` (not_authenticated, csrf_failed, read_only_token, forbidden, not_found,
invalid_input, invalid_cursor, refused, concurrent_edit, method_not_allowed,
rate_limited) and a message in Vietnamese. A refused write changes nothing. An object the
caller may not see is a 404.

**Lists** are paged by cursor: pass the `next_cursor` of a page as `cursor` for the next.

**Rate limit**: each token (or login) may make a set number of calls a minute; past it the
answer is 429 with `Retry-After`.

**Concurrency**: a report is submitted with the `version` it was read at
(`expected_version`) and reviewed with the `revision` the reviewer read
(`expected_revision`): if someone changed it since, the answer is 409 or 400 and nothing
is saved.
"""

# The refusals every operation may give, in the OpenAPI document: a client (and
# Schemathesis) can rely on each being an ErrorOut.
COMMON_ERRORS = {
    "400": "Refused: a bad cursor, or the service refused the write",
    "401": "No token and no login, or an unknown or revoked token",
    "403": "Not allowed, a read-only token, or a missing CSRF token",
    "404": "No such object, or not one the caller may see",
    "409": "Someone saved the record after the caller read it",
    "422": "The request does not match the schema",
    "429": "Too many calls: see Retry-After",
}


def index(request: HttpRequest) -> HttpResponse:
    """What /api/v1/ itself answers: where the description of the API is."""
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "openapi": reverse("api:openapi-json"),
            "docs": reverse("api:openapi-view"),
        }
    )


class ThaogoApi(NinjaAPI):
    def _get_urls(self) -> list:
        # ninja's root answers 404 to everyone; ours says where the documentation is.
        urls = [url for url in super()._get_urls() if getattr(url, "name", "") != "api-root"]
        return [*urls, path("", index, name="api-root")]

    def get_openapi_operation_id(self, operation: Any) -> str:
        return operation.view_func.__name__  # "tasks", "report_submit": as the URL names

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        error_ref = {"$ref": "#/components/schemas/ErrorOut"}
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorOut"] = ErrorOutSchema
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                # ninja keys the responses it knows by int: one key per status in the JSON.
                responses = {str(status): body for status, body in operation["responses"].items()}
                operation["responses"] = responses
                for status, description in COMMON_ERRORS.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": error_ref}},
                        },
                    )
                responses["429"]["headers"] = {
                    "Retry-After": {
                        "description": "Seconds to wait before the next call",
                        "schema": {"type": "integer"},
                    }
                }
        return schema


ErrorOutSchema = {
    "title": "ErrorOut",
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["code", "message"],
}

api = ThaogoApi(
    title="Thaogo API",
    version="1",
    description=DESCRIPTION,
    auth=AUTH,
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
)
api.add_router("", reads.router)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(exc.status, exc.code, exc.message, fields=exc.fields, headers=exc.headers)


@api.exception_handler(AuthenticationError)
def _not_authenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(
        401,
        "not_authenticated",
        _("Sign in, or send a personal API token as Authorization: Bearer …"),
        headers={"WWW-Authenticate": "Bearer"},
    )


@api.exception_handler(SchemaError)
def _invalid_input(request: HttpRequest, exc: SchemaError) -> HttpResponse:
    return invalid_input_response(request, list(exc.errors))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _api_error(request, not_found())


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _api_error(request, forbidden())


@api.exception_handler(ValidationError)
def _refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _api_error(request, refused(exc))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals: a body that is not JSON (400), and the like."""
    if exc.status_code == 400:
        return error_response(
            400, "invalid_input", _("The request body is not valid JSON for this call.")
        )
    codes = {401: "not_authenticated", 403: "forbidden", 404: "not_found", 429: "rate_limited"}
    return error_response(
        exc.status_code,
        codes.get(exc.status_code, "refused"),
        _("The request was refused."),
    )
