"""A session of the world's teacher today (class_a, MATH) and its class list."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from massar.attendance.models import AttendancePolicy
from massar.schools.models import Subject
from massar.timetable.models import Lesson


def session_day(world) -> datetime.date:
    """Today, or Saturday when today is Sunday (no school: the school then allows other days)."""
    today = timezone.localdate()
    if today.isoweekday() == 7:
        AttendancePolicy.objects.update_or_create(school=world.school, defaults={"teachers_mark_other_days": True})
        return today - datetime.timedelta(days=1)
    return today


@dataclass
class Session:
    lesson: Lesson
    day: datetime.date


@pytest.fixture
def session(world) -> Session:
    teacher = world.accounts["teacher"].staff_member
    day = session_day(world)
    lesson = Lesson.objects.create(school_class=world.class_a, day=day.isoweekday(), slot=2,
                                   subject=Subject.objects.get(code="MATH"), teacher=teacher, room="B1")
    return Session(lesson, day)
