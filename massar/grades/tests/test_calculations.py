"""Properties of the averages (hypothesis): they hold for any marks, not only the examples we thought of."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from massar.grades.calculations import (
    SubjectMarks,
    Weighting,
    annual_average,
    class_statistics,
    decide,
    general_average,
    missing_subjects,
    ranks,
    subject_average,
)

marks = st.decimals(min_value=0, max_value=20, places=2, allow_nan=False, allow_infinity=False)
maybe_marks = st.one_of(st.none(), marks)
coefficients = st.integers(min_value=1, max_value=9).map(Decimal)
weightings = st.sampled_from([Weighting(), Weighting(Decimal("0.8"), Decimal("0.2")),
                              Weighting(Decimal("0.6"), Decimal("0.4")), Weighting(plain_mean_of_tests=True)])


def test_the_domain_examples():
    # Tests 12, 14, 16 (mean 14) and activities 18: 14 × 0.75 + 18 × 0.25 = 15.
    assert subject_average(SubjectMarks([Decimal(12), Decimal(14), Decimal(16)], Decimal(18))) == 15
    # French 0.8 / 0.2; mathematics: plain mean of the tests whatever the activities.
    assert subject_average(SubjectMarks([Decimal(10)], Decimal(20)), Weighting(Decimal("0.8"), Decimal("0.2"))) == 12
    assert subject_average(SubjectMarks([Decimal(10)], Decimal(20)), Weighting(plain_mean_of_tests=True)) == 10
    # No activities mark: the plain mean.
    assert subject_average(SubjectMarks([Decimal("13.25"), Decimal("14.75")])) == 14
    # Σ avg × coef ÷ Σ coef.
    assert general_average({"MATH": Fraction(16), "PC": Fraction(10)}, {"MATH": 7, "PC": 3}) == Fraction(142, 10)
    assert annual_average(Fraction(12), Fraction(14)) == 13


def test_intermediate_results_are_never_rounded():
    # (10 + 10 + 11) / 3 = 10.333…, × 3 coefficient with another subject: the thirds survive to the end.
    average = subject_average(SubjectMarks([Decimal(10), Decimal(10), Decimal(11)]))
    assert average == Fraction(31, 3)
    assert general_average({"A": average, "B": Fraction(10)}, {"A": 3, "B": 1}) == Fraction(41, 4)


@given(st.lists(marks, min_size=1, max_size=12), st.one_of(st.none(), marks), weightings)
def test_a_subject_average_lies_between_the_lowest_and_highest_mark(tests, activities, weighting):
    average = subject_average(SubjectMarks(tests, activities), weighting)
    counted = tests + ([activities] if activities is not None and not weighting.plain_mean_of_tests else [])
    assert min(counted) <= average <= max(counted)


@given(st.lists(maybe_marks, min_size=1, max_size=12), st.one_of(st.none(), marks), weightings, st.randoms())
def test_the_order_of_the_tests_does_not_matter(tests, activities, weighting, random):
    shuffled = list(tests)
    random.shuffle(shuffled)
    assert subject_average(SubjectMarks(tests, activities), weighting) == \
        subject_average(SubjectMarks(shuffled, activities), weighting)


@given(st.lists(maybe_marks, min_size=1, max_size=12))
def test_a_blank_is_not_a_zero(tests):
    assume(any(t is not None for t in tests) and any(t is None for t in tests))
    with_zeros = [Decimal(0) if t is None else t for t in tests]
    blank = subject_average(SubjectMarks(tests))
    zeros = subject_average(SubjectMarks(with_zeros))
    assert blank is not None and zeros is not None and zeros <= blank
    assert blank == subject_average(SubjectMarks([t for t in tests if t is not None]))


def test_no_test_entered_means_no_average():
    assert subject_average(SubjectMarks([None, None], Decimal(15))) is None


@given(st.dictionaries(st.sampled_from("ABCDEFGHIJ"), st.tuples(marks, coefficients), min_size=1),
       st.integers(min_value=2, max_value=7))
def test_general_average_bounds_and_coefficient_scaling(subjects, factor):
    averages = {s: Fraction(avg) for s, (avg, _) in subjects.items()}
    coefs = {s: coef for s, (_, coef) in subjects.items()}
    average = general_average(averages, coefs)
    assert min(averages.values()) <= average <= max(averages.values())
    # Multiplying every coefficient by the same factor changes nothing.
    assert general_average(averages, {s: c * factor for s, c in coefs.items()}) == average


@given(st.dictionaries(st.sampled_from("ABCDEFGHIJ"), st.tuples(maybe_marks, coefficients), min_size=1))
def test_a_general_average_exists_only_when_every_subject_has_one(subjects):
    averages = {s: None if avg is None else Fraction(avg) for s, (avg, _) in subjects.items()}
    coefs = {s: coef for s, (_, coef) in subjects.items()}
    missing = missing_subjects(averages, coefs)
    assert (general_average(averages, coefs) is None) == bool(missing)
    assert set(missing) == {s for s, avg in averages.items() if avg is None}


@given(st.lists(marks, min_size=1, max_size=45))
def test_class_statistics_are_ordered(values):
    stats = class_statistics([Fraction(v) for v in values] + [None])
    assert stats.minimum <= stats.mean <= stats.maximum
    assert stats.count == len(values)


@pytest.mark.parametrize(("value", "shown"), [(Fraction(14745, 1000), "14.75"), (Fraction(29, 2), "14.50"),
                                              (Fraction(31, 3), "10.33"), (Fraction(9995, 1000), "10.00")])
def test_decide_rounds_half_up_once(value, shown):
    assert str(decide(value)) == shown


def test_ties_share_a_rank_and_the_next_rank_skips():
    averages = {"a": Fraction(15), "b": Fraction(14749, 1000), "c": Fraction(1475, 100), "d": Fraction(12), "e": None}
    # b (14.749 → 14.75) and c (14.75) show the same average: they share rank 2, d is 4th, e has none.
    assert ranks(averages) == {"a": 1, "b": 2, "c": 2, "d": 4}


@given(st.dictionaries(st.integers(0, 60), marks, min_size=1))
def test_ranks_follow_the_averages(averages):
    exact = {k: Fraction(v) for k, v in averages.items()}
    ranked = ranks(exact)
    for a in exact:
        for b in exact:
            if decide(exact[a]) > decide(exact[b]):
                assert ranked[a] < ranked[b]
            if decide(exact[a]) == decide(exact[b]):
                assert ranked[a] == ranked[b]
    assert min(ranked.values()) == 1


def test_weights_must_add_up_to_one():
    with pytest.raises(ValueError):
        Weighting(Decimal("0.7"), Decimal("0.2"))
