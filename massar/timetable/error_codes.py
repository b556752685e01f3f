"""Error codes of the timetable domain: tests and API clients assert on these, never on messages."""

from enum import StrEnum


class TimetableErrorCode(StrEnum):
    CLASS_BUSY = "class_busy"  # the class already has a lesson in that slot
    TEACHER_BUSY = "teacher_busy"  # the teacher teaches elsewhere in that slot
    ROOM_BUSY = "room_busy"  # the room holds another class in that slot
    NO_SUCH_SLOT = "no_such_slot"
    NO_SUCH_DAY = "no_such_day"
    NOT_A_TEACHER_HERE = "not_a_teacher_here"  # the teacher does not work at the class's school
    ROOM_TOO_LONG = "room_too_long"
    NOT_YOURS = "not_yours"  # a class outside the caller's school
    NOT_FOUND = "not_found"
    NOT_A_STUDENT = "not_a_student"
    NOT_A_PARENT = "not_a_parent"
