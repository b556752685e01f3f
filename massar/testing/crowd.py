"""Builders for the query-count tests: a class with many subjects, every sheet published and both semesters
closed, and a school with many classes — enough rows that a read doing one query per subject, sheet, class or
assignment shows in the count. Marks are written in bulk (the services are not what these tests measure)."""

import datetime
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from massar.accounts.models import User
from massar.core.models import Semester
from massar.grades.close import semester_close
from massar.grades.models import AssessmentRule, GradeSheet, Mark, SheetStatus
from massar.grades.rules import grade_rules_seed_year
from massar.schools.models import School, SchoolClass, Subject, SubjectCoefficient
from massar.staff.models import Position
from massar.students.models import Student

from . import factories as make

# Twelve subjects of the reference table (MATH first: a rule of the level overrides it, as a ministry would).
SUBJECT_CODES = ["MATH", "PC", "SVT", "EN", "FR", "AR", "EI", "HG", "PHILO", "INFO", "EPS", "ES"]


@dataclass
class Crowd:
    school_class: SchoolClass
    students: list[Student]
    student: User  # the first student's account
    parent: User  # their parent's account
    semesters: list[Semester]


def crowded_class(*, subjects: int, students: int = 3) -> Crowd:
    """A 2BAC class of `students` students studying the first `subjects` of SUBJECT_CODES, with every sheet of
    both semesters published (students and parents see them) and both semesters closed."""
    school_class = make.school_class()
    year = school_class.school_year
    grade_rules_seed_year(school_year=year)
    codes = SUBJECT_CODES[:subjects]
    SubjectCoefficient.objects.filter(school_year=year, level=school_class.level, stream=school_class.stream).delete()
    chosen = {s.code: s for s in Subject.objects.filter(code__in=codes)}
    for n, code in enumerate(codes):
        SubjectCoefficient.objects.create(school_year=year, level=school_class.level, stream=school_class.stream,
                                          subject=chosen[code], continuous_coefficient=Decimal(1 + n % 5))
    # A rule of the level for MATH: the report must read it, not the subject's rule for the year.
    AssessmentRule.objects.update_or_create(school_year=year, subject=chosen["MATH"], level=school_class.level,
                                            defaults={"tests_count": 2, "tests_weight": Decimal("0.50"),
                                                      "activities_weight": Decimal("0.50")})
    pupils = [make.student(in_class=school_class, first_name_latin=f"Pupil{i}",
                           birth_date=datetime.date(2008, 1, 1) + timedelta(days=i)) for i in range(students)]
    semesters = list(year.semesters.order_by("number"))
    past = timezone.now() - timedelta(days=30)
    marks = []
    for term in semesters:
        for n, code in enumerate(codes):
            sheet = GradeSheet.objects.create(
                school_class=school_class, subject=chosen[code], semester=term, tests_count=3,
                status=SheetStatus.PUBLISHED, submitted_at=past, validated_at=past, published_at=past,
                parents_see_from=past)
            for i, pupil in enumerate(pupils):
                for slot in range(4):
                    value = Decimal(5 + (i * 7 + n * 3 + slot * 5 + term.number) % 15) + Decimal("0.25")
                    marks.append(Mark(sheet=sheet, student=pupil, slot=slot, value=value,
                                      absent=(i == 1 and slot == 2)))
    Mark.objects.bulk_create(marks)
    for term in semesters:
        semester_close(semester=term, schools=School.objects.filter(pk=school_class.school_id))
    student = make.account(pupils[0])
    parent = make.account(make.guardian(children=(pupils[0],)))
    return Crowd(school_class, pupils, student, parent, semesters)


def crowded_school(*, classes: int) -> tuple[School, User]:
    """A school of `classes` classes this year and its administrator's account."""
    school = make.school()
    year = make.school_year()
    for section in range(1, classes + 1):
        make.school_class(school_=school, section=section, year=year)
    return school, make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=school))


def busy_teacher(*, classes: int) -> User:
    """A teacher of `classes` classes, two subjects in each, with a sheet per class × subject × semester."""
    school = make.school()
    year = make.school_year()
    teacher = make.staff(position=Position.TEACHER, school_=school)
    semesters = list(year.semesters.all())
    for section in range(1, classes + 1):
        school_class = make.school_class(school_=school, section=section, year=year)
        for code in ("MATH", "PC"):
            assignment = make.teach(teacher=teacher, school_class=school_class, subject=code)
            for term in semesters:
                GradeSheet.objects.create(school_class=school_class, subject=assignment.subject, semester=term,
                                          tests_count=3, returned_comment="Check" if section % 2 else "")
    return make.account(teacher)
