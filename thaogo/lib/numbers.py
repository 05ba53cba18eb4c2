"""Numbers the Vietnamese way: a comma before the decimals, a dot between groups of three
digits ("30.907,38"). One parser and one formatter, so that a figure shown on a page or in a
form is read back as the same value, whatever the language of the page.

The parser refuses what it cannot read with certainty. "36120,5" is 36120.5, never 361205;
"1.234" could be either reading, so it is refused rather than guessed.
"""

import re
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

from django.db.models import ExpressionWrapper

DECIMAL_MARK = ","
GROUP_MARK = "."

# Only ASCII digits: \d would also take Arabic-Indic or full-width digits.
_PLAIN = re.compile(r"-?[0-9]+(?:,[0-9]+)?")
_GROUPED = re.compile(r"-?[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?")
# One dot and no comma: read as a decimal dot unless it could also be a thousands group.
_DOT_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")
_SINGLE_GROUP = re.compile(r"-?[1-9][0-9]{0,2}\.[0-9]{3}")
# How str(Decimal) writes a finite number: what ReportSubmission.content keeps.
_CANONICAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_WIDE = Context(prec=100)
_LONGEST_SUGGESTION = 40


class NumberError(ValueError):
    """Text that is not a number written the Vietnamese way. `code` names the reason; the
    form field turns it into a message, with `params` filled in."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def parse_number(
    text: str, *, max_digits: int | None = None, decimal_places: int | None = None
) -> Decimal:
    """The value of `text` written the Vietnamese way, within the given digits and places.

    Codes: "invalid" (not a number), "dot_decimal" ("5.2": a dot used as the decimal mark,
    `suggestion` holds "5,2"), "ambiguous" ("1.234": a thousands group or a decimal dot;
    `whole` holds "1234"), "max_places" and "max_whole_digits" (`max` holds the limit).
    """
    stripped = text.strip()
    if _SINGLE_GROUP.fullmatch(stripped):
        raise NumberError("ambiguous", value=stripped, whole=stripped.replace(GROUP_MARK, ""))
    # The suggestion repeats the input: not for a pasted wall of digits.
    if len(stripped) <= _LONGEST_SUGGESTION and _DOT_DECIMAL.fullmatch(stripped):
        raise NumberError("dot_decimal", value=stripped, suggestion=stripped.replace(".", ","))
    if not (_PLAIN.fullmatch(stripped) or _GROUPED.fullmatch(stripped)):
        raise NumberError("invalid", value=stripped)
    value = Decimal(stripped.replace(GROUP_MARK, "").replace(DECIMAL_MARK, "."))
    if value == 0:
        value = abs(value)  # "-0" is 0
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if decimal_places is not None and places > decimal_places:
        raise NumberError("max_places", value=stripped, max=decimal_places)
    if max_digits is not None:
        whole_max = max_digits - (decimal_places or 0)
        whole_digits = value.adjusted() + 1 if value.adjusted() >= 0 else 0
        if whole_digits > whole_max:
            raise NumberError("max_whole_digits", value=stripped, max=whole_max)
    return value


def quantize(value: Decimal | int | float, places: int) -> Decimal:
    """`value` with exactly `places` decimals, rounded half up as people round by hand."""
    decimal = value if isinstance(value, Decimal) else to_decimal(value)
    return decimal.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_WIDE)


def to_decimal(value: Decimal | int | float | str) -> Decimal:
    """A Decimal from a number, or from the text str(Decimal) wrote (e.g. "5.20")."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr() is the shortest text that reads back as the same float: 45.5, not 45.5000001.
        return Decimal(repr(value))
    if isinstance(value, str) and _CANONICAL.fullmatch(value.strip()):
        return Decimal(value.strip())
    raise ValueError(f"not a number: {value!r}")


def format_number(
    value: Decimal | int | float | str, places: int | None = None, *, trim: bool = False
) -> str:
    """`value` written the Vietnamese way: 30907.38 -> "30.907,38", 1234 -> "1.234".

    With `places`, exactly that many decimals; without, a Decimal keeps its own ("5.20" ->
    "5,20") and a float shows what it holds (45.5 -> "45,5", 50.0 -> "50"). With `trim`, a
    whole number shows no decimals at all ("5", not "5,00"): for counts next to figures.
    """
    number = to_decimal(value)
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    if places is not None:
        number = quantize(number, places)
    whole_float = isinstance(value, float) and places is None
    if (trim or whole_float) and number == number.to_integral_value():
        number = quantize(number, 0)
    text = format(number, "f")
    negative = text.startswith("-") and number != 0
    whole, _, fraction = text.lstrip("-").partition(".")
    grouped = re.sub(r"(?<=[0-9])(?=(?:[0-9]{3})+$)", GROUP_MARK, whole)
    return ("-" if negative else "") + grouped + (DECIMAL_MARK + fraction if fraction else "")


class Quantized(ExpressionWrapper):
    """A decimal expression read back with its field's decimal places on every database.

    SQLite quantises plain columns only. Any other decimal expression (a Subquery, Coalesce,
    Sum, Cast, ...) comes back as the float SQLite computed, so 5.2 reads as
    Decimal("5.20000000000000"): a form's DecimalField then refuses it as too many digits,
    and a page shows it as such. PostgreSQL returns NUMERIC(14, 2) as 5.20; now both do.
    """

    def __init__(self, expression: Any, output_field: Any = None) -> None:
        super().__init__(expression, output_field=output_field)

    def get_db_converters(self, connection: Any) -> list:
        return [*super().get_db_converters(connection), self._quantize]

    def _quantize(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        places = getattr(self.output_field, "decimal_places", None)
        if value is None or places is None:
            return value
        return quantize(value, places)
