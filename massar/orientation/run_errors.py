"""Error codes of the orientation assignment (runs, the council's overrides and publication, the results):
tests and API clients assert on these, never on messages."""

from enum import StrEnum


class RunErrorCode(StrEnum):
    NOT_YOURS = "not_yours"  # a run of another academy (or a national run, for an academy officer)
    WINDOW_OPEN = "window_open"  # the window has not closed yet: wishes may still change
    OUTSIDE_WINDOW = "outside_window"  # an academy run of a window another academy opened
    ALREADY_PUBLISHED = "already_published"  # this window's assignment is published for that territory
    RUN_IN_PROGRESS = "run_in_progress"
    WRONG_STATE = "wrong_state"
    REASON_REQUIRED = "reason_required"
    REASON_TOO_LONG = "reason_too_long"
    UNKNOWN_OFFER = "unknown_offer"  # an offer that is not part of the run
    SAME_DECISION = "same_decision"
    NOT_A_STUDENT = "not_a_student"
    NOT_A_PARENT = "not_a_parent"
    NOT_FOUND = "not_found"
