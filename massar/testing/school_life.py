"""Builders for school-life tests: a session (a lesson of the timetable) that its teacher may mark today."""

import datetime

from django.utils import timezone

from massar.attendance.models import AttendancePolicy
from massar.schools.models import SchoolClass, Subject
from massar.staff.models import Position, StaffMember, TeachingAssignment
from massar.timetable.models import Lesson

from . import factories as make


def session_day(school_id: int) -> datetime.date:
    """Today; on a Sunday (no school) the Saturday before, the school allowing other days."""
    today = timezone.localdate()
    if today.isoweekday() == 7:
        AttendancePolicy.objects.update_or_create(school_id=school_id, defaults={"teachers_mark_other_days": True})
        return today - datetime.timedelta(days=1)
    return today


def todays_session(school_class: SchoolClass, teacher: StaffMember | None = None, *, slot: int = 2
                   ) -> tuple[Lesson, datetime.date]:
    """A lesson of `school_class` on today's weekday (its MATH teacher's, or a new teacher's), and the day."""
    day = session_day(school_class.school_id)
    if teacher is None:
        assignment = TeachingAssignment.objects.filter(school_class=school_class).select_related("teacher").first()
        teacher = assignment.teacher if assignment else make.staff(position=Position.TEACHER,
                                                                   school_=school_class.school)
    lesson, _ = Lesson.objects.get_or_create(
        school_class=school_class, day=day.isoweekday(), slot=slot,
        defaults={"subject": Subject.objects.get(code="MATH"), "teacher": teacher})
    return lesson, day
