"""The events of school life, one function per event (STYLE: Saleor's events.py). Each is called by the
services once the transaction that made it has committed (`transaction.on_commit`), with the rows as committed,
and tells the student and their linked parents through the notifications outbox (`notifications_emit_about`: nobody
else ever hears about a child). An absence or a lateness is news for its day only: after it, it stays in the
outbox but is neither e-mailed nor pushed late (`useful_until`).
"""

import datetime
import logging
from collections.abc import Sequence

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from massar.notifications.models import Kind as NotificationKind
from massar.notifications.parts import part as message_part
from massar.notifications.parts import person_names
from massar.notifications.services import ChildNews, notifications_emit_about

from .models import Absence, BehaviourEntry, Kind

logger = logging.getLogger("massar.attendance.events")


def _end_of(day: datetime.date) -> datetime.datetime:
    """The end of `day` in Morocco's time (the settings' time zone)."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _news(absence_or_entry: Absence | BehaviourEntry, **message) -> ChildNews:
    """The message about one absence or entry: the student reads it on their own page, each parent on their
    page of that child."""
    student = absence_or_entry.student
    return ChildNews(student=student, link=reverse("portals:attendance_mine"),
                     parents_link=reverse("portals:attendance_child", kwargs={"massar_code": student.massar_code}),
                     **message)


def _when(absence: Absence) -> dict:
    return {"date": {"date": absence.date.isoformat()}, "slot": absence.slot}


def absences_recorded(*, absences: Sequence[Absence]) -> None:
    """Students were marked absent or late in a session (new marks, or a lateness turned into an absence, or
    back): one message per mark, all of a roll call told at once (`notifications_emit_about`: the same few
    queries for 1 absence or 40)."""
    absent = [_news(absence, dedupe_key=f"absence:{absence.pk}:absent",
                    title=message_part(gettext_noop("Absence of %(name)s"), name=person_names(absence.student)),
                    body=message_part(gettext_noop("Absent on %(date)s, hour %(slot)s."), **_when(absence)),
                    useful_until=_end_of(absence.date))
              for absence in absences if absence.kind == Kind.ABSENT]
    late = [_news(absence, dedupe_key=f"absence:{absence.pk}:late:{absence.minutes_late}",
                  title=message_part(gettext_noop("Lateness of %(name)s"), name=person_names(absence.student)),
                  body=message_part(gettext_noop("Late by %(minutes)s minutes on %(date)s, hour %(slot)s."),
                                    minutes=absence.minutes_late or 0, **_when(absence)),
                  useful_until=_end_of(absence.date))
            for absence in absences if absence.kind == Kind.LATE]
    if absent:
        notifications_emit_about(kind=NotificationKind.ABSENCE, news=absent)
    if late:
        notifications_emit_about(kind=NotificationKind.LATENESS, news=late)


def absence_justified(*, absence: Absence) -> None:
    """The administration decided an absence: `absence.justification` is justified or unjustified."""
    decision = "Justified" if absence.justification == "justified" else "Unjustified"
    notifications_emit_about(kind=NotificationKind.ABSENCE, news=[_news(
        absence, dedupe_key=f"absence:{absence.pk}:decided:{absence.justification}:{absence.decided_at}",
        title=message_part(gettext_noop("Absence of %(name)s"), name=person_names(absence.student)),
        body=message_part(gettext_noop("The absence of %(date)s, hour %(slot)s: %(decision)s."),
                          decision={"text": decision}, **_when(absence)))])


def behaviour_entry_recorded(*, entry: BehaviourEntry) -> None:
    """A note, warning or sanction was recorded about `entry.student`."""
    kind = {"note": "Note", "warning": "Warning", "sanction": "Sanction"}[entry.kind]
    notifications_emit_about(kind=NotificationKind.BEHAVIOUR, news=[_news(
        entry, dedupe_key=f"behaviour:{entry.pk}",
        title=message_part(gettext_noop("%(kind)s for %(name)s"), kind={"text": kind},
                           name=person_names(entry.student)),
        body=message_part(gettext_noop("%(date)s: %(words)s"), date={"date": entry.date.isoformat()},
                          words=entry.text))])
    logger.info("behaviour entry recorded: student %s, %s", entry.student_id, entry.kind)
