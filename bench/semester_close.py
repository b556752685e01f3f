"""The semester close for N students × 10 subjects on PostgreSQL (default 1,000,000: BENCH_STUDENTS), beside
ONE hand-written SQL statement computing the same subject and general averages.

Runs on the national dataset (`manage.py seed_national`). The first run sets the semester up and COMMITS it,
as marks are in real life (entered over weeks, long vacuumed when the close runs): it takes the current
year's classes until N students, trims each curriculum to its first 10 subjects, writes a published sheet per
class × subject and ~3.5 marks per student and subject (3 tests, activities for half of them, a few blanks
and absences), then VACUUM ANALYZE (≈7 min for a million students). Later runs reuse it (BENCH_REBUILD=1 to
write it again). It then times the hand-written statement, the close of the nation, and a second close that
replaces the first one's results, prints a table, and rolls the closes back. Targets: close ≤ 20 s and
≤ 1.2× the statement.
"""

import os
import time
from typing import TYPE_CHECKING

from django.db import connection, transaction

from massar.grades.close import semester_close
from massar.grades.close.sql import WORK_MEM
from massar.grades.models import SheetStatus
from massar.students.models import EnrolmentStatus

if TYPE_CHECKING:
    from massar.core.models import Semester

SUBJECTS = 10

TRIM_CURRICULA = """
DELETE FROM schools_subjectcoefficient k USING (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY level_id, stream_id ORDER BY subject_id) AS n
    FROM schools_subjectcoefficient WHERE school_year_id = %(year)s) r
WHERE k.id = r.id AND r.n > %(subjects)s
"""

CHOOSE_CLASSES = """
CREATE TEMP TABLE bench_classes AS
SELECT id, level_id, stream_id FROM (
    SELECT c.id, c.level_id, c.stream_id, SUM(e.n) OVER (ORDER BY c.id) AS running
    FROM schools_schoolclass c
    JOIN (SELECT school_class_id, COUNT(*) AS n FROM students_enrolment WHERE status = %(active)s
          GROUP BY school_class_id) e ON e.school_class_id = c.id
    WHERE c.school_year_id = %(year)s AND EXISTS (
        SELECT 1 FROM schools_subjectcoefficient k WHERE k.school_year_id = %(year)s AND k.level_id = c.level_id
                                                   AND k.stream_id IS NOT DISTINCT FROM c.stream_id)
) t WHERE running <= %(students)s
"""

CLEAR_SEMESTER = [
    "DELETE FROM grades_sheetresult WHERE sheet_id IN (SELECT id FROM grades_gradesheet WHERE semester_id = %(semester)s)",
    "DELETE FROM grades_semesterresult WHERE semester_id = %(semester)s",
    "DELETE FROM grades_mark WHERE sheet_id IN (SELECT id FROM grades_gradesheet WHERE semester_id = %(semester)s)",
    "DELETE FROM grades_markevent WHERE sheet_id IN (SELECT id FROM grades_gradesheet WHERE semester_id = %(semester)s)",
    "DELETE FROM grades_studentremark WHERE sheet_id IN (SELECT id FROM grades_gradesheet WHERE semester_id = %(semester)s)",
    "DELETE FROM grades_gradesheet WHERE semester_id = %(semester)s",
]

WRITE_SHEETS = """
INSERT INTO grades_gradesheet (school_class_id, subject_id, semester_id, tests_count, status, returned_comment,
                               published_at, parents_see_from, marks_version)
SELECT c.id, k.subject_id, %(semester)s, 3, %(published)s, '', now(), now(), 0
FROM bench_classes c
JOIN schools_subjectcoefficient k ON k.school_year_id = %(year)s AND k.level_id = c.level_id
                                 AND k.stream_id IS NOT DISTINCT FROM c.stream_id
"""

# Slots 1..3 (tests) for everyone, slot 0 (activities) for half; 3% blanks, 2% absences.
WRITE_MARKS = """
INSERT INTO grades_mark (sheet_id, student_id, slot, value, absent)
SELECT s.id, e.student_id, slot.n,
       CASE WHEN random() < 0.03 THEN NULL ELSE round((random() * 20)::numeric, 2) END, random() < 0.02
FROM grades_gradesheet s
JOIN students_enrolment e ON e.school_class_id = s.school_class_id AND e.status = %(active)s
CROSS JOIN generate_series(0, 3) AS slot(n)
WHERE s.semester_id = %(semester)s AND (slot.n > 0 OR (e.student_id + s.subject_id) %% 2 = 0)
"""

# The same averages, by hand, in one statement: subject averages, then the general average per student.
HAND_WRITTEN = """
WITH subject AS (
    SELECT m.student_id, s.school_class_id, s.subject_id,
           CASE WHEN COUNT(m.value) FILTER (WHERE m.slot > 0 AND NOT m.absent) = 0 THEN NULL
                WHEN COALESCE(r.plain_mean_of_tests, false)
                     OR MAX(m.value) FILTER (WHERE m.slot = 0 AND NOT m.absent) IS NULL
                THEN (SUM(m.value) FILTER (WHERE m.slot > 0 AND NOT m.absent))::numeric(40, 24)
                     / COUNT(m.value) FILTER (WHERE m.slot > 0 AND NOT m.absent)
                ELSE (SUM(m.value) FILTER (WHERE m.slot > 0 AND NOT m.absent))::numeric(40, 24)
                     / COUNT(m.value) FILTER (WHERE m.slot > 0 AND NOT m.absent) * COALESCE(r.tests_weight, 0.75)
                     + MAX(m.value) FILTER (WHERE m.slot = 0 AND NOT m.absent) * COALESCE(r.activities_weight, 0.25)
           END AS average
    FROM grades_mark m
    JOIN grades_gradesheet s ON s.id = m.sheet_id
    LEFT JOIN grades_assessmentrule r ON r.school_year_id = %(year)s AND r.subject_id = s.subject_id
                                     AND r.level_id IS NULL
    WHERE s.semester_id = %(semester)s AND s.status = %(published)s
    GROUP BY m.sheet_id, m.student_id, s.school_class_id, s.subject_id, r.plain_mean_of_tests, r.tests_weight,
             r.activities_weight
), general AS (
    SELECT a.student_id,
           CASE WHEN COUNT(a.average) = COUNT(*) THEN SUM(a.average * k.continuous_coefficient)
                                                      / SUM(k.continuous_coefficient) END AS average
    FROM subject a
    JOIN schools_schoolclass c ON c.id = a.school_class_id
    JOIN schools_subjectcoefficient k ON k.school_year_id = %(year)s AND k.level_id = c.level_id
                                     AND k.stream_id IS NOT DISTINCT FROM c.stream_id AND k.subject_id = a.subject_id
    GROUP BY a.student_id
)
SELECT (SELECT COUNT(*) FROM subject), COUNT(*), COUNT(average), SUM(average) FROM general
"""


def _timed(cursor, sql: str, params: dict) -> float:
    started = time.perf_counter()
    cursor.execute(sql, params)
    return time.perf_counter() - started


def _set_up(params: dict) -> None:
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(TRIM_CURRICULA, params)
        cursor.execute("DROP TABLE IF EXISTS bench_classes")
        cursor.execute(CHOOSE_CLASSES, params)
        for sql in CLEAR_SEMESTER:
            cursor.execute(sql, params)
        cursor.execute(WRITE_SHEETS, params)
        sheets = cursor.rowcount
        cursor.execute(WRITE_MARKS, params)
        marks = cursor.rowcount
        cursor.execute("DROP TABLE bench_classes")
    print(f"set-up: {sheets:,} published sheets, {marks:,} marks written in "
          f"{time.perf_counter() - started:.0f} s (kept for the next runs; BENCH_REBUILD=1 writes them again)")


def published_semester(students: int | None = None) -> tuple["Semester", dict] | None:
    """The current year's first semester with published sheets and marks for N students (BENCH_STUDENTS),
    written once and reused (the pages benchmark reads them too); None without a current school year."""
    from massar.core.models import Semester
    from massar.grades.models import GradeSheet, Mark

    students = students or int(os.environ.get("BENCH_STUDENTS", "1000000"))
    semester = Semester.objects.filter(school_year__is_current=True, number=1).select_related("school_year").first()
    if semester is None:
        return None
    params = {"year": semester.school_year_id, "semester": semester.pk, "students": students,
              "subjects": SUBJECTS, "active": EnrolmentStatus.ACTIVE, "published": SheetStatus.PUBLISHED}
    prepared = Mark.objects.filter(sheet__semester=semester).exists()
    if os.environ.get("BENCH_REBUILD") or not prepared:
        _set_up(params)
    else:
        print(f"set-up: reusing the {GradeSheet.objects.filter(semester=semester).count():,} sheets of "
              f"{semester} and their marks (BENCH_REBUILD=1 writes them again)")
    return semester, params


def run(students: int | None = None) -> None:
    if connection.vendor != "postgresql":
        print("Skipped: the semester close benchmark needs PostgreSQL (set DATABASE_URL to the national dataset).")
        return
    found = published_semester(students)
    if found is None:
        print("Skipped: no current school year (run `manage.py seed_national --students N` first).")
        return
    semester, params = found
    with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
        # The marks vacuumed as they are long before a real close (quick when nothing changed since), what
        # earlier runs rolled back gone (a real close commits), and fresh statistics for every table both the
        # close and the hand-written statement read: neither is judged on a stale estimate.
        cursor.execute("VACUUM ANALYZE grades_mark")
        cursor.execute("VACUUM grades_semesterresult")
        cursor.execute("VACUUM grades_sheetresult")
        cursor.execute("ANALYZE grades_gradesheet, grades_assessmentrule, schools_subjectcoefficient, "
                       "schools_schoolclass, students_enrolment")
    with transaction.atomic(), connection.cursor() as cursor:
        # The same memory for the hand-written statement as the close gives itself.
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        hand = _timed(cursor, HAND_WRITTEN, params)
        subject_rows, hand_students, hand_generals, _sum = cursor.fetchone()
        summary = semester_close(semester=semester)
        again = semester_close(semester=semester)  # replaces what the first close stored
        hand = min(hand, _timed(cursor, HAND_WRITTEN, params))  # warm cache, as the closes ran on
        transaction.set_rollback(True)

    print()
    print("| students | subject averages | general averages | close (s) | close again, replacing (s) "
          "| hand-written SQL (s) | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {summary.semester_results:,} | {summary.subject_results:,} | {summary.general_averages:,} "
          f"| {summary.seconds:.2f} | {again.seconds:.2f} | {hand:.2f} | {summary.seconds / hand:.2f}× |")
    print()
    print(f"close steps (s): {summary.steps}; again: {again.steps}")
    print(f"hand-written statement: {subject_rows:,} subject averages, {hand_students:,} students, "
          f"{hand_generals:,} general averages (computed, not stored)")
    print(f"targets: close ≤ 20 s {'met' if summary.seconds <= 20 else 'NOT met'}; "
          f"≤ 1.2× the statement {'met' if summary.seconds <= 1.2 * hand else 'NOT met'}")
