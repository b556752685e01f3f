"""The arithmetic of exam results (DOMAIN §6), exact, with the grades' one rounding (grades.calculations.decide).

- an exam mark is the coefficient-weighted mean of the exam's subject marks (grades.calculations.general_average:
  none while a subject has no mark);
- the final mark is Σ(component × weight) over the components the year's rules weigh: for the bac, 0.25 × the
  2BAC continuous assessment + 0.25 × the 1BAC regional exam + 0.50 × the 2BAC national exam (free candidates:
  0.5 × regional + 0.5 × national); for 3AC, 0.3 × CC + 0.3 × local + 0.4 × regional; for 6th primary, out of 10;
- the mark is rounded ONCE, to the shown two decimals with the year's rounding mode, and the decision and the
  mention are taken on that shown mark, so a displayed 10.00 is always admitted;
- after a second session, per re-sat subject the better of the two marks counts, and the mark is recomputed
  with the same weights.

Every number here (weights, thresholds, mention bands, rounding) comes from the year's rules (ResultRules):
nothing is a constant of the code. The simulator and the publication both call `final_result`.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TypeVar

from massar.grades.calculations import Number, decide, general_average, missing_subjects

Key = TypeVar("Key")

CENT = Decimal("0.01")


class Decision(StrEnum):
    ADMITTED = "admitted"
    SECOND_SESSION = "second_session"
    FAILED = "failed"


class Component(StrEnum):
    """What a final mark is made of; the year's rules give each a weight (0: not part of it)."""

    CONTINUOUS = "continuous"
    LOCAL = "local"
    PROVINCIAL = "provincial"
    REGIONAL = "regional"
    NATIONAL = "national"


class Mention(StrEnum):
    PASSABLE = "passable"
    FAIRLY_GOOD = "fairly_good"
    GOOD = "good"
    VERY_GOOD = "very_good"


@dataclass(frozen=True)
class Rules:
    """A year's result rules for one level and kind of candidate (ResultRules.as_rules)."""

    weights: Mapping[Component, Decimal]
    admission: Decimal
    second_session: Decimal | None = None  # None: this exam has no second session
    # (lower bound, mention), any order; a mention needs admission too.
    mentions: Sequence[tuple[Decimal, Mention]] = ()
    rounding: str = "half_up"
    out_of: int = 20

    def __post_init__(self) -> None:
        if any(weight < 0 for weight in self.weights.values()) or sum(self.weights.values()) != 1:
            raise ValueError("the weights must be non-negative and add up to 1")

    @property
    def components(self) -> list[Component]:
        """The components that count (a positive weight), in a stable order."""
        return [component for component in Component if self.weights.get(component, 0) > 0]


@dataclass(frozen=True)
class Result:
    """`mark` is the shown mark (two decimals), None while a component is missing (`missing` names them)."""

    mark: Decimal | None
    exact: Fraction | None
    decision: Decision | None
    mention: Mention | None
    missing: list[Component] = field(default_factory=list)


def exam_mark(marks: Mapping[Key, Number | None], coefficients: Mapping[Key, Number]) -> Fraction | None:
    """The coefficient-weighted mean of an exam's subjects (the grades' general average); None while a subject
    of `coefficients` has no mark."""
    return general_average({key: None if value is None else Fraction(value) for key, value in marks.items()},
                           coefficients)


def exam_missing(marks: Mapping[Key, Number | None], coefficients: Mapping[Key, Number]) -> list[Key]:
    return missing_subjects({key: None if value is None else Fraction(value) for key, value in marks.items()},
                            coefficients)


def best_of_two(first: Mapping[Key, Number | None], second: Mapping[Key, Number | None]
                ) -> tuple[dict[Key, Number | None], list[Key]]:
    """The marks after a second session: per re-sat subject (one in `second` with a mark) the better of the two;
    also the subjects whose first-session mark was replaced."""
    merged: dict[Key, Number | None] = dict(first)
    replaced = []
    for subject, again in second.items():
        if again is None:
            continue
        before = first.get(subject)
        if before is None or Fraction(again) > Fraction(before):
            merged[subject] = again
            replaced.append(subject)
    return merged, replaced


def shown(value: Number, rules: Rules) -> Decimal:
    """The one rounding: two decimals with the year's mode."""
    return decide(value, places=2, rounding=rules.rounding)


def decision_for(mark: Decimal, rules: Rules, *, second_session_allowed: bool = True) -> Decision:
    if mark >= rules.admission:
        return Decision.ADMITTED
    if second_session_allowed and rules.second_session is not None and mark >= rules.second_session:
        return Decision.SECOND_SESSION
    return Decision.FAILED


def mention_for(mark: Decimal, rules: Rules) -> Mention | None:
    if mark < rules.admission:
        return None
    reached = [(bound, mention) for bound, mention in rules.mentions if mark >= bound]
    return max(reached)[1] if reached else None


def final_result(components: Mapping[Component, Number | None], rules: Rules, *,
                 second_session_allowed: bool = True) -> Result:
    """The final mark from its components (each exact, on the rules' scale), decided once."""
    missing = [component for component in rules.components if components.get(component) is None]
    if missing:
        return Result(None, None, None, None, missing)
    exact = sum((Fraction(components[c]) * Fraction(rules.weights[c])  # type: ignore[arg-type]
                 for c in rules.components), Fraction(0))
    mark = shown(exact, rules)
    return Result(mark, exact, decision_for(mark, rules, second_session_allowed=second_session_allowed),
                  mention_for(mark, rules))


def needed_for(target: Decimal, known: Mapping[Component, Number | None], rules: Rules,
               unknown: Component = Component.NATIONAL) -> Decimal | None:
    """The smallest `unknown` exam average (two decimals, 0–out_of) for which `final_result` shows at least
    `target`, the other components being `known`; None when even out_of does not reach it. Found with
    final_result itself (one code path): a first guess from the exact inverse, then corrected by steps of 0.01."""
    top = Decimal(rules.out_of)

    def reaches(value: Decimal) -> bool:
        result = final_result({**known, unknown: value}, rules)
        return result.mark is not None and result.mark >= target

    if not reaches(top):
        return None
    if reaches(Decimal(0)):
        return Decimal("0.00")
    others = sum((Fraction(known[c]) * Fraction(rules.weights[c])  # type: ignore[arg-type]
                  for c in rules.components if c != unknown), Fraction(0))
    guess = decide((Fraction(target) - others) / Fraction(rules.weights[unknown]), rounding="half_up")
    guess = min(max(guess, Decimal(0)), top)
    return _smallest(guess, reaches, top)


def _smallest(guess: Decimal, reaches: Callable[[Decimal], bool], top: Decimal) -> Decimal:
    while guess < top and not reaches(guess):
        guess += CENT
    while guess > 0 and reaches(guess - CENT):
        guess -= CENT
    return guess.quantize(CENT)
