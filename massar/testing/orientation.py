"""An orientation builder for tests: a common-core (TC science) class in the world's lycée whose student ranks
wishes among the 1BAC streams of their school, an open national window, offers with capacities, published
formulas, and the published annual marks that give the student a score."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from massar.accounts.models import User
from massar.core.models import SchoolYear
from massar.grades.rules import grade_rules_seed_year
from massar.grades.services import (
    grade_sheet_open,
    grade_sheet_submit,
    grade_sheet_validate,
    grade_sheets_publish,
    mark_enter,
)
from massar.orientation.models import (
    OrientationPoint,
    OrientationWindow,
    ScoringFormula,
    ScoringWeight,
    StreamOffer,
)
from massar.schools.models import Academy, Level, School, SchoolClass, Stream, Subject, SubjectCoefficient
from massar.staff.models import Position
from massar.students.models import Student

from . import factories as make

# The TC science curriculum of the tests (subject: coefficient).
TC_SUBJECTS = {"MATH": Decimal(4), "PC": Decimal(3), "SVT": Decimal(3)}


def ministry() -> User:
    return User.objects.filter(role="ministry_officer").first() or make.account(role="ministry_officer")


def window(*, from_level: str = "TC", to_level: str = "1BAC", academy: Academy | None = None,
           opens_at: datetime.datetime | None = None, closes_at: datetime.datetime | None = None,
           max_wishes: int = 5, year: SchoolYear | None = None,
           point: str = OrientationPoint.AFTER_TC) -> OrientationWindow:
    """A window, open from yesterday to in a week unless told."""
    now = timezone.now()
    opens_at = opens_at or now - datetime.timedelta(days=1)
    return OrientationWindow.objects.create(
        school_year=year or make.school_year(), point=point, from_level=Level.objects.get(code=from_level),
        to_level=Level.objects.get(code=to_level), academy=academy, opens_at=opens_at,
        closes_at=closes_at or max(opens_at, now) + datetime.timedelta(days=7), max_wishes=max_wishes,
        opened_by=ministry())


def offer(school: School, stream: str, *, level: str = "1BAC", capacity: int = 30,
          year: SchoolYear | None = None) -> StreamOffer:
    return StreamOffer.objects.create(school_year=year or make.school_year(), school=school,
                                      stream=Stream.objects.get(level__code=level, code=stream), capacity=capacity)


def formula(stream: str, weights: dict[str, str], *, level: str = "1BAC",
            year: SchoolYear | None = None) -> ScoringFormula:
    created = ScoringFormula.objects.create(school_year=year or make.school_year(),
                                            stream=Stream.objects.get(level__code=level, code=stream))
    for code, weight in weights.items():
        ScoringWeight.objects.create(formula=created, subject=Subject.objects.get(code=code), weight=Decimal(weight))
    return created


def annual_marks(*, school_class: SchoolClass, marks: dict[Student, dict[str, tuple[str, str]]]) -> None:
    """Each student's mark in each subject for semesters 1 and 2, entered by the subject's teacher (one is made
    when the class has none), validated and published by the school's administration."""
    year = school_class.school_year
    grade_rules_seed_year(school_year=year)
    admin = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=school_class.school))
    codes = sorted({code for by_subject in marks.values() for code in by_subject})
    for code in codes:
        subject = Subject.objects.get(code=code)
        assignment = school_class.assignments.filter(subject=subject).first()
        if assignment is None:
            assignment = make.teach(teacher=make.staff(school_=school_class.school), school_class=school_class,
                                    subject=code)
        teacher = User.objects.filter(staff_member=assignment.teacher).first() or make.account(assignment.teacher)
        for number in (1, 2):
            sheet = grade_sheet_open(school_class=school_class, subject=subject,
                                     semester=year.semesters.get(number=number))
            for student, by_subject in marks.items():
                if code in by_subject:
                    mark_enter(sheet=sheet, student=student, slot=1, value=by_subject[code][number - 1],
                               absent=False, actor=teacher)
            grade_sheet_submit(sheet=sheet, actor=teacher)
            grade_sheet_validate(sheet=sheet, actor=admin)
            grade_sheets_publish(sheets=[sheet], actor=admin)


@dataclass
class OrientationWorld:
    """The world's lycée gets a TC science class (`tc_class`) whose `student` (with `student_account`) has a
    parent (`parent_account`); the lycée offers 1BAC SM, SE and L, the other school of the academy 1BAC SM;
    a national TC → 1BAC window is open (yesterday to a week from now) with 3 wishes at most; SM's formula is
    MATH × 2 + PC × 1, SE's SVT × 2 + PC × 1, L has none published."""

    tc_class: SchoolClass
    student: Student
    student_account: User
    parent_account: User
    classmate: Student
    window: OrientationWindow
    sm: StreamOffer
    se: StreamOffer
    lettres: StreamOffer
    other_sm: StreamOffer


def orientation_world(world, *, max_wishes: int = 3, **window_args) -> OrientationWorld:
    year = make.school_year()
    tc_class = make.school_class(school_=world.school, level="TC", stream="S", section=1)
    for code, coefficient in TC_SUBJECTS.items():
        SubjectCoefficient.objects.get_or_create(
            school_year=year, level=tc_class.level, stream=tc_class.stream, subject=Subject.objects.get(code=code),
            defaults={"continuous_coefficient": coefficient})
    student = make.student(in_class=tc_class, first_name_latin="Imane", last_name_latin="Berrada")
    classmate = make.student(in_class=tc_class, first_name_latin="Karim", last_name_latin="Tazi")
    parent = make.guardian(children=(student,))
    formula("SM", {"MATH": "2", "PC": "1"})
    formula("SE", {"SVT": "2", "PC": "1"})
    return OrientationWorld(
        tc_class=tc_class, student=student, student_account=make.account(student),
        parent_account=make.account(parent), classmate=classmate,
        window=window(max_wishes=max_wishes, **window_args),
        sm=offer(world.school, "SM", capacity=40), se=offer(world.school, "SE", capacity=80),
        lettres=offer(world.school, "L", capacity=35), other_sm=offer(world.other_school, "SM", capacity=40))
