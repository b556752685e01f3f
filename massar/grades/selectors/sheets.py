"""Reads on a grade sheet for the staff who fill and check it: each student's cells, remark and average."""

from dataclasses import dataclass, field
from decimal import Decimal

from massar.students.models import Student

from .. import calculations as calc
from ..models import GradeSheet, Mark, StudentRemark
from .marks import sheet_row_average, weighting_for, year_rounding


@dataclass
class SheetRow:
    """One student's row of a sheet: their marks by slot, their remark and their average (decided)."""

    student: Student
    marks: dict[int, Mark] = field(default_factory=dict)
    remark: str = ""
    average: Decimal | None = None


def sheet_row_average_shown(*, sheet: GradeSheet, marks: dict[int, Mark]) -> Decimal | None:
    """A student's subject average on this sheet as people read it: exact, then decided with the year's
    rounding (the same figure the student's report and the API show)."""
    average = sheet_row_average(marks, sheet.tests_count,
                                weighting_for(school_class=sheet.school_class, subject=sheet.subject))
    return None if average is None else calc.decide(
        average, rounding=year_rounding(school_year_id=sheet.school_class.school_year_id))


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
