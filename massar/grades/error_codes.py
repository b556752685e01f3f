"""Error codes of the grades domain: tests and API clients assert on these, never on messages."""

from enum import StrEnum


class GradesErrorCode(StrEnum):
    NOT_A_NUMBER = "not_a_number"
    OUT_OF_RANGE = "out_of_range"
    TOO_MANY_DECIMALS = "too_many_decimals"
    NOT_IN_CLASS = "not_in_class"
    NO_SUCH_TEST = "no_such_test"
    WRONG_STATUS = "wrong_status"
    WRONG_YEAR = "wrong_year"
    COMMENT_REQUIRED = "comment_required"
    REASON_REQUIRED = "reason_required"
    NO_CHANGE = "no_change"
    SHEET_SUBMITTED = "sheet_submitted"
    NOT_A_STUDENT = "not_a_student"
    NOT_A_PARENT = "not_a_parent"
    NOT_FOUND = "not_found"
    NO_SUCH_SEMESTER = "no_such_semester"
    PARENTS_SEE_IT = "parents_see_it"  # a withdrawal after parents may see the sheet
    RULE_CHANGE_REASON_REQUIRED = "rule_change_reason_required"
    INVALID_RULE = "invalid_rule"
    RULES_NOT_YOURS = "rules_not_yours"
    TEXT_TOO_LONG = "text_too_long"  # a remark, comment or reason over its limit: refused, never cut
