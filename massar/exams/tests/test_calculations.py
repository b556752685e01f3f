"""The result formulas at their boundaries (DOMAIN §6), and their properties for any marks (hypothesis)."""

from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from massar.exams.calculations import (
    Component,
    Decision,
    Mention,
    Rules,
    best_of_two,
    exam_mark,
    exam_missing,
    final_result,
    needed_for,
)

C, L, P, R, N = (Component.CONTINUOUS, Component.LOCAL, Component.PROVINCIAL, Component.REGIONAL,
                 Component.NATIONAL)
MENTIONS = ((D(10), Mention.PASSABLE), (D(12), Mention.FAIRLY_GOOD), (D(14), Mention.GOOD), (D(16), Mention.VERY_GOOD))
BAC = Rules(weights={C: D("0.25"), R: D("0.25"), N: D("0.50")}, admission=D(10), second_session=D(7),
            mentions=MENTIONS)
BAC_FREE = Rules(weights={R: D("0.5"), N: D("0.5")}, admission=D(10), second_session=D(7), mentions=MENTIONS)
BAC_OLD = Rules(weights={C: D("0.25"), R: D("0.25"), N: D("0.50")}, admission=D(10), second_session=D(8),
                mentions=MENTIONS)
COLLEGE = Rules(weights={C: D("0.3"), L: D("0.3"), R: D("0.4")}, admission=D(10))
PRIMARY = Rules(weights={C: D("0.5"), P: D("0.5")}, admission=D(5), out_of=10)


def bac(value: str, rules: Rules = BAC):
    """A result whose exact mark is `value` (every component equal to it)."""
    return final_result({c: D(value) for c in rules.components}, rules)


def test_the_issue_example():
    result = final_result({C: D("14.50"), R: D("12.00"), N: D("13.25")}, BAC)
    assert (result.mark, result.decision, result.mention) == (D("13.25"), Decision.ADMITTED, Mention.FAIRLY_GOOD)


@pytest.mark.parametrize(("exact", "mark", "decision", "mention"), [
    ("9.995", "10.00", Decision.ADMITTED, Mention.PASSABLE),  # a shown 10.00 is admitted
    ("9.994", "9.99", Decision.SECOND_SESSION, None),
    ("9.99", "9.99", Decision.SECOND_SESSION, None),
    ("10.00", "10.00", Decision.ADMITTED, Mention.PASSABLE),
    ("11.995", "12.00", Decision.ADMITTED, Mention.FAIRLY_GOOD),
    ("11.994", "11.99", Decision.ADMITTED, Mention.PASSABLE),
    ("13.995", "14.00", Decision.ADMITTED, Mention.GOOD),
    ("15.995", "16.00", Decision.ADMITTED, Mention.VERY_GOOD),
    ("15.994", "15.99", Decision.ADMITTED, Mention.GOOD),
    ("6.99", "6.99", Decision.FAILED, None),
    ("6.995", "7.00", Decision.SECOND_SESSION, None),
    ("7.00", "7.00", Decision.SECOND_SESSION, None),
    ("20", "20.00", Decision.ADMITTED, Mention.VERY_GOOD),
    ("0", "0.00", Decision.FAILED, None),
])
def test_decision_and_mention_are_taken_on_the_shown_mark(exact, mark, decision, mention):
    result = bac(exact)
    assert (result.mark, result.decision, result.mention) == (D(mark), decision, mention)


def test_the_mark_is_rounded_once_from_the_exact_components():
    # 0.25 × 9.99 + 0.25 × 9.99 + 0.5 × 10.005 = 9.9975: rounded once, 10.00; rounding the national first
    # (10.01) would give 10.00 too, but 0.25 × 9.98 + 0.25 × 10 + 0.5 × 10.005 = 9.9975 → 10.00, and
    # 0.25 × 9.97 + 0.25 × 10 + 0.5 × 10.005 = 9.995 → 10.00 while 9.9925 → 9.99.
    assert final_result({C: D("9.97"), R: D("10"), N: D("10.005")}, BAC).mark == D("10.00")
    assert final_result({C: D("9.96"), R: D("10"), N: D("10.005")}, BAC).mark == D("9.99")
    assert final_result({C: D("9.96"), R: D("10"), N: D("10.005")}, BAC).exact == Fraction("9.9925")


def test_the_year_says_how_to_round():
    even = Rules(weights=BAC.weights, admission=D(10), second_session=D(7), mentions=MENTIONS, rounding="half_even")
    assert final_result({c: D("10.005") for c in even.components}, even).mark == D("10.00")
    assert bac("10.005").mark == D("10.01")
    assert final_result({c: D("9.995") for c in even.components}, even).decision == Decision.ADMITTED


def test_the_second_session_threshold_is_the_years():
    assert bac("7.50").decision == Decision.SECOND_SESSION
    assert bac("7.50", BAC_OLD).decision == Decision.FAILED
    assert bac("8.00", BAC_OLD).decision == Decision.SECOND_SESSION


def test_free_candidates_have_no_continuous_assessment():
    result = final_result({R: D("9"), N: D("11.99")}, BAC_FREE)
    assert (result.mark, result.decision, result.mention) == (D("10.50"), Decision.ADMITTED, Mention.PASSABLE)
    assert result.missing == []
    # A continuous-assessment mark sent anyway does not count.
    assert final_result({C: D("20"), R: D("9"), N: D("11.99")}, BAC_FREE).mark == D("10.50")


def test_a_missing_component_gives_no_mark_and_says_which():
    result = final_result({C: None, R: D("12"), N: D("13")}, BAC)
    assert (result.mark, result.decision, result.mention, result.missing) == (None, None, None, [C])
    assert final_result({R: D("12")}, BAC).missing == [C, N]


def test_an_exam_mark_is_the_coefficient_weighted_mean_of_its_subjects():
    assert exam_mark({"MATH": D("16"), "PC": D("10")}, {"MATH": 7, "PC": 3}) == Fraction("14.2")
    assert exam_mark({"MATH": D("16"), "PC": None}, {"MATH": 7, "PC": 3}) is None
    assert exam_missing({"MATH": D("16")}, {"MATH": 7, "PC": 3}) == ["PC"]
    # Zero is a mark.
    assert exam_mark({"MATH": D("0"), "PC": D("10")}, {"MATH": 1, "PC": 1}) == 5


def test_after_the_second_session_the_better_mark_of_each_resat_subject_counts():
    first = {"MATH": D("6"), "PC": D("8"), "SVT": D("9")}
    merged, replaced = best_of_two(first, {"MATH": D("12"), "PC": D("5"), "SVT": None})
    assert merged == {"MATH": D("12"), "PC": D("8"), "SVT": D("9")}
    assert replaced == ["MATH"]
    coefficients = {"MATH": 7, "PC": 7, "SVT": 5}
    national = exam_mark(merged, coefficients)
    assert national == Fraction(7 * 12 + 7 * 8 + 5 * 9, 19)
    # Recomputed with the same weights, and no third session.
    result = final_result({C: D("11"), R: D("10"), N: national}, BAC, second_session_allowed=False)
    assert result.decision == Decision.ADMITTED
    assert final_result({C: D("7"), R: D("7"), N: D("7")}, BAC, second_session_allowed=False).decision == \
        Decision.FAILED


def test_college_certificate():
    result = final_result({C: D("12"), L: D("8"), R: D("10")}, COLLEGE)
    assert (result.mark, result.decision) == (D("10.00"), Decision.ADMITTED)
    assert final_result({C: D("12"), L: D("8"), R: D("9.97")}, COLLEGE).decision == Decision.FAILED
    assert COLLEGE.second_session is None and bac("12", COLLEGE).mention is None


def test_primary_is_out_of_ten_and_admits_at_five():
    assert final_result({C: D("4.99"), P: D("5")}, PRIMARY).mark == D("5.00")  # 4.995 shown 5.00
    assert final_result({C: D("4.99"), P: D("5")}, PRIMARY).decision == Decision.ADMITTED
    assert final_result({C: D("4.98"), P: D("5")}, PRIMARY).decision == Decision.FAILED
    assert needed_for(D(5), {C: D("4")}, PRIMARY, unknown=P) == D("5.99")  # 2 + 2.995 = 4.995
    assert needed_for(D(5), {C: D("0")}, PRIMARY, unknown=P) == D("9.99")  # 4.995 shown 5.00
    assert needed_for(D(6), {C: D("0")}, PRIMARY, unknown=P) is None


def test_what_national_average_is_needed():
    known = {C: D("14.50"), R: D("12.00")}
    assert needed_for(D(10), known, BAC) == D("6.74")  # 6.625 + 0.5 × 6.74 = 9.995
    assert final_result({**known, N: D("6.74")}, BAC).mark == D("10.00")
    assert final_result({**known, N: D("6.73")}, BAC).mark == D("9.99")
    assert needed_for(D(16), {C: D("0"), R: D("0")}, BAC) is None
    assert needed_for(D(10), {C: D("20"), R: D("20")}, BAC) == D("0.00")
    assert needed_for(D(10), {R: D("8")}, BAC_FREE) == D("11.99")


def test_weights_must_add_up_to_one():
    with pytest.raises(ValueError):
        Rules(weights={C: D("0.3"), R: D("0.3")}, admission=D(10))


marks = st.decimals(min_value=0, max_value=20, places=2, allow_nan=False, allow_infinity=False)


@given(marks, marks, marks)
def test_the_decision_follows_the_shown_mark(cc, regional, national):
    result = final_result({C: cc, R: regional, N: national}, BAC)
    assert result.mark is not None and D(0) <= result.mark <= D(20)
    assert abs(Fraction(result.mark) - result.exact) <= Fraction(1, 200)
    assert (result.decision == Decision.ADMITTED) == (result.mark >= 10)
    assert (result.decision == Decision.SECOND_SESSION) == (D(7) <= result.mark < 10)
    assert (result.mention is None) == (result.mark < 10)


@given(marks, marks, marks, marks)
def test_a_better_national_mark_never_lowers_the_result(cc, regional, national, better):
    low, high = sorted([national, better])
    first = final_result({C: cc, R: regional, N: low}, BAC)
    second = final_result({C: cc, R: regional, N: high}, BAC)
    assert first.mark is not None and second.mark is not None and first.mark <= second.mark


@given(marks, marks, st.sampled_from([D(10), D(12), D(14), D(16)]))
def test_the_needed_national_average_is_the_smallest_that_reaches(cc, regional, target):
    needed = needed_for(target, {C: cc, R: regional}, BAC)
    if needed is None:
        assert final_result({C: cc, R: regional, N: D(20)}, BAC).mark < target
        return
    assert final_result({C: cc, R: regional, N: needed}, BAC).mark >= target
    if needed > 0:
        assert final_result({C: cc, R: regional, N: needed - D("0.01")}, BAC).mark < target


@given(st.dictionaries(st.sampled_from(["MATH", "PC", "SVT"]), marks),
       st.dictionaries(st.sampled_from(["MATH", "PC", "SVT"]), marks))
def test_best_of_two_never_lowers_a_subject(first, second):
    merged, replaced = best_of_two(first, second)
    for subject, value in first.items():
        assert merged[subject] >= value
    for subject in replaced:
        assert merged[subject] == second[subject]
