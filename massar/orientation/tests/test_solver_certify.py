"""The certificate finds every kind of wrong solution and says what is wrong in words; the vectorised solver
agrees with the textbook one on larger random instances and its arrays are certified stable."""

from dataclasses import replace
from decimal import Decimal

import numpy as np
import pytest

from massar.orientation.solver import Applicant, Solution, SolverInputError, arrays, certify, solve
from massar.orientation.solver.arrays import certify_arrays, solve_arrays
from massar.orientation.solver.encoding import score_decimal
from massar.orientation.solver.reference import reference_solve

CAPACITIES = {"SM": 1, "PC": 2}
APPLICANTS = [
    Applicant("F1", ("SM", "PC"), {"SM": Decimal("15.25"), "PC": Decimal("14.10")}, 7),
    Applicant("F2", ("SM", "PC"), {"SM": Decimal("15.30"), "PC": Decimal("14.10")}, 5),
    Applicant("F3", ("PC",), {"PC": Decimal("14.10")}, 9),
    Applicant("F4", ("PC",), {"PC": Decimal("9.00")}, 1),
]


def violations(assignments: dict[str, str | None], **changes) -> list[str]:
    unassigned = [a.id for a in APPLICANTS if assignments.get(a.id) is None]
    cutoffs: dict[str, Decimal | None] = {"SM": None, "PC": None}
    for stream, seats in CAPACITIES.items():
        admitted = [a.scores.get(stream) for a in APPLICANTS if assignments.get(a.id) == stream]
        if seats and len(admitted) >= seats:
            cutoffs[stream] = min(score for score in admitted if score is not None)
    solution = Solution(assignments, cutoffs, unassigned)
    return certify(capacities=CAPACITIES, applicants=APPLICANTS, solution=replace(solution, **changes))


def test_the_solution_is_certified():
    solution = solve(capacities=CAPACITIES, applicants=APPLICANTS)
    assert solution == Solution({"F1": "PC", "F2": "SM", "F3": "PC", "F4": None},
                                {"SM": Decimal("15.30"), "PC": Decimal("14.10")}, ["F4"])
    assert certify(capacities=CAPACITIES, applicants=APPLICANTS, solution=solution) == []


def test_a_lower_ranked_student_holding_a_seat_is_a_blocking_pair():
    found = violations({"F1": "SM", "F2": "PC", "F3": "PC", "F4": None})
    assert found == ['"F2" (15.30, tiebreak 5) prefers "SM" (wish 1) to "PC", which admitted "F1" '
                     '(15.25, tiebreak 7) and ranks them lower']


def test_equal_scores_are_decided_by_the_higher_tiebreak():
    found = violations({"F1": "PC", "F2": "SM", "F3": None, "F4": "PC"})
    assert '"F3" (14.10, tiebreak 9) prefers "PC" (wish 1) to being unassigned, which admitted "F4" (9.00, ' \
           'tiebreak 1) and ranks them lower' in found
    swapped = violations({"F1": None, "F2": "SM", "F3": "PC", "F4": "PC"})
    assert '"F1" (14.10, tiebreak 7) prefers "PC" (wish 2) to being unassigned, which admitted "F4" (9.00, ' \
           'tiebreak 1) and ranks them lower' in swapped


def test_a_free_seat_left_to_someone_who_wished_it_is_a_blocking_pair():
    assert violations({"F1": "PC", "F2": "SM", "F3": None, "F4": None}) == [
        '"F3" (14.10, tiebreak 9) prefers "PC" (wish 1) to being unassigned, which has a free seat',
        '"F4" (9.00, tiebreak 1) prefers "PC" (wish 1) to being unassigned, which has a free seat',
    ]


def test_seats_beyond_capacity_and_streams_not_wished_are_violations():
    found = violations({"F1": "SM", "F2": "SM", "F3": "PC", "F4": "SM"})
    assert '"SM": 3 students for 1 seats' in found
    assert '"F4": assigned to "SM", which is not among their wishes' in found


def test_wrong_cutoffs_unassigned_lists_and_unknown_names_are_violations():
    right = {"F1": "PC", "F2": "SM", "F3": "PC", "F4": None}
    assert violations(right, cutoffs={"SM": Decimal("15.25"), "PC": None}) == [
        'cutoffs["SM"]: is 15.25, the assignment gives 15.30',
        'cutoffs["PC"]: is null, the assignment gives 14.10',
    ]
    assert violations(right, unassigned=[]) == [
        "unassigned: lists 0 students, the assignment leaves 1 unassigned (in input order)"]
    assert violations({"F2": "SM", "F3": "PC", "F4": None, "F9": "PC"}) == [
        '"F1": missing from the assignments',
        '"F9": assigned but not an applicant',
        '"F1" (14.10, tiebreak 7) prefers "PC" (wish 2) to being unassigned, which has a free seat',
        '"F4" (9.00, tiebreak 1) prefers "PC" (wish 1) to being unassigned, which has a free seat',
    ]
    assert violations({**right, "F4": "LET"}) == ['"F4": assigned to "LET", which is not a stream']


def test_an_invalid_problem_is_refused_naming_the_place():
    with pytest.raises(SolverInputError, match=r'^applicants\[2\]\.wishes\[0\]: unknown stream "SVT"$'):
        solve(capacities=CAPACITIES, applicants=[*APPLICANTS[:2], Applicant("F5", ("SVT",), {}, 0)])
    with pytest.raises(SolverInputError, match=r'^capacities\["SM"\]: must be a non-negative integer, got -1$'):
        solve(capacities={"SM": -1}, applicants=[])
    with pytest.raises(SolverInputError, match=r'^applicants\[1\]\.id: duplicate student "F1" \(also applicants\[0\]\)$'):
        certify(capacities=CAPACITIES, applicants=[APPLICANTS[0], APPLICANTS[0]],
                solution=Solution({}, {}, []))
    with pytest.raises(SolverInputError, match=r'^applicants\[0\]\.scores\["SM"\]: must be a number such as "15\.25", '
                                               r'got 15\.5$'):
        solve(capacities={"SM": 1}, applicants=[Applicant("F1", ("SM",), {"SM": 15.5}, 0)])  # type: ignore[dict-item]


def random_arrays(seed: int, students: int, streams: int, wishes: int):
    rng = np.random.default_rng(seed)
    capacity = rng.integers(0, 2 * students // streams + 2, streams)
    lengths = rng.integers(0, wishes + 1, students)
    chosen = np.argsort(rng.random((students, streams)), axis=1)[:, :wishes]
    chosen = np.where(np.arange(wishes)[None, :] < lengths[:, None], chosen, -1)
    ability = rng.integers(8, 16, students) * 100  # few distinct scores: ties are common
    scores = np.where(chosen >= 0, ability[:, None] + rng.integers(0, 3, (students, wishes)) * 50, 0)
    return capacity, chosen, scores, rng.integers(0, students // 4 + 1, students)


@pytest.mark.parametrize("seed", range(12))
def test_on_larger_instances_the_arrays_agree_with_the_textbook_and_are_stable(seed):
    capacity, wishes, scores, tiebreak = random_arrays(seed, students=400, streams=12, wishes=5)
    assigned = solve_arrays(capacity, wishes, scores, tiebreak)
    assert certify_arrays(capacity, wishes, scores, tiebreak, assigned).ok
    capacities = {f"S{stream:02d}": int(seats) for stream, seats in enumerate(capacity)}
    applicants = [Applicant(f"C{row:03d}", tuple(f"S{s:02d}" for s in row_wishes if s >= 0),
                            {f"S{s:02d}": score_decimal(score) for s, score in zip(row_wishes, row_scores, strict=True)
                             if s >= 0}, int(tiebreak[row]))
                  for row, (row_wishes, row_scores) in enumerate(zip(wishes.tolist(), scores.tolist(), strict=True))]
    textbook = reference_solve(capacities=capacities, applicants=applicants)
    assert [textbook.assignments[a.id] for a in applicants] == [
        None if stream < 0 else f"S{stream:02d}" for stream in assigned.tolist()]


def test_certify_arrays_finds_a_swap_that_breaks_stability():
    capacity, wishes, scores, tiebreak = random_arrays(3, students=200, streams=8, wishes=4)
    assigned = solve_arrays(capacity, wishes, scores, tiebreak).astype(np.int64)
    # Give the best-ranked student of a full stream's seat to someone rejected by it.
    count = np.bincount(assigned[assigned >= 0], minlength=capacity.size)
    stream = int(np.flatnonzero((count == capacity) & (capacity > 0))[0])
    holders = np.flatnonzero(assigned == stream)
    outsider = next(row for row in range(len(assigned))
                    if stream in wishes[row] and assigned[row] != stream)
    assigned[holders[0]], assigned[outsider] = -1, stream
    certificate = certify_arrays(capacity, wishes, scores, tiebreak, assigned)
    assert not certificate.ok
    assert certificate.blocking.size


def test_malformed_arrays_are_refused():
    with pytest.raises(ValueError, match="padding"):
        solve_arrays([1, 1], [[-1, 0]], [[0, 1500]], [0])
    with pytest.raises(ValueError, match="not a stream index"):
        solve_arrays([1], [[1]], [[1500]], [0])
    with pytest.raises(ValueError, match="negative"):
        solve_arrays([1], [[0]], [[-5]], [0])


def test_a_stream_without_seats_takes_nobody_and_has_no_cutoff():
    solution = solve(capacities={"SM": 0, "PC": 1},
                     applicants=[Applicant("F1", ("SM", "PC"), {"SM": Decimal(20), "PC": Decimal(20)}, 0)])
    assert solution == Solution({"F1": "PC"}, {"SM": None, "PC": Decimal("20.00")}, [])


def test_the_radix_argsort_is_numpys_stable_argsort():
    rng = np.random.default_rng(7)
    for values in (rng.integers(-(2**62), 2**62, 70_000), rng.integers(-3, 4, 70_000),
                   rng.integers(0, 2**20, 70_000) << 30, np.full(70_000, 5)):
        assert (arrays.argsort_stable(values) == np.argsort(values, kind="stable")).all()


@pytest.mark.parametrize("seed", range(4))
def test_with_radix_sorts_at_every_size_the_arrays_still_agree_with_the_textbook(seed, monkeypatch):
    monkeypatch.setattr(arrays, "_RADIX_FROM", 1)
    monkeypatch.setattr(arrays, "_RADIX_UNTIL", 1 << 30)
    test_on_larger_instances_the_arrays_agree_with_the_textbook_and_are_stable(seed + 100)
