"""Marking messages read: one, or the whole outbox."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massar.core.errors import NotFound

from ..error_codes import NotificationsErrorCode as codes
from ..models import Notification
from ..scopes import notifications_visible_to
from ..selectors import unread_forget


def notification_mark_read(*, user, notification_id: int, now: datetime.datetime | None = None) -> Notification:
    """Mark one of the caller's own messages read (again: nothing changes). Another account's message, or
    one not shown yet, is NotFound."""
    notification = notifications_visible_to(user).filter(pk=notification_id).first()
    if notification is None:
        raise NotFound(codes.NOT_FOUND, _("No such notification."))
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
        unread_forget([user.pk])
    return notification


def notifications_mark_all_read(*, user, now: datetime.datetime | None = None) -> int:
    """Mark every message the caller can see read; how many were unread."""
    count = notifications_visible_to(user).filter(read_at__isnull=True).update(read_at=now or timezone.now())
    unread_forget([user.pk])
    return count
