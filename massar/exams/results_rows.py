"""A student's published results read by one constant SQL statement over one table: the database half of the
one read of a result (selectors.student_results), and of results day's misses (config/results_lane.py).

What a result shows of its session and candidate (the exam, the year, the level, when it was published, the
exam number) is written on it at publication (ExamResult.shown, publication.result_heading), so the read is
the student's rows of the results' own index, the session's state checked by its primary key, sorted here:
joining the session, its year and level and the candidate cost PostgreSQL more than the rows themselves, and
the ORM spent 1.8 ms of Python preparing that query on every read. The values are converted as the ORM's own
converters would (marks with their two decimals, the JSON decoded); `selectors.results_db` — the ORM's read
through the joins — is the reference it is tested against on SQLite and PostgreSQL.
"""

import json
from decimal import Decimal
from functools import cache
from typing import Any

from django.db import connection

from .models import ExamResult, ExamSession, SessionState

TWO_PLACES = Decimal("0.01")


@cache
def _statement(vendor: str) -> str:
    q = connection.ops.quote_name
    result, session = q(ExamResult._meta.db_table), q(ExamSession._meta.db_table)
    # Only the models' own table names are interpolated.
    return (f"SELECT r.shown, r.mark, r.decision, r.mention, r.explanation FROM {result} r "  # noqa: S608
            f"WHERE r.student_id = %s AND r.shown IS NOT NULL "
            f"AND EXISTS (SELECT 1 FROM {session} s WHERE s.id = r.session_id AND s.state = %s)")


def _json(value: Any) -> Any:
    # Django reads PostgreSQL's jsonb and SQLite's JSON as text.
    return json.loads(value) if isinstance(value, str | bytes) else value


def published_results_rows(student_id: int) -> list[dict[str, Any]]:
    """The student's results of published sessions, newest first (year, level, session), as plain data."""
    with connection.cursor() as cursor:
        cursor.execute(_statement(connection.vendor), [student_id, SessionState.PUBLISHED.value])
        rows = cursor.fetchall()
    results = []
    for shown, mark, decision, mention, explanation in rows:
        shown = _json(shown)
        results.append((shown["order"], {
            "session_id": shown["session_id"], "kind": shown["kind"], "session": shown["session"],
            "school_year": shown["school_year"], "level": shown["level"], "published_at": shown["published_at"],
            "exam_number": shown["exam_number"], "candidate_kind": shown["candidate_kind"],
            # SQLite keeps 13.00 as the integer 13: the field's two decimals, as the ORM gives them.
            "mark": None if mark is None else str(Decimal(str(mark)).quantize(TWO_PLACES)), "out_of": shown["out_of"],
            "decision": decision or None, "mention": mention or None, "explanation": _json(explanation)}))
    # Newest year first, then the higher level, the later session (and the later one of equals).
    return [result for _order, result in sorted(results, key=lambda pair: pair[0], reverse=True)]
