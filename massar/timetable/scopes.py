"""Which lessons and slots a caller sees (registered in TimetableConfig.ready()): a class's timetable is seen
by whoever sees the class (its students, their parents, its teachers, the administration of its school), and a
teacher also sees their own lessons."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from massar.access.scope import caller_of, territory_q
from massar.core.roles import Role
from massar.schools.models import School
from massar.schools.scopes import classes_visible_to, schools_visible_to
from massar.staff.models import TeachingAssignment

from .models import CalendarEvent, Lesson, LessonLog, SchoolSlot


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


def lessons_loggable_by(user: Any) -> QuerySet[Lesson]:
    """The lessons whose log the caller writes: a teacher's own lessons and those of the classes and subjects
    assigned to them (a colleague's slot they took over); a school administrator, every lesson of their school.
    Officers read logs, they do not write them."""
    caller = caller_of(user)
    if caller is None:
        return Lesson.objects.none()
    if caller.is_teacher:
        assigned = TeachingAssignment.objects.filter(teacher_id=caller.staff_member_id,
                                                     school_class_id=OuterRef("school_class_id"),
                                                     subject_id=OuterRef("subject_id"))
        return Lesson.objects.filter(Q(teacher_id=caller.staff_member_id) | Exists(assigned))
    if caller.role == Role.SCHOOL_ADMIN and caller.school_id:
        return Lesson.objects.filter(school_id=caller.school_id)
    return Lesson.objects.none()


def lesson_logs_visible_to(user: Any) -> QuerySet[LessonLog]:
    """A class's lesson log is read by whoever sees the class: its students and their parents (the homework),
    its teachers, the administration of its school and the officers of its territory."""
    if caller_of(user) is None:
        return LessonLog.objects.none()
    return LessonLog.objects.filter(school_class__in=classes_visible_to(user))


def calendar_schools_of(user: Any) -> QuerySet[School]:
    """The schools whose calendar the caller reads: those they see, and those of the classes they see (a
    student's school, a parent's children's schools)."""
    return School.objects.filter(Q(pk__in=schools_visible_to(user).values("pk"))
                                 | Q(pk__in=classes_visible_to(user).values("school_id")))


def calendar_events_visible_to(user: Any) -> QuerySet[CalendarEvent]:
    """Everyone signed in reads the national calendar; an academy's, a directorate's or a school's dates are
    read by those of its schools (and the officers above them)."""
    caller = caller_of(user)
    if caller is None:
        return CalendarEvent.objects.none()
    if caller.nationwide:
        return CalendarEvent.objects.all()
    schools = calendar_schools_of(user)
    own = Q()
    if caller.role == Role.ACADEMY_OFFICER and caller.academy_id:
        own = Q(academy_id=caller.academy_id) | Q(directorate__academy_id=caller.academy_id)
    elif caller.role == Role.DIRECTORATE_OFFICER and caller.directorate_id:
        own = Q(directorate_id=caller.directorate_id)
    return CalendarEvent.objects.filter(
        Q(scope="national") | Q(school__in=schools) | Q(directorate__in=schools.values("directorate_id"))
        | Q(academy__in=schools.values("directorate__academy_id")) | own)


def calendar_events_editable_by(user: Any) -> QuerySet[CalendarEvent]:
    """Each body edits its own dates: the ministry the national ones (and any), an academy officer their
    academy's and its directorates' and schools', a directorate officer theirs and their schools', a school
    administrator their school's."""
    caller = caller_of(user)
    if caller is None or not caller.sees_whole_schools:
        return CalendarEvent.objects.none()
    if caller.nationwide:
        return CalendarEvent.objects.all()
    schools = schools_visible_to(user)
    if caller.role == Role.ACADEMY_OFFICER:
        return CalendarEvent.objects.filter(Q(academy_id=caller.academy_id)
                                            | Q(directorate__academy_id=caller.academy_id) | Q(school__in=schools))
    if caller.role == Role.DIRECTORATE_OFFICER:
        return CalendarEvent.objects.filter(Q(directorate_id=caller.directorate_id) | Q(school__in=schools))
    return CalendarEvent.objects.filter(school__in=schools)
