"""Students' and parents' reports kept in the cache (Redis in production), so that the busiest read of
results day costs a lookup, not a computation: the report is computed by the one report selector
(reports.py), and kept under a key made of who reads it and the stamps of what it was read from
(models.ReportStamp: the class's and the year's, changed by every write that changes a report, in the
database). A changed stamp is a new key; an entry also ends when the next sheet becomes visible to its reader
(`StudentYear.holds_until`: a parent's `parents_see_from`), and after `TIMEOUT` at most (names of subjects
and schools).

Only students and parents are served from the cache: what staff read depends on their scope, which changes
without a stamp. The key holds the reader's account, so an entry is only ever read by the account it was
computed for. The cache failing is a miss (config/cache.py): the report is computed as if there were none."""

from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from massar.accounts.models import User
from massar.core.models import SchoolYear
from massar.core.roles import Role
from massar.students.models import Enrolment, EnrolmentStatus

from ..models import ReportStamp
from ..report_stamps import CLASS, YEAR

TIMEOUT = 300  # seconds
VERSION = 1  # the shape of what is kept: change it with the shape of StudentYear


class Reading(NamedTuple):
    """What keys a kept report: the enrolment it is read in and the stamps of its class and year."""

    enrolment_id: int
    student_id: int
    status: str
    class_stamp: int
    year_stamp: int


def reader_cached(viewer: User) -> bool:
    return viewer.role in (Role.STUDENT, Role.PARENT)


# The enrolment a report is read in (as reports.ENROLMENT_ORDER: the active one, else the last) and the stamps
# of its class and year. Written as SQL: it is all a kept report costs, and the ORM spends several times the
# database's time building it. `{where}` is one of READINGS.
READING_SQL = """
SELECT e.id, e.student_id, e.status,
       (SELECT s.stamp FROM {stamps} s WHERE s.key = %(class)s || e.school_class_id),
       (SELECT s.stamp FROM {stamps} s WHERE s.key = %(year)s || e.school_year_id)
FROM {enrolments} e JOIN {years} y ON y.id = e.school_year_id
WHERE e.student_id = %(student)s AND {where}
ORDER BY CASE WHEN e.status = %(active)s THEN 0 ELSE 1 END, e.enrolled_on DESC
LIMIT 1
"""
READINGS = {
    "current": "e.status = %(active)s AND y.is_current",
    "year_id": "e.school_year_id = %(chosen)s",
    "year_label": "y.label = %(chosen)s",
}


def enrolment_reading(*, student_id: int, chosen: str, value: int | str | None = None) -> Reading | None:
    """The student's enrolment of the current year (`chosen="current"`), or of the year with id or label
    `value` (`"year_id"`, `"year_label"`), with the stamps of its class and school year, in one small query."""
    sql = READING_SQL.format(stamps=ReportStamp._meta.db_table, enrolments=Enrolment._meta.db_table,
                             years=SchoolYear._meta.db_table, where=READINGS[chosen])
    with connection.cursor() as cursor:
        cursor.execute(sql, {"class": CLASS, "year": YEAR, "student": student_id, "active": EnrolmentStatus.ACTIVE,
                             "chosen": value})
        row = cursor.fetchone()
    if row is None:
        return None
    pk, student, status, class_stamp, year_stamp = row
    return Reading(pk, student, status, class_stamp or 0, year_stamp or 0)


def report_key(*, viewer: User, reading: Reading, terms: str) -> str:
    """The key of the semesters `terms` read by `viewer` in the enrolment of `reading`, with its stamps."""
    return (f"grades:year:{VERSION}:{viewer.pk}:{viewer.role}:{reading.student_id}:{reading.enrolment_id}:"
            f"{reading.status}:{reading.class_stamp}:{reading.year_stamp}:{terms}")


def kept_year(key: str) -> Any:
    return cache.get(key)


def keep_year(key: str, value: Any, *, holds_until: datetime | None) -> None:
    """Keep `value` (a StudentYear, or a rendering of one) under `key` until `holds_until` (a sheet becomes
    visible to its reader), `TIMEOUT` at most."""
    timeout = TIMEOUT
    if holds_until is not None:
        timeout = min(timeout, int((holds_until - timezone.now()) / timedelta(seconds=1)))
    if timeout > 0:
        cache.set(key, value, timeout)
