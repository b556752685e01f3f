"""The solver's vocabulary: an applicant with ranked wishes and a score per wished stream, the solution, and the
one error a bad problem raises. Pure Python: no Django, so the auditor's command and the benchmark share it."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal


class SolverInputError(ValueError):
    """A problem the solver refuses; the message names the place, e.g.
    `students[3].wishes[1]: unknown stream "XX"`."""


@dataclass(frozen=True)
class Applicant:
    id: str
    wishes: tuple[str, ...]  # stream ids, best first
    scores: Mapping[str, Decimal]  # the score for each wished stream (2 decimals), higher is better
    tiebreak: int  # among equal scores the higher tiebreak wins


@dataclass(frozen=True)
class Solution:
    assignments: dict[str, str | None]  # applicant id → stream id, or None (input order)
    cutoffs: dict[str, Decimal | None]  # the lowest admitted score of a FULL stream; None when not full
    unassigned: list[str]  # applicant ids, input order
