"""Writes of attendance and behaviour: a teacher's roll call of a session, the administration's decision on an
absence (cause, justified or not, note, scanned document), a behaviour entry.

A roll call is all-or-nothing: every mark is checked before anything is written. Each mark carries an
idempotency key; a key already received is skipped (`replayed`), so an offline queue sent twice, or a request
retried after a lost answer, records nothing twice. Events fire once the transaction has committed."""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massar.accounts.models import User
from massar.core.errors import Invalid, Refused
from massar.core.roles import Role
from massar.students.models import Enrolment, EnrolmentStatus, Student
from massar.timetable.models import Lesson

from . import events
from .error_codes import AttendanceErrorCode
from .models import (
    Absence,
    AttendancePolicy,
    BehaviourEntry,
    BehaviourKind,
    Justification,
    Kind,
    MarkReceipt,
    MarkStatus,
    RollCall,
)

MAX_MINUTES_LATE = 240
MAX_MARKS = 200  # more than any class
CAUSE_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 2000
BEHAVIOUR_MAX_LENGTH = 2000
# A scanned justification: a PDF or a photo, recognised by its first bytes (never by its name).
DOCUMENT_TYPES = ((b"%PDF-", "application/pdf", "pdf"), (b"\xff\xd8\xff", "image/jpeg", "jpg"),
                  (b"\x89PNG\r\n\x1a\n", "image/png", "png"))


@dataclass(frozen=True)
class MarkIn:
    """One tap of the teacher: `student` (a Massar code) is present, absent or late (`minutes`)."""

    student: str
    status: str
    key: str
    minutes: int | None = None


@dataclass
class RollCallResult:
    roll_call: RollCall
    recorded: int = 0  # marks applied now
    replayed: int = 0  # marks whose key was already received: nothing done
    absences: list[Absence] = field(default_factory=list)


def today() -> datetime.date:
    return timezone.localdate()


def session_check(*, actor: User, lesson: Lesson, on: datetime.date) -> None:
    """May `actor` take the attendance of `lesson` on `on`? Their own session, on its weekday, today (other days
    only when the school's administration allows it, and never in the future)."""
    if actor.role != Role.TEACHER or actor.staff_member_id is None or actor.staff_member_id != lesson.teacher_id:
        raise Refused(AttendanceErrorCode.NOT_YOUR_SESSION, _("You do not teach this session."))
    if on.isoweekday() != lesson.day:
        raise Invalid(AttendanceErrorCode.WRONG_DAY, _("This lesson is not taught on that day."))
    if on != today():
        allowed = AttendancePolicy.objects.filter(school_id=lesson.school_id, teachers_mark_other_days=True).exists()
        if on > today() or not allowed:
            raise Refused(AttendanceErrorCode.NOT_TODAY, _("Attendance is taken on the day of the session."))


def class_students_on(*, lesson: Lesson, on: datetime.date) -> list[Student]:
    """The students enrolled in the lesson's class on `on`, in the class-list order."""
    enrolments = (Enrolment.objects.filter(school_class_id=lesson.school_class_id, enrolled_on__lte=on)
                  .filter(Q(status=EnrolmentStatus.ACTIVE) | Q(left_on__gt=on))
                  .select_related("student").order_by("student__last_name_latin", "student__first_name_latin",
                                                      "student__massar_code"))
    return [enrolment.student for enrolment in enrolments]


def _parsed(marks: Sequence[MarkIn], codes: dict[str, Student]) -> list[tuple[uuid.UUID, Student, str, int | None]]:
    if len(marks) > MAX_MARKS:
        raise Invalid(AttendanceErrorCode.TOO_MANY_MARKS, _("Too many marks in one roll call."))
    parsed: dict[uuid.UUID, tuple[uuid.UUID, Student, str, int | None]] = {}
    for mark in marks:
        try:
            key = uuid.UUID(str(mark.key))
        except ValueError:
            raise Invalid(AttendanceErrorCode.BAD_KEY, _("A mark's key is not a valid identifier.")) from None
        student = codes.get(str(mark.student).strip().upper())
        if student is None:
            raise Invalid(AttendanceErrorCode.NOT_IN_CLASS, _("{code} is not a student of this class.").format(
                code=str(mark.student)[:12]))
        if mark.status not in MarkStatus.values:
            raise Invalid(AttendanceErrorCode.BAD_STATUS, _("A mark is present, absent or late."))
        minutes = None
        if mark.status == MarkStatus.LATE:
            if mark.minutes is None or not 1 <= mark.minutes <= MAX_MINUTES_LATE:
                raise Invalid(AttendanceErrorCode.BAD_MINUTES, _(
                    "Minutes late are between 1 and {limit}.").format(limit=MAX_MINUTES_LATE))
            minutes = mark.minutes
        entry = (key, student, str(mark.status), minutes)
        if key in parsed and parsed[key][1:] != entry[1:]:
            raise Invalid(AttendanceErrorCode.KEY_REUSED, _("One key was sent for two different marks."))
        parsed[key] = entry
    return list(parsed.values())


@transaction.atomic
def roll_call_submit(*, actor: User, lesson: Lesson, on: datetime.date, marks: Sequence[MarkIn]) -> RollCallResult:
    """Take (or complete) the attendance of `lesson` on `on`: the students not marked absent or late are present.
    Marks apply in the order given; a later mark of the same student replaces an earlier one."""
    session_check(actor=actor, lesson=lesson, on=on)
    codes = {student.massar_code: student for student in class_students_on(lesson=lesson, on=on)}
    parsed = _parsed(marks, codes)
    # The session's row, locked: a phone's queue sent again while its first sending is still being written
    # (or two teachers' devices at once) waits here, then finds the keys received and the absences recorded.
    roll_call, _created = RollCall.objects.select_for_update().get_or_create(
        school_class_id=lesson.school_class_id, date=on, slot=lesson.slot,
        defaults={"lesson": lesson, "subject_id": lesson.subject_id, "teacher_id": lesson.teacher_id})
    result = RollCallResult(roll_call=roll_call)
    received = set(MarkReceipt.objects.filter(pk__in=[key for key, *_rest in parsed]).values_list("pk", flat=True))
    existing = {absence.student_id: absence for absence in
                Absence.objects.select_for_update().filter(student_id__in=[s.pk for s in codes.values()],
                                                           date=on, slot=lesson.slot)}
    receipts = []
    changes = _Changes()
    for key, student, status, minutes in parsed:
        if key in received:
            result.replayed += 1
            continue
        received.add(key)
        receipts.append(MarkReceipt(key=key, roll_call=roll_call, student=student, status=status,
                                    minutes_late=minutes))
        result.recorded += 1
        _apply(actor=actor, roll_call=roll_call, student=student, status=status, minutes=minutes,
               existing=existing, changes=changes)
    # A roll call's writes in a fixed number of statements: the corrections back to present, the new absences,
    # the changed ones (rare), the receipts.
    if changes.removed:
        Absence.objects.filter(pk__in=changes.removed).delete()
    created = [absence for absence in changes.recorded if absence.pk is None]
    Absence.objects.bulk_create(created)
    for absence in changes.recorded:
        if absence not in created:
            absence.save(update_fields=["kind", "minutes_late"])
    if changes.recorded:
        transaction.on_commit(partial(events.absences_recorded, absences=list(changes.recorded)))
    result.absences = list(changes.recorded)
    MarkReceipt.objects.bulk_create(receipts)
    return result


@dataclass
class _Changes:
    recorded: list[Absence] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)


def _apply(*, actor: User, roll_call: RollCall, student: Student, status: str, minutes: int | None,
           existing: dict[int, Absence], changes: _Changes) -> None:
    """Decide what one mark changes (written after every mark is known)."""
    absence = existing.get(student.pk)
    if status == MarkStatus.PRESENT:
        # A mark corrected back to present: the absence goes, unless the administration already decided it.
        if absence is not None and absence.justification == Justification.PENDING:
            if absence.pk is not None:
                changes.removed.append(absence.pk)
            if absence in changes.recorded:
                changes.recorded.remove(absence)
            del existing[student.pk]
        return
    kind = Kind.ABSENT if status == MarkStatus.ABSENT else Kind.LATE
    if absence is not None and absence.kind == kind and absence.minutes_late == minutes:
        return
    if absence is None:
        absence = Absence(student=student, school_class_id=roll_call.school_class_id, roll_call=roll_call,
                          date=roll_call.date, slot=roll_call.slot, recorded_by=actor)
        existing[student.pk] = absence
    absence.kind, absence.minutes_late = kind, minutes
    if absence not in changes.recorded:
        changes.recorded.append(absence)


def document_checked(document: UploadedFile) -> tuple[str, str]:
    """The document's type and extension, from its first bytes; refused when not a PDF, JPEG or PNG, or too
    large (`MASSAR_JUSTIFICATION_MAX_BYTES`)."""
    limit = settings.MASSAR_JUSTIFICATION_MAX_BYTES
    if document.size is None or document.size > limit:
        raise Invalid(AttendanceErrorCode.DOCUMENT_TOO_LARGE, _(
            "The document is larger than {limit} MB.").format(limit=limit // (1024 * 1024)))
    document.seek(0)
    head = document.read(16)
    document.seek(0)
    for magic, content_type, extension in DOCUMENT_TYPES:
        if head.startswith(magic):
            return content_type, extension
    raise Invalid(AttendanceErrorCode.BAD_DOCUMENT, _("The document must be a PDF, JPEG or PNG file."))


def _text(value: str, *, limit: int, label: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise Invalid(AttendanceErrorCode.TEXT_TOO_LONG, _(
            "The {field} has {length} characters; at most {limit} are kept.").format(
            field=label, length=len(value), limit=limit), field=label)
    return value


@transaction.atomic
def absence_decide(*, actor: User, absence: Absence, justification: str, cause: str = "", note: str = "",
                   document: UploadedFile | None = None) -> Absence:
    """The administration records the cause of an absence, decides whether it is justified, with a note and an
    optional scanned document (kept in the private storage). `absence` comes from the actor's scope."""
    if actor.role not in (Role.SCHOOL_ADMIN,) and not actor.is_superuser:
        raise Refused(AttendanceErrorCode.NOT_YOURS, _("Only the school's administration decides absences."))
    if justification not in Justification.values:
        raise Invalid(AttendanceErrorCode.BAD_STATUS, _("Choose justified, unjustified or not yet decided."))
    cause = _text(cause, limit=CAUSE_MAX_LENGTH, label=str(_("cause")))
    note = _text(note, limit=NOTE_MAX_LENGTH, label=str(_("note")))
    absence = Absence.objects.select_for_update().get(pk=absence.pk)
    if document is not None:
        content_type, extension = document_checked(document)
        if absence.document:
            absence.document.delete(save=False)
        absence.document.save(f"{uuid.uuid4().hex}.{extension}", document, save=False)
        absence.document_type = content_type
    changed = absence.justification != justification
    absence.justification, absence.cause, absence.note = justification, cause, note
    absence.decided_by, absence.decided_at = actor, timezone.now()
    absence.save()
    if changed and justification != Justification.PENDING:
        transaction.on_commit(partial(events.absence_justified, absence=absence))
    return absence


@transaction.atomic
def behaviour_record(*, actor: User, student: Student, kind: str, on: datetime.date, text: str) -> BehaviourEntry:
    """A note, warning or sanction about `student` (from the actor's scope), by a teacher or the school's
    administration."""
    staff = actor.staff_member
    if staff is None or staff.school_id is None or actor.role not in (Role.TEACHER, Role.SCHOOL_ADMIN):
        raise Refused(AttendanceErrorCode.NOT_YOURS, _("Only a school's staff records behaviour."))
    if kind not in BehaviourKind.values:
        raise Invalid(AttendanceErrorCode.BAD_KIND, _("Choose a note, a warning or a sanction."))
    text = _text(text, limit=BEHAVIOUR_MAX_LENGTH, label=str(_("text")))
    if not text:
        raise Invalid(AttendanceErrorCode.TEXT_REQUIRED, _("Write what happened."))
    if on > today():
        raise Invalid(AttendanceErrorCode.NOT_TODAY, _("The date cannot be in the future."))
    entry = BehaviourEntry.objects.create(student=student, school_id=staff.school_id, kind=kind, date=on, text=text,
                                          author=staff)
    transaction.on_commit(partial(events.behaviour_entry_recorded, entry=entry))
    return entry


@transaction.atomic
def attendance_policy_set(*, actor: User, teachers_mark_other_days: bool) -> AttendancePolicy:
    """The school administrator allows (or stops allowing) their teachers to mark sessions of other days."""
    staff = actor.staff_member
    if actor.role != Role.SCHOOL_ADMIN or staff is None or staff.school_id is None:
        raise Refused(AttendanceErrorCode.NOT_YOURS, _("Only the school's administration decides absences."))
    policy, _created = AttendancePolicy.objects.update_or_create(
        school_id=staff.school_id, defaults={"teachers_mark_other_days": teachers_mark_other_days})
    return policy
