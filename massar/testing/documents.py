"""Builders for documents tests: a class whose first semester is entered, published and closed (so report
cards exist), and a school certificate issued without rendering it (its reference, for pages and matrices)."""

from decimal import Decimal

from massar.documents.models import Document
from massar.documents.selectors import school_certificate_facts
from massar.documents.services import document_issue
from massar.students.models import Student

from .grades import Grades

# The marks of the class (student index → subject → (test 1, test 2)): distinct averages, so ranks are decided.
MARKS = {0: {"MATH": ("14,75", "15"), "PC": ("12", "13,5"), "SVT": ("16", "15,25"), "EN": ("11", "12")},
         1: {"MATH": ("10", "9,5"), "PC": ("8,25", "11"), "SVT": ("13", "12"), "EN": ("15", "14")},
         2: {"MATH": ("17", "18,5"), "PC": ("15", "16"), "SVT": ("9", "10"), "EN": ("13,5", "12")}}


def graded_class(world, *, publish: bool = True, close: bool = True) -> Grades:
    """class_a with three students (student_a first), every mark of semester 1 entered; published and closed
    unless told otherwise."""
    grades = Grades(world, extra_students=2)
    for index, student in enumerate(grades.students):
        for code, (first, second) in MARKS[index].items():
            grades.enter(code, student, 1, first)
            grades.enter(code, student, 2, second)
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
