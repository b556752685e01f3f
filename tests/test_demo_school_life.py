"""The demo has a school life: the showcase class's week, a session of its teacher every school day, the showcase
student's absences and a behaviour note."""

import pytest

from massar.attendance.models import Absence, BehaviourEntry
from massar.demo.models import DemoAccount
from massar.demo.seed import DemoSeeder
from massar.timetable.models import Lesson


@pytest.mark.django_db
def test_the_demo_class_has_a_week_and_the_demo_teacher_a_session_every_day():
    assert DemoSeeder().seed()
    teacher = DemoAccount.objects.get(role="teacher").user
    student = DemoAccount.objects.get(role="student").user
    lessons = Lesson.objects.filter(school_class__code="2BACSPF-1", school__code="11565V")
    assert lessons.count() >= 12
    assert sorted(lessons.filter(teacher=teacher.staff_member).values_list("day", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert Absence.objects.filter(student=student.student).count() == 2
    assert BehaviourEntry.objects.filter(student=student.student).count() == 1
