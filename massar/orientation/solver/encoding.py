"""From applicants to arrays and back, with every check a problem must pass (each error names its place).

Rows are the applicants sorted by id and streams are sorted by id, so the arrays — and the last tie-break, the
smaller student id — do not depend on the order of the input. Scores become exact integer hundredths."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np

from .arrays import Arrays, Int64s
from .problem import Applicant, Solution, SolverInputError

MAX_SCORE = Decimal("1000000")  # far above any mark or weighted sum; keeps hundredths × students in 64 bits
INT64 = (-(2**63), 2**63 - 1)


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def shown(value: Any) -> str:
    """A value as an error message shows it (short, JSON-like)."""
    if isinstance(value, str):
        return quoted(value if len(value) <= 40 else value[:40] + "…")
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return str(value)


def score_text(hundredths: int) -> str:
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def score_decimal(hundredths: int) -> Decimal:
    return Decimal(int(hundredths)).scaleb(-2)


def hundredths(value: Any, place: str) -> int:
    """A score as integer hundredths: a Decimal, an int or a string such as "15.25"; at most 2 decimals,
    not negative, at most MAX_SCORE."""
    if isinstance(value, str) and not isinstance(value, bool):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise SolverInputError(f"{place}: {shown(value)} is not a number such as \"15.25\"") from None
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        raise SolverInputError(f"{place}: must be a number such as \"15.25\", got {shown(value)}")
    if not number.is_finite():
        raise SolverInputError(f"{place}: {shown(value)} is not a number such as \"15.25\"")
    if number < 0:
        raise SolverInputError(f"{place}: {shown(value)} is negative")
    if number > MAX_SCORE:
        raise SolverInputError(f"{place}: {shown(value)} is above the largest score, {MAX_SCORE}")
    scaled = number.scaleb(2)
    if scaled != scaled.to_integral_value():
        raise SolverInputError(f"{place}: {shown(value)} has more than 2 decimals")
    return int(scaled)


def integer(value: Any, place: str, *, minimum: int | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        what = "a non-negative integer" if minimum == 0 else "an integer"
        raise SolverInputError(f"{place}: must be {what}, got {shown(value)}")
    if minimum is not None and value < minimum:
        raise SolverInputError(f"{place}: must be a non-negative integer, got {value}")
    if not INT64[0] <= value <= INT64[1]:
        raise SolverInputError(f"{place}: {value} does not fit in 64 bits")
    return value


def identifier(value: Any, place: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SolverInputError(f"{place}: must be a non-empty string ({what}), got {shown(value)}")
    return value


class _Checked(Exception):
    """The quick path cannot vouch for a value: check it slowly, naming the place."""


_QUICK_TYPES = (Decimal, str, int)  # exact types: a bool is not a score


def _quick_hundredths(value: Any) -> int:
    number = value if type(value) is Decimal else Decimal(value)
    if type(number) is not Decimal or not number.is_finite() or not 0 <= number <= MAX_SCORE:
        raise _Checked
    scaled = number.scaleb(2)
    whole = int(scaled)
    if whole != scaled:
        raise _Checked
    return whole


def wish_row(wishes: Sequence[Any], scores: Mapping[Any, Any], streams: Mapping[str, int], place: str,
             memo: dict[Any, int] | None = None) -> list[tuple[int, int]]:
    """(stream index, score in hundredths) for each wish, best first. Refuses an unknown stream, a repeated
    wish and a wished stream without a score. A quick path for the common case (the national run has 5 million
    wishes, over a few thousand distinct scores: `memo` remembers each one's hundredths); any doubt takes the
    checking path, which names the place."""
    memo = {} if memo is None else memo
    try:
        row = []
        for wish in wishes:
            value = scores[wish]
            if type(value) not in _QUICK_TYPES:
                raise _Checked
            known = memo.get(value)
            if known is None:
                known = memo[value] = _quick_hundredths(value)
            row.append((streams[wish], known))
        if len(set(wishes)) == len(row) and all(type(wish) is str for wish in wishes):
            return row
    except (_Checked, KeyError, TypeError, ArithmeticError, ValueError):
        pass
    return _checked_wish_row(wishes, scores, streams, place)


def _checked_wish_row(wishes: Sequence[Any], scores: Mapping[Any, Any], streams: Mapping[str, int],
                      place: str) -> list[tuple[int, int]]:
    row: list[tuple[int, int]] = []
    seen: dict[str, int] = {}
    for number, wish in enumerate(wishes):
        where = f"{place}.wishes[{number}]"
        if not isinstance(wish, str):
            raise SolverInputError(f"{where}: must be a stream id (a string), got {shown(wish)}")
        if wish not in streams:
            raise SolverInputError(f"{where}: unknown stream {quoted(wish)}")
        if wish in seen:
            raise SolverInputError(f"{where}: {quoted(wish)} is already {place}.wishes[{seen[wish]}]")
        seen[wish] = number
        if wish not in scores:
            raise SolverInputError(f"{place}.scores: no score for the wished stream {quoted(wish)}")
        row.append((streams[wish], hundredths(scores[wish], f"{place}.scores[{quoted(wish)}]")))
    return row


@dataclass(frozen=True)
class Encoded:
    stream_ids: list[str]  # sorted; index = stream index in the arrays
    positions: list[int]  # positions[row] = the applicant's place in the input
    arrays: Arrays


def encode(capacities: Mapping[str, int], applicants: Sequence[Applicant], *,
           label: str = "applicants") -> Encoded:
    for stream_id, seats in capacities.items():
        identifier(stream_id, "capacities", "a stream id")
        integer(seats, f"capacities[{quoted(stream_id)}]", minimum=0)
    stream_ids = sorted(capacities)
    streams = {stream_id: index for index, stream_id in enumerate(stream_ids)}
    first: dict[str, int] = {}
    for position, applicant in enumerate(applicants):
        place = f"{label}[{position}]"
        if not isinstance(applicant, Applicant):
            raise SolverInputError(f"{place}: must be an Applicant, got {type(applicant).__name__}")
        identifier(applicant.id, f"{place}.id", "a student id")
        if applicant.id in first:
            raise SolverInputError(f"{place}.id: duplicate student {quoted(applicant.id)} "
                                   f"(also {label}[{first[applicant.id]}])")
        first[applicant.id] = position
    positions = sorted(range(len(applicants)), key=lambda position: applicants[position].id)
    width = max((len(applicant.wishes) for applicant in applicants), default=0)
    memo: dict[Any, int] = {}
    wishes: list[list[int]] = []
    scores: list[list[int]] = []
    tiebreak: list[int] = []
    for position in positions:
        applicant = applicants[position]
        place = f"{label}[{position}]"
        if type(applicant.wishes) is not tuple and (not isinstance(applicant.wishes, Sequence)
                                                    or isinstance(applicant.wishes, str)):
            raise SolverInputError(f"{place}.wishes: must be a list of stream ids, got {shown(applicant.wishes)}")
        if type(applicant.scores) is not dict and not isinstance(applicant.scores, Mapping):
            raise SolverInputError(f"{place}.scores: must map stream ids to scores, got {shown(applicant.scores)}")
        row = wish_row(applicant.wishes, applicant.scores, streams, place, memo)
        padding = [-1] * (width - len(row))
        wishes.append([stream for stream, _ in row] + padding)
        scores.append([score for _, score in row] + [0] * len(padding))
        tiebreak.append(integer(applicant.tiebreak, f"{place}.tiebreak"))
    shape = (len(applicants), width)
    return Encoded(stream_ids, positions, Arrays(
        capacity=np.array([capacities[stream_id] for stream_id in stream_ids], dtype=np.int64),
        wishes=np.array(wishes, dtype=np.int64).reshape(shape),
        scores=np.array(scores, dtype=np.int64).reshape(shape),
        tiebreak=np.array(tiebreak, dtype=np.int64)))


def admitted_scores(arrays: Arrays, assigned: Int64s) -> Int64s:
    """Each row's score at the stream they got (-1 when none or outside their wishes)."""
    matches = (arrays.wishes == assigned[:, None]) & (assigned[:, None] >= 0)
    if not matches.shape[1]:
        return np.full(len(assigned), -1, dtype=np.int64)
    column = matches.argmax(axis=1)
    return np.where(matches.any(axis=1), arrays.scores[np.arange(len(assigned)), column], -1)


def cutoffs(arrays: Arrays, assigned: Int64s) -> list[int | None]:
    """The lowest admitted score (hundredths) of each full stream, None when not full (or without seats)."""
    count = np.bincount(assigned[assigned >= 0], minlength=arrays.capacity.size)
    score = admitted_scores(arrays, assigned)
    lowest = np.full(arrays.capacity.size, np.iinfo(np.int64).max, dtype=np.int64)
    inside = score >= 0
    np.minimum.at(lowest, assigned[inside], score[inside])
    full = (count >= arrays.capacity) & (arrays.capacity > 0) & (lowest < np.iinfo(np.int64).max)
    return [int(lowest[s]) if full[s] else None for s in range(arrays.capacity.size)]


def decode(encoded: Encoded, capacities: Mapping[str, int], applicants: Sequence[Applicant],
           assigned: Int64s) -> Solution:
    got: list[str | None] = [None] * len(applicants)
    for row, stream in enumerate(assigned.tolist()):
        got[encoded.positions[row]] = encoded.stream_ids[stream] if stream >= 0 else None
    lowest: dict[str, Decimal | None] = {}
    for stream_id, hundredths_ in zip(encoded.stream_ids, cutoffs(encoded.arrays, assigned), strict=True):
        lowest[stream_id] = None if hundredths_ is None else score_decimal(hundredths_)
    return Solution(
        assignments={applicant.id: stream for applicant, stream in zip(applicants, got, strict=True)},
        cutoffs={stream_id: lowest[stream_id] for stream_id in capacities},
        unassigned=[applicant.id for applicant, stream in zip(applicants, got, strict=True) if stream is None],
    )
