"""A teacher's roll call: only their own sessions, today only unless the school allows, all-or-nothing, and
idempotent (a queue replayed records nothing twice)."""

import datetime
import threading
import time
import uuid
from unittest import mock

import pytest

from massar.attendance import services
from massar.attendance.error_codes import AttendanceErrorCode
from massar.attendance.models import Absence, AttendancePolicy, Justification, MarkReceipt
from massar.attendance.services import MarkIn, roll_call_submit
from massar.core.errors import Invalid, Refused
from massar.schools.models import Subject
from massar.staff.models import Position
from massar.testing import factories as make
from massar.timetable.models import Lesson

pytestmark = pytest.mark.django_db


def _students(world, n):
    return [make.student(in_class=world.class_a, first_name_latin=f"S{i}") for i in range(n)]


def _mark(student, status="absent", minutes=None, key=None):
    return MarkIn(student=student.massar_code, status=status, minutes=minutes, key=key or str(uuid.uuid4()))


def test_everyone_is_present_unless_marked(world, session):
    students = _students(world, 5)
    result = roll_call_submit(actor=world.accounts["teacher"], lesson=session.lesson, on=session.day,
                              marks=[_mark(students[0]), _mark(students[1]), _mark(students[2], "late", 12)])
    assert result.recorded == 3
    assert Absence.objects.filter(kind="absent").count() == 2
    late = Absence.objects.get(kind="late")
    assert (late.student, late.minutes_late, late.slot) == (students[2], 12, 2)
    assert late.justification == Justification.PENDING


def test_replaying_the_queue_records_nothing_twice(world, session):
    students = _students(world, 4)
    marks = [_mark(s) for s in students[:3]]
    teacher = world.accounts["teacher"]
    roll_call_submit(actor=teacher, lesson=session.lesson, on=session.day, marks=marks)
    # The student was in fact there: the teacher corrects; then the old queue arrives again (a retry).
    roll_call_submit(actor=teacher, lesson=session.lesson, on=session.day, marks=[_mark(students[0], "present")])
    again = roll_call_submit(actor=teacher, lesson=session.lesson, on=session.day, marks=marks + marks)
    assert (again.recorded, again.replayed) == (0, 3)
    assert Absence.objects.count() == 2
    assert MarkReceipt.objects.count() == 4


def test_one_key_for_two_different_marks_is_refused(world, session):
    student, other = _students(world, 2)
    key = str(uuid.uuid4())
    with pytest.raises(Invalid) as refused:
        roll_call_submit(actor=world.accounts["teacher"], lesson=session.lesson, on=session.day,
                         marks=[_mark(student, key=key), _mark(other, key=key)])
    assert refused.value.code == AttendanceErrorCode.KEY_REUSED


def test_a_teacher_marks_only_their_own_sessions(world, session):
    student = _students(world, 1)[0]
    colleague = make.account(make.staff(position=Position.TEACHER, school_=world.school))
    for actor in (colleague, world.accounts["school_admin"]):
        with pytest.raises(Refused) as refused:
            roll_call_submit(actor=actor, lesson=session.lesson, on=session.day, marks=[_mark(student)])
        assert refused.value.code == AttendanceErrorCode.NOT_YOUR_SESSION
    assert not Absence.objects.exists()


def test_only_todays_sessions_unless_the_administration_allows(world, session):
    student = _students(world, 1)[0]
    teacher = world.accounts["teacher"]
    last_week = session.day - datetime.timedelta(days=7)
    AttendancePolicy.objects.filter(school=world.school).delete()
    with pytest.raises(Refused) as refused:
        roll_call_submit(actor=teacher, lesson=session.lesson, on=last_week, marks=[_mark(student)])
    assert refused.value.code == AttendanceErrorCode.NOT_TODAY
    with pytest.raises(Invalid) as wrong_day:
        roll_call_submit(actor=teacher, lesson=session.lesson, on=last_week + datetime.timedelta(days=1),
                         marks=[_mark(student)])
    assert wrong_day.value.code == AttendanceErrorCode.WRONG_DAY
    AttendancePolicy.objects.create(school=world.school, teachers_mark_other_days=True)
    roll_call_submit(actor=teacher, lesson=session.lesson, on=last_week, marks=[_mark(student)])
    with pytest.raises(Refused):  # never the future
        roll_call_submit(actor=teacher, lesson=session.lesson, on=session.day + datetime.timedelta(days=7),
                         marks=[_mark(student)])
    assert Absence.objects.count() == 1


def test_a_roll_call_is_all_or_nothing(world, session):
    student = _students(world, 1)[0]
    cases = [(_mark(world.student_b), AttendanceErrorCode.NOT_IN_CLASS),
             (_mark(student, "asleep"), AttendanceErrorCode.BAD_STATUS),
             (_mark(student, "late", 0), AttendanceErrorCode.BAD_MINUTES),
             (_mark(student, "late", None), AttendanceErrorCode.BAD_MINUTES),
             (MarkIn(student=student.massar_code, status="absent", key="not-a-uuid"), AttendanceErrorCode.BAD_KEY)]
    for bad, code in cases:
        with pytest.raises(Invalid) as refused:
            roll_call_submit(actor=world.accounts["teacher"], lesson=session.lesson, on=session.day,
                             marks=[_mark(student), bad])
        assert refused.value.code == code
    assert not Absence.objects.exists() and not MarkReceipt.objects.exists()


def test_events_fire_once_committed(world, session, django_capture_on_commit_callbacks):
    absent, late = _students(world, 2)
    with mock.patch.object(services.events, "absences_recorded") as absences_recorded:
        with django_capture_on_commit_callbacks(execute=True):
            marks = [_mark(absent), _mark(late, "late", 5)]
            roll_call_submit(actor=world.accounts["teacher"], lesson=session.lesson, on=session.day, marks=marks)
        with django_capture_on_commit_callbacks(execute=True):  # replayed: no second notice
            roll_call_submit(actor=world.accounts["teacher"], lesson=session.lesson, on=session.day, marks=marks)
    absences_recorded.assert_called_once_with(
        absences=[Absence.objects.get(student=absent), Absence.objects.get(student=late)])


def test_a_roll_call_of_a_class_of_45_is_a_fixed_number_of_queries(world, session, django_assert_max_num_queries):
    students = _students(world, 44)
    marks = [_mark(s) for s in students[:3]] + [_mark(s, "present") for s in students[3:]]
    with django_assert_max_num_queries(16):
        roll_call_submit(actor=world.accounts["teacher"], lesson=session.lesson, on=session.day, marks=marks)
    assert Absence.objects.count() == 3


def test_a_teacher_of_another_class_cannot_use_its_lesson(world, session):
    lesson = Lesson.objects.create(school_class=world.class_b, day=session.day.isoweekday(), slot=3,
                                   subject=Subject.objects.get(code="PC"), teacher=session.lesson.teacher)
    with pytest.raises(Invalid) as refused:
        roll_call_submit(actor=world.accounts["teacher"], lesson=lesson, on=session.day,
                         marks=[_mark(world.student_a)])
    assert refused.value.code == AttendanceErrorCode.NOT_IN_CLASS


def test_marks_of_one_student_in_one_batch_end_in_their_last_state(world, session, django_capture_on_commit_callbacks):
    student, other = _students(world, 2)
    with mock.patch.object(services.events, "absences_recorded") as absences_recorded, \
            django_capture_on_commit_callbacks(execute=True):
        roll_call_submit(actor=world.accounts["teacher"], lesson=session.lesson, on=session.day, marks=[
            _mark(student), _mark(student, "late", 8), _mark(other), _mark(other, "present")])
    late = Absence.objects.get()
    assert (late.student, late.kind, late.minutes_late) == (student, "late", 8)
    absences_recorded.assert_called_once_with(absences=[late])


@pytest.mark.django_db(transaction=True)
def test_a_queue_sent_twice_at_the_same_moment_records_once_and_answers_both(world):
    """A phone that sends its queue again while the first sending is still being written (or two devices of
    the teacher), for a session already taken once: on PostgreSQL the second waits for the first, then finds every key received — no error, no
    second absence, no second receipt."""
    from django.db import connection, connections

    from massar.attendance.tests.conftest import session_day

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: there is no race to lose")
    day = session_day(world)
    lesson = Lesson.objects.create(school_class=world.class_a, day=day.isoweekday(), slot=2,
                                   subject=Subject.objects.get(code="MATH"),
                                   teacher=world.accounts["teacher"].staff_member)
    students = _students(world, 6)
    roll_call_submit(actor=world.accounts["teacher"], lesson=lesson, on=day, marks=[_mark(students[5])])
    marks = [_mark(s) for s in students[:3]] + [_mark(s, "present") for s in students[3:]]
    start = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def send(name: str) -> None:
        try:
            start.wait(5)
            outcome[name] = roll_call_submit(actor=world.accounts["teacher"], lesson=lesson, on=day, marks=marks)
        except Exception as error:
            outcome[name] = error
        finally:
            connections.close_all()

    apply = services._apply

    def slow_apply(**kwargs):  # widen the window between reading the keys received and writing the new ones
        time.sleep(0.05)
        apply(**kwargs)

    phones = [threading.Thread(target=send, args=(name,)) for name in ("first", "again")]
    with mock.patch.object(services, "_apply", slow_apply):
        for phone in phones:
            phone.start()
        for phone in phones:
            phone.join(20)
    assert sorted((r.recorded, r.replayed) for r in outcome.values()) == [(0, 6), (6, 0)], outcome
    assert Absence.objects.count() == 3 and MarkReceipt.objects.count() == 7
