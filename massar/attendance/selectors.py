"""Reads of attendance and behaviour: the totals per semester (the one selector every page, the API and the
report card read), a student's absences in a period, a class's day by slot, a roll call's marks.

Each takes the rows the caller may see (`absences`: a scope from scopes.py) or reads for a student already
found in the caller's scope, and reads a fixed number of queries whatever the number of rows."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from massar.core.models import Semester
from massar.schools.models import SchoolClass
from massar.students.models import Student

from .models import Absence, BehaviourEntry, Justification, Kind


@dataclass(frozen=True)
class AbsenceTotals:
    """A student's attendance over a semester, counted in hourly slots: absences justified and not (those not
    yet decided count as unjustified until the administration justifies them), lateness and its minutes."""

    justified: int = 0
    unjustified: int = 0
    lateness: int = 0
    minutes_late: int = 0

    @property
    def absences(self) -> int:
        return self.justified + self.unjustified


def absence_totals_for(*, student_ids: Iterable[int], semester: Semester) -> dict[int, AbsenceTotals]:
    """The totals of many students in one query (a class's report cards)."""
    rows = (Absence.objects.filter(student_id__in=list(student_ids), date__gte=semester.starts_on,
                                   date__lte=semester.ends_on)
            .values("student_id")
            .annotate(justified_count=Count("pk", filter=Q(kind=Kind.ABSENT,
                                                           justification=Justification.JUSTIFIED)),
                      unjustified_count=Count("pk", filter=Q(kind=Kind.ABSENT)
                                              & ~Q(justification=Justification.JUSTIFIED)),
                      lateness_count=Count("pk", filter=Q(kind=Kind.LATE)),
                      minutes_sum=Sum("minutes_late", filter=Q(kind=Kind.LATE))))
    return {row["student_id"]: AbsenceTotals(row["justified_count"], row["unjustified_count"], row["lateness_count"],
                                             row["minutes_sum"] or 0) for row in rows}


def student_absence_totals(*, student: Student, semester: Semester) -> AbsenceTotals:
    """The one figure of a student's absences in a semester: the student's and parent's spaces, the staff
    student file, the API and the report card read it here. `student` comes from the caller's scope."""
    return absence_totals_for(student_ids=[student.pk], semester=semester).get(student.pk, AbsenceTotals())


def semesters_of_year(school_year_id: int) -> list[Semester]:
    return list(Semester.objects.filter(school_year_id=school_year_id).select_related("school_year")
                .order_by("number"))


def student_semester_totals(*, student: Student, school_year_id: int) -> list[tuple[Semester, AbsenceTotals]]:
    """Each semester of the year with the student's totals (two queries)."""
    semesters = semesters_of_year(school_year_id)
    return [(semester, student_absence_totals(student=student, semester=semester)) for semester in semesters]


def year_absence_totals(semester_totals: Iterable[tuple[Semester, AbsenceTotals]]) -> AbsenceTotals:
    """The year's totals: the sum of its semesters' (`student_semester_totals`), the year row of the school-life
    page and the annual report card's figures."""
    rows = [totals for _semester, totals in semester_totals]
    return AbsenceTotals(sum(t.justified for t in rows), sum(t.unjustified for t in rows),
                         sum(t.lateness for t in rows), sum(t.minutes_late for t in rows))


def student_year_absence_totals(*, student: Student, school_year_id: int) -> AbsenceTotals:
    """The one figure of a student's absences in a school year (the annual report card reads it here)."""
    return year_absence_totals(student_semester_totals(student=student, school_year_id=school_year_id))


def student_absences(*, absences: QuerySet[Absence], student: Student, start: datetime.date | None = None,
                     end: datetime.date | None = None) -> list[Absence]:
    rows = absences.filter(student=student)
    if start is not None:
        rows = rows.filter(date__gte=start)
    if end is not None:
        rows = rows.filter(date__lte=end)
    return list(rows.select_related("school_class", "roll_call__subject").order_by("-date", "slot"))


def student_behaviour(*, entries: QuerySet[BehaviourEntry], student: Student) -> list[BehaviourEntry]:
    return list(entries.filter(student=student).select_related("author").order_by("-date", "-recorded_at"))


def class_day(*, absences: QuerySet[Absence], school_class: SchoolClass, on: datetime.date
              ) -> dict[tuple[int, int], Absence]:
    """(student id, slot) → the absence or lateness of that day, for the class's daily grid."""
    return {(a.student_id, a.slot): a for a in absences.filter(school_class=school_class, date=on)}


def session_marks(*, school_class_id: int, on: datetime.date, slot: int) -> dict[int, Absence]:
    """Student id → their absence or lateness in one session (the roll call page shows what was sent)."""
    return {a.student_id: a for a in Absence.objects.filter(school_class_id=school_class_id, date=on, slot=slot)}
