from enum import StrEnum


class AccessErrorCode(StrEnum):
    NOT_AUTHENTICATED = "not_authenticated"
    NOT_FOUND = "not_found"
