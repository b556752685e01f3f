"""Reads on marks: the assessment rule of a subject, the year's rounding, a row's exact average, and which
marks a viewer may read (a student or a parent: only published sheets, from the moment of publication;
parents from `parents_see_from`)."""

from collections.abc import Iterable
from datetime import datetime
from fractions import Fraction

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from massar.accounts.models import User
from massar.core.roles import Role
from massar.schools.models import SchoolClass, Subject

from .. import calculations as calc
from ..models import (
    ACTIVITIES_SLOT,
    DEFAULT_OUT_OF,
    AssessmentRule,
    GradeSheet,
    Mark,
    MarkScale,
    RoundingMode,
    SheetStatus,
    YearGradeRules,
)


def assessment_rules_for(*, school_class: SchoolClass, subjects: Iterable[Subject]) -> dict[int, AssessmentRule]:
    """The rule of each subject in the class (by subject id), in one query: the rule of the class's level if
    there is one, else the subject's rule for the year, else the default."""
    wanted = {subject.pk: subject for subject in subjects}
    if not wanted:
        return {}
    rows = (AssessmentRule.objects.filter(school_year_id=school_class.school_year_id, subject_id__in=wanted)
            .filter(Q(level_id=school_class.level_id) | Q(level__isnull=True)).order_by("pk"))
    of_level: dict[int, AssessmentRule] = {}
    of_year: dict[int, AssessmentRule] = {}
    for rule in rows:
        (of_year if rule.level_id is None else of_level).setdefault(rule.subject_id, rule)
    return {pk: of_level.get(pk) or of_year.get(pk)
            or AssessmentRule(school_year_id=school_class.school_year_id, subject=subject)
            for pk, subject in wanted.items()}


def assessment_rule_for(*, school_class: SchoolClass, subject: Subject) -> AssessmentRule:
    """The rule of the class's level if there is one, else the subject's rule for the year, else the default."""
    return assessment_rules_for(school_class=school_class, subjects=[subject])[subject.pk]


def mark_scale_for(*, school_class: SchoolClass) -> int:
    """What the marks of the class's level are out of this year (10 in primary school); 20 without a rule."""
    scale = MarkScale.objects.filter(school_year_id=school_class.school_year_id, level_id=school_class.level_id
                                     ).values_list("out_of", flat=True).first()
    return scale or DEFAULT_OUT_OF


def rule_weighting(rule: AssessmentRule) -> calc.Weighting:
    return calc.Weighting(tests=rule.tests_weight, activities=rule.activities_weight,
                          plain_mean_of_tests=rule.plain_mean_of_tests)


def weighting_for(*, school_class: SchoolClass, subject: Subject) -> calc.Weighting:
    return rule_weighting(assessment_rule_for(school_class=school_class, subject=subject))


def year_rounding(*, school_year_id: int) -> str:
    """How the year rounds a figure people read (half up unless its rules say half even): every page, grid,
    chart and API answer decides its figures with it, as the close decides ranks."""
    rules = YearGradeRules.objects.filter(school_year_id=school_year_id).only("rounding").first()
    return rules.rounding if rules else RoundingMode.HALF_UP


def sheet_row_average(marks: dict[int, Mark], tests_count: int, weighting: calc.Weighting) -> Fraction | None:
    """A student's exact subject average from their cells of a sheet (slot → Mark), as the close computes it:
    the sheet's tests only, an absence counting as "not entered", never as zero."""
    def value(slot: int):
        mark = marks.get(slot)
        return None if mark is None or mark.absent else mark.value

    return calc.subject_average(calc.SubjectMarks(tests=[value(slot) for slot in range(1, tests_count + 1)],
                                                  activities=value(ACTIVITIES_SLOT)), weighting)


def sheet_visible_from(viewer: User) -> str:
    """The field of a published sheet that says from when `viewer` may read it."""
    return "parents_see_from" if viewer.role == Role.PARENT else "published_at"


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
    from massar.students.scopes import students_held_by, students_visible_to

    students = students_visible_to(viewer)
    marks = Mark.objects.filter(student__in=students)
    if viewer.role in (Role.STUDENT, Role.PARENT):
        return marks.filter(sheet__in=GradeSheet.objects.filter(published_sheets_q(viewer=viewer, now=now)))
    if viewer.role == Role.TEACHER:
        # Their classes, and in them only the subjects they teach.
        taught = assignments_visible_to(viewer).filter(school_class=OuterRef("sheet__school_class"),
                                                       subject=OuterRef("sheet__subject"))
        return marks.filter(Exists(taught))
    # Their classes' sheets, and the whole record of the students now enrolled in them: a transferred
    # student's marks from their former school go with them (DOMAIN §9).
    # Both halves test a column of the marks themselves (sheet, student), each with its index: an OR across
    # tables (the sheet's class) would make PostgreSQL read the marks of the nation.
    # A school the student left reads its own sheets only (students.scopes.students_held_by).
    classes = classes_visible_to(viewer)
    sheets = GradeSheet.objects.filter(school_class__in=classes).values("pk")
    return marks.filter(Q(sheet_id__in=sheets) | Q(student_id__in=students_held_by(viewer)))
