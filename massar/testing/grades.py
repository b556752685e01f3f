"""A grades builder for tests: a class with a curriculum, a teacher for each subject and open sheets, and the
steps people take on them (enter a mark, publish, close)."""

import datetime
from decimal import Decimal

from massar.grades.close import CloseSummary, semester_close
from massar.grades.models import GradeSheet
from massar.grades.rules import grade_rules_seed_year
from massar.grades.services import (
    grade_sheet_open,
    grade_sheet_submit,
    grade_sheet_validate,
    grade_sheets_publish,
    mark_enter,
)
from massar.schools.models import School, SchoolClass, Subject, SubjectCoefficient
from massar.students.models import Student

from . import factories as make

SUBJECTS = {"MATH": Decimal(7), "PC": Decimal(7), "SVT": Decimal(5), "EN": Decimal(2)}
# A primary class (6th year): marks out of 10 (DOMAIN §5).
PRIMARY_SUBJECTS = {"AR": Decimal(3), "FR": Decimal(2), "MATH": Decimal(3)}


class Grades:
    """class_a of the world with a curriculum of SUBJECTS, a teacher for each, and open sheets for semester 1.
    With `primary=True`: a 6th-year primary class of the world's school instead (PRIMARY_SUBJECTS, marks out
    of 10), whose first student has an account (`student_account`)."""

    def __init__(self, world, extra_students: int = 3, *, primary: bool = False) -> None:
        self.world = world
        self.school_class = make.primary_class(school_=world.school) if primary else world.class_a
        self.subjects = PRIMARY_SUBJECTS if primary else SUBJECTS
        year = self.school_class.school_year
        grade_rules_seed_year(school_year=year)
        self.semester = year.semesters.get(number=1)
        SubjectCoefficient.objects.filter(school_year=year, level=self.school_class.level,
                                          stream=self.school_class.stream).delete()
        self.teacher = world.accounts["teacher"]
        self.admin = world.accounts["school_admin"]
        self.sheets: dict[str, GradeSheet] = {}
        for code, coefficient in self.subjects.items():
            subject = Subject.objects.get(code=code)
            SubjectCoefficient.objects.create(school_year=year, level=self.school_class.level,
                                              stream=self.school_class.stream, subject=subject,
                                              continuous_coefficient=coefficient)
            if primary or code != "MATH":  # the world's teacher already teaches MATH in class_a
                make.teach(teacher=self.teacher.staff_member, school_class=self.school_class, subject=code)
            self.sheets[code] = grade_sheet_open(school_class=self.school_class, subject=subject,
                                                 semester=self.semester)
        first = (make.student(in_class=self.school_class, birth_date=datetime.date(2014, 5, 2),
                              first_name_latin="Amine") if primary else world.student_a)
        self.student_account = make.account(first) if primary else world.accounts["student"]
        self.students: list[Student] = [first] + [
            make.student(in_class=self.school_class, first_name_latin=f"Pupil{i}") for i in range(extra_students)]

    def enter(self, code: str, student: Student, slot: int, value: object, absent: bool = False) -> None:
        mark_enter(sheet=self.sheets[code], student=student, slot=slot, value=value, absent=absent, actor=self.teacher)

    def publish(self, *codes: str) -> None:
        for code in codes:
            sheet = self.sheets[code]
            grade_sheet_submit(sheet=sheet, actor=self.teacher)
            grade_sheet_validate(sheet=sheet, actor=self.admin)
        grade_sheets_publish(sheets=[self.sheets[c] for c in codes], actor=self.admin)

    def close(self, **kwargs) -> CloseSummary:
        return semester_close(semester=self.semester, schools=School.objects.filter(pk=self.world.school.pk),
                              **kwargs)


def sheet_args(school_class: SchoolClass, subject: str = "MATH", semester: int = 1) -> dict:
    """The URL arguments of a class's sheet (class, subject code, semester number)."""
    return {"class_id": school_class.pk, "subject": subject, "semester": semester}


def the_sheet(world) -> GradeSheet:
    """class_a's MATH sheet of semester 1 (opened by the teacher's first visit)."""
    return GradeSheet.objects.get(school_class=world.class_a, subject__code="MATH", semester__number=1)


def grading_school() -> dict:
    """A class of two students (Alaoui, Bennani) with its MATH teacher, a school administrator with a confirmed
    second factor, and the accounts of the first student and their parent: the cast of the grades journeys."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from massar.staff.models import Position

    make.school_year()
    school_class = make.school_class()
    first = make.student(in_class=school_class, last_name_latin="Alaoui")
    second = make.student(in_class=school_class, last_name_latin="Bennani")
    teacher = make.staff(position=Position.TEACHER, school_=school_class.school)
    make.teach(teacher=teacher, school_class=school_class)
    admin = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=school_class.school))
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    parent = make.account(make.guardian(children=(first,)))
    return {"class": school_class, "first": first, "second": second, "teacher": make.account(teacher),
            "admin": admin, "device": device, "student": make.account(first), "parent": parent}
