"""Deferred acceptance over arrays, fast enough for the nation (500,000 students × 10 wishes in well under a
second), and its certificate.

The problem as arrays: `capacity[s]`; `wishes[i, j]`, the j-th wish of student i (stream index, best first,
padded with -1 at the end); `scores[i, j]`, their score for that wish in integer hundredths; `tiebreak[i]`.
A stream ranks its applicants by score, then by the higher tiebreak, then by the lower row: callers put the
rows in a documented order (`solve` sorts them by student id), so the ranking is strict and the result does not
depend on the order of the input.

Each student's rank at a stream is one integer, their *priority* (higher is better), unique per stream:
`score << row_bits | position`, where position orders students by tiebreak, then the lower row (ranked once by
a 16-bit radix sort). A stream keeps its held students in a block of `capacity` slots of sorted keys; all
blocks together are one sorted array, so a round merges the newcomers of the touched streams into it with one
stable sort of two sorted runs, and each stream drops the end of its group. The certificate compares scores,
tiebreaks and rows directly, so it does not share the solver's encoding.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

Int64s = NDArray[np.int64]


@dataclass(frozen=True)
class Arrays:
    capacity: Int64s  # [streams]
    wishes: Int64s  # [n, k], -1 padding at the end of a row
    scores: Int64s  # [n, k], hundredths, >= 0 where a wish is
    tiebreak: Int64s  # [n]


def as_arrays(capacity: ArrayLike, wishes: ArrayLike, scores: ArrayLike, tiebreak: ArrayLike) -> Arrays:
    """Checks shapes and ranges (a ValueError names the first problem); int64, C-ordered, copied only if need be.
    Scores where there is no wish are set to 0 (in a copy)."""
    problem = Arrays(*(np.ascontiguousarray(array, dtype=np.int64)
                       for array in (capacity, wishes, scores, tiebreak)))
    if problem.capacity.ndim != 1 or problem.wishes.ndim != 2 or problem.tiebreak.ndim != 1:
        raise ValueError("capacity and tiebreak must be 1-d, wishes 2-d")
    if problem.scores.shape != problem.wishes.shape or problem.tiebreak.shape[0] != problem.wishes.shape[0]:
        raise ValueError("scores must have the shape of wishes, tiebreak one value per row")
    if problem.capacity.size and problem.capacity.min() < 0:
        raise ValueError("a capacity is negative")
    if problem.wishes.size and (problem.wishes.min() < -1 or problem.wishes.max() >= problem.capacity.size):
        raise ValueError("a wish is not a stream index")
    valid = problem.wishes >= 0
    if not valid.all():
        if (valid[:, 1:] > valid[:, :-1]).any():
            raise ValueError("-1 padding must come after a row's wishes")
        problem = Arrays(problem.capacity, problem.wishes, np.where(valid, problem.scores, 0), problem.tiebreak)
    if problem.scores.size and problem.scores.min() < 0:
        raise ValueError("a score is negative")
    return problem


# Between these sizes a radix sort beats numpy's comparison sort; above, its random gathers miss the cache.
_RADIX_FROM, _RADIX_UNTIL = 1 << 15, 1 << 18


def sort(values: Int64s) -> Int64s:
    return values[argsort_stable(values)] if _RADIX_FROM <= values.size <= _RADIX_UNTIL else np.sort(values)


def argsort_stable(values: Int64s) -> Int64s:
    """A stable argsort of int64 values, least significant 16-bit digit first: numpy sorts 16-bit keys stably
    by radix in linear time, and a digit that is the same for every value is skipped."""
    if values.size < _RADIX_FROM:
        return np.argsort(values, kind="stable")
    biased = values.view(np.uint64) ^ np.uint64(1 << 63)  # order-preserving for negative values too
    order: Int64s | None = None
    for shift in range(0, 64, 16):
        digit = (biased >> np.uint64(shift)).astype(np.uint16)
        if digit.min() == digit.max():
            continue
        step = np.argsort(digit if order is None else digit[order], kind="stable")
        order = step if order is None else order[step]
    return np.arange(values.size, dtype=np.int64) if order is None else order


@dataclass(frozen=True)
class Ranking:
    """A row's rank at a stream it wished as one integer, higher is better and unique per stream:
    `score << row_bits | position`, where position orders rows by tiebreak, then the lower row first."""

    scores: Int64s  # [n, k] as ranked (their dense rank when hundredths would not fit)
    position: Int64s  # [n]
    by_position: Int64s  # the row at each position
    row_bits: int
    top: int  # no priority is larger

    def priority(self, rows: Int64s, columns: Int64s) -> Int64s:
        return (self.scores.ravel()[rows * self.scores.shape[1] + columns] << self.row_bits) | self.position[rows]

    def rows(self, priority: Int64s) -> Int64s:
        return self.by_position[priority & ((1 << self.row_bits) - 1)]


def ranking(problem: Arrays) -> Ranking:
    """Scores are replaced by their dense rank when score, position and stream would not fit in 62 bits."""
    n = problem.wishes.shape[0]
    # Stable on the complement: tiebreaks descending and, among equals, rows ascending; reversed, the best last.
    by_position = argsort_stable(~problem.tiebreak)[::-1]
    position = np.empty(n, dtype=np.int64)
    position[by_position] = np.arange(n, dtype=np.int64)
    scores = problem.scores
    top_score = int(scores.max()) if scores.size else 0
    row_bits = max(n - 1, 1).bit_length()
    if top_score.bit_length() + row_bits + max(problem.capacity.size, 1).bit_length() + 2 > 62:
        scores = np.unique(scores, return_inverse=True)[1].reshape(scores.shape).astype(np.int64)
        top_score = int(scores.max())
    return Ranking(scores, position, by_position, row_bits, ((top_score + 1) << row_bits) - 1)


def _ranges(starts: Int64s, lengths: Int64s) -> Int64s:
    """The concatenation of arange(start, start + length) for each pair."""
    total = int(lengths.sum())
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(total, dtype=np.int64)


def _runs(ordered: Int64s) -> tuple[Int64s, Int64s]:
    """The distinct values of a sorted array and how many times each occurs."""
    edges = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
    starts = np.concatenate(([0], edges))
    counts = np.diff(np.concatenate((starts, [ordered.size])))
    return ordered[starts], counts.astype(np.int64)


def solve_arrays(capacity: ArrayLike, wishes: ArrayLike, scores: ArrayLike, tiebreak: ArrayLike) -> NDArray[np.int32]:
    """Student-proposing deferred acceptance: the stream index each row gets, or -1.

    In each round every rejected student proposes to their next wish at once; a proposal below the stream's
    lowest held priority (when full) is rejected straight away, the others are merged with the held students of
    their stream and the stream keeps its best `capacity`. Rounds go on until nobody is rejected with a wish
    left. A stream's lowest held priority only rises, so this is the student-optimal stable assignment,
    whatever the order in which proposals are processed."""
    problem = as_arrays(capacity, wishes, scores, tiebreak)
    n, k = problem.wishes.shape
    streams = problem.capacity.size
    rank = ranking(problem)
    top = rank.top
    # A held key sorts a stream's students best first: stream << key_bits | (top + 1 - priority); an empty
    # slot's offset is all ones, after every student of its stream.
    key_bits = (top + 2).bit_length()
    empty = (1 << key_bits) - 1
    cap = problem.capacity
    block = np.concatenate(([0], np.cumsum(cap))).astype(np.int64)
    slot_stream = np.repeat(np.arange(streams, dtype=np.int64), cap)
    held = (slot_stream << key_bits) | empty
    lowest = np.full(streams, -1, dtype=np.int64)  # the lowest held priority of a full stream, else -1
    lowest[cap == 0] = top + 1  # nobody gets into a stream without a seat
    wish_of = problem.wishes.ravel()
    pointer = np.zeros(n, dtype=np.int64)
    proposers = np.flatnonzero(problem.wishes[:, 0] >= 0) if k else np.empty(0, dtype=np.int64)
    while proposers.size:
        wish = pointer[proposers]
        stream = wish_of[proposers * k + wish]
        proposed = rank.priority(proposers, wish)
        above = proposed > lowest[stream]
        rejected = proposers[~above]
        if rejected.size:
            stream, proposed = stream[above], proposed[above]
        if stream.size:
            keys = (stream << key_bits) | (top + 1 - proposed)
            keys = sort(keys)
            touched, newcomers = _runs(keys >> key_bits)
            seats = cap[touched]
            slots = slice(None) if touched.size == streams else _ranges(block[touched], seats)
            merged = np.sort(np.concatenate((held[slots], keys)), kind="stable")  # two sorted runs: a merge
            # Each touched stream keeps its best `seats` and drops as many as came: the end of its group.
            dropped = _ranges(np.cumsum(seats + newcomers) - newcomers, newcomers)
            out = merged[dropped] & empty
            kept = np.ones(merged.size, dtype=np.bool_)
            kept[dropped] = False
            held[slots] = merged[kept]
            last = held[block[touched] + seats - 1] & empty
            lowest[touched] = np.where(last == empty, -1, top + 1 - last)
            rejected = np.concatenate((rejected, rank.rows(top + 1 - out[out != empty])))
        pointer[rejected] += 1
        following = pointer[rejected]
        rejected, following = rejected[following < k], following[following < k]
        proposers = rejected[wish_of[rejected * k + following] >= 0]
    assigned = np.full(n, -1, dtype=np.int32)
    offset = held & empty
    taken = offset != empty
    assigned[rank.rows(top + 1 - offset[taken])] = slot_stream[taken]
    return assigned


@dataclass(frozen=True)
class Certificate:
    """What is wrong with an assignment; all empty when it is stable and within capacities and wishes."""

    over_capacity: Int64s  # stream indices with more students than seats
    outside_wishes: Int64s  # rows assigned to a stream they did not wish
    blocking: Int64s  # [m, 2]: (row, stream) where the row prefers the stream and the stream would take them

    @property
    def ok(self) -> bool:
        return not (self.over_capacity.size or self.outside_wishes.size or self.blocking.size)


def certify_arrays(capacity: ArrayLike, wishes: ArrayLike, scores: ArrayLike, tiebreak: ArrayLike,
                   assigned: ArrayLike) -> Certificate:
    """Checks an assignment (stream index per row, -1 for none) against the ranking of `solve_arrays` — score,
    then the higher tiebreak, then the lower row — by direct comparison, without the solver's priorities: no
    stream over capacity, nobody outside their wishes, and no blocking pair: a student and a stream they wish
    above what they got that has a free seat or admitted someone it ranks lower."""
    problem = as_arrays(capacity, wishes, scores, tiebreak)
    got = np.ascontiguousarray(assigned, dtype=np.int64)
    n, k = problem.wishes.shape
    streams = problem.capacity.size
    if got.shape != (n,) or (n and (got.min() < -1 or got.max() >= streams)):
        raise ValueError("assigned must hold one stream index or -1 per row")
    lengths = (problem.wishes >= 0).sum(axis=1) if (problem.wishes < 0).any() else np.full(n, k)
    # The column of the stream each row got (its length when none or not wished); padding is never got.
    column = (problem.wishes == got[:, None]).argmax(axis=1) if k else np.zeros(n, dtype=np.int64)
    placed = got >= 0
    wished = placed & (problem.wishes.ravel()[np.arange(n) * k + column] == got) if k else np.zeros(n, np.bool_)
    rank_got = np.where(wished, column, lengths)
    count = np.bincount(got[placed], minlength=streams).astype(np.int64)
    # The lowest admitted of each stream among those who wished it: lowest score, then lowest tiebreak, then
    # the highest row.
    inside = np.flatnonzero(wished)
    stream_in, score_in = got[inside], problem.scores[inside, rank_got[inside]]
    tiebreak_in = problem.tiebreak[inside]
    nobody = np.iinfo(np.int64).max
    low_score = np.full(streams, nobody, dtype=np.int64)
    np.minimum.at(low_score, stream_in, score_in)
    tied = score_in == low_score[stream_in]
    low_tiebreak = np.full(streams, nobody, dtype=np.int64)
    np.minimum.at(low_tiebreak, stream_in[tied], tiebreak_in[tied])
    tied &= tiebreak_in == low_tiebreak[stream_in]
    low_row = np.full(streams, -1, dtype=np.int64)
    np.maximum.at(low_row, stream_in[tied], inside[tied])
    # Only the wishes each student ranked above what they got can block.
    rows = np.repeat(np.arange(n, dtype=np.int64), rank_got)
    flat = rows * k + _ranges(np.zeros(n, dtype=np.int64), rank_got)
    stream, score = problem.wishes.ravel()[flat], problem.scores.ravel()[flat]
    their_tiebreak = problem.tiebreak[rows]
    beats = (low_row[stream] >= 0) & (
        (score > low_score[stream]) | ((score == low_score[stream]) & (
            (their_tiebreak > low_tiebreak[stream])
            | ((their_tiebreak == low_tiebreak[stream]) & (rows < low_row[stream])))))
    blocking = (count[stream] < problem.capacity[stream]) | beats
    return Certificate(
        over_capacity=np.flatnonzero(count > problem.capacity).astype(np.int64),
        outside_wishes=np.flatnonzero(placed & ~wished).astype(np.int64),
        blocking=np.stack((rows[blocking], stream[blocking]), axis=1).astype(np.int64),
    )
