"""Reads on grades. What a student or a parent sees is decided here: only published sheets, from the
moment of publication (parents: from `parents_see_from`)."""

from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from massar.accounts.models import Role, User
from massar.schools.models import SchoolClass, Subject

from .models import AssessmentRule, GradeSheet, Mark, SheetStatus


def assessment_rule_for(*, school_class: SchoolClass, subject: Subject) -> AssessmentRule:
    """The rule of the class's level if there is one, else the subject's rule for the year, else the default."""
    rules = AssessmentRule.objects.filter(school_year_id=school_class.school_year_id, subject=subject)
    rule = rules.filter(level_id=school_class.level_id).first() or rules.filter(level__isnull=True).first()
    return rule or AssessmentRule(school_year_id=school_class.school_year_id, subject=subject)


def published_sheets_q(*, viewer: User, now: datetime | None = None) -> Q:
    """The sheets a student (or a parent) may read now."""
    now = now or timezone.now()
    if viewer.role == Role.PARENT:
        return Q(status=SheetStatus.PUBLISHED, parents_see_from__lte=now)
    return Q(status=SheetStatus.PUBLISHED, published_at__lte=now)


def marks_visible_to(*, viewer: User, now: datetime | None = None) -> QuerySet[Mark]:
    """Marks the viewer may read: a student their own published marks, a parent their children's once
    parents may see them; staff through their scope (a teacher: the sheets of their classes × subjects)."""
    from massar.access import scope

    students = scope.students_visible_to(viewer)
    marks = Mark.objects.filter(student__in=students)
    if viewer.role in (Role.STUDENT, Role.PARENT):
        return marks.filter(sheet__in=GradeSheet.objects.filter(published_sheets_q(viewer=viewer, now=now)))
    if viewer.role == Role.TEACHER:
        # Their classes, and in them only the subjects they teach.
        taught = scope.assignments_visible_to(viewer).filter(school_class=OuterRef("sheet__school_class"),
                                                             subject=OuterRef("sheet__subject"))
        return marks.filter(Exists(taught))
    return marks.filter(sheet__school_class__in=scope.classes_visible_to(viewer))
