"""Changing the stamps that key the students' cached reports (models.ReportStamp). Every write that changes
what a student or a parent reads of a report calls one of these in its own transaction, after its writes:
publication, withdrawal, correction (services.py), the close (close/__init__.py), a rule change
(rule_changes.py). A reader reads the stamps before the data, so a report read while the write commits is kept
under the old stamps, never under the new ones. Marks of a sheet being entered change no stamp: nobody but
staff reads them, and staff reads are not cached."""

import secrets
from collections.abc import Iterable

from django.db.models import QuerySet

from massar.core.models import SchoolYear
from massar.schools.models import SchoolClass
from massar.students.models import Enrolment, EnrolmentStatus

from .models import ReportStamp

CLASS, YEAR = "c", "y"  # a stamp's key: the prefix and the row's id


def class_stamp_key(class_id: int) -> str:
    return f"{CLASS}{class_id}"


def year_stamp_key(school_year_id: int) -> str:
    return f"{YEAR}{school_year_id}"


def _stamp(keys: Iterable[str]) -> None:
    stamp = secrets.randbits(62)
    # Sorted: two transactions stamping overlapping rows take their locks in the same order (no deadlock).
    rows = [ReportStamp(key=key, stamp=stamp) for key in sorted(set(keys))]
    ReportStamp.objects.bulk_create(rows, batch_size=2000, update_conflicts=True, unique_fields=["key"],
                                    update_fields=["stamp"])


def class_reports_changed(*, classes: QuerySet[SchoolClass] | Iterable[int]) -> None:
    """The reports read in these classes changed, and those of their students wherever they are now: a
    student's report also shows the results of a class they left during the year."""
    chosen: QuerySet[SchoolClass] | list[int]
    if isinstance(classes, QuerySet):
        chosen = classes
        ids = set(classes.values_list("pk", flat=True))
    else:
        chosen = list(classes)
        ids = set(chosen)
    if not ids:
        return
    students = Enrolment.objects.filter(school_class__in=chosen).values("student_id")
    ids |= set(Enrolment.objects.filter(student_id__in=students, status=EnrolmentStatus.ACTIVE)
               .values_list("school_class_id", flat=True).distinct())
    _stamp(class_stamp_key(pk) for pk in ids)


def year_reports_changed(*, school_year_id: int) -> None:
    """Every report of the year changed (a close of every school, a rule of the year)."""
    _stamp([year_stamp_key(school_year_id)])


def every_report_changed() -> None:
    """Every report of every year changed (data written in bulk by the demo seed or the national generator): a
    report kept from an earlier database with the same ids is never read again."""
    _stamp(year_stamp_key(pk) for pk in SchoolYear.objects.values_list("pk", flat=True))
