"""Reads on orientation, by concern: the wish side (a student's window, open streams, scores and wishes)."""

from .wishes import (
    CLOSED,
    NOT_YET,
    OPEN,
    RankedWish,
    StreamChoice,
    StudentOrientation,
    current_enrolment,
    open_offers,
    student_orientation,
    student_window,
    subjects_readable,
    window_state,
)

__all__ = ["CLOSED", "NOT_YET", "OPEN", "RankedWish", "StreamChoice", "StudentOrientation", "current_enrolment",
           "open_offers", "student_orientation", "student_window", "subjects_readable",
           "window_state"]
