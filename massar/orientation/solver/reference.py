"""Deferred acceptance as the textbook writes it, one proposal at a time: the reference the vectorised solver
is tested against (and the benchmark's baseline). Simple rather than fast.

A free student proposes to their best wish not yet tried; the stream holds them, and if it now holds more
students than it has seats it rejects the one it ranks lowest — by score, then the higher tiebreak, then the
smaller student id — who becomes free again. It ends when every free student has tried all their wishes."""

import heapq
from collections import deque
from collections.abc import Mapping, Sequence
from decimal import Decimal

from .problem import Applicant, Solution


def reference_solve(*, capacities: Mapping[str, int], applicants: Sequence[Applicant]) -> Solution:
    """Expects a valid problem (see `solve`, which checks it)."""
    later_id = {applicant_id: -number for number, applicant_id in enumerate(sorted(a.id for a in applicants))}

    def rank(applicant: Applicant, stream: str) -> tuple[Decimal, int, int]:
        """Higher is better at `stream`."""
        return applicant.scores[stream], applicant.tiebreak, later_id[applicant.id]

    held: dict[str, list[tuple[tuple[Decimal, int, int], int]]] = {stream: [] for stream in capacities}
    tried = [0] * len(applicants)
    free = deque(range(len(applicants)))
    while free:
        student = free.popleft()
        applicant = applicants[student]
        if tried[student] == len(applicant.wishes):
            continue  # every wish tried: stays unassigned
        stream = applicant.wishes[tried[student]]
        tried[student] += 1
        heapq.heappush(held[stream], (rank(applicant, stream), student))  # the heap's top is the lowest ranked
        if len(held[stream]) > capacities[stream]:
            _, rejected = heapq.heappop(held[stream])
            free.append(rejected)
    assignments: dict[str, str | None] = {applicant.id: None for applicant in applicants}
    for stream, students in held.items():
        for _, student in students:
            assignments[applicants[student].id] = stream
    return Solution(
        assignments=assignments,
        cutoffs={stream: (min(applicants[student].scores[stream] for _, student in held[stream])
                          if capacity and len(held[stream]) == capacity else None)
                 for stream, capacity in capacities.items()},
        unassigned=[applicant.id for applicant in applicants if assignments[applicant.id] is None],
    )
