"""Which lessons and slots a caller sees (registered in TimetableConfig.ready()): a class's timetable is seen
by whoever sees the class (its students, their parents, its teachers, the administration of its school), and a
teacher also sees their own lessons."""

from typing import Any

from django.db.models import Q, QuerySet

from massar.access.scope import caller_of, territory_q
from massar.schools.scopes import classes_visible_to, schools_visible_to

from .models import Lesson, SchoolSlot


def lessons_visible_to(user: Any) -> QuerySet[Lesson]:
    caller = caller_of(user)
    if caller is None:
        return Lesson.objects.none()
    if caller.sees_whole_schools:
        territory = territory_q(caller, "school")
        return Lesson.objects.all() if territory is None else Lesson.objects.filter(territory)
    if caller.is_teacher:
        return Lesson.objects.filter(Q(teacher_id=caller.staff_member_id)
                                     | Q(school_class__in=classes_visible_to(user)))
    return Lesson.objects.filter(school_class__in=classes_visible_to(user))


def lessons_editable_by(user: Any) -> QuerySet[Lesson]:
    """The lessons the caller may change: a school administrator's school's (officers use the back office)."""
    caller = caller_of(user)
    if caller is None or not caller.sees_whole_schools:
        return Lesson.objects.none()
    return lessons_visible_to(user)


def slots_visible_to(user: Any) -> QuerySet[SchoolSlot]:
    return SchoolSlot.objects.filter(school__in=schools_visible_to(user)) if caller_of(user) else \
        SchoolSlot.objects.none()
