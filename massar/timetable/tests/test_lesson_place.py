"""Placing lessons in a class's week: the three clashes are refused with a message naming them."""

import datetime

import pytest

from massar.core.errors import Conflict, Invalid
from massar.schools.models import Subject
from massar.staff.models import Position
from massar.testing import factories as make
from massar.timetable.error_codes import TimetableErrorCode
from massar.timetable.models import Lesson, SchoolSlot
from massar.timetable.selectors import class_week, school_slots
from massar.timetable.services import lesson_change, lesson_place

pytestmark = pytest.mark.django_db


def _teacher(world):
    return make.staff(position=Position.TEACHER, school_=world.school)


def _place(world, school_class=None, teacher=None, day=1, slot=1, room="", subject="MATH"):
    return lesson_place(school_class=school_class or world.class_a, day=day, slot=slot,
                        subject=Subject.objects.get(code=subject), teacher=teacher or _teacher(world), room=room)


def test_a_class_cannot_have_two_lessons_in_one_slot(world):
    _place(world, slot=2)
    with pytest.raises(Conflict) as refused:
        _place(world, slot=2, subject="PC")
    assert refused.value.code == TimetableErrorCode.CLASS_BUSY
    assert world.class_a.code in str(refused.value.message)
    assert Lesson.objects.count() == 1


def test_a_teacher_cannot_teach_two_classes_at_once(world):
    teacher = _teacher(world)
    _place(world, teacher=teacher, day=3, slot=4)
    with pytest.raises(Conflict) as refused:
        _place(world, school_class=world.class_b, teacher=teacher, day=3, slot=4)
    assert refused.value.code == TimetableErrorCode.TEACHER_BUSY
    assert world.class_a.code in str(refused.value.message)  # names where the teacher already is
    _place(world, school_class=world.class_b, teacher=teacher, day=3, slot=5)  # the next hour is free


def test_a_room_cannot_hold_two_classes_at_once(world):
    _place(world, room="B12")
    with pytest.raises(Conflict) as refused:
        _place(world, school_class=world.class_b, room=" B12 ")
    assert refused.value.code == TimetableErrorCode.ROOM_BUSY
    assert "B12" in str(refused.value.message)
    # The same room name in another school is another room; no room at all is never a clash.
    other = make.school_class(school_=world.other_school, section=5)
    lesson_place(school_class=other, day=1, slot=1, subject=Subject.objects.get(code="MATH"),
                 teacher=make.staff(position=Position.TEACHER, school_=world.other_school), room="B12")
    _place(world, school_class=world.class_b, day=2)
    _place(world, school_class=make.school_class(school_=world.school, section=3), day=2)


def test_a_moved_lesson_does_not_clash_with_itself(world):
    lesson = _place(world, room="C1")
    moved = lesson_change(lesson=lesson, day=1, slot=2, subject=lesson.subject, teacher=lesson.teacher, room="C1")
    assert (moved.day, moved.slot) == (1, 2)


def test_slots_days_teachers_and_rooms_are_checked(world):
    with pytest.raises(Invalid) as no_slot:
        _place(world, slot=9)
    assert no_slot.value.code == TimetableErrorCode.NO_SUCH_SLOT
    with pytest.raises(Invalid) as no_day:
        _place(world, day=7)
    assert no_day.value.code == TimetableErrorCode.NO_SUCH_DAY
    with pytest.raises(Invalid) as elsewhere:
        _place(world, teacher=make.staff(position=Position.TEACHER, school_=world.other_school))
    assert elsewhere.value.code == TimetableErrorCode.NOT_A_TEACHER_HERE
    with pytest.raises(Invalid) as long_room:
        _place(world, room="x" * 31)
    assert long_room.value.code == TimetableErrorCode.ROOM_TOO_LONG
    assert not Lesson.objects.exists()


def test_a_school_uses_the_default_day_until_it_sets_its_own(world):
    year = world.class_a.school_year
    assert len(school_slots(school_id=world.school.pk, school_year_id=year.pk)) == 8
    for number in (1, 2, 3, 4, 5):
        SchoolSlot.objects.create(school=world.school, school_year=year, number=number,
                                  starts_at=datetime.time(7 + number), ends_at=datetime.time(8 + number))
    assert [s.number for s in school_slots(school_id=world.school.pk, school_year_id=year.pk)] == [1, 2, 3, 4, 5]
    with pytest.raises(Invalid):
        _place(world, slot=6)
    # Another school keeps the default day.
    assert len(school_slots(school_id=world.other_school.pk, school_year_id=year.pk)) == 8


def test_a_class_week_is_read_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    teachers = [_teacher(world) for _ in range(6)]
    for day in range(1, 7):
        for slot in range(1, 9):
            _place(world, teacher=teachers[(day + slot) % 6], day=day, slot=slot)
    with django_assert_max_num_queries(2):
        week = class_week(school_class=world.class_a)
        assert len(week.lessons) == 48
        assert len(week.by_day) == 6
