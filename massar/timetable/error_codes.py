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
    # The lesson log and its homework (lessons.py)
    NOT_YOUR_LESSON = "not_your_lesson"  # not the teacher of that class and subject, nor its administration
    WRONG_DAY = "wrong_day"  # the date is not the lesson's weekday
    TOO_FAR_AHEAD = "too_far_ahead"  # a log written for a session more than a week ahead
    CONTENT_REQUIRED = "content_required"  # what was done is empty
    CONTENT_TOO_LONG = "content_too_long"
    HOMEWORK_TOO_LONG = "homework_too_long"
    DUE_DATE_REQUIRED = "due_date_required"  # homework without the day it is due
    DUE_BEFORE_LESSON = "due_before_lesson"  # a due date before the session
    DUE_TOO_LATE = "due_too_late"  # a due date after the end of the school year
    DUE_WITHOUT_HOMEWORK = "due_without_homework"  # a due date for no homework
    # The calendar
    BAD_DATES = "bad_dates"  # an event ending before it starts, or outside its school year
    BAD_OWNER = "bad_owner"  # the academy, directorate or school does not match the scope
