"""Reads on grades. What a student or a parent sees is decided here: only published sheets, from the
moment of publication (parents: from `parents_see_from`)."""

from datetime import datetime
from fractions import Fraction

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from massar.accounts.models import User
from massar.core.models import SchoolYear
from massar.core.roles import Role
from massar.schools.models import SchoolClass, Subject, SubjectCoefficient
from massar.students.models import Student

from . import calculations as calc
from .models import (
    ACTIVITIES_SLOT,
    AssessmentRule,
    GradeSheet,
    Mark,
    SemesterResult,
    SheetStatus,
    YearGradeRules,
)


def assessment_rule_for(*, school_class: SchoolClass, subject: Subject) -> AssessmentRule:
    """The rule of the class's level if there is one, else the subject's rule for the year, else the default."""
    rules = AssessmentRule.objects.filter(school_year_id=school_class.school_year_id, subject=subject)
    rule = rules.filter(level_id=school_class.level_id).first() or rules.filter(level__isnull=True).first()
    return rule or AssessmentRule(school_year_id=school_class.school_year_id, subject=subject)


def weighting_for(*, school_class: SchoolClass, subject: Subject) -> calc.Weighting:
    rule = assessment_rule_for(school_class=school_class, subject=subject)
    return calc.Weighting(tests=rule.tests_weight, activities=rule.activities_weight,
                          plain_mean_of_tests=rule.plain_mean_of_tests)


def sheet_row_average(marks: dict[int, Mark], tests_count: int, weighting: calc.Weighting) -> Fraction | None:
    """A student's exact subject average from their cells of a sheet (slot → Mark), as the close computes it:
    the sheet's tests only, an absence counting as "not entered", never as zero."""
    def value(slot: int):
        mark = marks.get(slot)
        return None if mark is None or mark.absent else mark.value

    return calc.subject_average(calc.SubjectMarks(tests=[value(slot) for slot in range(1, tests_count + 1)],
                                                  activities=value(ACTIVITIES_SLOT)), weighting)


def published_sheets_q(*, viewer: User, now: datetime | None = None) -> Q:
    """The sheets a student (or a parent) may read now."""
    now = now or timezone.now()
    if viewer.role == Role.PARENT:
        return Q(status=SheetStatus.PUBLISHED, parents_see_from__lte=now)
    return Q(status=SheetStatus.PUBLISHED, published_at__lte=now)


def marks_visible_to(*, viewer: User, now: datetime | None = None) -> QuerySet[Mark]:
    """Marks the viewer may read: a student their own published marks, a parent their children's once
    parents may see them; staff through their scope (a teacher: the sheets of their classes × subjects)."""
    from massar.schools.scopes import classes_visible_to
    from massar.staff.scopes import assignments_visible_to
    from massar.students.scopes import students_visible_to

    students = students_visible_to(viewer)
    marks = Mark.objects.filter(student__in=students)
    if viewer.role in (Role.STUDENT, Role.PARENT):
        return marks.filter(sheet__in=GradeSheet.objects.filter(published_sheets_q(viewer=viewer, now=now)))
    if viewer.role == Role.TEACHER:
        # Their classes, and in them only the subjects they teach.
        taught = assignments_visible_to(viewer).filter(school_class=OuterRef("sheet__school_class"),
                                                             subject=OuterRef("sheet__subject"))
        return marks.filter(Exists(taught))
    return marks.filter(sheet__school_class__in=classes_visible_to(viewer))


def _general_average_visible(*, viewer: User, result: SemesterResult) -> bool:
    """What the grades pages and the API decide: a student or a parent sees a stored general average only once
    every subject of the class's curriculum is published to them (a parent may still be waiting)."""
    if viewer.role not in (Role.STUDENT, Role.PARENT):
        return True
    school_class = result.school_class
    curriculum = set(SubjectCoefficient.objects.filter(
        school_year_id=school_class.school_year_id, level_id=school_class.level_id,
        stream_id=school_class.stream_id).values_list("subject_id", flat=True))
    visible = set(GradeSheet.objects.filter(published_sheets_q(viewer=viewer), school_class=school_class,
                                            semester_id=result.semester_id, subject_id__in=curriculum)
                  .values_list("subject_id", flat=True))
    return bool(curriculum) and visible == curriculum


def annual_average_for(*, student: Student, school_year: SchoolYear, viewer: User | None = None
                       ) -> Fraction | None:
    """The annual average of `student` in `school_year`: the two stored semester general averages weighted by
    the year's rules (default 1:1), exact (round for display only). None unless both exist — and, for a
    `viewer`, unless both are visible to them."""
    results = {r.semester.number: r for r in SemesterResult.objects.filter(
        student=student, semester__school_year=school_year, general_average__isnull=False,
    ).select_related("semester", "school_class")}
    first, second = results.get(1), results.get(2)
    if first is None or second is None:
        return None
    if viewer is not None and not all(_general_average_visible(viewer=viewer, result=r) for r in (first, second)):
        return None
    rules = YearGradeRules.objects.filter(school_year=school_year).first()
    weights = (rules.first_semester_weight, rules.second_semester_weight) if rules else (1, 1)
    return calc.annual_average(Fraction(first.general_average), Fraction(second.general_average), weights=weights)
