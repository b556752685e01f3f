"""The outbox for the mobile apps: `GET /notifications` (paged, newest first), mark one or all read, and the
preferences. Every operation is about the caller's own outbox; another account's message is a 404."""

import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from massar.access.gates import api_caller
from massar.core.errors import Invalid
from massar.core.schemas import ApiError, ValidationErrorOut

from .error_codes import NotificationsErrorCode as codes
from .models import AnnouncementAttachment, AnnouncementReceipt, NotificationSettings
from .parts import part_render
from .schemas import (
    AnnouncementOut,
    AnnouncementPageOut,
    NotificationOut,
    NotificationPageOut,
    PreferencesIn,
    PreferencesOut,
    ReadAllOut,
)
from .selectors import announcements_received, outbox, unread_count
from .services import (
    notification_mark_read,
    notifications_mark_all_read,
    preferences_of,
    preferences_set,
    quiet_hours_set,
)
from .services.announcements import announcement_read

router = Router(tags=["notifications"])


class PageIn(Schema):
    page: int = NinjaField(1, ge=1, le=100000)
    per_page: int = NinjaField(20, ge=1, le=100)


def _out(notification) -> NotificationOut:
    return NotificationOut(id=notification.pk, kind=notification.kind, title=part_render(notification.title),
                           body=part_render(notification.body), link=notification.link,
                           massar_code=notification.student.massar_code if notification.student_id else None,
                           at=notification.visible_from, read=notification.read_at is not None)


def _page_only(request: HttpRequest) -> None:
    """A list is asked with `page` and `per_page` only: another parameter is a mistake said, not ignored."""
    unknown = sorted(set(request.GET) - {"page", "per_page"})
    if unknown:
        raise Invalid(codes.UNKNOWN_PARAMETER, _("Unknown parameter: %(names)s. Use page and per_page.")
                      % {"names": ", ".join(unknown)})


@router.get("/notifications",
            response={200: NotificationPageOut, 400: ApiError, 401: ApiError, 422: ValidationErrorOut},
            summary="My notifications (paged, newest first)")
def notifications_list(request: HttpRequest, query: Query[PageIn]):
    """The caller's outbox, in their language; a page past the last is empty."""
    user = api_caller(request)
    _page_only(request)
    rows = outbox(user)
    count = rows.count()
    start = (query.page - 1) * query.per_page
    page = list(rows.select_related("student")[start:start + query.per_page])
    return NotificationPageOut(count=count, unread=unread_count(user), page=query.page,
                               pages=max((count + query.per_page - 1) // query.per_page, 1),
                               results=[_out(n) for n in page])


@router.post("/notifications/{notification_id}/read",
             response={200: NotificationOut, 401: ApiError, 404: ApiError, 422: ValidationErrorOut},
             summary="Mark one of my notifications read")
def notification_read(request: HttpRequest, notification_id: int):
    user = api_caller(request)
    notification = notification_mark_read(user=user, notification_id=notification_id)
    return _out(notification)


@router.post("/notifications/read-all", response={200: ReadAllOut, 401: ApiError},
             summary="Mark all my notifications read")
def notifications_read_all(request: HttpRequest):
    return ReadAllOut(marked=notifications_mark_all_read(user=api_caller(request)))


def _hours(value: datetime.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _preferences(user) -> PreferencesOut:
    quiet = NotificationSettings.objects.filter(account=user).first()
    return PreferencesOut(preferences=preferences_of(account=user),
                          quiet_from=_hours(quiet.quiet_from) if quiet else None,
                          quiet_until=_hours(quiet.quiet_until) if quiet else None)


@router.get("/notifications/preferences", response={200: PreferencesOut, 401: ApiError},
            summary="My notification preferences")
def notification_preferences_get(request: HttpRequest):
    return _preferences(api_caller(request))


def _time(value: str | None) -> datetime.time | None:
    if not value:
        return None
    try:
        return datetime.time.fromisoformat(value)
    except ValueError:
        raise Invalid(codes.BAD_QUIET_HOURS, _("Write the quiet hours as hours and minutes, e.g. 21:30.")) from None


@router.put("/notifications/preferences",
            response={200: PreferencesOut, 400: ApiError, 401: ApiError, 422: ValidationErrorOut},
            summary="Change my notification preferences")
def notification_preferences_put(request: HttpRequest, body: PreferencesIn):
    """Channels per kind (kinds left out keep theirs) and quiet hours (both or neither); all or nothing."""
    user = api_caller(request)
    with transaction.atomic():
        quiet_hours_set(account=user, quiet_from=_time(body.quiet_from), quiet_until=_time(body.quiet_until))
        preferences_set(account=user, choices=body.preferences)
    return _preferences(user)


def _issuer_name(announcement) -> str:
    issuer = announcement.school or announcement.directorate or announcement.academy
    return issuer.name if issuer is not None else ""


def _announcement_out(announcement, *, read: bool) -> AnnouncementOut:
    return AnnouncementOut(id=announcement.pk, title=announcement.title, body=announcement.body,
                           issuer=_issuer_name(announcement), at=announcement.created_at,
                           expires_at=announcement.expires_at, read=read,
                           attachment=AnnouncementAttachment.objects.filter(announcement=announcement).exists())


@router.get("/announcements",
            response={200: AnnouncementPageOut, 400: ApiError, 401: ApiError, 422: ValidationErrorOut},
            summary="The announcements that reached me (paged, newest first)")
def announcements_list(request: HttpRequest, query: Query[PageIn]):
    """Unexpired announcements of the caller's school, directorate or academy addressed to them."""
    user = api_caller(request)
    _page_only(request)
    rows = announcements_received(user)
    count = rows.count()
    start = (query.page - 1) * query.per_page
    page = list(rows[start:start + query.per_page])
    attached = set(AnnouncementAttachment.objects.filter(announcement__in=[a.pk for a in page])
                   .values_list("announcement_id", flat=True))
    results = [AnnouncementOut(id=a.pk, title=a.title, body=a.body, issuer=_issuer_name(a), at=a.created_at,
                               expires_at=a.expires_at, read=not getattr(a, "unread", 0),
                               attachment=a.pk in attached)
               for a in page]
    return AnnouncementPageOut(count=count, page=query.page,
                               pages=max((count + query.per_page - 1) // query.per_page, 1), results=results)


@router.post("/announcements/{announcement_id}/read",
             response={200: AnnouncementOut, 401: ApiError, 404: ApiError, 422: ValidationErrorOut},
             summary="Read an announcement (counted for its sender)")
def announcement_read_api(request: HttpRequest, announcement_id: int):
    """The announcement, marked read for the caller if it reached them; one out of reach is a 404."""
    user = api_caller(request)
    announcement = announcement_read(user=user, announcement_id=announcement_id)
    read = AnnouncementReceipt.objects.filter(announcement=announcement, account=user, read_at__isnull=False).exists()
    return _announcement_out(announcement, read=read)
