"""Reads on grade sheets for the staff who fill and check them: a class's sheets, each student's cells, remark
and average, and the history of corrections."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from massar.core.models import Semester
from massar.schools.models import SchoolClass, Subject
from massar.students.models import EnrolmentStatus, Student

from .. import calculations as calc
from ..models import GradeSheet, Mark, MarkEvent, SheetResult, SheetStatus, SheetWithdrawal, StudentRemark
from .marks import sheet_row_average, weighting_for, year_rounding

# What publishing makes visible: validated sheets, and withdrawn ones published again.
PUBLISHABLE = (SheetStatus.VALIDATED, SheetStatus.WITHDRAWN)


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


@dataclass(frozen=True)
class ClassPublication:
    """What publishing a class would do: its sheets ready to publish (in subject order), how many students
    are enrolled in it, and how many of its sheets are not validated yet (publishing leaves them as they are)."""

    school_class: SchoolClass
    sheets: list[GradeSheet]
    students: int
    not_ready: int


def publication_plan(*, classes: QuerySet[SchoolClass], semester: Semester) -> list[ClassPublication]:
    """Per class of `classes` (in code order), what publishing would do: the confirmation page shows it and the
    publication publishes exactly the sheets it lists (read again at that moment)."""
    ordered = list(classes.annotate(enrolled=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ACTIVE),
                                                   distinct=True)).order_by("code", "pk"))
    by_class: dict[int, list[GradeSheet]] = {}
    not_ready: dict[int, int] = {}
    sheets = (GradeSheet.objects.filter(school_class__in=[c.pk for c in ordered], semester=semester)
              .select_related("subject").order_by("subject__code"))
    for sheet in sheets:
        if sheet.status in PUBLISHABLE:
            by_class.setdefault(sheet.school_class_id, []).append(sheet)
        elif sheet.status != SheetStatus.PUBLISHED:
            not_ready[sheet.school_class_id] = not_ready.get(sheet.school_class_id, 0) + 1
    return [ClassPublication(school_class=c, sheets=by_class.get(c.pk, []), students=c.enrolled,  # type: ignore[attr-defined]
                             not_ready=not_ready.get(c.pk, 0)) for c in ordered]


def sheet_students_without_marks(*, sheet: GradeSheet) -> int:
    """How many students active in the sheet's class have nothing entered on it (no mark, no absence)."""
    entered = Mark.objects.filter(sheet=sheet).filter(Q(value__isnull=False) | Q(absent=True)).values("student_id")
    return (Student.objects.filter(enrolments__school_class_id=sheet.school_class_id,
                                   enrolments__status=EnrolmentStatus.ACTIVE)
            .exclude(pk__in=entered).distinct().count())


def sheet_withdrawals(*, sheet: GradeSheet) -> QuerySet[SheetWithdrawal]:
    """The withdrawals of a sheet, as recorded (the latest last)."""
    return SheetWithdrawal.objects.filter(sheet=sheet).select_related("actor")


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
