"""Numbers the Vietnamese way: one parser and one formatter that read each other back."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import REPRODUCIBLE
from thaogo.lib.numbers import NumberError, format_number, parse_number

FIGURE = {"max_digits": 14, "decimal_places": 2}  # every decimal column of the project


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("30.907,38", Decimal("30907.38")),
        ("36120,5", Decimal("36120.5")),
        ("5", Decimal(5)),
        ("1.234.567", Decimal(1234567)),
        ("1.234,5", Decimal("1234.5")),
        ("1.234,00", Decimal("1234.00")),
        ("1234", Decimal(1234)),
        ("0,5", Decimal("0.5")),
        ("  5,20 \t", Decimal("5.20")),
        ("-3", Decimal(-3)),
        ("999.999.999.999,99", Decimal("999999999999.99")),
    ],
)
def test_vietnamese_numbers_are_read_with_a_decimal_comma_and_dot_groups(text, value):
    parsed = parse_number(text, **FIGURE)
    assert parsed == value
    assert str(parsed) == str(value)  # the places typed are kept: "5,20" is 5.20


def test_a_decimal_comma_is_never_read_as_a_thousands_separator():
    # The defect: "36120,5" was stored as 361205.
    assert parse_number("36120,5", **FIGURE) == Decimal("36120.5")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("5.2", "dot_decimal"),
        ("1234.5", "dot_decimal"),
        ("0.123", "dot_decimal"),
        ("1.234", "ambiguous"),
        ("12.345", "ambiguous"),
        ("-1.234", "ambiguous"),
        ("1,2,3", "invalid"),
        ("1.23.456", "invalid"),
        ("1.234.56", "invalid"),
        ("1234.567.890", "invalid"),
        ("01.234.567", "invalid"),
        ("1.234,5,6", "invalid"),
        ("1 234", "invalid"),
        ("1\u00a0234", "invalid"),
        ("12\x00", "invalid"),
        ("1e5", "invalid"),
        ("1E5", "invalid"),
        ("NaN", "invalid"),
        ("Infinity", "invalid"),
        ("-Infinity", "invalid"),
        (",5", "invalid"),
        ("5,", "invalid"),
        ("+5", "invalid"),
        ("--5", "invalid"),
        ("", "invalid"),
        ("   ", "invalid"),
        ("١٢٣", "invalid"),  # Arabic-Indic digits
        ("１２", "invalid"),  # full-width digits
        ("5,123", "max_places"),
        ("1,234", "max_places"),  # an English thousands comma is not taken for 1.234 either
        ("1.000.000.000.000", "max_whole_digits"),
        ("1000000000000", "max_whole_digits"),
    ],
)
def test_ambiguous_or_malformed_numbers_are_refused_not_guessed(text, code):
    with pytest.raises(NumberError) as refused:
        parse_number(text, **FIGURE)
    assert refused.value.code == code


def test_a_pasted_wall_of_digits_is_refused_without_being_repeated_back():
    with pytest.raises(NumberError) as digits:
        parse_number("9" * 100_000, **FIGURE)
    assert digits.value.code == "max_whole_digits"
    with pytest.raises(NumberError) as dotted:
        parse_number("1" * 50_000 + "." + "1" * 50_000, **FIGURE)
    assert dotted.value.code == "invalid"
    assert "suggestion" not in dotted.value.params


def test_a_refusal_says_how_to_write_the_number():
    with pytest.raises(NumberError) as dot:
        parse_number("5.2", **FIGURE)
    assert dot.value.params["suggestion"] == "5,2"
    with pytest.raises(NumberError) as ambiguous:
        parse_number("1.234", **FIGURE)
    assert ambiguous.value.params["whole"] == "1234"
    with pytest.raises(NumberError) as places:
        parse_number("5,123", **FIGURE)
    assert places.value.params["max"] == 2
    with pytest.raises(NumberError) as whole:
        parse_number("1000000000000", **FIGURE)
    assert whole.value.params["max"] == 12


@pytest.mark.parametrize(
    ("value", "places", "trim", "shown"),
    [
        (Decimal("30907.38"), None, False, "30.907,38"),
        (Decimal("5.20"), None, False, "5,20"),
        (Decimal("5.20000000000000"), 2, False, "5,20"),  # what SQLite used to return
        (Decimal("2668.94"), 2, True, "2.668,94"),
        (Decimal("5.00"), 2, True, "5"),
        (Decimal("4.6"), 2, True, "4,60"),
        (Decimal("48650.00"), 2, True, "48.650"),
        (Decimal("13.72"), 2, True, "13,72"),
        (1234, None, False, "1.234"),
        (1234567, None, False, "1.234.567"),
        (0, None, False, "0"),
        (45.5, None, False, "45,5"),
        (40.0, 1, False, "40,0"),
        (50.0, None, False, "50"),
        (Decimal("-1234.5"), 2, False, "-1.234,50"),
        (Decimal("-0.001"), 2, False, "0,00"),
        (Decimal("0.005"), 2, False, "0,01"),  # half up, as people round by hand
        ("2668.94", 2, True, "2.668,94"),  # a report's content keeps str(Decimal)
    ],
)
def test_numbers_are_written_with_a_decimal_comma_and_dot_groups(value, places, trim, shown):
    assert format_number(value, places, trim=trim) == shown


@pytest.mark.parametrize("value", ["abc", "1e5", "NaN", None, True, Decimal("NaN")])
def test_what_is_not_a_finite_number_is_not_formatted(value):
    with pytest.raises((TypeError, ValueError)):
        format_number(value)


figures = st.decimals(
    min_value=Decimal("-999999999999.99"),
    max_value=Decimal("999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@settings(max_examples=300, **REPRODUCIBLE)
@given(figures)
def test_a_figure_written_with_its_places_reads_back_as_the_same_value(value):
    shown = format_number(value, 2)
    parsed = parse_number(shown, **FIGURE)
    assert parsed == value
    assert parsed.as_tuple().exponent == -2  # and with the same places


@settings(max_examples=200, **REPRODUCIBLE)
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_a_grouped_whole_number_reads_back_unless_it_has_a_single_group(value):
    shown = format_number(value)
    if shown.count(".") == 1:
        with pytest.raises(NumberError, match="ambiguous"):
            parse_number(shown, **FIGURE)
    else:
        assert parse_number(shown, **FIGURE) == value
    assert parse_number(format_number(value, 2), **FIGURE) == value
