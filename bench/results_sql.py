"""The results benchmark's realistic set-up and its baseline: every component of the bac mark present (the
continuous assessment, the 1BAC regional exam, the national exam), and ONE hand-written SQL statement computing
the same final marks for a whole session — the floor a set-based publication could reach — checked against the
stored results.

The set-up writes, for the 2BAC students of the current year that lack them, two closed semester results (a
general average each, as a close stores it) and a locked regional exam with marked copies; it never replaces
what a real close or a real exam wrote."""

import random
import time
from decimal import Decimal

from django.db import connection
from django.utils import timezone

RNG = random.Random(11)  # noqa: S311 -- deterministic marks, not a secret


def _mark(low: int = 400, high: int = 1900) -> Decimal:
    return Decimal(RNG.randint(low, high)) / 100


def continuous_assessment(*, year, student_classes: dict[int, int]) -> int:
    """Both semesters' general averages of each student (id → class id) that has none this year."""
    from massar.core.models import Semester
    from massar.grades.models import SemesterResult

    semesters = list(Semester.objects.filter(school_year=year).order_by("number"))
    have = set(SemesterResult.objects.filter(semester__in=semesters, student_id__in=list(student_classes))
               .values_list("semester_id", "student_id"))
    now = timezone.now()
    rows = [SemesterResult(semester=semester, school_class_id=class_id, student_id=student_id,
                           general_average=_mark(), closed_at=now)
            for student_id, class_id in student_classes.items() for semester in semesters
            if (semester.pk, student_id) not in have]
    SemesterResult.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def regional_exam(*, year, candidates) -> int:
    """A locked 1BAC regional session of `year` in which each national candidate without one sat the papers of
    their stream's regional exam (REGIONAL_STREAM_OF), marked at random."""
    from massar.exams.models import Candidate, Copy, ExamKind, ExamSession, SessionState
    from massar.exams.rules import REGIONAL_STREAM_OF
    from massar.exams.services import exam_session_open

    session = (ExamSession.objects.filter(school_year=year, kind=ExamKind.BAC_REGIONAL, number=1).first()
               or exam_session_open(school_year=year, kind=ExamKind.BAC_REGIONAL))
    papers: dict[str | None, list] = {}
    for paper in session.papers.select_related("stream"):
        papers.setdefault(paper.stream.code if paper.stream else None, []).append(paper)
    sat = set(Candidate.objects.filter(session__kind=ExamKind.BAC_REGIONAL, student__in=[c.student_id for c in candidates])
              .values_list("student_id", flat=True))
    fresh = [c for c in candidates if c.student_id not in sat]
    made = Candidate.objects.bulk_create(
        Candidate(session=session, student_id=c.student_id, kind=c.kind, exam_number=f"R{session.pk:03d}{n:08d}",
                  stream_id=c.stream_id, school_id=c.school_id, academy_id=c.academy_id)
        for n, c in enumerate(fresh, start=1))
    streams = {c.pk: c.stream.code if c.stream else None for c in fresh}
    copies = []
    for regional, national in zip(made, fresh, strict=True):
        own = papers.get(REGIONAL_STREAM_OF.get(streams[national.pk] or "", ""), []) + papers.get(None, [])
        copies += [Copy(paper=paper, candidate=regional, anonymous_number=f"{regional.pk:08d}{index:02d}",
                        mark=_mark(300, 1950)) for index, paper in enumerate(own)]
    Copy.objects.bulk_create(copies, batch_size=5000)
    session.state = SessionState.LOCKED
    session.save(update_fields=["state"])
    return len(made)


# The bac's final mark of every school candidate of a session, as publication.py computes it: the annual
# average (both stored general averages, the year's semester weights), the latest locked regional exam, this
# session's national exam (each the coefficient-weighted mean of its copies; none while a copy has no mark),
# weighted by the year's rules and rounded once to two decimals (half up: ROUND on a positive numeric).
FINAL_MARKS = """
WITH rules AS (
    SELECT continuous_weight AS cw, regional_weight AS rw, national_weight AS nw FROM exams_resultrules
    WHERE school_year_id = %(year)s AND level_id = %(level)s AND candidate_kind = 'school'),
terms AS (
    SELECT COALESCE(MAX(first_semester_weight), 1) AS w1, COALESCE(MAX(second_semester_weight), 1) AS w2
    FROM grades_yeargraderules WHERE school_year_id = %(year)s),
exam_marks AS (
    SELECT cp.candidate_id, SUM(cp.mark * p.coefficient) / SUM(p.coefficient) AS mark,
           BOOL_OR(cp.mark IS NULL) AS incomplete
    FROM exams_copy cp JOIN exams_exampaper p ON p.id = cp.paper_id
    JOIN exams_candidate c ON c.id = cp.candidate_id
    WHERE c.student_id IN (SELECT student_id FROM exams_candidate WHERE session_id = %(session)s)
    GROUP BY cp.candidate_id),
regional AS (
    SELECT DISTINCT ON (c.student_id) c.student_id, CASE WHEN m.incomplete THEN NULL ELSE m.mark END AS mark
    FROM exams_candidate c JOIN exams_examsession s ON s.id = c.session_id
    JOIN core_schoolyear y ON y.id = s.school_year_id JOIN exam_marks m ON m.candidate_id = c.id
    WHERE s.kind = 'bac_regional' AND s.number = 1 AND s.state IN ('locked', 'published')
      AND y.starts_on <= (SELECT starts_on FROM core_schoolyear WHERE id = %(year)s)
    ORDER BY c.student_id, y.starts_on DESC, c.id DESC),
annual AS (
    SELECT r1.student_id, (r1.general_average * terms.w1 + r2.general_average * terms.w2) / (terms.w1 + terms.w2)
           AS mark
    FROM grades_semesterresult r1 JOIN core_semester s1 ON s1.id = r1.semester_id AND s1.number = 1
    JOIN grades_semesterresult r2 ON r2.student_id = r1.student_id
    JOIN core_semester s2 ON s2.id = r2.semester_id AND s2.number = 2 AND s2.school_year_id = s1.school_year_id
    CROSS JOIN terms
    WHERE s1.school_year_id = %(year)s AND r1.general_average IS NOT NULL AND r2.general_average IS NOT NULL
      AND r1.out_of_date_since IS NULL AND r2.out_of_date_since IS NULL)
SELECT c.id, ROUND(rules.cw * a.mark + rules.rw * r.mark
                   + rules.nw * CASE WHEN n.incomplete THEN NULL ELSE n.mark END, 2)
FROM exams_candidate c CROSS JOIN rules
LEFT JOIN exam_marks n ON n.candidate_id = c.id
LEFT JOIN regional r ON r.student_id = c.student_id
LEFT JOIN annual a ON a.student_id = c.student_id
WHERE c.session_id = %(session)s AND c.kind = 'school'
"""


def final_marks_sql(session) -> tuple[dict[int, Decimal | None], float]:
    """Each school candidate's final mark by one SQL statement, and its seconds."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(FINAL_MARKS, {"year": session.school_year_id, "level": session.level_id,
                                     "session": session.pk})
        marks = dict(cursor.fetchall())
    return marks, time.perf_counter() - started


def agreement(session, marks: dict[int, Decimal | None]) -> tuple[int, int, int]:
    """(stored results equal to the SQL's mark, stored results compared, of which with a mark)."""
    from massar.exams.models import ExamResult

    stored = dict(ExamResult.objects.filter(session=session, candidate_id__in=list(marks))
                  .values_list("candidate_id", "mark"))
    same = sum(1 for candidate, mark in stored.items() if mark == marks.get(candidate))
    return same, len(stored), sum(1 for mark in stored.values() if mark is not None)
