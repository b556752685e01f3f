"""The semester close: one set-based, all-or-nothing operation that computes and stores, for every grade sheet
of a semester in the chosen schools (a school, a directorate or the nation):

- each student's continuous-assessment average in the subject (SubjectResult), with the class min/mean/max;
- each student's general average over the curriculum of their class's level × stream, or the subjects still
  missing, and their rank in the class (SemesterResult).

The arithmetic is calculations.py's (DOMAIN §5): the tests' mean over entered, non-absent marks, then
× tests weight + activities × activities weight, unless the rule says "plain mean" or there is no activities
mark. Only PUBLISHED sheets count towards a general average. Nothing is rounded before storage, which keeps
12 decimals; the rank is a decision, taken on the average rounded once to 2 decimals (ties share a rank).

On PostgreSQL it is a handful of INSERT … SELECT statements over temporary tables, with ON CONFLICT upserts;
elsewhere (SQLite, small data) the same results come from calculations.py in Python. Both run in one
transaction: a failure anywhere leaves the stored results as they were.
"""

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from massar.core.models import Semester
from massar.schools.models import School, SchoolClass, SubjectCoefficient
from massar.students.models import Enrolment, EnrolmentStatus

from . import calculations as calc
from .models import (
    ACTIVITIES_SLOT,
    AssessmentRule,
    GradeSheet,
    Mark,
    SemesterResult,
    SheetStatus,
    SubjectResult,
    YearGradeRules,
)

STORED_PLACES = 12
WORK_MEM = "512MB"
ADVISORY_LOCK_NAMESPACE = 4_2026  # pg_advisory_xact_lock(namespace, semester id)
STEPS = ("scope", "subject_averages", "subject_results", "semester_results")

# progress(step, done_steps, total_steps, rows): called after each step (the task puts it in the cache).
Progress = Callable[[str, int, int, int], None]


@dataclass
class CloseSummary:
    semester_id: int
    classes: int = 0
    sheets: int = 0
    subject_results: int = 0
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
    classes = SchoolClass.objects.filter(school_year_id=semester.school_year_id)
    if schools is not None:
        classes = classes.filter(school__in=schools)
    rules = YearGradeRules.objects.filter(school_year_id=semester.school_year_id).first()
    rounding = rules.rounding if rules else "half_up"
    runner = _SqlClose if connection.vendor == "postgresql" else _PythonClose
    started = time.perf_counter()
    with transaction.atomic():
        summary = runner(semester=semester, classes=classes, rounding=rounding, progress=progress).run()
    summary.seconds = time.perf_counter() - started
    return summary


class _Close:
    def __init__(self, *, semester: Semester, classes: QuerySet[SchoolClass], rounding: str,
                 progress: Progress | None) -> None:
        self.semester = semester
        self.classes = classes
        self.rounding = rounding
        self.progress = progress
        self.summary = CloseSummary(semester_id=semester.pk)
        self._clock = time.perf_counter()

    def _done(self, step: str, rows: int) -> None:
        now = time.perf_counter()
        self.summary.steps[step] = round(now - self._clock, 3)
        self._clock = now
        if self.progress is not None:
            self.progress(step, STEPS.index(step) + 1, len(STEPS), rows)

    def run(self) -> CloseSummary:
        raise NotImplementedError


# --- PostgreSQL: set-based SQL ----------------------------------------------------------------------------

# The rule of a sheet: its class's level rule, else the subject's rule for the year, else the defaults.
_SHEETS_SQL = """
CREATE TEMP TABLE close_sheets ON COMMIT DROP AS
SELECT s.id AS sheet_id, s.school_class_id AS class_id, s.subject_id, s.status = %s AS published, s.tests_count,
       COALESCE(rl.tests_weight, ry.tests_weight, 0.75) AS tests_weight,
       COALESCE(rl.activities_weight, ry.activities_weight, 0.25) AS activities_weight,
       COALESCE(rl.plain_mean_of_tests, ry.plain_mean_of_tests, false) AS plain_mean
FROM grades_gradesheet s
JOIN close_classes c ON c.id = s.school_class_id
LEFT JOIN grades_assessmentrule rl ON rl.school_year_id = c.school_year_id AND rl.subject_id = s.subject_id
                                  AND rl.level_id = c.level_id
LEFT JOIN grades_assessmentrule ry ON ry.school_year_id = c.school_year_id AND ry.subject_id = s.subject_id
                                  AND ry.level_id IS NULL
WHERE s.semester_id = %s
"""

# Exact enough: sums are cast to 24 decimals before dividing, so the only rounding is at storage (12).
_AVERAGES_SQL = """
CREATE TEMP TABLE close_averages ON COMMIT DROP AS
SELECT t.sheet_id, t.student_id, cs.class_id, cs.subject_id, cs.published,
       CASE WHEN t.tests_n = 0 THEN NULL
            WHEN cs.plain_mean OR t.activities IS NULL THEN t.tests_sum / t.tests_n
            ELSE t.tests_sum / t.tests_n * cs.tests_weight + t.activities * cs.activities_weight END AS average
FROM (
    SELECT m.sheet_id, m.student_id,
           (SUM(m.value) FILTER (WHERE m.slot <> 0 AND m.value IS NOT NULL AND NOT m.absent))::numeric(40, 24)
               AS tests_sum,
           COUNT(m.value) FILTER (WHERE m.slot <> 0 AND NOT m.absent) AS tests_n,
           MAX(m.value) FILTER (WHERE m.slot = 0 AND NOT m.absent) AS activities
    FROM grades_mark m JOIN close_sheets cs ON cs.sheet_id = m.sheet_id
    WHERE m.slot <= cs.tests_count
    GROUP BY m.sheet_id, m.student_id
) t
JOIN close_sheets cs ON cs.sheet_id = t.sheet_id
"""

# Class statistics by a hash aggregate per sheet, joined back (cheaper than window functions over every row).
# Rows go in in the unique index's order: the index pages are then written in sequence (twice as fast).
_SUBJECT_RESULTS_SQL = """
INSERT INTO grades_subjectresult (sheet_id, student_id, average, class_minimum, class_mean, class_maximum)
SELECT a.sheet_id, a.student_id, a.average, st.minimum, st.mean, st.maximum
FROM close_averages a
JOIN (SELECT sheet_id, MIN(average) AS minimum, SUM(average) / NULLIF(COUNT(average), 0) AS mean,
             MAX(average) AS maximum
      FROM close_averages GROUP BY sheet_id) st ON st.sheet_id = a.sheet_id
ORDER BY a.sheet_id, a.student_id
ON CONFLICT (sheet_id, student_id) DO UPDATE SET
    average = EXCLUDED.average, class_minimum = EXCLUDED.class_minimum, class_mean = EXCLUDED.class_mean,
    class_maximum = EXCLUDED.class_maximum
"""

# Rows of sheets in scope whose student no longer has marks there (the close replaces, never accumulates).
_SUBJECT_STALE_SQL = """
DELETE FROM grades_subjectresult r USING close_sheets cs
WHERE r.sheet_id = cs.sheet_id
  AND NOT EXISTS (SELECT 1 FROM close_averages a WHERE a.sheet_id = r.sheet_id AND a.student_id = r.student_id)
"""

# The curriculum of each class (level × stream of the year), each subject with a bit: a student's published
# averages OR their bits together, so the general average exists when all the class's bits are set, and the
# missing subjects are looked up (among ≤ 12 rows) only for the students who lack some.
_CURRICULUM_SQL = """
CREATE TEMP TABLE close_curriculum ON COMMIT DROP AS
SELECT c.id AS class_id, k.subject_id, k.continuous_coefficient AS coefficient, sj.code,
       (1::bigint << (ROW_NUMBER() OVER (PARTITION BY c.id ORDER BY sj.code) - 1)::int) AS bit
FROM close_classes c
JOIN schools_subjectcoefficient k ON k.school_year_id = %s AND k.level_id = c.level_id
                                 AND k.stream_id IS NOT DISTINCT FROM c.stream_id
JOIN schools_subject sj ON sj.id = k.subject_id
"""

# `decided`: the general average rounded once to 2 decimals (the rank's decision), half up or half even.
_SEMESTER_RESULTS_SQL = """
WITH size AS (
    SELECT class_id, SUM(bit) AS all_bits FROM close_curriculum GROUP BY class_id
), done AS (
    SELECT a.student_id, a.class_id, BIT_OR(k.bit) AS bits, SUM(a.average * k.coefficient) AS total,
           SUM(k.coefficient) AS weight
    FROM close_averages a JOIN close_curriculum k ON k.class_id = a.class_id AND k.subject_id = a.subject_id
    WHERE a.published AND a.average IS NOT NULL
    GROUP BY a.student_id, a.class_id
), general AS (
    SELECT e.student_id, c.id AS class_id, c.stream_id, z.all_bits, COALESCE(d.bits, 0) AS bits,
           CASE WHEN z.all_bits IS NOT NULL AND d.bits = z.all_bits THEN d.total / d.weight END AS general_average
    FROM students_enrolment e
    JOIN close_classes c ON c.id = e.school_class_id
    LEFT JOIN size z ON z.class_id = c.id
    LEFT JOIN done d ON d.student_id = e.student_id AND d.class_id = c.id
    WHERE e.status = %s
), decided AS (
    SELECT g.*, CASE WHEN %s = 'half_even' AND g.general_average * 100 - floor(g.general_average * 100) = 0.5
                     THEN (floor(g.general_average * 100) + mod(floor(g.general_average * 100), 2)) / 100
                     ELSE round(g.general_average, 2) END AS decided
    FROM general g
)
INSERT INTO grades_semesterresult (semester_id, school_class_id, student_id, stream_id, general_average, rank,
                                   missing_subjects, closed_at)
SELECT %s, g.class_id, g.student_id, g.stream_id, g.general_average,
       CASE WHEN g.general_average IS NOT NULL
            THEN RANK() OVER (PARTITION BY g.class_id, g.general_average IS NULL ORDER BY g.decided DESC) END,
       CASE WHEN g.general_average IS NOT NULL OR g.all_bits IS NULL THEN '[]'::jsonb
            ELSE (SELECT jsonb_agg(k.code ORDER BY k.code) FROM close_curriculum k
                  WHERE k.class_id = g.class_id AND g.bits & k.bit = 0) END,
       now()
FROM decided g
ORDER BY g.student_id
ON CONFLICT (semester_id, student_id) DO UPDATE SET
    school_class_id = EXCLUDED.school_class_id, stream_id = EXCLUDED.stream_id,
    general_average = EXCLUDED.general_average, rank = EXCLUDED.rank, missing_subjects = EXCLUDED.missing_subjects,
    closed_at = EXCLUDED.closed_at
"""

_SEMESTER_STALE_SQL = """
DELETE FROM grades_semesterresult r USING close_classes c
WHERE r.semester_id = %s AND r.school_class_id = c.id
  AND NOT EXISTS (SELECT 1 FROM students_enrolment e
                  WHERE e.student_id = r.student_id AND e.school_class_id = c.id AND e.status = %s)
"""


class _SqlClose(_Close):
    def run(self) -> CloseSummary:
        classes_sql, classes_params = self.classes.values("id", "school_year_id", "level_id", "stream_id").query \
            .sql_with_params()
        with connection.cursor() as cursor:
            # A second close in the same transaction (tests) finds the previous one's tables.
            cursor.execute("DROP TABLE IF EXISTS close_classes, close_sheets, close_averages, close_curriculum")
            # Aggregates over millions of rows: keep hashes and sorts in memory (this transaction only).
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            # Two closes of the same semester wait for each other rather than interleave their upserts.
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ADVISORY_LOCK_NAMESPACE, self.semester.pk])
            cursor.execute(f"CREATE TEMP TABLE close_classes ON COMMIT DROP AS {classes_sql}", classes_params)
            self.summary.classes = cursor.rowcount
            cursor.execute(_SHEETS_SQL, [SheetStatus.PUBLISHED, self.semester.pk])
            self.summary.sheets = cursor.rowcount
            cursor.execute("ANALYZE close_classes")
            cursor.execute("ANALYZE close_sheets")
            self._done("scope", self.summary.sheets)
            cursor.execute(_AVERAGES_SQL)
            averages = cursor.rowcount
            cursor.execute("ANALYZE close_averages")
            self._done("subject_averages", averages)
            cursor.execute(_SUBJECT_STALE_SQL)
            cursor.execute(_SUBJECT_RESULTS_SQL)
            self.summary.subject_results = cursor.rowcount
            self._done("subject_results", self.summary.subject_results)
            cursor.execute(_SEMESTER_STALE_SQL, [self.semester.pk, EnrolmentStatus.ACTIVE])
            cursor.execute(_CURRICULUM_SQL, [self.semester.school_year_id])
            cursor.execute("CREATE INDEX ON close_curriculum (class_id)")
            cursor.execute("ANALYZE close_curriculum")
            cursor.execute(_SEMESTER_RESULTS_SQL, [EnrolmentStatus.ACTIVE, self.rounding, self.semester.pk])
            self.summary.semester_results = cursor.rowcount
            cursor.execute("SELECT COUNT(*) FROM grades_semesterresult r JOIN close_classes c "
                           "ON c.id = r.school_class_id WHERE r.semester_id = %s AND r.general_average IS NOT NULL",
                           [self.semester.pk])
            self.summary.general_averages = cursor.fetchone()[0]
            self._done("semester_results", self.summary.semester_results)
        return self.summary


# --- Elsewhere: calculations.py in Python ------------------------------------------------------------------


def _stored(value: Fraction | None) -> Decimal | None:
    return None if value is None else calc.decide(value, places=STORED_PLACES)


class _PythonClose(_Close):
    def _weighting(self, sheet: GradeSheet) -> calc.Weighting:
        rules = {(r.subject_id, r.level_id): r for r in self._rules}
        rule = (rules.get((sheet.subject_id, sheet.school_class.level_id)) or rules.get((sheet.subject_id, None)))
        if rule is None:
            return calc.Weighting()
        return calc.Weighting(tests=rule.tests_weight, activities=rule.activities_weight,
                              plain_mean_of_tests=rule.plain_mean_of_tests)

    def run(self) -> CloseSummary:
        classes = list(self.classes.select_related("level"))
        self._rules = list(AssessmentRule.objects.filter(school_year_id=self.semester.school_year_id))
        sheets = list(GradeSheet.objects.filter(semester=self.semester, school_class__in=classes)
                      .select_related("school_class", "subject"))
        self.summary.classes, self.summary.sheets = len(classes), len(sheets)
        self._done("scope", len(sheets))

        cells: dict[tuple[int, int], dict[int, Decimal | None]] = defaultdict(dict)
        tests_count = {s.pk: s.tests_count for s in sheets}
        for mark in Mark.objects.filter(sheet__in=sheets):
            if mark.slot <= tests_count[mark.sheet_id]:
                cells[(mark.sheet_id, mark.student_id)][mark.slot] = None if mark.absent else mark.value
        weightings = {sheet.pk: self._weighting(sheet) for sheet in sheets}
        by_sheet: dict[int, dict[int, Fraction | None]] = defaultdict(dict)
        for (sheet_id, student_id), slots in cells.items():
            marks = calc.SubjectMarks(tests=[v for s, v in slots.items() if s != ACTIVITIES_SLOT],
                                      activities=slots.get(ACTIVITIES_SLOT))
            by_sheet[sheet_id][student_id] = calc.subject_average(marks, weightings[sheet_id])
        self._done("subject_averages", sum(len(v) for v in by_sheet.values()))

        rows = []
        for sheet_id, averages in by_sheet.items():
            stats = calc.class_statistics(averages.values())
            for student_id, average in averages.items():
                rows.append(SubjectResult(
                    sheet_id=sheet_id, student_id=student_id, average=_stored(average),
                    class_minimum=_stored(stats.minimum) if stats else None,
                    class_mean=_stored(stats.mean) if stats else None,
                    class_maximum=_stored(stats.maximum) if stats else None))
        SubjectResult.objects.filter(sheet__in=sheets).exclude(sheet_id__in=list(by_sheet)).delete()
        for sheet_id, averages in by_sheet.items():
            SubjectResult.objects.filter(sheet_id=sheet_id).exclude(student_id__in=list(averages)).delete()
        SubjectResult.objects.bulk_create(rows, update_conflicts=True, unique_fields=["sheet", "student"],
                                          update_fields=["average", "class_minimum", "class_mean", "class_maximum"])
        self.summary.subject_results = len(rows)
        self._done("subject_results", len(rows))

        self._semester_results(classes, sheets, by_sheet)
        return self.summary

    def _semester_results(self, classes, sheets, by_sheet) -> None:
        published = {(s.school_class_id, s.subject_id): s.pk for s in sheets if s.status == SheetStatus.PUBLISHED}
        coefficients = defaultdict(dict)
        for k in SubjectCoefficient.objects.filter(school_year_id=self.semester.school_year_id).select_related(
                "subject"):
            coefficients[(k.level_id, k.stream_id)][k.subject.code] = (k.subject_id, k.continuous_coefficient)
        enrolled = defaultdict(list)
        for e in Enrolment.objects.filter(school_class__in=classes, status=EnrolmentStatus.ACTIVE):
            enrolled[e.school_class_id].append(e.student_id)
        rows = []
        for school_class in classes:
            curriculum = coefficients.get((school_class.level_id, school_class.stream_id), {})
            generals: dict[int, Fraction | None] = {}
            missing: dict[int, list[str]] = {}
            for student_id in enrolled[school_class.pk]:
                averages = {}
                for code, (subject_id, _coefficient) in curriculum.items():
                    sheet_id = published.get((school_class.pk, subject_id))
                    averages[code] = by_sheet.get(sheet_id, {}).get(student_id) if sheet_id else None
                weights = {code: coefficient for code, (_s, coefficient) in curriculum.items()}
                generals[student_id] = calc.general_average(averages, weights)
                missing[student_id] = sorted(calc.missing_subjects(averages, weights))
            ranked = calc.ranks(generals, rounding=self.rounding)
            for student_id, general in generals.items():
                rows.append(SemesterResult(semester=self.semester, school_class=school_class, student_id=student_id,
                                           stream_id=school_class.stream_id, general_average=_stored(general),
                                           rank=ranked.get(student_id), missing_subjects=missing[student_id]))
        SemesterResult.objects.filter(semester=self.semester, school_class__in=classes).exclude(
            student_id__in=[r.student_id for r in rows]).delete()
        # bulk_create's upsert does not call auto_now: set closed_at explicitly.
        now = timezone.now()
        for row in rows:
            row.closed_at = now
        SemesterResult.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["semester", "student"],
            update_fields=["school_class", "stream", "general_average", "rank", "missing_subjects", "closed_at"])
        self.summary.semester_results = len(rows)
        self.summary.general_averages = sum(1 for r in rows if r.general_average is not None)
        self._done("semester_results", len(rows))
