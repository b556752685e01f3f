"""The semester close: one set-based, all-or-nothing operation that computes and stores, for every grade sheet
of a semester in the chosen schools (a school, a directorate, an academy or the nation):

- the class statistics of each sheet (SheetResult): minimum, mean and maximum of its students' averages;
- each student's general average over the curriculum of their class's level × stream, or the subjects still
  missing, and their rank in the class (SemesterResult).

The arithmetic is calculations.py's (DOMAIN §5): the tests' mean over entered, non-absent marks, then
× tests weight + activities × activities weight, unless the rule says "plain mean" or there is no activities
mark. Only PUBLISHED sheets count towards a general average. Stored values keep 12 decimals, rounded once
from the exact value to odd (calculations.stored), so that a display or a decision taken from a stored value
is the one the exact value gives; the rank is a decision, taken on the general average rounded to 2 decimals
with the year's rounding mode (ties share a rank).

On PostgreSQL it is a few statements over temporary tables in integers (close/sql.py); elsewhere (SQLite,
small data) the same results come from calculations.py in Python (close/python.py). Both run in one
transaction: a failure anywhere leaves the stored results as they were.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import QuerySet

from massar.core.models import Semester
from massar.schools.models import School, SchoolClass

from ..report_stamps import class_reports_changed, year_reports_changed
from ..selectors.marks import year_rounding

STEPS = ("scope", "subject_averages", "subject_results", "semester_results")

# progress(step, done_steps, total_steps, rows): called after each step (the task puts it in the cache).
Progress = Callable[[str, int, int, int], None]


@dataclass
class CloseSummary:
    semester_id: int
    classes: int = 0
    sheets: int = 0
    subject_results: int = 0  # subject averages computed (sheet rows with a test entered)
    semester_results: int = 0
    general_averages: int = 0
    seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def scope_schools(*, school: str | None = None, directorate: str | None = None,
                  academy: str | None = None) -> QuerySet[School] | None:
    """The schools a close covers: one school, a directorate's, an academy's, or None for the nation."""
    if school:
        return School.objects.filter(code=school)
    if directorate:
        return School.objects.filter(directorate__code=directorate)
    if academy:
        return School.objects.filter(directorate__academy__code=academy)
    return None


def semester_close(*, semester: Semester, schools: QuerySet[School] | None = None,
                   progress: Progress | None = None) -> CloseSummary:
    """Compute and store the results of `semester` for the classes of `schools` (None: every school)."""
    from .python import PythonClose
    from .sql import SqlClose

    classes = SchoolClass.objects.filter(school_year_id=semester.school_year_id)
    if schools is not None:
        classes = classes.filter(school__in=schools)
    rounding = year_rounding(school_year_id=semester.school_year_id)
    runner = SqlClose if connection.vendor == "postgresql" else PythonClose
    single = list(schools.values_list("pk", flat=True)[:2]) if schools is not None else []
    started = time.perf_counter()
    with transaction.atomic():
        summary = runner(semester=semester, classes=classes, rounding=rounding, progress=progress,
                         school_id=single[0] if len(single) == 1 else None).run()
        if schools is None:
            year_reports_changed(school_year_id=semester.school_year_id)
        else:
            class_reports_changed(classes=classes)
    summary.seconds = time.perf_counter() - started
    return summary


class Close:
    """What both ways of closing share: the scope, the rounding mode, the summary and the progress report."""

    def __init__(self, *, semester: Semester, classes: QuerySet[SchoolClass], rounding: str,
                 progress: Progress | None, school_id: int | None = None) -> None:
        self.semester = semester
        self.school_id = school_id  # the close covers this one school (else several, or the nation)
        self.classes = classes
        self.rounding = rounding
        self.progress = progress
        self.summary = CloseSummary(semester_id=semester.pk)
        self._clock = time.perf_counter()

    def done(self, step: str, rows: int) -> None:
        now = time.perf_counter()
        self.summary.steps[step] = round(now - self._clock, 3)
        self._clock = now
        if self.progress is not None:
            self.progress(step, STEPS.index(step) + 1, len(STEPS), rows)

    def run(self) -> CloseSummary:
        raise NotImplementedError
