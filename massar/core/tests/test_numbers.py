"""Marks are exact decimals: parsed as a person typed them, rounded once, isolated inside Arabic text."""

from decimal import Decimal

import pytest

from massar.core.numbers import (
    LEFT_TO_RIGHT_ISOLATE,
    POP_DIRECTIONAL_ISOLATE,
    format_decimal,
    fraction_text,
    round_mark,
    to_decimal,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14,75", Decimal("14.75")),
        ("14.75", Decimal("14.75")),
        (" 14 ", Decimal("14")),
        ("\u00a014,5", Decimal("14.5")),
        ("0", Decimal("0")),
        ("١٤٫٧٥", Decimal("14.75")),
        ("-3", Decimal("-3")),
        (20, Decimal("20")),
        (Decimal("12.5"), Decimal("12.5")),
    ],
)
def test_to_decimal_reads_a_mark_as_typed(typed, expected):
    assert to_decimal(typed) == expected


@pytest.mark.parametrize(
    ("from_spreadsheet", "expected"),
    [(13.25, "13.25"), (0.1, "0.1"), (14.745, "14.745"), (9.0, "9.0")],
)
def test_to_decimal_takes_spreadsheet_floats_as_the_person_typed_them(from_spreadsheet, expected):
    # Decimal(14.745) would be 14.7449999999999992184029906638897955417633056640625.
    number = to_decimal(from_spreadsheet)
    assert isinstance(number, Decimal)
    assert str(number) == expected


@pytest.mark.parametrize("garbage", ["abc", "1,2,3", "1.2,3", "NaN", "nan", "Infinity", "-Infinity", "sNaN",
                                     "", "   ", None, True, "1e3", "14_75", "+", "14,", ",5", Decimal("NaN")])
def test_to_decimal_rejects_what_is_not_a_mark(garbage):
    with pytest.raises(ValueError, match="not a number"):
        to_decimal(garbage)


@pytest.mark.parametrize("non_finite", [float("nan"), float("inf"), float("-inf")])
def test_to_decimal_rejects_non_finite_spreadsheet_floats(non_finite):
    with pytest.raises(ValueError, match="not a number"):
        to_decimal(non_finite)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("14.745"), Decimal("14.75")),
        (Decimal("14.744999"), Decimal("14.74")),
        (Decimal("14.735"), Decimal("14.74")),
        (Decimal("9.995"), Decimal("10.00")),
        (Decimal("14"), Decimal("14.00")),
    ],
)
def test_round_mark_rounds_half_up(value, expected):
    rounded = round_mark(value)
    assert rounded == expected
    assert rounded.as_tuple().exponent == -2


def test_round_mark_never_goes_through_floats():
    # As a float, 2.675 is 2.67499999..., which is why round(2.675, 2) gives 2.67.
    assert round(2.675, 2) == 2.67
    assert round_mark(Decimal("2.675")) == Decimal("2.68")
    assert round_mark(to_decimal(14.745)) == Decimal("14.75")
    assert isinstance(round_mark(Decimal("2.675")), Decimal)


def test_round_mark_half_even_when_a_rule_table_asks_for_it():
    assert round_mark(Decimal("14.745"), mode="half_even") == Decimal("14.74")
    assert round_mark(Decimal("14.755"), mode="half_even") == Decimal("14.76")


def test_round_mark_to_other_places():
    assert round_mark(Decimal("14.745"), places=1) == Decimal("14.7")
    assert round_mark(Decimal("14.75"), places=1) == Decimal("14.8")
    assert round_mark(Decimal("14.5"), places=0) == Decimal("15")


@pytest.mark.parametrize(("language", "expected"), [("ar", "14,75"), ("fr", "14,75"), ("en", "14.75")])
def test_format_decimal_uses_the_decimal_comma_except_in_english(language, expected):
    assert format_decimal(Decimal("14.745"), language=language) == expected


@pytest.mark.parametrize(("language", "inner"), [("ar", "14,75/20"), ("fr", "14,75/20"), ("en", "14.75/20")])
def test_fraction_text_is_one_isolated_left_to_right_run(language, inner):
    text = fraction_text(Decimal("14.75"), language=language)
    assert text == f"{LEFT_TO_RIGHT_ISOLATE}{inner}{POP_DIRECTIONAL_ISOLATE}"
    assert text[0] == "\u2066"
    assert text[-1] == "\u2069"


def test_fraction_text_out_of_another_scale():
    assert fraction_text(Decimal("7.5"), out_of=10, language="fr") == "\u20667,50/10\u2069"


@pytest.mark.parametrize(("value", "language", "shown"), [(Decimal("7.00"), "ar", "7"), (Decimal("2.50"), "fr", "2,5"),
                                                          (Decimal("2.50"), "en", "2.5"), (Decimal("10"), "ar", "10")])
def test_coefficients_show_without_trailing_zeros(value, language, shown):
    from django.utils import translation

    from massar.core.templatetags.massar_tags import coefficient

    with translation.override(language):
        assert coefficient(value) == f'<bdi dir="ltr" class="num">{shown}</bdi>'
