"""Cursor pagination: each page names the next by the last row's id, so any page costs what
the first does, and rows added meanwhile neither repeat nor vanish."""

import base64
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema

from thaogo.api.errors import ApiError
from thaogo.core.ids import parse_id

MAX_LIMIT = 200


class ListIn(Schema):
    cursor: str | None = Field(
        None, max_length=100, description="The `next_cursor` of the previous page."
    )
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="Rows per page.")


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"id:{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        text = ""
    pk = parse_id(text.removeprefix("id:")) if text.startswith("id:") else None
    if pk is None:
        raise ApiError(400, "invalid_cursor", _("This cursor was not given by the API."))
    return pk


def page(rows: QuerySet, params: ListIn, render: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """One page of `rows` in id order, after the cursor, and the cursor of the next."""
    if params.cursor:
        rows = rows.filter(pk__gt=decode_cursor(params.cursor))
    found = list(rows.order_by("pk")[: params.limit + 1])
    more = len(found) > params.limit
    found = found[: params.limit]
    return {
        "items": [render(row) for row in found],
        "next_cursor": encode_cursor(found[-1].pk) if more else None,
    }
