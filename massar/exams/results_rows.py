"""A student's published results read by one constant SQL statement: the database half of the one read of a
result (selectors.student_results), and of results day's misses (config/results_lane.py).

The ORM spent 1.8 ms of Python preparing this five-table query on every read, ten times what PostgreSQL
spends answering it; written once, it costs the statement's round trip. The values are converted as the
ORM's own converters would (marks with their two decimals, times aware in UTC, the explanation decoded), and
`selectors.results_db` — the ORM's read — is the reference it is tested against on SQLite and PostgreSQL.
"""

import datetime
import json
from decimal import Decimal
from functools import cache
from typing import Any

from django.db import connection
from django.utils.dateparse import parse_datetime

from massar.core.models import SchoolYear
from massar.schools.models import Level

from .models import Candidate, ExamResult, ExamSession, SessionState

TWO_PLACES = Decimal("0.01")


@cache
def _statement(vendor: str) -> str:
    q = connection.ops.quote_name
    result, session, year, level, candidate = (q(model._meta.db_table) for model in (
        ExamResult, ExamSession, SchoolYear, Level, Candidate))
    # Only the models' own table names are interpolated.
    return (f"SELECT s.id, s.kind, s.number, y.label, l.code, s.published_at, c.exam_number, c.kind, "  # noqa: S608
            f"r.mark, s.out_of, r.decision, r.mention, r.explanation "
            f"FROM {result} r JOIN {session} s ON s.id = r.session_id "
            f"JOIN {year} y ON y.id = s.school_year_id JOIN {level} l ON l.id = s.level_id "
            f"JOIN {candidate} c ON c.id = r.candidate_id "
            f"WHERE r.student_id = %s AND s.state = %s "
            f"ORDER BY y.starts_on DESC, l.{q('order')} DESC, s.number DESC, s.id DESC")


def _aware(value: datetime.datetime | str) -> datetime.datetime:
    # SQLite gives the text Django stored (naive, UTC); PostgreSQL an aware datetime.
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is None:
        raise ValueError(f"not a time: {value!r}")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=datetime.UTC)


def published_results_rows(student_id: int) -> list[dict[str, Any]]:
    """The student's results of published sessions, newest first (year, level, session), as plain data."""
    with connection.cursor() as cursor:
        cursor.execute(_statement(connection.vendor), [student_id, SessionState.PUBLISHED.value])
        rows = cursor.fetchall()
    return [{"session_id": session_id, "kind": kind, "session": number, "school_year": year, "level": level,
             "published_at": _aware(published_at).isoformat() if published_at else None,
             "exam_number": exam_number, "candidate_kind": candidate_kind,
             # SQLite keeps 13.00 as the integer 13: the field's two decimals, as the ORM gives them.
             "mark": None if mark is None else str(Decimal(str(mark)).quantize(TWO_PLACES)), "out_of": out_of,
             "decision": decision or None, "mention": mention or None,
             "explanation": json.loads(explanation) if isinstance(explanation, str | bytes) else explanation}
            for (session_id, kind, number, year, level, published_at, exam_number, candidate_kind, mark, out_of,
                 decision, mention, explanation) in rows]
