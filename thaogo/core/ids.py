"""Ids (and other small whole numbers) read from the query string or a form.

`str.isdigit()` is the wrong test for them: it accepts "²" and "١" (which int() refuses or
reads as 1) and numbers of any length, and SQLite raises OverflowError on a value past
64 bits. Every id a view reads by hand goes through parse_id, so a bad one is simply "no such
object" instead of a server error.
"""

import re
from collections.abc import Iterable
from typing import Any

MAX_ID = 2**63 - 1  # the largest value of a BigAutoField on every database
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_int(value: Any, *, minimum: int, maximum: int) -> int | None:
    """A whole number written with ASCII digits only, within minimum..maximum, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _ASCII_DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if minimum <= number <= maximum else None


def parse_id(value: Any) -> int | None:
    """The id in `value` ("42" or 42), or None when it cannot be the id of any row."""
    return parse_int(value, minimum=1, maximum=MAX_ID)


def parse_ids(values: Iterable[Any]) -> list[int] | None:
    """Every id in `values`, or None when one of them cannot be an id."""
    ids = [parse_id(value) for value in values]
    return None if None in ids else ids  # type: ignore[return-value]


def parse_year(value: Any) -> int | None:
    """A four-digit year a date can have (Python's dates go from year 1 to 9999)."""
    if isinstance(value, str) and len(value) != 4:
        return None
    return parse_int(value, minimum=1, maximum=9999)
