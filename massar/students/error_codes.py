from enum import StrEnum


class StudentsErrorCode(StrEnum):
    RELATION_UNKNOWN = "relation_unknown"
    GUARDIAN_ALREADY_LISTED = "guardian_already_listed"
    ALREADY_ENROLLED = "already_enrolled"
    NEXT_YEAR_MISSING = "next_year_missing"
    ROLLOVER_BLOCKED = "rollover_blocked"
    ROLLOVER_CONFLICT = "rollover_conflict"
    SCHOOL_NOT_FOUND = "school_not_found"
    # Transfers (transfers.py)
    TRANSFER_NOT_FOUND = "transfer_not_found"  # no such request or student for this caller (never said which)
    TRANSFER_NOT_ALLOWED = "transfer_not_allowed"  # this role (or this school) does not take this step
    NOT_ENROLLED_NOW = "not_enrolled_now"  # no class this year: nothing to leave
    SAME_SCHOOL = "same_school"  # the destination is the school the student is in
    DESTINATION_UNKNOWN = "destination_unknown"  # no school has this code
    REASON_REQUIRED = "reason_required"
    REASON_TOO_LONG = "reason_too_long"
    TRANSFER_ALREADY_OPEN = "transfer_already_open"  # one open request per student
    TRANSFER_CLOSED = "transfer_closed"  # already accepted, refused or cancelled
    CERTIFICATE_NOT_ISSUED = "certificate_not_issued"  # accepting before the origin school let the student go
    CERTIFICATE_ALREADY_ISSUED = "certificate_already_issued"  # cancelling after the student left
    CLASS_NOT_OFFERED = "class_not_offered"  # not a class of the receiving school this year
    CLASS_WRONG_LEVEL = "class_wrong_level"  # not the level the student was in
    # The API (api.py)
    NOT_A_PARENT = "not_a_parent"
    NOT_FOUND = "not_found"  # no linked child with this code (never said whether it exists)
