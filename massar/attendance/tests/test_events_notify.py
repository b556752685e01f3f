"""A roll call, a decision and a behaviour entry tell the student and their linked parents through the outbox
(once, even when the queue is replayed), and nobody else."""

import uuid

import pytest
from django.urls import reverse

from massar.attendance.services import MarkIn, roll_call_submit
from massar.notifications.models import Notification
from massar.notifications.parts import part_render
from massar.testing import factories as make

pytestmark = pytest.mark.django_db


def _mark(student, status="absent", minutes=None, key=None):
    return MarkIn(student=student.massar_code, status=status, minutes=minutes, key=key or str(uuid.uuid4()))


def test_an_absence_reaches_the_student_and_their_parents_once(world, session, django_capture_on_commit_callbacks):
    classmate = make.student(in_class=world.class_a, first_name_latin="Karim")
    other_parent = make.account(make.guardian(children=(classmate,)))
    marks = [_mark(world.student_a), _mark(classmate, "late", 12)]
    for _ in range(2):  # the queue sent twice
        with django_capture_on_commit_callbacks(execute=True):
            roll_call_submit(actor=world.accounts["teacher"], lesson=session.lesson, on=session.day, marks=marks)
    parent, student = world.accounts["parent"], world.accounts["student"]
    assert list(Notification.objects.filter(recipient=parent).values_list("kind", "student")) == [
        ("absence", world.student_a.pk)]
    own = Notification.objects.get(recipient=student)
    assert own.kind == "absence" and own.useful_until is not None
    assert "hour" in part_render(own.body, language="en")
    late = Notification.objects.get(recipient=other_parent)
    assert late.kind == "lateness" and "12" in part_render(late.body, language="en")
    assert Notification.objects.count() == 3  # nobody else: not the other families, not the staff


def test_a_roll_calls_fan_out_is_a_fixed_number_of_queries(world, session, django_capture_on_commit_callbacks,
                                                           django_assert_max_num_queries):
    """A class of 45, each student with two parents: three absent or ten absent cost the same queries, the
    submission and its fan-out together; each message reaches the student and both parents, each on their page."""
    def roll_call(absent):
        with django_capture_on_commit_callbacks(execute=True):
            roll_call_submit(actor=world.accounts["teacher"], lesson=session.lesson, on=session.day,
                             marks=[_mark(student) for student in absent])

    students = [make.student(in_class=world.class_a, first_name_latin=f"S{i}") for i in range(44)]
    for student in students:
        make.account(student)
        for _ in range(2):
            make.account(make.guardian(children=(student,)))
    with django_assert_max_num_queries(20) as three:
        roll_call(students[:3])
    Notification.objects.all().delete()
    session.lesson.slot = 3
    session.lesson.save()
    with django_assert_max_num_queries(len(three.captured_queries)):
        roll_call(students[3:13])
    messages = Notification.objects.filter(student__in=students[3:13])
    assert messages.count() == 10 * 3
    pages = {n.link for n in messages.filter(student=students[3])}
    assert pages == {reverse("portals:attendance_mine"),
                     reverse("portals:attendance_child", kwargs={"massar_code": students[3].massar_code})}
