"""Error codes of the documents domain: tests and API clients assert on these, never on messages."""

from enum import StrEnum


class DocumentsErrorCode(StrEnum):
    NOT_FOUND = "not_found"  # no such document, student or class for this caller (never said which)
    NOT_YET_AVAILABLE = "not_yet_available"  # the general (or annual) average is not published to this caller
    NOT_ENROLLED = "not_enrolled"  # no class that year: nothing to certify
    STILL_ENROLLED = "still_enrolled"  # a leaving certificate for a student who has not left
    REASON_REQUIRED = "reason_required"
    TEXT_TOO_LONG = "text_too_long"
    ALREADY_REVOKED = "already_revoked"
    TOO_MANY_CHECKS = "too_many_checks"  # the public verification page's throttle
    NOTHING_TO_PRINT = "nothing_to_print"  # a batch of a class without a single card available
    UNKNOWN_LANGUAGE = "unknown_language"
