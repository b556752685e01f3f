"""`manage.py orientation_solve INPUT.json [-o OUTPUT.json]`: the orientation assignment of a problem file, and
how anyone audits a published run (same input, same output, on any machine).

INPUT and OUTPUT are described in massar.orientation.solver.json_format. A bad input — malformed JSON, a missing
key, a wrong type, an unknown or repeated wish, a missing score, a repeated student or stream, a negative or
non-integer capacity or tiebreak — stops the command with one message naming the place, and exit status 2.
Messages are in English, like the JSON paths they name."""

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from massar.orientation.solver import SolverInputError, certify, problem_from_json, solution_to_json, solve

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Solve an orientation assignment problem (JSON) by student-proposing deferred acceptance."
    requires_system_checks: list[str] = []  # an auditor runs it anywhere: no database, no checks that need one

    def add_arguments(self, parser):
        parser.add_argument("input", help="the problem: {\"streams\": [...], \"students\": [...]}")
        parser.add_argument("-o", "--output", help="where to write the solution (default: standard output)")

    def handle(self, *args: Any, input: str, output: str | None, **options: Any) -> None:
        capacities, applicants = problem_from_json_file(input)
        solution = solve(capacities=capacities, applicants=applicants)
        violations = certify(capacities=capacities, applicants=applicants, solution=solution)
        if violations:  # never expected: the solver's own check, so a wrong answer is never written
            raise CommandError("the solution failed its certificate: " + "; ".join(violations[:5]))
        text = json.dumps(solution_to_json(solution), ensure_ascii=False, indent=2) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: {error.strerror or error}") from None
        placed = sum(stream is not None for stream in solution.assignments.values())
        self.stderr.write(f"{output}: {placed} of {len(applicants)} students placed, "
                          f"{len(solution.unassigned)} unassigned.")


def problem_from_json_file(name: str) -> tuple[dict[str, int], list]:
    """Reads and checks INPUT; every problem is a CommandError with exit status 2."""
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise CommandError(f"{name}: cannot read: {reason}", returncode=BAD_INPUT) from None
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise CommandError(f"{name}: malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}",
                           returncode=BAD_INPUT) from None
    except ValueError as error:
        raise CommandError(f"{name}: malformed JSON: {error}", returncode=BAD_INPUT) from None
    try:
        return problem_from_json(data)
    except SolverInputError as error:
        raise CommandError(f"{name}: {error}", returncode=BAD_INPUT) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")
