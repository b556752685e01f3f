"""`manage.py orientation_run_export RUN_ID [-o FILE]`: a finished run's problem in the solver's JSON format,
rebuilt from what the run stored (scores, capacities, the tie-break ranks from the general averages and the
seeded random numbers), to audit it: `manage.py orientation_solve FILE` gives the run's pre-selection again.
Students are named by their record's id, not their name or Massar code."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from massar.orientation.models import AssignmentRun, RunState
from massar.orientation.runs import run_solver_input


class Command(BaseCommand):
    help = "Write a finished orientation run's problem as the solver's JSON input (to audit it)."

    def add_arguments(self, parser):
        parser.add_argument("run_id", type=int)
        parser.add_argument("-o", "--output", help="file (default: standard output)")

    def handle(self, *args, run_id, output, **options):
        run = AssignmentRun.objects.filter(pk=run_id, state__in=(RunState.DONE, RunState.PUBLISHED)).first()
        if run is None:
            raise CommandError(f"run {run_id}: no finished assignment run has this number.")
        text = json.dumps(run_solver_input(run=run), indent=1, ensure_ascii=False)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
