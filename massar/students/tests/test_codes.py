import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from massar.students.codes import (
    NUMBER_SPACE,
    massar_code_for,
    massar_code_normalize,
    massar_code_problem,
    validate_massar_code,
)


@pytest.mark.parametrize("code", ["F164115196", "A000000001", "Z999999999"])
def test_well_formed_codes_pass(code):
    validate_massar_code(code)
    assert massar_code_problem(code) is None


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "Enter your Massar code"),
        ("1164115196", "must start with a letter"),
        ("F16411519", "has 8 digits"),
        ("F1641151960", "has 10 digits"),
        ("F16411519X", "only digits"),
        ("FF64115196", "only digits"),
        ("É164115196", "must start with a letter"),
        ("F١٦٤١١٥١٩٦", "only digits"),  # Arabic-Indic digits are not accepted in a code
    ],
)
def test_malformed_codes_say_what_is_wrong(typed, reason):
    problem = massar_code_problem(massar_code_normalize(typed))
    assert problem is not None and reason in problem
    assert "F164115196" in problem  # the message shows what a code looks like
    with pytest.raises(ValidationError):
        validate_massar_code(typed)


def test_typing_is_forgiving_about_case_and_spaces():
    assert massar_code_normalize("  f164115196 ") == "F164115196"
    assert massar_code_normalize("F 164 115 196") == "F164115196"


@given(st.integers(min_value=1, max_value=NUMBER_SPACE - 1))
def test_issued_codes_are_well_formed(counter):
    code = massar_code_for("K", counter)
    assert massar_code_problem(code) is None


@given(st.integers(min_value=1, max_value=NUMBER_SPACE - 2))
def test_consecutive_counters_give_distinct_codes_far_apart(counter):
    a, b = massar_code_for("K", counter), massar_code_for("K", counter + 1)
    assert a != b
    assert abs(int(a[1:]) - int(b[1:])) > 1000  # not guessable from a classmate's code


def test_the_code_map_is_a_bijection_on_a_large_block():
    codes = {massar_code_for("K", n) for n in range(1, 200_001)}
    assert len(codes) == 200_000


def test_the_code_space_has_an_end():
    with pytest.raises(ValueError):
        massar_code_for("K", NUMBER_SPACE)
