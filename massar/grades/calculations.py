"""The arithmetic of grades (DOMAIN §5), exact: every intermediate result is a Fraction, never rounded.

- subject continuous-assessment average: mean of the tests × test weight + activities × activities weight;
  the plain mean of the tests when there is no activities mark or the subject's rule says so;
- semester general average: Σ(subject average × coefficient) ÷ Σ coefficients, over every subject of the
  student's level and stream — none if one of them has no average;
- annual average: (S1 × w1 + S2 × w2) ÷ (w1 + w2);
- class statistics per subject (min, mean, max) and the rank in the class (ties share a rank).

Rounding happens once, at display or at a final decision (`decide`): the rank is such a decision, so two
students whose averages show the same (14,75) share a rank.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_05UP, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import TypeVar

Number = Decimal | int | Fraction
Key = TypeVar("Key")

ROUNDINGS = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}


@dataclass(frozen=True)
class Weighting:
    """How a subject's tests and activities combine. Weights are exact decimals that add up to 1."""

    tests: Decimal = Decimal("0.75")
    activities: Decimal = Decimal("0.25")
    plain_mean_of_tests: bool = False

    def __post_init__(self) -> None:
        if self.tests < 0 or self.activities < 0 or self.tests + self.activities != 1:
            raise ValueError("test and activities weights must be non-negative and add up to 1")


@dataclass(frozen=True)
class SubjectMarks:
    """One student's marks in one subject for a semester. None: not entered (or absent, which counts the
    same: an absence is not a zero; a teacher who means zero types 0)."""

    tests: Sequence[Decimal | None]
    activities: Decimal | None = None


def subject_average(marks: SubjectMarks, weighting: Weighting = Weighting()) -> Fraction | None:
    entered = [Fraction(mark) for mark in marks.tests if mark is not None]
    if not entered:
        return None
    mean = sum(entered, Fraction(0)) / len(entered)
    if weighting.plain_mean_of_tests or marks.activities is None:
        return mean
    return mean * Fraction(weighting.tests) + Fraction(marks.activities) * Fraction(weighting.activities)


def general_average(averages: Mapping[Key, Fraction | None], coefficients: Mapping[Key, Number]) -> Fraction | None:
    """Over the subjects in `coefficients` (the student's curriculum). None while any has no average."""
    if not coefficients:
        return None
    total, weight = Fraction(0), Fraction(0)
    for subject, coefficient in coefficients.items():
        average = averages.get(subject)
        if average is None:
            return None
        total += Fraction(average) * Fraction(coefficient)
        weight += Fraction(coefficient)
    return total / weight if weight else None


def missing_subjects(averages: Mapping[Key, Fraction | None], coefficients: Mapping[Key, Number]) -> list[Key]:
    """The subjects that keep the general average from existing yet."""
    return [subject for subject in coefficients if averages.get(subject) is None]


def annual_average(first: Fraction | None, second: Fraction | None, *, weights: tuple[Number, Number] = (1, 1)
                   ) -> Fraction | None:
    if first is None or second is None:
        return None
    w1, w2 = Fraction(weights[0]), Fraction(weights[1])
    return (Fraction(first) * w1 + Fraction(second) * w2) / (w1 + w2)


@dataclass(frozen=True)
class ClassStatistics:
    minimum: Fraction
    mean: Fraction
    maximum: Fraction
    count: int


def class_statistics(averages: Iterable[Fraction | None]) -> ClassStatistics | None:
    present = [Fraction(a) for a in averages if a is not None]
    if not present:
        return None
    return ClassStatistics(min(present), sum(present, Fraction(0)) / len(present), max(present), len(present))


def decide(value: Number, *, places: int = 2, rounding: str = "half_up") -> Decimal:
    """The one rounding: an exact value to `places` decimals (round half up by default)."""
    exact = Fraction(value)
    with localcontext() as context:
        context.prec = 60
        scaled = Decimal(exact.numerator) / Decimal(exact.denominator)
        return scaled.quantize(Decimal(1).scaleb(-places), rounding=ROUNDINGS[rounding])


STORED_PLACES = 12


def stored(value: Number) -> Decimal:
    """An exact value as the close stores it, to 12 decimals, so that deciding from the stored value gives what
    deciding from the exact value gives, under either rounding mode: round to odd (decimal's ROUND_05UP:
    towards zero, unless that leaves a last digit of 0 or 5). An inexact value therefore never ends in 0 or 5,
    and cannot pass for a tie (x.xx5) or an exact figure when rounded again: 12.3449999999999 is stored
    12.344999999999 and shows 12,34, where half up to 12 places would store 12.345000000000 and show 12,35.
    An exact value (12.345) is stored as it is and is decided once, at display."""
    exact = Fraction(value)
    with localcontext() as context:
        context.prec = 60
        scaled = Decimal(exact.numerator) / Decimal(exact.denominator)
        return scaled.quantize(Decimal(1).scaleb(-STORED_PLACES), rounding=ROUND_05UP)


def ranks(averages: Mapping[Key, Fraction | None], *, rounding: str = "half_up") -> dict[Key, int]:
    """Rank in class by the decided (rounded) average, highest first; equal averages share a rank and the
    next rank skips (1, 2, 2, 4). Students without an average have no rank."""
    decided = {key: decide(value, rounding=rounding) for key, value in averages.items() if value is not None}
    ordered = sorted(decided.values(), reverse=True)
    first_position: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_position.setdefault(value, position)
    return {key: first_position[value] for key, value in decided.items()}
