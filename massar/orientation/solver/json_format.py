"""The solver's file formats (the `orientation_solve` command, and how anyone audits a published run).

INPUT:  {"streams": [{"id": "SM", "capacity": 120}, …],
         "students": [{"id": "F164115196", "wishes": ["SM", "PC"], "scores": {"SM": "15.25", "PC": "14.10"},
                       "tiebreak": 41873}, …]}
OUTPUT: {"assignments": {"F164115196": "PC" | null, …}, "cutoffs": {"SM": "15.30" | null, …}, "unassigned": […]}

Scores are strings with at most 2 decimals (JSON numbers are read exactly when parsed with
`parse_float=Decimal`, as the command does); scores of streams a student did not wish are ignored; other keys
are ignored. The first problem found is raised as a SolverInputError naming its place."""

from typing import Any

from .encoding import identifier, integer, quoted, score_decimal, shown, wish_row
from .problem import Applicant, Solution, SolverInputError


def _object(value: Any, place: str, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        wanted = ", ".join(quoted(key) for key in keys)
        raise SolverInputError(f"{place}: must be an object with {wanted}, got {shown(value)}")
    for key in keys:
        if key not in value:
            raise SolverInputError(f"{place}: missing {quoted(key)}")
    return value


def _list(value: Any, place: str, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise SolverInputError(f"{place}: must be a list of {what}, got {shown(value)}")
    return value


def problem_from_json(data: Any) -> tuple[dict[str, int], list[Applicant]]:
    """(capacities by stream id, applicants in input order) from parsed INPUT."""
    root = _object(data, "input", ("streams", "students"))
    capacities: dict[str, int] = {}
    stream_place: dict[str, int] = {}
    for number, item in enumerate(_list(root["streams"], "streams", "streams")):
        place = f"streams[{number}]"
        stream = _object(item, place, ("id", "capacity"))
        stream_id = identifier(stream["id"], f"{place}.id", "a stream id")
        if stream_id in capacities:
            raise SolverInputError(f"{place}.id: duplicate stream {quoted(stream_id)} "
                                   f"(also streams[{stream_place[stream_id]}])")
        capacities[stream_id] = integer(stream["capacity"], f"{place}.capacity", minimum=0)
        stream_place[stream_id] = number
    streams = {stream_id: index for index, stream_id in enumerate(capacities)}
    applicants: list[Applicant] = []
    memo: dict[Any, int] = {}
    student_place: dict[str, int] = {}
    for number, item in enumerate(_list(root["students"], "students", "students")):
        place = f"students[{number}]"
        student = _object(item, place, ("id", "wishes", "scores", "tiebreak"))
        student_id = identifier(student["id"], f"{place}.id", "a student id")
        if student_id in student_place:
            raise SolverInputError(f"{place}.id: duplicate student {quoted(student_id)} "
                                   f"(also students[{student_place[student_id]}])")
        student_place[student_id] = number
        wishes = _list(student["wishes"], f"{place}.wishes", "stream ids")
        scores = student["scores"]
        if not isinstance(scores, dict):
            raise SolverInputError(f"{place}.scores: must be an object of scores by stream id, got {shown(scores)}")
        row = wish_row(wishes, scores, streams, place, memo)
        tiebreak = integer(student["tiebreak"], f"{place}.tiebreak")
        applicants.append(Applicant(
            id=student_id, wishes=tuple(wishes),
            scores={wish: score_decimal(score) for wish, (_, score) in zip(wishes, row, strict=True)},
            tiebreak=tiebreak))
    return capacities, applicants


def solution_to_json(solution: Solution) -> dict[str, Any]:
    """OUTPUT: cutoffs as strings with 2 decimals."""
    return {
        "assignments": dict(solution.assignments),
        "cutoffs": {stream: None if cutoff is None else f"{cutoff:.2f}" for stream, cutoff in solution.cutoffs.items()},
        "unassigned": list(solution.unassigned),
    }
