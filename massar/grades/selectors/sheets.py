"""Reads on grade sheets for the staff who fill and check them: a class's sheets, each student's cells, remark
and average, and the history of corrections."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet

from massar.core.models import Semester
from massar.schools.models import SchoolClass, Subject
from massar.students.models import Student

from .. import calculations as calc
from ..models import GradeSheet, Mark, MarkEvent, SheetResult, StudentRemark
from .marks import sheet_row_average, weighting_for, year_rounding


@dataclass
class SheetRow:
    """One student's row of a sheet: their marks by slot, their remark and their average (decided)."""

    student: Student
    marks: dict[int, Mark] = field(default_factory=dict)
    remark: str = ""
    average: Decimal | None = None


def class_sheets(*, school_class: SchoolClass, semester: Semester) -> dict[int, GradeSheet]:
    """The class's sheets of a semester, by subject id; each says whether its stored results are out of date
    (`results_out_of_date`: a rule changed since the close, rule_changes.py)."""
    out_of_date = SheetResult.objects.filter(sheet=OuterRef("pk"), out_of_date_since__isnull=False)
    return {sheet.subject_id: sheet for sheet in GradeSheet.objects.filter(school_class=school_class,
                                                                           semester=semester)
            .annotate(results_out_of_date=Exists(out_of_date)).select_related("subject")}


def class_sheet(*, school_class: SchoolClass, subject: Subject, semester: Semester) -> GradeSheet | None:
    """The sheet of a class × subject × semester, if it was opened."""
    return GradeSheet.objects.filter(school_class=school_class, subject=subject, semester=semester).first()


def classes_sheets(*, classes: QuerySet[SchoolClass], semester: Semester) -> QuerySet[GradeSheet]:
    return GradeSheet.objects.filter(school_class__in=classes, semester=semester)


def sheet_events(*, sheet: GradeSheet) -> QuerySet[MarkEvent]:
    """The corrections of a sheet after submission, as recorded."""
    return MarkEvent.objects.filter(sheet=sheet).select_related("student", "actor")


def student_row_average(*, sheet: GradeSheet, student: Student) -> Decimal | None:
    """A student's subject average on this sheet as people read it: exact, then decided with the year's
    rounding (the same figure the student's report and the API show)."""
    return sheet_rows(sheet=sheet, students=[student])[0].average


def sheet_rows(*, sheet: GradeSheet, students: list[Student]) -> list[SheetRow]:
    """The rows of `sheet` for `students` (a sheet not yet saved has no marks)."""
    marks: dict[int, dict[int, Mark]] = {}
    for mark in Mark.objects.filter(sheet=sheet) if sheet.pk else []:
        marks.setdefault(mark.student_id, {})[mark.slot] = mark
    remarks = dict(StudentRemark.objects.filter(sheet=sheet).values_list("student_id", "text")) if sheet.pk else {}
    weighting = weighting_for(school_class=sheet.school_class, subject=sheet.subject)
    rounding = year_rounding(school_year_id=sheet.school_class.school_year_id)
    rows = []
    for student in students:
        own = marks.get(student.pk, {})
        average = sheet_row_average(own, sheet.tests_count, weighting)
        rows.append(SheetRow(student, own, remarks.get(student.pk, ""),
                             None if average is None else calc.decide(average, rounding=rounding)))
    return rows
