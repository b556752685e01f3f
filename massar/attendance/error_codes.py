"""Error codes of the attendance domain: tests and API clients assert on these, never on messages."""

from enum import StrEnum


class AttendanceErrorCode(StrEnum):
    NOT_YOUR_SESSION = "not_your_session"  # a teacher marking a session they do not teach
    NOT_TODAY = "not_today"  # a session on another day than today, without the administration's leave
    WRONG_DAY = "wrong_day"  # the date is not the lesson's weekday
    NOT_IN_CLASS = "not_in_class"  # a student not enrolled in the session's class
    BAD_STATUS = "bad_status"
    BAD_MINUTES = "bad_minutes"
    BAD_KEY = "bad_key"
    KEY_REUSED = "key_reused"  # one idempotency key sent again for another mark
    TOO_MANY_MARKS = "too_many_marks"
    TEXT_TOO_LONG = "text_too_long"
    BAD_DOCUMENT = "bad_document"  # not a PDF, JPEG or PNG
    DOCUMENT_TOO_LARGE = "document_too_large"
    BAD_KIND = "bad_kind"
    TEXT_REQUIRED = "text_required"
    NOT_YOURS = "not_yours"
    NOT_FOUND = "not_found"
    NOT_A_STUDENT = "not_a_student"
    NOT_A_PARENT = "not_a_parent"
    NOT_A_TEACHER = "not_a_teacher"
    NO_SUCH_SEMESTER = "no_such_semester"
