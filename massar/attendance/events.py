"""The events of school life, one function per event (STYLE: Saleor's events.py). Each is called by the
services once the transaction that made it has committed (`transaction.on_commit`), with the rows as committed.

They are the points where notifications plug in (the notifications app: parents notified at once of a new
absence or lateness, of a behaviour entry, of a justification): today they only log, so that the attendance
services do not depend on it.
"""

import logging

from .models import Absence, BehaviourEntry

logger = logging.getLogger("massar.attendance.events")


def absence_recorded(*, absence: Absence) -> None:
    """A student was marked absent in a session (a new absence, or a lateness turned into an absence)."""
    logger.info("absence recorded: student %s, %s slot %s", absence.student_id, absence.date, absence.slot)


def lateness_recorded(*, absence: Absence) -> None:
    """A student was marked late (`absence.kind == "late"`, `absence.minutes_late`)."""
    logger.info("lateness recorded: student %s, %s slot %s, %s min", absence.student_id, absence.date,
                absence.slot, absence.minutes_late)


def absence_justified(*, absence: Absence) -> None:
    """The administration decided an absence: `absence.justification` is justified or unjustified."""
    logger.info("absence decided: %s is %s", absence.pk, absence.justification)


def behaviour_entry_recorded(*, entry: BehaviourEntry) -> None:
    """A note, warning or sanction was recorded about `entry.student`."""
    logger.info("behaviour entry recorded: student %s, %s", entry.student_id, entry.kind)
