"""Writes on grades: entering marks, the workflow of a sheet, and corrections after submission.

Who may do what is decided here, from the caller's identity and scope (never from what a form sends):
- the class's teacher of the subject enters marks while the sheet is a draft, then submits it;
- the school's administration sends a sheet back, validates, publishes, corrects a submitted mark
  with a reason (every such change is a MarkEvent written in the same transaction), and withdraws a published
  sheet with a reason until parents may see it (a SheetWithdrawal); a withdrawn sheet is published again.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from massar.accounts.models import User
from massar.core.errors import Conflict, Invalid, NotFound, Refused
from massar.core.models import Semester
from massar.core.numbers import format_decimal, isolate_ltr, to_decimal
from massar.core.roles import Role
from massar.schools.models import SchoolClass, Subject
from massar.schools.scopes import classes_visible_to
from massar.staff.scopes import assignments_visible_to
from massar.students.models import Enrolment, Student

from .error_codes import GradesErrorCode as codes
from .models import (
    ACTIVITIES_SLOT,
    DEFAULT_OUT_OF,
    GradeSheet,
    Mark,
    MarkEvent,
    SheetStatus,
    SheetWithdrawal,
    StudentRemark,
    YearGradeRules,
)
from .report_stamps import class_reports_changed
from .selectors import PUBLISHABLE, assessment_rule_for, mark_scale_for

EDITABLE_BY_TEACHER = {SheetStatus.DRAFT}
REMARK_MAX = 300
CORRECTABLE = {SheetStatus.SUBMITTED, SheetStatus.VALIDATED, SheetStatus.PUBLISHED, SheetStatus.WITHDRAWN}


def _said(text: str, limit: int) -> str:
    """A comment, a remark or a reason as stored: trimmed, without NUL characters (no database keeps them).
    Longer than `limit` characters it is refused, never cut: what a person wrote is kept whole or not at all."""
    text = text.replace("\x00", "").strip()
    if len(text) > limit:
        raise Invalid(codes.TEXT_TOO_LONG, _("At most %(limit)d characters: this text has %(count)d (“%(start)s…”).")
                      % {"limit": limit, "count": len(text), "start": text[:40]})
    return text


def mark_cell_text(value: Decimal | None, absent: bool) -> str:
    """A cell as a message names it, in the current language: `12,50`, `absent`, `12,50, absent`, `—`."""
    shown = "—" if value is None else format_decimal(value, language=get_language())
    if absent:
        return _("absent") if value is None else _("%(value)s, absent") % {"value": shown}
    return shown


def _quoted(raw: object) -> str:
    """What was typed, as an error message quotes it: shortened for display only."""
    text = str(raw)
    return text if len(text) <= 30 else text[:29] + "…"


def mark_parse(raw: object, *, out_of: int = DEFAULT_OUT_OF) -> Decimal | None:
    """A cell as typed: blank is "not entered"; `14,75` and `14.75` are the same mark; between 0 and the sheet's
    scale (20, or 10 in primary school), two decimals."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = to_decimal(raw)
    except ValueError:
        raise Invalid(codes.NOT_A_NUMBER,
                      _("“%(value)s” is not a mark: type a number such as 14,75.") % {"value": _quoted(raw)}) from None
    if not Decimal(0) <= value <= Decimal(out_of):
        raise Invalid(codes.OUT_OF_RANGE, _("A mark is between 0 and %(out_of)s (got %(value)s).")
                      % {"out_of": out_of, "value": _quoted(raw)})
    if value != value.quantize(Decimal("0.01")):
        raise Invalid(codes.TOO_MANY_DECIMALS, _("A mark has at most two decimals (got %(value)s).") % {"value": _quoted(raw)})
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def grade_sheet_open(*, school_class: SchoolClass, subject: Subject, semester: Semester) -> GradeSheet:
    """The sheet of a class × subject × semester, created on first use with the year's number of tests."""
    if semester.school_year_id != school_class.school_year_id:
        raise Invalid(codes.WRONG_YEAR, _("This semester belongs to another school year."))
    assignment = school_class.assignments.filter(subject=subject).select_related("teacher").first()
    sheet, _created = GradeSheet.objects.get_or_create(
        school_class=school_class, subject=subject, semester=semester,
        defaults={"tests_count": assessment_rule_for(school_class=school_class, subject=subject).tests_count,
                  "out_of": mark_scale_for(school_class=school_class),
                  "teacher": assignment.teacher if assignment else None},
    )
    return sheet


def grade_sheet_check_teacher(*, sheet: GradeSheet, actor: User) -> None:
    """The sheet's teacher may write on it while it is a draft: another account finds no such sheet
    (NotFound), its teacher after submission is refused (Refused). The canevas import asks the same."""
    teaches = actor.role == Role.TEACHER and assignments_visible_to(actor).filter(
        school_class_id=sheet.school_class_id, subject_id=sheet.subject_id).exists()
    if not teaches:
        raise NotFound(codes.NOT_FOUND)  # not their sheet: as if it did not exist
    if sheet.status not in EDITABLE_BY_TEACHER:
        raise Refused(codes.SHEET_SUBMITTED,
                      _("This sheet was submitted: a mark can only change through the administration."))


def _administration_may_act(sheet: GradeSheet, actor: User) -> None:
    if actor.role != Role.SCHOOL_ADMIN or not classes_visible_to(actor).filter(pk=sheet.school_class_id).exists():
        raise NotFound(codes.NOT_FOUND)


def _student_of(sheet: GradeSheet, student: Student) -> None:
    if not Enrolment.objects.filter(student=student, school_class_id=sheet.school_class_id).exists():
        raise Invalid(codes.NOT_IN_CLASS, _("%(code)s is not in this class.") % {"code": student.massar_code})


def _slot_check(sheet: GradeSheet, slot: int) -> None:
    if not (slot == ACTIVITIES_SLOT or 1 <= slot <= sheet.tests_count):
        raise Invalid(codes.NO_SUCH_TEST, ngettext("This sheet has %(count)d test.", "This sheet has %(count)d tests.",
                                                   sheet.tests_count) % {"count": sheet.tests_count})


@transaction.atomic
def mark_enter(*, sheet: GradeSheet, student: Student, slot: int, value: object, absent: bool, actor: User,
               expected: tuple[Decimal | None, bool] | None = None) -> Mark:
    """The teacher types one cell. Nothing is written when the cell is invalid.

    `expected` is the cell as the teacher's page read it (value, absent): when the cell holds something else
    now (another tab, another device saved it meanwhile), nothing is written and Conflict says what it holds,
    so that one save never silently replaces another. The sheet's row lock orders concurrent saves."""
    sheet = GradeSheet.objects.select_for_update().get(pk=sheet.pk)
    grade_sheet_check_teacher(sheet=sheet, actor=actor)
    _student_of(sheet, student)
    _slot_check(sheet, slot)
    parsed = mark_parse(value, out_of=sheet.out_of)
    if expected is not None:
        current = Mark.objects.filter(sheet=sheet, student=student, slot=slot).values_list("value", "absent").first()
        current = current or (None, False)
        if (current[0], current[1]) != expected and (current[0], current[1]) != (parsed, absent):
            raise Conflict(codes.CHANGED_MEANWHILE,
                           _("Changed meanwhile to %(current)s: yours is not saved. Keep yours, or take this one.")
                           % {"current": mark_cell_text(*current)}, current_value=current[0],
                           current_absent=current[1])
    mark, _created = Mark.objects.update_or_create(sheet=sheet, student=student, slot=slot,
                                                   defaults={"value": parsed, "absent": absent})
    sheet_marks_changed(sheet=sheet)
    return mark


def sheet_marks_changed(*, sheet: GradeSheet) -> None:
    """Count one more change of the sheet's marks or remarks (call it in the transaction that made it)."""
    GradeSheet.objects.filter(pk=sheet.pk).update(marks_version=F("marks_version") + 1)


@transaction.atomic
def remark_set(*, sheet: GradeSheet, student: Student, text: str, actor: User) -> StudentRemark:
    sheet = GradeSheet.objects.select_for_update().get(pk=sheet.pk)
    grade_sheet_check_teacher(sheet=sheet, actor=actor)
    _student_of(sheet, student)
    remark, _created = StudentRemark.objects.update_or_create(sheet=sheet, student=student,
                                                              defaults={"text": _said(text, REMARK_MAX)})
    sheet_marks_changed(sheet=sheet)
    return remark


def _transition(sheet: GradeSheet, expected: set[str], target: str, **fields) -> GradeSheet:
    locked = GradeSheet.objects.select_for_update().get(pk=sheet.pk)
    if locked.status not in expected:
        raise Invalid(codes.WRONG_STATUS, _("This sheet is “%(status)s”: that step is not possible now.")
                      % {"status": locked.get_status_display()})
    locked.status = target
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    return locked


@transaction.atomic
def grade_sheet_submit(*, sheet: GradeSheet, actor: User) -> GradeSheet:
    grade_sheet_check_teacher(sheet=sheet, actor=actor)
    return _transition(sheet, {SheetStatus.DRAFT}, SheetStatus.SUBMITTED, submitted_at=timezone.now(),
                       returned_comment="")


@transaction.atomic
def grade_sheet_return(*, sheet: GradeSheet, actor: User, comment: str) -> GradeSheet:
    """The administration sends a submitted sheet back to its teacher, saying why."""
    _administration_may_act(sheet, actor)
    comment = _said(comment, 2000)
    if not comment:
        raise Invalid(codes.COMMENT_REQUIRED, _("Say what the teacher should look at."))
    return _transition(sheet, {SheetStatus.SUBMITTED}, SheetStatus.DRAFT, returned_comment=comment,
                       submitted_at=None)


@transaction.atomic
def grade_sheet_validate(*, sheet: GradeSheet, actor: User) -> GradeSheet:
    _administration_may_act(sheet, actor)
    return _transition(sheet, {SheetStatus.SUBMITTED}, SheetStatus.VALIDATED, validated_at=timezone.now())


@transaction.atomic
def grade_sheets_publish(*, sheets: Iterable[GradeSheet], actor: User, now: datetime | None = None) -> int:
    """Publish validated (or withdrawn) sheets: a class, a level or the whole school at once. Parents see them
    `parents_delay_days` after students. Sheets not yet validated are left as they are. Returns how many
    sheets this call published (each has `published_at == now`)."""
    now = now or timezone.now()
    published = 0
    classes: set[int] = set()
    done: list[GradeSheet] = []
    # Read the sheets afresh: the caller's objects may predate their validation.
    for sheet in GradeSheet.objects.filter(pk__in=[s.pk for s in sheets]).select_related("school_class"):
        _administration_may_act(sheet, actor)
        if sheet.status not in PUBLISHABLE:
            continue
        rules = YearGradeRules.objects.filter(school_year_id=sheet.school_class.school_year_id).first()
        delay = timedelta(days=rules.parents_delay_days if rules else 0)
        _transition(sheet, set(PUBLISHABLE), SheetStatus.PUBLISHED, published_at=now,
                    parents_see_from=now + delay)
        published += 1
        classes.add(sheet.school_class_id)
        done.append(sheet)
    class_reports_changed(classes=classes)
    if done:
        # Students and parents are told once the publication commits (a background task: one message per
        # child and publication). Imported here: notifications reads the grades' models.
        from massar.notifications.events import grades_published_later

        grades_published_later(sheets=done, published_at=now)
    return published


def grade_sheet_withdraw_check(*, actor: User, sheet: GradeSheet, now: datetime | None = None) -> None:
    """Whether `actor` may withdraw `sheet` now (the confirmation page asks before offering it): only a
    published sheet, only until parents may see it."""
    _administration_may_act(sheet, actor)
    if sheet.status != SheetStatus.PUBLISHED:
        raise Invalid(codes.WRONG_STATUS, _("Only a published sheet can be withdrawn; this one is “%(status)s”.")
                      % {"status": sheet.get_status_display()})
    assert sheet.parents_see_from is not None  # a published sheet has it (constraint published_sheet_has_dates)
    if (now or timezone.now()) >= sheet.parents_see_from:
        raise Conflict(codes.PARENTS_SEE_IT, _(
            "Parents have been able to see this sheet since %(date)s: it can no longer be withdrawn. "
            "Correct a mark with a reason instead.") % {"date": isolate_ltr(
                timezone.localtime(sheet.parents_see_from).strftime("%d/%m/%Y %H:%M"))})


@transaction.atomic
def grade_sheets_withdraw(*, actor: User, sheet: GradeSheet, reason: str, ip_address: str | None = None,
                          now: datetime | None = None) -> SheetWithdrawal:
    """Take a published sheet back from students (and parents), saying why, while parents cannot see it yet:
    once they can, what they read is never taken away silently (a mark then changes by a correction).
    The sheet stays withdrawn until it is published again."""
    now = now or timezone.now()
    sheet = GradeSheet.objects.select_for_update().get(pk=sheet.pk)
    grade_sheet_withdraw_check(actor=actor, sheet=sheet, now=now)
    reason = _said(reason, 300)
    if not reason:
        raise Invalid(codes.REASON_REQUIRED, _("Say why the sheet is withdrawn."))
    assert sheet.published_at is not None
    withdrawal = SheetWithdrawal.objects.create(
        sheet=sheet, actor=actor, actor_role=actor.role, ip_address=ip_address, at=now,
        published_at=sheet.published_at, reason=reason)
    sheet.status = SheetStatus.WITHDRAWN
    sheet.save(update_fields=["status"])
    class_reports_changed(classes=[sheet.school_class_id])
    from massar.notifications.events import grades_withdrawn  # notifications reads the grades' models

    grades_withdrawn(sheet=sheet, published_at=withdrawal.published_at, now=now)
    return withdrawal


@dataclass(frozen=True)
class Correction:
    """A correction as it would be written: the cell's value now and its new value."""

    old_value: Decimal | None
    old_absent: bool
    new_value: Decimal | None
    new_absent: bool


def mark_correction_check(*, sheet: GradeSheet, student: Student, slot: int, value: object, absent: bool,
                          reason: str, actor: User) -> Correction:
    """Everything `mark_correct` checks, without writing: the confirmation page shows what it returns."""
    _administration_may_act(sheet, actor)
    if sheet.status not in CORRECTABLE:
        raise Invalid(codes.WRONG_STATUS, _("While the sheet is being entered, the teacher changes the marks."))
    if not _said(reason, 300):
        raise Invalid(codes.REASON_REQUIRED, _("A correction needs a reason."))
    _student_of(sheet, student)
    _slot_check(sheet, slot)
    parsed = mark_parse(value, out_of=sheet.out_of)
    mark = Mark.objects.filter(sheet=sheet, student=student, slot=slot).first()
    old = (mark.value, mark.absent) if mark else (None, False)
    if old == (parsed, absent):
        raise Invalid(codes.NO_CHANGE, _("This is already the mark."))
    return Correction(old_value=old[0], old_absent=old[1], new_value=parsed, new_absent=absent)


@transaction.atomic
def mark_correct(*, sheet: GradeSheet, student: Student, slot: int, value: object, absent: bool, reason: str,
                 actor: User, ip_address: str | None = None,
                 expected: tuple[Decimal | None, bool] | None = None) -> MarkEvent:
    """After submission only the administration changes a mark, with a reason; the change and its event are
    written together or not at all. `expected` is the mark the confirmation showed: if it changed meanwhile
    (another correction), nothing is written and Conflict says what it is now."""
    sheet = GradeSheet.objects.select_for_update().get(pk=sheet.pk)
    change = mark_correction_check(sheet=sheet, student=student, slot=slot, value=value, absent=absent,
                                   reason=reason, actor=actor)
    if expected is not None and (change.old_value, change.old_absent) != expected:
        raise Conflict(codes.CHANGED_MEANWHILE,
                       _("This mark changed meanwhile (it is now %(current)s): nothing was corrected. Look at it "
                         "again.") % {"current": mark_cell_text(change.old_value, change.old_absent)},
                       current_value=change.old_value, current_absent=change.old_absent)
    mark, _created = Mark.objects.get_or_create(sheet=sheet, student=student, slot=slot)
    event = MarkEvent.objects.create(
        sheet=sheet, student=student, slot=slot, old_value=change.old_value, new_value=change.new_value,
        old_absent=change.old_absent, new_absent=change.new_absent, actor=actor, actor_role=actor.role,
        ip_address=ip_address, reason=_said(reason, 300))
    mark.value, mark.absent = change.new_value, change.new_absent
    mark.save(update_fields=["value", "absent"])
    sheet_marks_changed(sheet=sheet)
    class_reports_changed(classes=[sheet.school_class_id])
    return event


def mark_replay(*, submitted: tuple[Decimal | None, bool], events: Iterable[MarkEvent]) -> tuple[Decimal | None, bool]:
    """A cell's value rebuilt from its value at submission and its corrections, in order."""
    value = submitted
    for event in events:
        if (event.old_value, event.old_absent) != value:
            raise ValueError(f"correction {event.pk} does not follow the previous value")
        value = (event.new_value, event.new_absent)
    return value
