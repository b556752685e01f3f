"""Writes of the timetable: a lesson placed in a class's week, moved or removed, by the school's administration.

A lesson is refused, with a message naming the clash, when its class already has a lesson in that slot, its
teacher teaches another class then, or its room holds another class then. The same three rules are unique
constraints of the table, so two administrators saving at once cannot both win."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from massar.core.errors import Conflict, Invalid
from massar.schools.models import School, SchoolClass, Subject
from massar.staff.models import Position, StaffMember

from .error_codes import TimetableErrorCode
from .models import Day, Lesson
from .selectors import slot_numbers

ROOM_MAX_LENGTH = 30


def _clash(*, school_class: SchoolClass, day: int, slot: int, teacher: StaffMember, room: str,
           ignore_pk: int | None) -> None:
    others = Lesson.objects.filter(school_year_id=school_class.school_year_id, day=day, slot=slot)
    if ignore_pk is not None:
        others = others.exclude(pk=ignore_pk)
    others = others.select_related("school_class", "subject", "teacher")
    day_label = Day(day).label
    taken = others.filter(school_class=school_class).first()
    if taken is not None:
        raise Conflict(TimetableErrorCode.CLASS_BUSY, _(
            "{klass} already has {subject} with {teacher} on {day}, slot {slot}.").format(
            klass=school_class.code, subject=taken.subject.name, teacher=taken.teacher.full_name, day=day_label,
            slot=slot))
    busy = others.filter(teacher=teacher).first()
    if busy is not None:
        raise Conflict(TimetableErrorCode.TEACHER_BUSY, _(
            "{teacher} already teaches {klass} on {day}, slot {slot}.").format(
            teacher=teacher.full_name, klass=busy.school_class.code, day=day_label, slot=slot))
    if room:
        occupied = others.filter(school_id=school_class.school_id, room=room).first()
        if occupied is not None:
            raise Conflict(TimetableErrorCode.ROOM_BUSY, _(
                "Room {room} already holds {klass} on {day}, slot {slot}.").format(
                room=room, klass=occupied.school_class.code, day=day_label, slot=slot))


def _checked(*, school_class: SchoolClass, day: int, slot: int, teacher: StaffMember, room: str) -> str:
    if day not in Day.values:
        raise Invalid(TimetableErrorCode.NO_SUCH_DAY, _("There is no such school day."))
    if slot not in slot_numbers(school_id=school_class.school_id, school_year_id=school_class.school_year_id):
        raise Invalid(TimetableErrorCode.NO_SUCH_SLOT, _("This school has no slot {slot}.").format(slot=slot))
    if teacher.position != Position.TEACHER or teacher.school_id != school_class.school_id:
        raise Invalid(TimetableErrorCode.NOT_A_TEACHER_HERE, _("{teacher} is not a teacher of this school.").format(
            teacher=teacher.full_name))
    room = (room or "").strip()
    if len(room) > ROOM_MAX_LENGTH:
        raise Invalid(TimetableErrorCode.ROOM_TOO_LONG, _(
            "A room is named in at most {limit} characters; “{room}” has {length}.").format(
            limit=ROOM_MAX_LENGTH, room=room[:40], length=len(room)))
    return room


@transaction.atomic
def lesson_place(*, school_class: SchoolClass, day: int, slot: int, subject: Subject, teacher: StaffMember,
                 room: str = "") -> Lesson:
    """A new lesson in the class's week, or a Conflict naming the clash."""
    room = _checked(school_class=school_class, day=day, slot=slot, teacher=teacher, room=room)
    # Serialise the edits of one school's timetable: the checks below and the insert see the same week.
    School.objects.select_for_update().filter(pk=school_class.school_id).first()
    _clash(school_class=school_class, day=day, slot=slot, teacher=teacher, room=room, ignore_pk=None)
    lesson = Lesson(school_class=school_class, day=day, slot=slot, subject=subject, teacher=teacher, room=room)
    try:
        with transaction.atomic():
            lesson.save()
    except IntegrityError:  # another edit took the slot between the check and the insert
        _clash(school_class=school_class, day=day, slot=slot, teacher=teacher, room=room, ignore_pk=None)
        raise
    return lesson


@transaction.atomic
def lesson_change(*, lesson: Lesson, day: int, slot: int, subject: Subject, teacher: StaffMember,
                  room: str = "") -> Lesson:
    school_class = lesson.school_class
    room = _checked(school_class=school_class, day=day, slot=slot, teacher=teacher, room=room)
    School.objects.select_for_update().filter(pk=school_class.school_id).first()
    _clash(school_class=school_class, day=day, slot=slot, teacher=teacher, room=room, ignore_pk=lesson.pk)
    lesson.day, lesson.slot, lesson.subject, lesson.teacher, lesson.room = day, slot, subject, teacher, room
    lesson.save()
    return lesson


@transaction.atomic
def lesson_remove(*, lesson: Lesson) -> None:
    lesson.delete()


def lesson_check(*, school_class: SchoolClass, day: int, slot: int, teacher: StaffMember, room: str = "",
                 lesson_pk: int | None = None) -> None:
    """The checks of `lesson_place` without writing (the back office's form runs them before saving)."""
    room = _checked(school_class=school_class, day=day, slot=slot, teacher=teacher, room=room)
    _clash(school_class=school_class, day=day, slot=slot, teacher=teacher, room=room, ignore_pk=lesson_pk)
