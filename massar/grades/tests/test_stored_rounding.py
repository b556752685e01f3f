"""A stored figure (12 decimals) is rounded once: deciding it at display gives what deciding the exact value gives,
under either rounding mode. Round to odd makes that hold even where half up to 12 places would round twice."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from massar.grades import calculations as calc
from massar.grades.close.sql import _ROUND_12


def test_a_value_just_below_a_tie_is_not_stored_as_the_tie():
    just_below = Fraction(12345, 1000) - Fraction(1, 10**13)
    assert calc.decide(just_below, places=12) == Decimal("12.345000000000")  # half up to 12 places: a false tie
    assert calc.stored(just_below) == Decimal("12.344999999999")
    assert calc.decide(calc.stored(just_below), rounding="half_up") == Decimal("12.34")
    assert calc.decide(just_below, rounding="half_up") == Decimal("12.34")


def test_an_exact_tie_is_stored_exactly_and_decided_once():
    assert calc.stored(Fraction(12345, 1000)) == Decimal("12.345")
    assert calc.decide(calc.stored(Fraction(12345, 1000)), rounding="half_up") == Decimal("12.35")
    assert calc.decide(calc.stored(Fraction(12345, 1000)), rounding="half_even") == Decimal("12.34")


exact_values = st.builds(Fraction, st.integers(min_value=0, max_value=20 * 10**15),
                         st.integers(min_value=1, max_value=10**15)).filter(lambda v: v <= 20)


@given(value=exact_values, mode=st.sampled_from(sorted(calc.ROUNDINGS)))
def test_deciding_the_stored_value_is_deciding_the_exact_value(value, mode):
    assert calc.decide(calc.stored(value), rounding=mode) == calc.decide(value, rounding=mode)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL close runs on PostgreSQL")
@pytest.mark.django_db
@settings(max_examples=200, deadline=None)
@given(numerator=st.integers(min_value=0, max_value=10**15), denominator=st.integers(min_value=1, max_value=10**14))
def test_the_sql_close_stores_as_calculations_do(numerator, denominator):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_ROUND_12.format(v='%(v)s::bigint', d='%(d)s::bigint')}",
                       {"v": numerator, "d": denominator})
        stored = cursor.fetchone()[0]
    assert stored == calc.stored(Fraction(numerator, denominator))
