"""Error codes of the orientation domain: tests and API clients assert on these, never on messages."""

from enum import StrEnum


class OrientationErrorCode(StrEnum):
    # Wishes (services/wishes.py)
    NOT_FOUND = "not_found"
    NOT_A_STUDENT = "not_a_student"
    NOT_A_PARENT = "not_a_parent"
    READ_ONLY = "read_only"  # a parent, or anyone but the student, writing a student's wishes
    NO_WINDOW = "no_window"  # the student has no orientation window this year
    WINDOW_NOT_OPEN = "window_not_open"  # before the window opens
    WINDOW_CLOSED = "window_closed"  # after the deadline
    NO_WISHES = "no_wishes"
    TOO_MANY_WISHES = "too_many_wishes"
    DUPLICATE_WISH = "duplicate_wish"
    UNKNOWN_OFFER = "unknown_offer"  # not one of the streams open to this student in this window
    RANKS_NOT_CONTIGUOUS = "ranks_not_contiguous"
    STALE_WISHES = "stale_wishes"  # the wishes changed (another tab, another phone) since the form was read
    # Windows (services/windows.py)
    NOT_YOUR_TERRITORY = "not_your_territory"
    BAD_LEVELS = "bad_levels"
    BAD_DATES = "bad_dates"
    BAD_MAX_WISHES = "bad_max_wishes"
    WISHES_ALREADY_RANKED = "wishes_already_ranked"
    # Offers (services/offers.py)
    BAD_CAPACITY = "bad_capacity"
    STREAM_NOT_TAUGHT = "stream_not_taught"
