"""Builders for documents tests: a class whose first semester is entered, published and closed (so report
cards exist), and a school certificate issued without rendering it (its reference, for pages and matrices)."""

from decimal import Decimal

from massar.documents.models import Document
from massar.documents.selectors import school_certificate_facts
from massar.documents.services import document_issue
from massar.grades.services import remark_set
from massar.students.models import Student

from .grades import Grades

# The marks of the class (student index → subject → (test 1, test 2)): distinct averages, so ranks are decided.
MARKS = {0: {"MATH": ("14,75", "15"), "PC": ("12", "13,5"), "SVT": ("16", "15,25"), "EN": ("11", "12")},
         1: {"MATH": ("10", "9,5"), "PC": ("8,25", "11"), "SVT": ("13", "12"), "EN": ("15", "14")},
         2: {"MATH": ("17", "18,5"), "PC": ("15", "16"), "SVT": ("9", "10"), "EN": ("13,5", "12")}}


REMARK = "Bon travail, continuez"  # the PC teacher's remark on the first student's row


def graded_class(world, *, publish: bool = True, close: bool = True) -> Grades:
    """class_a with three students (student_a first), every mark of semester 1 entered, a remark on the first
    student's PC row; published and closed unless told otherwise."""
    grades = Grades(world, extra_students=2)
    for index, student in enumerate(grades.students):
        for code, (first, second) in MARKS[index].items():
            grades.enter(code, student, 1, first)
            grades.enter(code, student, 2, second)
    remark_set(sheet=grades.sheets["PC"], student=grades.students[0], text=REMARK, actor=grades.teacher)
    if publish:
        grades.publish(*grades.sheets)
        if close:
            grades.close()
    return grades


def certificate_issued(student: Student) -> Document:
    """A school certificate of `student` (enrolled this year), as the administration would issue it."""
    facts = school_certificate_facts(student=student)
    enrolment = student.enrolments.select_related("school_class__school", "school_class__school_year").get(
        status="active", school_year__is_current=True)
    return document_issue(kind="school_certificate", student=student, school=enrolment.school_class.school,
                          school_year=enrolment.school_class.school_year, semester=None, facts=facts, actor=None)


def decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


# Semester 2: every student a little better in every subject (test 1, test 2).
SECOND_MARKS = ("15", "16,5")


def close_second_semester(grades: Grades) -> None:
    """The second semester of the same class entered, published and closed (for the annual report card)."""
    from massar.grades.close import semester_close
    from massar.grades.services import (
        grade_sheet_open,
        grade_sheet_submit,
        grade_sheet_validate,
        grade_sheets_publish,
        mark_enter,
    )
    from massar.schools.models import School, Subject

    second = grades.school_class.school_year.semesters.get(number=2)
    sheets = [grade_sheet_open(school_class=grades.school_class, subject=Subject.objects.get(code=code),
                               semester=second) for code in grades.subjects]
    for sheet in sheets:
        for student in grades.students:
            for slot, value in enumerate(SECOND_MARKS, start=1):
                mark_enter(sheet=sheet, student=student, slot=slot, value=value, absent=False, actor=grades.teacher)
        grade_sheet_submit(sheet=sheet, actor=grades.teacher)
        grade_sheet_validate(sheet=sheet, actor=grades.admin)
    grade_sheets_publish(sheets=sheets, actor=grades.admin)
    semester_close(semester=second, schools=School.objects.filter(pk=grades.world.school.pk))


def absences_recorded(world, semester) -> None:
    """student_a's school life in `semester`: three hours absent (the first justified by the administration),
    one late arrival of ten minutes; and an absence of student_b, which is not theirs."""
    from massar.attendance.models import Absence, Justification, Kind
    from massar.attendance.services import absence_decide

    day = semester.starts_on.replace(day=20)
    rows = [Absence.objects.create(student=world.student_a, school_class=world.class_a, date=day, slot=slot,
                                   kind=Kind.ABSENT) for slot in (1, 2, 3)]
    Absence.objects.create(student=world.student_a, school_class=world.class_a, date=day, slot=4, kind=Kind.LATE,
                           minutes_late=10)
    Absence.objects.create(student=world.student_b, school_class=world.student_b.enrolments.first().school_class,
                           date=day, slot=1, kind=Kind.ABSENT)
    absence_decide(actor=world.accounts["school_admin"], absence=rows[0], justification=Justification.JUSTIFIED)


COUNCIL_REMARK = "Travail sérieux, félicitations du conseil"


def year_decision_recorded(grades: Grades, *, published: bool):
    """student_a's end-of-year decision of the class council (promoted, with a remark), published or not. The
    world's class is a 2BAC class, whose certifying exam decides: the row is written as the council's page
    would leave it, for the annual card to read."""
    from django.utils import timezone

    from massar.exams.models import YearDecision, YearOutcome

    return YearDecision.objects.create(
        student=grades.world.student_a, school_year=grades.school_class.school_year, school_class=grades.school_class,
        annual_average=None, proposed=YearOutcome.PROMOTED, decision=YearOutcome.PROMOTED, remark=COUNCIL_REMARK,
        published_at=timezone.now() if published else None)
