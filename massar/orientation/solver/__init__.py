"""The orientation assignment: student-proposing deferred acceptance where each stream ranks its applicants by
their score for that stream, then by the higher tiebreak, then by the smaller student id (so the ranking is
strict and the result does not depend on the order of the input). Scores are exact hundredths; nobody gains a
bonus for ranking a stream first, and nobody gains by misreporting their order.

`solve` runs the vectorised solver (`arrays.solve_arrays`); `reference.reference_solve` is the textbook
version it is tested against; `certify` checks any solution (capacities, wishes, no blocking pair, the published
cutoffs and unassigned list), which is also how a published run is audited."""

from collections.abc import Mapping, Sequence

import numpy as np

from .arrays import Certificate, certify_arrays, solve_arrays
from .encoding import Encoded, admitted_scores, cutoffs, decode, encode, quoted, score_decimal, score_text
from .json_format import problem_from_json, solution_to_json
from .problem import Applicant, Solution, SolverInputError

__all__ = ["Applicant", "Solution", "SolverInputError", "certify", "problem_from_json", "solution_to_json",
           "solve"]

MAX_VIOLATIONS = 1000  # listed one by one; the rest are counted


def solve(*, capacities: Mapping[str, int], applicants: Sequence[Applicant]) -> Solution:
    """The student-optimal stable assignment. Raises SolverInputError (naming `applicants[i]…` or
    `capacities["SM"]`) for an invalid problem."""
    encoded = encode(capacities, applicants)
    problem = encoded.arrays
    assigned = solve_arrays(problem.capacity, problem.wishes, problem.scores, problem.tiebreak).astype(np.int64)
    return decode(encoded, capacities, applicants, assigned)


def certify(*, capacities: Mapping[str, int], applicants: Sequence[Applicant], solution: Solution) -> list[str]:
    """[] when every applicant is assigned within their wishes or not at all, no stream is over capacity, no
    applicant and stream block each other, and the cutoffs and unassigned list are those of the assignment;
    otherwise one human-readable line per violation."""
    encoded = encode(capacities, applicants)
    violations: list[str] = []
    assigned = _assigned(encoded, applicants, solution, violations)
    problem = encoded.arrays
    certificate = certify_arrays(problem.capacity, problem.wishes, problem.scores, problem.tiebreak, assigned)
    violations += _explained(encoded, applicants, assigned, certificate)
    expected = dict(zip(encoded.stream_ids, cutoffs(problem, assigned), strict=True))
    for stream_id in capacities:
        if stream_id not in solution.cutoffs:
            violations.append(f"cutoffs: {quoted(stream_id)} is missing")
            continue
        published, lowest = solution.cutoffs[stream_id], expected[stream_id]
        if (published is None) != (lowest is None) or (published is not None and lowest is not None
                                                        and published != score_decimal(lowest)):
            should = "null (not full)" if lowest is None else score_text(lowest)
            violations.append(f"cutoffs[{quoted(stream_id)}]: is {'null' if published is None else published}, "
                              f"the assignment gives {should}")
    violations += [f"cutoffs: {quoted(stream_id)} is not a stream" for stream_id in solution.cutoffs
                   if stream_id not in capacities]
    unassigned = [applicant.id for applicant in applicants if solution.assignments.get(applicant.id) is None]
    if list(solution.unassigned) != unassigned:
        violations.append(f"unassigned: lists {len(solution.unassigned)} students, the assignment leaves "
                          f"{len(unassigned)} unassigned (in input order)")
    return violations


def _assigned(encoded: Encoded, applicants: Sequence[Applicant], solution: Solution,
              violations: list[str]) -> np.ndarray:
    index = {stream_id: number for number, stream_id in enumerate(encoded.stream_ids)}
    assigned = np.full(len(applicants), -1, dtype=np.int64)
    for row, position in enumerate(encoded.positions):
        applicant = applicants[position]
        if applicant.id not in solution.assignments:
            violations.append(f"{quoted(applicant.id)}: missing from the assignments")
            continue
        stream_id = solution.assignments[applicant.id]
        if stream_id is None:
            continue
        if stream_id not in index:
            violations.append(f"{quoted(applicant.id)}: assigned to {quoted(str(stream_id))}, which is not a stream")
            continue
        assigned[row] = index[stream_id]
    known = {applicant.id for applicant in applicants}
    violations += [f"{quoted(student_id)}: assigned but not an applicant"
                   for student_id in solution.assignments if student_id not in known]
    return assigned


def _explained(encoded: Encoded, applicants: Sequence[Applicant], assigned: np.ndarray,
               certificate: Certificate) -> list[str]:
    problem = encoded.arrays
    names = encoded.stream_ids
    student = [applicants[position].id for position in encoded.positions]
    count = np.bincount(assigned[assigned >= 0], minlength=len(names))
    lines = [f"{quoted(names[stream])}: {count[stream]} students for {problem.capacity[stream]} seats"
             for stream in certificate.over_capacity.tolist()]
    lines += [f"{quoted(student[row])}: assigned to {quoted(names[assigned[row]])}, which is not among their wishes"
              for row in certificate.outside_wishes.tolist()]
    if certificate.blocking.size:
        score = admitted_scores(problem, assigned)
        # The lowest admitted row of each stream: the smallest (score, tiebreak, then the larger row).
        lowest: dict[int, tuple[int, int, int]] = {}
        for row in np.flatnonzero(score >= 0).tolist():
            key = (int(score[row]), int(problem.tiebreak[row]), -row)
            stream = int(assigned[row])
            lowest[stream] = min(lowest.get(stream, key), key)
        for row, stream in certificate.blocking[:MAX_VIOLATIONS].tolist():
            wish = int(np.flatnonzero(problem.wishes[row] == stream)[0])
            theirs = f"{score_text(int(problem.scores[row, wish]))}, tiebreak {problem.tiebreak[row]}"
            got = "being unassigned" if assigned[row] < 0 else quoted(names[assigned[row]])
            if count[stream] < problem.capacity[stream]:
                why = "which has a free seat"
            else:
                their_score, tiebreak, other = lowest[stream]
                why = (f"which admitted {quoted(student[-other])} ({score_text(their_score)}, tiebreak {tiebreak}) "
                       f"and ranks them lower")
            lines.append(f"{quoted(student[row])} ({theirs}) prefers {quoted(names[stream])} (wish {wish + 1}) "
                         f"to {got}, {why}")
        if len(certificate.blocking) > MAX_VIOLATIONS:
            lines.append(f"… and {len(certificate.blocking) - MAX_VIOLATIONS} more blocking pairs")
    return lines
