"""Writes on orientation, by concern: windows (the ministry, academies), offers and capacities (schools,
directorates), wishes (the student). The assignment run's services live beside these (runs.py, council.py)."""

from .offers import offer_capacity_set, offer_check
from .windows import window_change, window_check, window_open, window_wishes_check
from .wishes import receipt_new, wishes_save

__all__ = ["offer_capacity_set", "offer_check", "receipt_new", "window_change", "window_check", "window_open",
           "window_wishes_check", "wishes_save"]
