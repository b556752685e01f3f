"""Writes of the lesson log (cahier de textes): the teacher of a class and subject (or the school's
administration) writes, for one session — a lesson of the timetable on one date — what was done and, optionally,
homework with the day it is due. Writing again the same session changes its log (one log per session).

Refusals, each a named code (error_codes.py): not the caller's lesson (`not_your_lesson`), a date that is not the
lesson's weekday (`wrong_day`) or more than a week ahead (`too_far_ahead`), an empty text (`content_required`),
texts too long (`content_too_long`, `homework_too_long`), homework without its due date (`due_date_required`),
a due date on or before the session (`due_before_lesson`), or too far after it (`due_too_late`), a due date
without homework (`due_without_homework`), an attachment that is not a PDF, JPEG or PNG or is too large
(attendance's `bad_document`, `document_too_large`: the same checks as a justification's scan). Nothing is
written when one is refused.
"""

import datetime
import uuid

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massar.accounts.models import User
from massar.attendance.services import document_checked
from massar.core.errors import Invalid, Refused

from .error_codes import TimetableErrorCode as codes
from .models import Lesson, LessonLog
from .scopes import lessons_loggable_by

CONTENT_MAX_LENGTH = 4000
HOMEWORK_MAX_LENGTH = 2000
DAYS_AHEAD = 7  # a teacher may prepare the log of next week's sessions, not further
DUE_WITHIN_DAYS = 60  # homework is due within two months of its session


def lesson_log_check(*, actor: User, lesson: Lesson, on: datetime.date, today: datetime.date | None = None) -> None:
    """May `actor` write the log of `lesson` on `on`? The lesson is theirs (lessons_loggable_by), `on` is its
    weekday and at most a week ahead."""
    if not lessons_loggable_by(actor).filter(pk=lesson.pk).exists():
        raise Refused(codes.NOT_YOUR_LESSON, _("You do not teach this lesson."))
    if on.isoweekday() != lesson.day:
        raise Invalid(codes.WRONG_DAY, _("This lesson is not taught on that day."))
    today = today or timezone.localdate()
    if on > today + datetime.timedelta(days=DAYS_AHEAD):
        raise Invalid(codes.TOO_FAR_AHEAD, _("The log of a session is written at most a week ahead."))


def _texts(*, content: str, homework: str, due_on: datetime.date | None, on: datetime.date) -> tuple[str, str]:
    content, homework = (content or "").strip(), (homework or "").strip()
    if not content:
        raise Invalid(codes.CONTENT_REQUIRED, _("Write what was done in the lesson."), field="content")
    if len(content) > CONTENT_MAX_LENGTH:
        raise Invalid(codes.CONTENT_TOO_LONG, _(
            "What was done is written in at most {limit} characters; this text has {length}.").format(
            limit=CONTENT_MAX_LENGTH, length=len(content)), field="content")
    if len(homework) > HOMEWORK_MAX_LENGTH:
        raise Invalid(codes.HOMEWORK_TOO_LONG, _(
            "The homework is written in at most {limit} characters; this text has {length}.").format(
            limit=HOMEWORK_MAX_LENGTH, length=len(homework)), field="homework")
    if homework and due_on is None:
        raise Invalid(codes.DUE_DATE_REQUIRED, _("Give the day the homework is due."), field="due_on")
    if not homework and due_on is not None:
        raise Invalid(codes.DUE_WITHOUT_HOMEWORK, _("A due date needs homework: write it, or clear the date."),
                      field="homework")
    if due_on is not None and due_on <= on:
        raise Invalid(codes.DUE_BEFORE_LESSON, _("The homework is due after the session, not on or before it."),
                      field="due_on")
    if due_on is not None and due_on > on + datetime.timedelta(days=DUE_WITHIN_DAYS):
        raise Invalid(codes.DUE_TOO_LATE, _("Homework is due within {days} days of its session.").format(
            days=DUE_WITHIN_DAYS), field="due_on")
    return content, homework


@transaction.atomic
def lesson_log_write(*, actor: User, lesson: Lesson, on: datetime.date, content: str, homework: str = "",
                     due_on: datetime.date | None = None, attachment: UploadedFile | None = None,
                     attachment_remove: bool = False, today: datetime.date | None = None) -> LessonLog:
    """The log of the session (`lesson` on `on`), created or changed; its homework cleared when `homework` is
    empty. `attachment` replaces the log's file, `attachment_remove` removes it. Two teachers saving the same
    session at once: the second changes what the first wrote."""
    lesson_log_check(actor=actor, lesson=lesson, on=on, today=today)
    content, homework = _texts(content=content, homework=homework, due_on=due_on, on=on)
    checked = document_checked(attachment) if attachment is not None else None
    Lesson.objects.select_for_update().filter(pk=lesson.pk).first()  # one writer per lesson at a time
    now = timezone.now()
    log = LessonLog.objects.filter(lesson=lesson, date=on).first()
    if log is None:
        log = LessonLog(lesson=lesson, date=on, author=actor, written_at=now)
    log.content, log.homework, log.homework_due_on, log.changed_at = content, homework, due_on, now
    if (checked is not None or attachment_remove) and log.attachment:
        old, storage = log.attachment.name or "", log.attachment.storage
        transaction.on_commit(lambda: storage.delete(old))
        log.attachment, log.attachment_type = None, ""
    if attachment is not None and checked is not None:
        content_type, extension = checked
        log.attachment.save(f"{uuid.uuid4().hex}.{extension}", attachment, save=False)
        log.attachment_type = content_type
    log.save()
    return log


@transaction.atomic
def lesson_log_remove(*, actor: User, log: LessonLog) -> None:
    """Remove a session's log (written for the wrong session): by those who may write it."""
    if not lessons_loggable_by(actor).filter(pk=log.lesson_id).exists():
        raise Refused(codes.NOT_YOUR_LESSON, _("You do not teach this lesson."))
    if log.attachment:
        old, storage = log.attachment.name or "", log.attachment.storage
        transaction.on_commit(lambda: storage.delete(old))
    LessonLog.objects.filter(pk=log.pk).delete()
