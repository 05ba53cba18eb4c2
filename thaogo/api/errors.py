"""Every refusal the API gives is JSON: a stable machine-readable `code` and a message for
people, in Vietnamese unless the caller's language cookie chose English.

Codes (the OpenAPI document lists them too):
- not_authenticated (401): no token and no login, or a token that is unknown or revoked;
- csrf_failed (403): a browser session's unsafe call without its CSRF token;
- read_only_token (403): a write with a read-only token;
- forbidden (403): the user may see the object but not do this to it;
- not_found (404): no such object, or not one the user may see;
- invalid_input (422): the request does not match the schema (`fields` says where);
- invalid_cursor (400): a `cursor` this API did not give;
- refused (400): the service refused the write (`fields` says why, by field);
- concurrent_edit (409): someone saved the record after the caller read it;
- method_not_allowed (405): the address does not take that method (`Allow` lists those it does);
- rate_limited (429): too many calls; `Retry-After` says how many seconds to wait.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Schema

from thaogo.core.services import ConcurrentEditError


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = str(message)
        self.fields = fields
        self.headers = headers or {}


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    fields: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("No such object, or it is not one you may see."))


def forbidden() -> ApiError:
    return ApiError(403, "forbidden", _("You may see this, but you may not do that to it."))


def refused(error: ValidationError) -> ApiError:
    """A service's refusal: 409 when someone saved first, else 400 with the reasons by field."""
    if isinstance(error, ConcurrentEditError) or getattr(error, "code", "") == "concurrent_edit":
        return ApiError(409, "concurrent_edit", " ".join(error.messages))
    fields = (
        {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}
        if hasattr(error, "error_dict")
        else None
    )
    return ApiError(400, "refused", " ".join(str(m) for m in error.messages), fields=fields)


def _location(loc: Any) -> str:
    # ninja's locations read ("body", "payload", "title"): keep what names the field.
    parts = [str(part) for part in loc if part not in ("body", "query", "path", "payload")]
    return ".".join(parts) or "request"


def invalid_input_response(request: HttpRequest, errors: list[dict[str, Any]]) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(_location(error.get("loc", ())), []).append(str(error.get("msg", "")))
    return error_response(
        422,
        "invalid_input",
        _("The request is not valid: see each field's problem."),
        fields=fields,
    )
