"""Error codes of the exams domain: tests and API clients assert on these, never on messages."""

from enum import StrEnum


class ExamsErrorCode(StrEnum):
    INVALID_MARK = "invalid_mark"  # text, or outside 0–out_of, or more than two decimals
    MISSING_COMPONENT = "missing_component"
    UNKNOWN_STREAM = "unknown_stream"
    UNKNOWN_SUBJECT = "unknown_subject"
    NO_RULES = "no_rules"
    WRONG_STATE = "wrong_state"
    NOT_YOURS = "not_yours"  # a session owned by another body
    NOT_A_STUDENT = "not_a_student"
    NOT_A_PARENT = "not_a_parent"
    NOT_FOUND = "not_found"
    MARKS_MISSING = "marks_missing"
    TOO_MANY_REQUESTS = "too_many_requests"
