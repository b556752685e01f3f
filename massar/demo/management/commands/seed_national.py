"""`manage.py seed_national --students N`: the national-scale benchmark dataset (see massar.demo.national)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError, connection

from massar.demo.national import (
    MAX_STUDENTS,
    NationalCodeTaken,
    NationalDatasetExists,
    NationalDatasetGenerator,
)
from massar.grades.report_stamps import every_report_changed

# Above this, say that the numbers of a benchmark on SQLite tell little about production (PostgreSQL),
# where the rows are streamed with COPY; SQLite gets batched INSERTs (about 100,000 students in 3 s).
LARGE_FOR_SQLITE = 200_000


class Command(BaseCommand):
    help = ("Generate a national-scale dataset (12 academies, directorates, schools, classes, students, "
            "teachers) for benchmarks, in one transaction. Refuses if it is already loaded, unless --reset.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--students", type=int, required=True,
                            help=f"number of students, 1 to {MAX_STUDENTS:,} (the country has ~8 million)")
        parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same data")
        parser.add_argument("--reset", action="store_true",
                            help="delete the previously generated national dataset first (never the demo data)")

    def handle(self, *args: object, students: int, seed: int, reset: bool,
               **options: object) -> None:
        if not 1 <= students <= MAX_STUDENTS:
            raise CommandError(f"--students must be between 1 and {MAX_STUDENTS:,}.")
        if connection.vendor != "postgresql" and students > LARGE_FOR_SQLITE:
            self.stdout.write(self.style.WARNING(
                f"Note: {connection.vendor} gets batched INSERTs, which is slower; for {students:,} students "
                "use PostgreSQL (DATABASE_URL=postgres://...), where rows are streamed with COPY and where "
                "benchmark numbers mean something for production."))
        generator = NationalDatasetGenerator(students=students, seed=seed, reset=reset,
                                             progress=self.stdout.write)
        try:
            summary = generator.run()
        except (NationalDatasetExists, NationalCodeTaken) as problem:
            raise CommandError(str(problem)) from problem
        except IntegrityError as problem:
            # Deferred foreign keys report at commit: something outside the dataset points into it.
            raise CommandError(f"Nothing was written: the database refused the change ({problem}). If this "
                               "happened during --reset, rows outside the national dataset refer to it.") from problem
        every_report_changed()
        self.stdout.write(self.style.SUCCESS("National dataset generated:"))
        for line in summary.lines():
            self.stdout.write(line)
