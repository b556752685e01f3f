"""Announcements: a school writes to everyone, a level or a class; a directorate or an academy to their
schools' staff, families or both. Each reaches its recipients' outboxes (inline for a small audience, by a
background task for a large one) with one receipt per recipient, so the sender sees how many read it."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from massar.access.scope import caller_of
from massar.core.errors import Invalid, NotFound, Refused
from massar.core.models import SchoolYear
from massar.core.roles import Role
from massar.core.text import bidi_controls_removed, has_nul
from massar.schools.models import Level, School, SchoolClass
from massar.students.models import Enrolment, EnrolmentStatus

from ..error_codes import NotificationsErrorCode as codes
from ..models import (
    Announcement,
    AnnouncementAttachment,
    AnnouncementReceipt,
    Audience,
    IssuerKind,
    Kind,
    Notification,
)
from ..parts import names, part, raw
from ..scopes import announcements_received_by, announcements_visible_to
from ..selectors import unread_forget
from .emit import notifications_emit

FAN_OUT_BATCH = 2000
# What an attachment may be, told by its first bytes (the name and the browser's type are not trusted).
SIGNATURES = {"application/pdf": (b"%PDF-",), "image/png": (b"\x89PNG\r\n\x1a\n",), "image/jpeg": (b"\xff\xd8\xff",)}
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


@dataclass(frozen=True)
class AttachmentIn:
    name: str
    content: bytes


def _text(value: str, *, limit: int, required: bool) -> str:
    value = bidi_controls_removed((value or "").strip())
    if has_nul(value):
        raise Invalid(codes.TEXT_TOO_LONG, _("The text holds a character that cannot be stored."))
    if required and not value:
        raise Invalid(codes.TITLE_REQUIRED, _("Give the announcement a title and a text."))
    if len(value) > limit:
        raise Invalid(codes.TEXT_TOO_LONG, _("Keep it under %(limit)s characters.") % {"limit": limit})
    return value


def attachment_type(content: bytes) -> str | None:
    return next((kind for kind, heads in SIGNATURES.items() if content.startswith(heads)), None)


def _attachment_checked(attachment: AttachmentIn) -> tuple[str, str]:
    limit = settings.MASSAR_ANNOUNCEMENT_ATTACHMENT_MAX_BYTES
    if len(attachment.content) > limit:
        raise Invalid(codes.ATTACHMENT_TOO_LARGE, _("The attachment is too large: at most %(size)s MB.")
                      % {"size": round(limit / 1024 / 1024, 1)})
    kind = attachment_type(attachment.content)
    if kind is None or not attachment.content:
        raise Invalid(codes.BAD_ATTACHMENT, _("Attach a PDF, PNG or JPEG file."))
    stem = "".join(c for c in attachment.name.rsplit(".", 1)[0] if c.isalnum() or c in "-_ ").strip()[:100]
    return kind, f"{stem or 'attachment'}{EXTENSIONS[kind]}"


def _issuer(author) -> dict:
    caller = caller_of(author)
    if caller is not None and caller.role == Role.SCHOOL_ADMIN and caller.school_id:
        return {"issuer_kind": IssuerKind.SCHOOL, "school_id": caller.school_id}
    if caller is not None and caller.role == Role.DIRECTORATE_OFFICER and caller.directorate_id:
        return {"issuer_kind": IssuerKind.DIRECTORATE, "directorate_id": caller.directorate_id}
    if caller is not None and caller.role == Role.ACADEMY_OFFICER and caller.academy_id:
        return {"issuer_kind": IssuerKind.ACADEMY, "academy_id": caller.academy_id}
    raise Refused(codes.NOT_AN_ISSUER, _("Only a school's administration, a directorate or an academy writes "
                                         "announcements."))


def announcement_levels(*, author) -> QuerySet[Level]:
    """The levels a school administrator may address: those of their school's classes this year."""
    caller = caller_of(author)
    if caller is None or caller.role != Role.SCHOOL_ADMIN or not caller.school_id:
        return Level.objects.none()
    return Level.objects.filter(classes__school_id=caller.school_id, classes__school_year__is_current=True).distinct()


def announcement_classes(*, author) -> QuerySet[SchoolClass]:
    caller = caller_of(author)
    if caller is None or caller.role != Role.SCHOOL_ADMIN or not caller.school_id:
        return SchoolClass.objects.none()
    return SchoolClass.objects.filter(school_id=caller.school_id, school_year__is_current=True).order_by("code")


@transaction.atomic
def announcement_publish(*, author, title: str, body: str, audience: str = Audience.EVERYONE,
                         level: Level | None = None, school_class: SchoolClass | None = None,
                         expires_at: datetime.datetime | None = None, attachment: AttachmentIn | None = None,
                         now: datetime.datetime | None = None) -> Announcement:
    """Write an announcement as the author's unit and send it to its audience. A level or a class (a school's
    announcement only) narrows it to that level's or class's students and parents. All or nothing: a wrong
    field leaves nothing behind."""
    now = now or timezone.now()
    issuer = _issuer(author)
    title = _text(title, limit=150, required=True)
    body = _text(body, limit=4000, required=True)
    if audience not in Audience.values:
        raise Invalid(codes.BAD_AUDIENCE, _("Choose who the announcement is for."))
    if level is not None or school_class is not None:
        if issuer["issuer_kind"] != IssuerKind.SCHOOL or audience != Audience.FAMILIES:
            raise Invalid(codes.BAD_AUDIENCE, _("A level or a class is addressed to its students and parents."))
        if level is not None and not announcement_levels(author=author).filter(pk=level.pk).exists():
            raise Invalid(codes.BAD_AUDIENCE, _("Your school has no class of this level this year."))
        if school_class is not None and not announcement_classes(author=author).filter(pk=school_class.pk).exists():
            raise Invalid(codes.BAD_AUDIENCE, _("This class is not one of your school's this year."))
    if expires_at is not None and expires_at <= now:
        raise Invalid(codes.BAD_EXPIRY, _("The end of the announcement must be in the future."))
    checked = _attachment_checked(attachment) if attachment is not None else None
    announcement = Announcement.objects.create(
        **issuer, audience=audience, level=level, school_class=school_class, title=title, body=body, author=author,
        created_at=now, expires_at=expires_at)
    if attachment is not None and checked is not None:
        AnnouncementAttachment.objects.create(announcement=announcement, content_type=checked[0], name=checked[1],
                                              size=len(attachment.content), content=attachment.content)
    recipients = announcement_recipients(announcement)
    announcement.recipients_count = recipients.count()
    announcement.save(update_fields=["recipients_count"])
    if announcement.recipients_count <= settings.MASSAR_ANNOUNCEMENT_INLINE_RECIPIENTS:
        announcement_fan_out(announcement_id=announcement.pk, now=now)
    else:
        from ..tasks import announcement_fan_out_task

        transaction.on_commit(lambda: announcement_fan_out_task.enqueue(announcement.pk))
    return announcement


def announcement_recipients(announcement: Announcement) -> QuerySet:
    """The active accounts an announcement is for: the families (students enrolled this year, and their
    linked parents) and the staff of the issuing unit's schools, as its audience says."""
    User = get_user_model()
    if announcement.school_id is not None:
        schools = School.objects.filter(pk=announcement.school_id)
    elif announcement.directorate_id is not None:
        schools = School.objects.filter(directorate_id=announcement.directorate_id)
    elif announcement.academy_id is not None:
        schools = School.objects.filter(directorate__academy_id=announcement.academy_id)
    else:
        schools = School.objects.none()
    who = Q(pk__in=[])
    if announcement.audience in (Audience.EVERYONE, Audience.FAMILIES):
        enrolled = Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE, school_class__school__in=schools,
                                            school_year__in=SchoolYear.objects.filter(is_current=True))
        if announcement.level_id:
            enrolled = enrolled.filter(school_class__level_id=announcement.level_id)
        if announcement.school_class_id:
            enrolled = enrolled.filter(school_class_id=announcement.school_class_id)
        students = enrolled.values("student_id")
        who |= Q(role=Role.STUDENT, student_id__in=students)
        who |= Q(role=Role.PARENT, guardian__student_links__student_id__in=students)
    if announcement.audience in (Audience.EVERYONE, Audience.STAFF):
        who |= Q(role__in=[Role.TEACHER, Role.SCHOOL_ADMIN], staff_member__school__in=schools)
    return User.objects.filter(who, is_active=True).distinct()


def announcement_fan_out(*, announcement_id: int, now: datetime.datetime | None = None) -> int:
    """Open a receipt and put a message in the outbox of every recipient, in batches (each its own
    transaction: a task that stopped half-way and runs again resumes, since receipts and messages are unique
    per account). Returns how many accounts it reached."""
    announcement = Announcement.objects.select_related("school", "directorate", "academy").get(pk=announcement_id)
    issuer = announcement.school or announcement.directorate or announcement.academy
    ids = list(announcement_recipients(announcement).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), FAN_OUT_BATCH):
        batch = ids[start:start + FAN_OUT_BATCH]
        with transaction.atomic():
            AnnouncementReceipt.objects.bulk_create(
                [AnnouncementReceipt(announcement=announcement, account_id=account_id) for account_id in batch],
                ignore_conflicts=True)
            notifications_emit(kind=Kind.ANNOUNCEMENT, recipients=batch, dedupe_key=f"announcement:{announcement.pk}",
                               title=part(gettext_noop("%(issuer)s: %(title)s"), issuer=names(issuer),
                                          title=announcement.title),
                               body=raw(announcement.body[:300]), link=reverse("portals:announcement_detail", kwargs={"announcement_id": announcement.pk}),
                               useful_until=announcement.expires_at, now=now)
    Announcement.objects.filter(pk=announcement.pk).update(recipients_count=len(ids),
                                                           fanned_out_at=now or timezone.now())
    return len(ids)


def announcement_read(*, user, announcement_id: int, now: datetime.datetime | None = None) -> Announcement:
    """The announcement for the caller (received or sent); reading a received one marks its receipt and its
    outbox message read."""
    announcement = announcements_visible_to(user).select_related(
        "school", "directorate", "academy", "level", "school_class").filter(pk=announcement_id).first()
    if announcement is None:
        raise NotFound(codes.NOT_FOUND, _("No such announcement."))
    if announcements_received_by(user).filter(pk=announcement.pk).exists():
        moment = now or timezone.now()
        AnnouncementReceipt.objects.filter(announcement=announcement, account=user, read_at__isnull=True).update(
            read_at=moment)
        Notification.objects.filter(recipient=user, dedupe_key=f"announcement:{announcement.pk}",
                                    read_at__isnull=True).update(read_at=moment)
        unread_forget([user.pk])
    return announcement
