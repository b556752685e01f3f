"""The semester close on PostgreSQL: a handful of set-based statements over temporary tables, in integers.

Why integers: a mark has two decimals and a sheet has 1 to 12 tests, so every subject average times
SCALE = 27,720 × 10,000 (27,720 is the least common multiple of 1..12) is a whole number. Sums, minima,
maxima and the general average's numerator and denominator stay exact integers, and each stored value is
rounded once (to odd: calculations.stored) from an exact quotient (`_ROUND_12`): no numeric division per student and subject,
which is what made the arithmetic, not the reading, the cost of a national close.

Reading: each mark's `tally` (models.py) packs hundredths, count and activities into one integer, and the
(sheet, student, slot) index carries it, so the marks of a sheet row are added by one SUM over the index,
in index order. Statements:

1. scope: the classes, their curricula (a bit per subject), their sheets with the rule of each, their students
   and those who left them;
2. subject averages, grouped at once per sheet and per student of a class (temporary table, ~1.2 M rows for
   a national close rather than one row per subject and student);
3. class statistics per sheet (SheetResult);
4. general average, rank in class and missing subjects per student (SemesterResult).

The close replaces: the results of the scope are deleted and written again in the same transaction.
"""

from django.db import connection

from massar.students.models import EnrolmentStatus

from ..models import TALLY_ACTIVITIES_UNIT, TALLY_COUNT_UNIT, SheetStatus
from . import Close, CloseSummary

TESTS_LCM = 27720  # lcm(1, …, 12): the mean of n tests, n ≤ 12, in 1/27720ths is whole
SCALE = TESTS_LCM * 10_000  # hundredths of a mark × hundredths of a weight
WORK_MEM = "256MB"  # sorts and hashes of a national close stay in memory
GROUPS_WORK_MEM = "1GB"  # lets the planner hash a million (class, student) groups rather than sort 9 million rows
ADVISORY_LOCK_NAMESPACE = 4_2026  # pg_advisory_xact_lock(namespace, semester id): see SqlClose._lock
MAX_CURRICULUM = 62  # subjects in one curriculum: each has a bit in a bigint

# v / d to 12 decimals, rounded to odd as calculations.stored does (v, d ≥ 0 integers; numeric, as v × 10^12
# leaves bigint): the quotient truncated, plus one when it is inexact and its last digit is 0 or 5.
_ROUND_12 = ("((div(({v})::numeric * 1000000000000, ({d})::numeric)"
             " + CASE WHEN mod(({v})::numeric * 1000000000000, ({d})::numeric) > 0"
             " AND mod(div(({v})::numeric * 1000000000000, ({d})::numeric), 5) = 0 THEN 1 ELSE 0 END)"
             " * 0.000000000001)")

# The curricula of the year, per level × stream (stream 0: a level without streams), a bit per subject.
_CURRICULUM_SQL = """CREATE TEMP TABLE close_curriculum ON COMMIT DROP AS
       SELECT k.level_id, COALESCE(k.stream_id, 0) AS stream_key, k.subject_id, sj.code,
              (100 * k.continuous_coefficient)::int AS coefficient,
              1::bigint << (ROW_NUMBER() OVER (PARTITION BY k.level_id, k.stream_id ORDER BY sj.code) - 1)::int
                  AS bit
       FROM schools_subjectcoefficient k JOIN schools_subject sj ON sj.id = k.subject_id
       WHERE k.school_year_id = %(year)s"""

# Each sheet with its rule (the class's level rule, else the subject's rule for the year, else the defaults)
# in hundredths, and the bit and coefficient it contributes once published (else 0).
_SHEETS_TABLE_SQL = """CREATE TEMP TABLE close_sheets (
           sheet_id bigint PRIMARY KEY, class_id bigint NOT NULL, tests_count int NOT NULL,
           tests_weight int NOT NULL, activities_weight int NOT NULL, plain_mean boolean NOT NULL,
           bit bigint NOT NULL, coefficient int NOT NULL) ON COMMIT DROP"""
_SHEETS_SQL = """INSERT INTO close_sheets
       SELECT s.id, s.school_class_id, s.tests_count,
              (100 * COALESCE(rl.tests_weight, ry.tests_weight, 0.75))::int,
              (100 * COALESCE(rl.activities_weight, ry.activities_weight, 0.25))::int,
              COALESCE(rl.plain_mean_of_tests, ry.plain_mean_of_tests, false),
              CASE WHEN s.status = %(published)s THEN COALESCE(k.bit, 0) ELSE 0 END,
              CASE WHEN s.status = %(published)s THEN COALESCE(k.coefficient, 0) ELSE 0 END
       FROM grades_gradesheet s
       JOIN close_classes c ON c.id = s.school_class_id
       LEFT JOIN close_curriculum k ON k.level_id = c.level_id AND k.stream_key = COALESCE(c.stream_id, 0)
                                   AND k.subject_id = s.subject_id
       LEFT JOIN grades_assessmentrule rl ON rl.school_year_id = c.school_year_id AND rl.subject_id = s.subject_id
                                         AND rl.level_id = c.level_id
       LEFT JOIN grades_assessmentrule ry ON ry.school_year_id = c.school_year_id AND ry.subject_id = s.subject_id
                                         AND ry.level_id IS NULL
       WHERE s.semester_id = %(semester)s"""

_STUDENTS_SQL = """CREATE TEMP TABLE close_students ON COMMIT DROP AS
       SELECT e.student_id, e.school_class_id AS class_id, c.level_id,
              COALESCE(c.stream_id, 0) AS stream_key
       FROM students_enrolment e JOIN close_classes c ON c.id = e.school_class_id
       WHERE e.status = %(active)s"""

# Who left a class of the scope (an enrolment there that is no longer active, and no active one): their marks
# stay on their record but count neither in the class statistics nor in the ranks. A mark needs an enrolment
# in its class (services), so "not a leaver" is "enrolled now", as the Python close reads it.
_LEAVERS_SQL = """CREATE TEMP TABLE close_leavers ON COMMIT DROP AS
       SELECT DISTINCT e.school_class_id AS class_id, e.student_id
       FROM students_enrolment e JOIN close_classes c ON c.id = e.school_class_id
       WHERE e.status <> %(active)s AND NOT EXISTS (
           SELECT 1 FROM students_enrolment a WHERE a.student_id = e.student_id
                                                AND a.school_class_id = e.school_class_id AND a.status = %(active)s)"""

# n: tests entered (not absent), t: their hundredths, a: the activities' hundredths (-1: none).
_N, _T, _A = f"mod(p / {TALLY_COUNT_UNIT}, 16)", f"mod(p, {TALLY_COUNT_UNIT})", f"(p / {TALLY_ACTIVITIES_UNIT} - 1)"

# One pass over the marks. Per sheet (in primary-key order), its marks come out of the index in (student, slot)
# order and add up to one tally per sheet row; x = that row's subject average × SCALE (NULL: no test entered).
# The rows are then grouped two ways at once: per sheet (streamed, in sheet order) for the class statistics,
# and per student of a class (hashed) for the general average. Only these ~1.2 million groups are written.
_GROUPS_SQL = f"""
CREATE TEMP TABLE close_groups ON COMMIT DROP AS
SELECT sheet_id, class_id, student_id, COUNT(x) AS averages, MIN(x) AS lowest,
       MAX(x) AS highest, SUM(x) AS total, BIT_OR(bit) AS bits, SUM(x * coefficient) AS num,
       SUM(coefficient) AS weight
FROM (
    SELECT sheet_id, class_id, student_id, x,
           CASE WHEN x IS NULL THEN 0 ELSE bit END AS bit, CASE WHEN x IS NULL THEN 0 ELSE coefficient END AS coefficient
    FROM (
        SELECT cs.sheet_id, cs.class_id, t.student_id, cs.bit, cs.coefficient,
               CASE WHEN {_N} = 0 THEN NULL
                    WHEN cs.plain_mean OR {_A} < 0 THEN {_T} * 100 * ({TESTS_LCM} / {_N})
                    ELSE ({_T} * cs.tests_weight + {_A} * cs.activities_weight * {_N}) * ({TESTS_LCM} / {_N})
               END AS x
        FROM close_sheets cs
        CROSS JOIN LATERAL (
            SELECT m.student_id, SUM(m.tally) AS p FROM grades_mark m
            WHERE m.sheet_id = cs.sheet_id AND m.slot <= cs.tests_count
            GROUP BY m.student_id
        ) t
        -- Only the students enrolled in the class now count, in the statistics as in the ranks: not those who
        -- left it (a handful per class, so an anti-join on them rather than a join on every student).
        WHERE NOT EXISTS (SELECT 1 FROM close_leavers l WHERE l.class_id = cs.class_id AND l.student_id = t.student_id)
    ) averages
) cells
GROUP BY GROUPING SETS ((sheet_id), (class_id, student_id))
"""  # noqa: S608 -- only module constants are interpolated

_SHEET_RESULTS_SQL = [
    "DELETE FROM grades_sheetresult WHERE sheet_id IN (SELECT sheet_id FROM close_sheets)",
    f"""INSERT INTO grades_sheetresult (sheet_id, averages_count, class_minimum, class_mean, class_maximum,
                                        closed_at)
        SELECT sheet_id, averages, {_ROUND_12.format(v="lowest", d=SCALE)},
               {_ROUND_12.format(v="total", d=f"averages * {SCALE}")}, {_ROUND_12.format(v="highest", d=SCALE)},
               now()
        FROM close_groups WHERE sheet_id IS NOT NULL AND averages > 0""",  # noqa: S608 -- module constants only
]

# The decision the rank is taken on: 100 × num / den rounded to a whole number, half up or half to even.
_DECIDED = """CASE WHEN %(rounding)s = 'half_even'
                   THEN div(100 * num, den) + CASE WHEN 2 * (100 * num - div(100 * num, den) * den) > den THEN 1
                                                   WHEN 2 * (100 * num - div(100 * num, den) * den) = den
                                                   THEN mod(div(100 * num, den), 2) ELSE 0 END
                   ELSE div(200 * num + den, 2 * den) END"""

_SEMESTER_RESULTS_SQL = [
    # Every result of the scope's classes, and of its students wherever they were closed before.
    """DELETE FROM grades_semesterresult
       WHERE semester_id = %(semester)s AND school_class_id IN (SELECT id FROM close_classes)""",
    """DELETE FROM grades_semesterresult
       WHERE semester_id = %(semester)s AND student_id IN (SELECT student_id FROM close_students)""",
    f"""
WITH done AS (
    SELECT class_id, student_id, bits, num, weight FROM close_groups WHERE sheet_id IS NULL
), sizes AS (
    SELECT level_id, stream_key, SUM(bit) AS all_bits FROM close_curriculum GROUP BY level_id, stream_key
), general AS (
    SELECT s.student_id, s.class_id, s.level_id, s.stream_key, z.all_bits,
           COALESCE(d.bits, 0) AS bits, d.num, d.weight * {SCALE} AS den,
           COALESCE(z.all_bits IS NOT NULL AND d.bits = z.all_bits, false) AS complete
    FROM close_students s
    LEFT JOIN sizes z ON z.level_id = s.level_id AND z.stream_key = s.stream_key
    LEFT JOIN done d ON d.class_id = s.class_id AND d.student_id = s.student_id
), decided AS (
    SELECT g.*, CASE WHEN g.complete THEN {_DECIDED} END AS decided FROM general g
), stored AS (
    INSERT INTO grades_semesterresult (semester_id, school_class_id, student_id, general_average, rank,
                                       ranked_in_class, missing_subjects, closed_at)
    SELECT %(semester)s, g.class_id, g.student_id,
           CASE WHEN g.complete THEN {_ROUND_12.format(v="g.num", d="g.den")} END,
           CASE WHEN g.complete THEN RANK() OVER (PARTITION BY g.class_id, g.complete ORDER BY g.decided DESC) END,
           COUNT(*) FILTER (WHERE g.complete) OVER (PARTITION BY g.class_id),
           CASE WHEN g.complete OR g.all_bits IS NULL THEN '[]'::jsonb
                ELSE (SELECT jsonb_agg(k.code ORDER BY k.code) FROM close_curriculum k
                      WHERE k.level_id = g.level_id AND k.stream_key = g.stream_key AND g.bits & k.bit = 0) END,
           now()
    FROM decided g
    RETURNING general_average IS NOT NULL AS general
)
SELECT COUNT(*), COUNT(*) FILTER (WHERE general) FROM stored
"""]  # noqa: S608 -- only module constants are interpolated


class SqlClose(Close):
    def run(self) -> CloseSummary:
        classes_sql, classes_params = self.classes.values("id", "school_year_id", "level_id", "stream_id").query \
            .sql_with_params()
        params: dict[str, int | str] = {"year": self.semester.school_year_id, "semester": self.semester.pk,
                  "published": SheetStatus.PUBLISHED, "active": EnrolmentStatus.ACTIVE, "rounding": self.rounding}
        with connection.cursor() as cursor:
            # A second close in the same transaction (tests) finds the previous one's tables.
            cursor.execute("DROP TABLE IF EXISTS close_classes, close_curriculum, close_sheets, close_students, "
                           "close_leavers, close_groups")
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            self._lock(cursor)
            cursor.execute(f"CREATE TEMP TABLE close_classes ON COMMIT DROP AS {classes_sql}", classes_params)
            self.summary.classes = cursor.rowcount
            cursor.execute("ANALYZE close_classes")
            cursor.execute(_CURRICULUM_SQL, params)
            cursor.execute(_SHEETS_TABLE_SQL)
            cursor.execute(_SHEETS_SQL, params)
            self.summary.sheets = cursor.rowcount
            cursor.execute(_STUDENTS_SQL, params)
            cursor.execute(_LEAVERS_SQL, params)
            self._check_curricula(cursor)
            for table in ("close_curriculum", "close_sheets", "close_students", "close_leavers"):
                cursor.execute(f"ANALYZE {table}")
            self.done("scope", self.summary.sheets)

            # The per-student groups of a national close are hashed in memory (about a million).
            cursor.execute(f"SET LOCAL work_mem = '{GROUPS_WORK_MEM}'")
            cursor.execute(_GROUPS_SQL)
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            cursor.execute("ANALYZE close_groups")
            cursor.execute("SELECT COALESCE(SUM(averages), 0) FROM close_groups WHERE sheet_id IS NOT NULL")
            self.summary.subject_results = int(cursor.fetchone()[0])
            self.done("subject_averages", self.summary.subject_results)

            for sql in _SHEET_RESULTS_SQL:
                cursor.execute(sql, params)
            self.done("subject_results", cursor.rowcount)

            for sql in _SEMESTER_RESULTS_SQL:
                cursor.execute(sql, params)
            self.summary.semester_results, self.summary.general_averages = cursor.fetchone()
            self.done("semester_results", self.summary.semester_results)
        return self.summary

    def _lock(self, cursor) -> None:
        """Closes of the same scope wait for each other rather than interleave. One school's close shares the
        semester with other schools' closes (their rows are disjoint: each replaces its own classes and
        students) and excludes only closes of that school; a wider close has the semester to itself."""
        if self.school_id is None:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ADVISORY_LOCK_NAMESPACE, self.semester.pk])
            return
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", [ADVISORY_LOCK_NAMESPACE, self.semester.pk])
        # The one-number lock space is apart from the two-number one: (semester, school) in 64 bits.
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [(self.semester.pk << 32) | self.school_id])

    def _check_curricula(self, cursor) -> None:
        cursor.execute("SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM close_curriculum "
                       "GROUP BY level_id, stream_key) t")
        largest = cursor.fetchone()[0]
        if largest > MAX_CURRICULUM:
            raise ValueError(f"A curriculum has {largest} subjects; the close handles at most {MAX_CURRICULUM}.")
