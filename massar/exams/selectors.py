"""Reads on exams: a student's published results (one indexed lookup, cached: what students and parents read on
results day), the exam calendar of a level, and the result rules of a year.

`student_results` is the one read of a result for the pages and the API. It answers from the shared cache
(Redis in production) when it can, else from the database, one query on the (student, session) index, and
fills the cache, with the generation it saw before reading; a cache that is down is an empty cache (config/cache.py), so the database
answers. A publication outdates every cached result when it commits (results_cache.py)."""

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from massar.core.models import SchoolYear
from massar.schools.models import Level
from massar.students.models import Student

from . import calculations as calc
from .models import CandidateKind, ExamResult, ExamSession, ResultRules, SessionState
from .results_cache import results_cache_key, results_keep, results_kept
from .results_rows import published_results_rows
from .rules import SEEDED_RULES


def _result_data(row: ExamResult) -> dict[str, Any]:
    session = row.session
    return {"session_id": session.pk, "kind": session.kind, "session": session.number,
            "school_year": session.school_year.label, "level": session.level.code,
            "published_at": session.published_at.isoformat() if session.published_at else None,
            "exam_number": row.candidate.exam_number, "candidate_kind": row.candidate.kind,
            "mark": None if row.mark is None else str(row.mark), "out_of": session.out_of,
            "decision": row.decision or None, "mention": row.mention or None, "explanation": row.explanation}


def student_results(*, student: Student) -> list[dict[str, Any]]:
    """`student`'s results of published sessions, newest first, as plain data (marks as decimal text). The
    caller has checked that the viewer may see `student` (students_visible_to): results have no other rule
    than publication, which parents and students reach at the same moment."""
    key = results_cache_key(student.pk)
    cached, generation = results_kept(key)
    if cached is not None:
        return cached
    results = published_results_rows(student.pk)
    results_keep(key, results, generation)
    return results


def results_db(*, student: Student) -> list[dict[str, Any]]:
    """The same read through the ORM, without the cache: the reference the one statement
    (results_rows.published_results_rows) is tested against, and the benchmark's."""
    rows = (ExamResult.objects.filter(student=student, session__state=SessionState.PUBLISHED)
            .select_related("session__school_year", "session__level", "candidate")
            .order_by("-session__school_year__starts_on", "-session__level__order", "-session__number",
                      "-session_id"))
    return [_result_data(row) for row in rows]


def exam_calendar(*, school_year: SchoolYear, level: Level) -> QuerySet[ExamSession]:
    """The sessions of a level in a year with their papers' dates: what students and parents are told of where
    a result comes from and when it appears."""
    return (ExamSession.objects.filter(school_year=school_year, level=level)
            .select_related("academy", "directorate", "school").prefetch_related("papers__subject", "papers__stream")
            .order_by("starts_on", "kind", "number"))


def result_rules_for(*, school_year: SchoolYear | None, level_code: str, candidate_kind: str) -> calc.Rules:
    """The result rules of `level_code` for `candidate_kind` in `school_year`: that year's row, else the latest
    earlier year's, else the seeded defaults (rules.SEEDED_RULES) — so a year whose rules the ministry has
    not set yet computes as the year before."""
    rows = ResultRules.objects.filter(level__code=level_code, candidate_kind=candidate_kind)
    if school_year is not None:
        rows = rows.filter(school_year__starts_on__lte=school_year.starts_on)
    row = rows.order_by("-school_year__starts_on").first()
    if row is None:
        fields = SEEDED_RULES.get((level_code, CandidateKind(candidate_kind)))
        if fields is None:
            raise LookupError(f"no result rules for {level_code} {candidate_kind}")
        row = ResultRules(**{"admission_threshold": Decimal(10), **fields})
    return row.as_rules()
