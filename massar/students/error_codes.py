from enum import StrEnum


class StudentsErrorCode(StrEnum):
    RELATION_UNKNOWN = "relation_unknown"
    GUARDIAN_ALREADY_LISTED = "guardian_already_listed"
    ALREADY_ENROLLED = "already_enrolled"
    NEXT_YEAR_MISSING = "next_year_missing"
    ROLLOVER_BLOCKED = "rollover_blocked"
    ROLLOVER_CONFLICT = "rollover_conflict"
    SCHOOL_NOT_FOUND = "school_not_found"
