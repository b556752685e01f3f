"""The assignment's promises, on random small instances (hypothesis): seats are never exceeded, nobody is
outside their wishes, no student and stream would both rather have each other, each student gets the best wish
whose cutoff they meet, the same input gives the same output whatever its order, one shared score is serial
dictatorship, nobody gains by misreporting their order, and the vectorised solver is the textbook one."""

import itertools
from collections import Counter
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from massar.orientation.solver import Applicant, Solution, certify, solve
from massar.orientation.solver.reference import reference_solve

STREAMS = ("SM", "PC", "SVT", "ECO")
# Few distinct scores and tiebreaks, so that equal scores and equal tiebreaks are common.
SCORES = st.sampled_from([Decimal("9.50"), Decimal("10.00"), Decimal("12.25"), Decimal("15.75")])
SETTINGS = settings(max_examples=150, deadline=None)


@st.composite
def problems(draw, *, max_streams: int = 4, max_students: int = 9, shared_score: bool = False):
    streams = STREAMS[:draw(st.integers(1, max_streams))]
    capacities = {stream: draw(st.integers(0, 3)) for stream in streams}
    numbers = draw(st.lists(st.integers(0, 999), unique=True, max_size=max_students))
    applicants = []
    for number in numbers:
        order = draw(st.permutations(streams))
        wishes = tuple(order[:draw(st.integers(0, len(order)))])
        if shared_score:
            score = draw(SCORES)
            scores = dict.fromkeys(streams, score)
        else:
            scores = {stream: draw(SCORES) for stream in streams}  # a score for every stream, wished or not
        applicants.append(Applicant(f"F{number}", wishes, scores, draw(st.integers(0, 3))))
    return capacities, applicants


def ranks_above(a: Applicant, b: Applicant, stream: str) -> bool:
    """The stream's ranking: score, then the higher tiebreak, then the smaller student id."""
    return (a.scores[stream], a.tiebreak, b.id) > (b.scores[stream], b.tiebreak, a.id)


def preferred_wishes(applicant: Applicant, got: str | None) -> tuple[str, ...]:
    return applicant.wishes if got is None else applicant.wishes[:applicant.wishes.index(got)]


def admitted(solution: Solution, applicants: list[Applicant], stream: str) -> list[Applicant]:
    return [a for a in applicants if solution.assignments[a.id] == stream]


@SETTINGS
@given(problems())
def test_capacities_are_never_exceeded_and_everyone_is_within_their_wishes(problem):
    capacities, applicants = problem
    solution = solve(capacities=capacities, applicants=applicants)
    seats_taken = Counter(stream for stream in solution.assignments.values() if stream is not None)
    assert all(seats_taken[stream] <= capacity for stream, capacity in capacities.items())
    assert all(solution.assignments[a.id] in (*a.wishes, None) for a in applicants)
    assert solution.unassigned == [a.id for a in applicants if solution.assignments[a.id] is None]


@SETTINGS
@given(problems())
def test_no_student_and_stream_would_rather_have_each_other(problem):
    capacities, applicants = problem
    solution = solve(capacities=capacities, applicants=applicants)
    for applicant in applicants:
        for stream in preferred_wishes(applicant, solution.assignments[applicant.id]):
            holders = admitted(solution, applicants, stream)
            assert len(holders) == capacities[stream], f"{applicant.id} left out of {stream} with a free seat"
            assert all(ranks_above(holder, applicant, stream) for holder in holders)
    assert certify(capacities=capacities, applicants=applicants, solution=solution) == []


@SETTINGS
@given(problems())
def test_each_student_gets_their_best_wish_whose_cutoff_they_meet(problem):
    capacities, applicants = problem
    solution = solve(capacities=capacities, applicants=applicants)

    def meets(applicant: Applicant, stream: str) -> bool:
        if capacities[stream] == 0:
            return False
        cutoff = solution.cutoffs[stream]
        if cutoff is None:  # not full
            return True
        if applicant.scores[stream] != cutoff:
            return applicant.scores[stream] > cutoff
        # At the cutoff score the tiebreak rule decides against the lowest admitted student.
        holders = admitted(solution, applicants, stream)
        lowest = next(h for h in holders if all(o == h or ranks_above(o, h, stream) for o in holders))
        return applicant == lowest or ranks_above(applicant, lowest, stream)

    for stream, cutoff in solution.cutoffs.items():
        holders = admitted(solution, applicants, stream)
        full = capacities[stream] > 0 and len(holders) == capacities[stream]
        assert cutoff == (min(h.scores[stream] for h in holders) if full else None)
    for applicant in applicants:
        met = [stream for stream in applicant.wishes if meets(applicant, stream)]
        assert solution.assignments[applicant.id] == (met[0] if met else None)


@SETTINGS
@given(problems(), st.randoms(use_true_random=False))
def test_the_same_input_gives_the_same_output_in_any_order(problem, random):
    capacities, applicants = problem
    solution = solve(capacities=capacities, applicants=applicants)
    assert solve(capacities=capacities, applicants=applicants) == solution
    shuffled_applicants = random.sample(applicants, len(applicants))
    shuffled_streams = dict(random.sample(list(capacities.items()), len(capacities)))
    again = solve(capacities=shuffled_streams, applicants=shuffled_applicants)
    assert again.assignments == solution.assignments
    assert again.cutoffs == solution.cutoffs
    assert again.unassigned == [a.id for a in shuffled_applicants if solution.assignments[a.id] is None]


@SETTINGS
@given(problems(shared_score=True))
def test_with_one_shared_score_it_is_serial_dictatorship_by_score_then_tiebreak(problem):
    capacities, applicants = problem
    seats = dict(capacities)
    expected: dict[str, str | None] = {}
    by_merit = sorted(applicants, key=lambda a: a.id)  # equal score and tiebreak: the smaller id chooses first
    by_merit.sort(key=lambda a: (a.scores[STREAMS[0]], a.tiebreak), reverse=True)
    for applicant in by_merit:
        chosen = next((stream for stream in applicant.wishes if seats[stream] > 0), None)
        if chosen is not None:
            seats[chosen] -= 1
        expected[applicant.id] = chosen
    assert solve(capacities=capacities, applicants=applicants).assignments == expected


def misreports(streams: tuple[str, ...]):
    """Every ordered list of distinct streams: each permutation of each subset (truncations included)."""
    for length in range(len(streams) + 1):
        yield from itertools.permutations(streams, length)


@settings(max_examples=60, deadline=None)
@given(problems(max_streams=3, max_students=5))
def test_no_student_gains_by_misreporting_their_order(problem):
    capacities, applicants = problem
    truthful = solve(capacities=capacities, applicants=applicants)
    for number, applicant in enumerate(applicants):
        honest = applicant.wishes
        got = truthful.assignments[applicant.id]
        worth = len(honest) if got is None else honest.index(got)  # lower is better; unwished = unassigned
        for report in misreports(tuple(capacities)):
            liar = Applicant(applicant.id, report, applicant.scores, applicant.tiebreak)
            others = [*applicants[:number], liar, *applicants[number + 1:]]
            outcome = solve(capacities=capacities, applicants=others).assignments[applicant.id]
            gained = honest.index(outcome) if outcome in honest else len(honest)
            assert gained >= worth, f"{applicant.id} gains {outcome} over {got} by reporting {report}"


@settings(max_examples=300, deadline=None)
@given(problems(max_students=12))
def test_the_vectorised_solver_is_the_textbook_one(problem):
    capacities, applicants = problem
    assert solve(capacities=capacities, applicants=applicants) == reference_solve(
        capacities=capacities, applicants=applicants)
