from enum import StrEnum


class StudentsErrorCode(StrEnum):
    RELATION_UNKNOWN = "relation_unknown"
    GUARDIAN_ALREADY_LISTED = "guardian_already_listed"
    ALREADY_ENROLLED = "already_enrolled"
