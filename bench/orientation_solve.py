"""The national orientation assignment: 500,000 students × 10 wishes over 2,000 school-streams, solved by the
vectorised deferred acceptance (massar.orientation.solver.arrays) and certified stable, against the 2 s bound
(target 1 s); peak memory. Baselines in the same run, on a 10,000-student instance of the same kind: the
textbook reference (reference_solve) and the `matching` package from PyPI (HospitalResident, resident-optimal),
installed by the benchmark in its own virtualenv (.bench/matching-venv, gitignored): speed ratios and whether
each gives the same assignment.

The instance (fixed seed): 12 regions; six stream kinds (SM, PC, SVT, ECO, LET, TECH) whose score formulas
weigh three correlated subject abilities; a student wishes 10 streams of their region, drawn by the streams'
popularity (log-normal) and their own taste; seats ∝ popularity^0.6 so popular streams are over-demanded; total
seats 95% of the students; the tiebreak is the general average then a random number, as Massar publishes it.

`python -m bench orientation_solve --students 50000` (or BENCH_STUDENTS) for a quick run."""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from massar.orientation.solver import Applicant
from massar.orientation.solver.arrays import Arrays, certify_arrays, ranking, solve_arrays
from massar.orientation.solver.encoding import score_decimal
from massar.orientation.solver.reference import reference_solve

STUDENTS = 500_000
STREAMS = 2_000
WISHES = 10
BASELINE_STUDENTS = 10_000
BASELINE_STREAMS = 200
SEED = 20260612
TARGET_SECONDS, GOAL_SECONDS = 2.0, 1.0
KINDS = np.array([[1.0, 0.6, 0.0],  # SM: mathematics, sciences, letters
                  [0.7, 1.0, 0.0],  # PC
                  [0.2, 1.0, 0.3],  # SVT
                  [0.6, 0.0, 0.6],  # ECO
                  [0.0, 0.1, 1.0],  # LET
                  [0.8, 0.5, 0.1]])  # TECH
VENV = Path(__file__).resolve().parent.parent / ".bench" / "matching-venv"
MATCHING = """
import json, sys, threading, time
from matching.games import HospitalResident

def main():
    problem = json.load(sys.stdin)
    started = time.perf_counter()
    game = HospitalResident.create_from_dictionaries(problem["residents"], problem["hospitals"],
                                                     problem["capacities"])
    created = time.perf_counter()
    matching = game.solve(optimal="resident")
    solved = time.perf_counter()
    assigned = {resident.name: hospital.name for hospital, residents in matching.items() for resident in residents}
    json.dump({"create": created - started, "solve": solved - created, "assigned": assigned}, sys.stdout)
    finished.append(True)

finished = []
# The game deep-copies its players, whose preferences link them all: a deep recursion.
sys.setrecursionlimit(1_000_000)
threading.stack_size(1 << 30)
worker = threading.Thread(target=main)
worker.start()
worker.join()
sys.exit(0 if finished else 1)
"""


def instance(students: int, streams: int, *, seed: int = SEED) -> Arrays:
    rng = np.random.default_rng(seed)
    wishes = min(WISHES, streams)
    regions = int(np.clip(streams // 160, 1, 12))
    stream_region = np.arange(streams) * regions // streams
    kind = rng.integers(0, len(KINDS), streams)
    popularity = rng.lognormal(0.0, 0.8, streams)
    general = rng.normal(0.0, 1.0, students)
    ability = general[:, None] + rng.normal(0.0, 0.7, (students, 3))
    taste = ability @ KINDS.T * 0.5 + rng.normal(0.0, 1.0, (students, len(KINDS)))
    by_kind = np.clip(np.round((12 + 2.2 * (ability @ KINDS.T) / KINDS.sum(axis=1)) * 100), 0, 2000).astype(np.int64)
    student_region = rng.choice(regions, students, p=rng.dirichlet(np.full(regions, 8.0)))
    chosen = np.full((students, wishes), -1, dtype=np.int64)
    capacity = np.zeros(streams, dtype=np.int64)
    for region in range(regions):
        rows = np.flatnonzero(student_region == region)
        local = np.flatnonzero(stream_region == region)
        utility = (np.log(popularity[local])[None, :] + taste[rows][:, kind[local]]
                   + rng.gumbel(0.0, 1.0, (rows.size, local.size)))
        top = np.argpartition(-utility, wishes - 1, axis=1)[:, :wishes]
        order = np.argsort(-np.take_along_axis(utility, top, axis=1), axis=1)
        chosen[rows] = local[np.take_along_axis(top, order, axis=1)]
        weight = popularity[local] ** 0.6
        seats = np.floor(0.95 * rows.size * weight / weight.sum()).astype(np.int64)
        capacity[local] = np.maximum(seats, 1)
    scores = by_kind[np.arange(students)[:, None], kind[chosen]]
    average = np.clip(np.round((12 + 2.2 * general) * 100), 0, 2000).astype(np.int64)
    tiebreak = average * 2**20 + rng.permutation(students)
    return Arrays(capacity, chosen, scores, tiebreak)


def applicants(problem: Arrays) -> tuple[dict[str, int], list[Applicant]]:
    """The same instance for the reference: zero-padded ids, so id order is row order (the last tie-break)."""
    capacities = {f"S{stream:04d}": int(seats) for stream, seats in enumerate(problem.capacity.tolist())}
    people = []
    for row, (wishes, scores) in enumerate(zip(problem.wishes.tolist(), problem.scores.tolist(), strict=True)):
        names = tuple(f"S{stream:04d}" for stream in wishes if stream >= 0)
        people.append(Applicant(f"C{row:07d}", names, {name: score_decimal(score) for name, score in
                                                       zip(names, scores, strict=False)}, int(problem.tiebreak[row])))
    return capacities, people


@dataclass
class Timed:
    seconds: float
    result: object


def timed(function: Callable[[], object], repeat: int = 1) -> Timed:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return Timed(best, result)


def _solve(problem: Arrays) -> np.ndarray:
    return solve_arrays(problem.capacity, problem.wishes, problem.scores, problem.tiebreak)


def _run(command: list[str | Path], *, check: bool = True, **options: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, check=check, capture_output=True, text=True, **options)  # noqa: S603 -- our own


def _matching_venv() -> tuple[Path | None, str]:
    python = VENV / "bin" / "python"
    if python.exists() and _run([python, "-c", "import matching"], check=False).returncode == 0:
        return python, ""
    try:
        _run([sys.executable, "-m", "venv", "--clear", VENV], timeout=300)
        _run([python, "-m", "pip", "install", "--quiet", "matching"], timeout=600)
    except (OSError, subprocess.SubprocessError) as error:
        last = (getattr(error, "stderr", "") or "").strip().splitlines()[-1:] or [str(error)]
        return None, f"skipped: could not create {VENV} with `pip install matching` ({last[0]})"
    return python, ""


@dataclass
class Matching:
    create: float = 0.0
    solve: float = 0.0
    assigned: np.ndarray | None = None
    note: str = ""


def _matching(problem: Arrays) -> Matching:
    """The `matching` package's resident-optimal solution in its own virtualenv; each hospital ranks exactly
    those who wished it, in Massar's order."""
    python, note = _matching_venv()
    if python is None:
        return Matching(note=note)
    rows, columns = np.nonzero(problem.wishes >= 0)
    stream = problem.wishes[rows, columns]
    order = np.lexsort((-ranking(problem).priority(rows, columns), stream))
    hospitals: dict[str, list[str]] = {}
    for row, s in zip(rows[order].tolist(), stream[order].tolist(), strict=True):
        hospitals.setdefault(f"S{s}", []).append(f"R{row}")
    data = {"residents": {f"R{row}": [f"S{s}" for s in wishes if s >= 0]
                          for row, wishes in enumerate(problem.wishes.tolist())},
            "hospitals": hospitals,
            "capacities": {f"S{s}": int(seats) for s, seats in enumerate(problem.capacity.tolist())
                           if f"S{s}" in hospitals}}
    with tempfile.TemporaryFile("w+") as stdin:
        json.dump(data, stdin)
        stdin.seek(0)
        done = _run([python, "-c", MATCHING], check=False, stdin=stdin, timeout=3600)
    if done.returncode:
        return Matching(note=f"skipped: the matching package failed ({done.stderr.strip().splitlines()[-1:]})")
    answer = json.loads(done.stdout)
    assigned = np.full(problem.wishes.shape[0], -1, dtype=np.int64)
    for resident, hospital in answer["assigned"].items():
        assigned[int(resident[1:])] = int(hospital[1:])
    return Matching(answer["create"], answer["solve"], assigned)


def _peak(problem: Arrays) -> float:
    """MiB allocated at the peak of one solve + certify, beyond the instance itself (tracemalloc sees numpy)."""
    tracemalloc.start()
    try:
        certify_arrays(problem.capacity, problem.wishes, problem.scores, problem.tiebreak, _solve(problem))
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def run(students: int | None = None) -> None:
    students = students or int(os.environ.get("BENCH_STUDENTS", STUDENTS))
    streams = int(np.clip(students * STREAMS // STUDENTS, 20, STREAMS))
    started = time.perf_counter()
    national = instance(students, streams)
    generated = time.perf_counter() - started
    repeat = 3 if students <= STUDENTS else 1
    solved = timed(lambda: _solve(national), repeat)
    assigned = np.asarray(solved.result)
    certified = timed(lambda: certify_arrays(national.capacity, national.wishes, national.scores,
                                             national.tiebreak, assigned), repeat)
    stable = certified.result.ok  # type: ignore[attr-defined]
    total = solved.seconds + certified.seconds
    placed = int((assigned >= 0).sum())
    first = int((national.wishes[:, 0] == assigned).sum())
    peak = _peak(national)

    # The baselines' instance: a directorate of 10,000 students over 200 school-streams (about 50 seats each).
    size = min(BASELINE_STUDENTS, students)
    small = instance(size, max(20, size * BASELINE_STREAMS // BASELINE_STUDENTS), seed=SEED + 1)
    fast = timed(lambda: _solve(small), 5)
    ours = np.asarray(fast.result)
    capacities, people = applicants(small)
    reference = timed(lambda: reference_solve(capacities=capacities, applicants=people))
    names = {f"S{stream:04d}": stream for stream in range(small.capacity.size)}
    by_reference = np.array([names.get(reference.result.assignments[person.id] or "", -1)  # type: ignore[attr-defined]
                             for person in people])
    other = _matching(small)

    print(f"instance: {students:,} students × {national.wishes.shape[1]} wishes over {streams:,} streams, "
          f"{int(national.capacity.sum()):,} seats (seed {SEED}, generated in {generated:.1f} s): {placed:,} "
          f"placed ({first:,} on their first wish), {students - placed:,} unassigned")
    print(f"peak memory: {peak:.0f} MiB allocated during solve + certify, beyond the instance's "
          f"{_mib(national):.0f} MiB; process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} "
          f"MiB; {os.cpu_count()} cores\n")
    print("| run | students × streams | seconds | ratio to numpy | same assignment | note |")
    print("|---|---:|---:|---:|---|---|")
    verdict = "within the goal" if total <= GOAL_SECONDS else (
        "within the bound" if total <= TARGET_SECONDS else "OVER the bound")
    shape = f"{students:,} × {streams:,}"
    print(f"| solve_arrays (numpy) | {shape} | {solved.seconds:.3f} | | | best of {repeat} |")
    print(f"| certify_arrays | {shape} | {certified.seconds:.3f} | | {'stable' if stable else 'NOT STABLE'} | "
          f"best of {repeat} |")
    print(f"| solve + certify | {shape} | {total:.3f} | | | {verdict} (≤ {TARGET_SECONDS:g} s, goal "
          f"{GOAL_SECONDS:g} s) |")
    shape = f"{size:,} × {small.capacity.size:,}"
    print(f"| solve_arrays (numpy) | {shape} | {fast.seconds:.4f} | 1× | | baseline instance, best of 5 |")
    print(f"| reference_solve (Python) | {shape} | {reference.seconds:.3f} | {reference.seconds / fast.seconds:.0f}× "
          f"| {_yes(by_reference, ours)} | textbook, one proposal at a time |")
    if other.assigned is None:
        print(f"| matching HospitalResident (PyPI) | {shape} | | | | {other.note} |")
    else:
        print(f"| matching HospitalResident (PyPI) | {shape} | {other.solve:.3f} | {other.solve / fast.seconds:.0f}× "
              f"| {_yes(other.assigned, ours)} | solve(optimal=\"resident\") in its virtualenv; building the game "
              f"took {other.create:.1f} s more |")


def _yes(theirs: np.ndarray, ours: np.ndarray) -> str:
    return "yes" if bool((theirs == ours).all()) else f"NO ({int((theirs != ours).sum())} students differ)"


def _mib(problem: Arrays) -> float:
    return sum(array.nbytes for array in (problem.capacity, problem.wishes, problem.scores, problem.tiebreak)) / 2**20
