"""The annual average of many students as one SQL query (PostgreSQL), for a set-based reader of a whole year
(results day: exams/publication_sql.py): the same figure `annual_averages_for` reads in Python, from the same
stored rows, tested equal to it (tests/test_annual_average.py).

The query answers the exact value as a fraction of two exact numerics, numerator and denominator, so that its
reader rounds it once, where it decides: (S1 × w1 + S2 × w2) / (w1 + w2), the weights being the year's
(YearGradeRules, else 1 and 1). A student has a row only when both general averages are stored and up to date
(a rule changed since: the next close says the average), as `_annual` decides in Python."""

# `{students}` is a query answering the student ids asked for (one column); %(year)s the school year's id.
ANNUAL_AVERAGES_SQL = """
SELECT r1.student_id, r1.general_average * w.w1 + r2.general_average * w.w2 AS numerator, w.w1 + w.w2 AS denominator
FROM core_semester s1
JOIN grades_semesterresult r1 ON r1.semester_id = s1.id
JOIN core_semester s2 ON s2.school_year_id = s1.school_year_id AND s2.number = 2
JOIN grades_semesterresult r2 ON r2.semester_id = s2.id AND r2.student_id = r1.student_id
CROSS JOIN (SELECT COALESCE(MAX(g.first_semester_weight), 1) AS w1, COALESCE(MAX(g.second_semester_weight), 1) AS w2
            FROM grades_yeargraderules g WHERE g.school_year_id = %(year)s) w
WHERE s1.school_year_id = %(year)s AND s1.number = 1 AND r1.student_id IN ({students})
  AND r1.general_average IS NOT NULL AND r2.general_average IS NOT NULL
  AND r1.out_of_date_since IS NULL AND r2.out_of_date_since IS NULL
"""


def annual_averages_sql(*, students: str) -> str:
    """The query of (student_id, numerator, denominator) for the students `students` answers (SQL text, trusted:
    the caller's own query); parameter %(year)s is the school year's id."""
    return ANNUAL_AVERAGES_SQL.format(students=students)
