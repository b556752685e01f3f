"""A roll call, a decision and a behaviour entry tell the student and their linked parents through the outbox
(once, even when the queue is replayed), and nobody else."""

import uuid

import pytest

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
