"""Which notifications, deliveries, preferences, subscriptions and announcements a caller sees (registered in
NotificationsConfig.ready()).

An outbox, its preferences and its phones are their owner's alone: nobody else reads them, not even the
ministry (a message about a child is the family's); a superuser reads the deliveries in the back office to
follow a failing channel. An announcement is seen by the accounts it reached (a receipt exists, it has not
expired) and, as its sender, by the administration of the unit that issued it and of the units above (not the
ministry)."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from massar.access.scope import caller_of
from massar.core.roles import Role

from .models import (
    Announcement,
    AnnouncementReceipt,
    Delivery,
    Notification,
    NotificationSettings,
    Preference,
    PushSubscription,
)


def notifications_visible_to(user: Any) -> QuerySet[Notification]:
    """The caller's own outbox, as it is now: a message shows from its `visible_from`."""
    caller = caller_of(user)
    if caller is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=caller.user_id, visible_from__lte=timezone.now())


def deliveries_visible_to(user: Any) -> QuerySet[Delivery]:
    caller = caller_of(user)
    if caller is None:
        return Delivery.objects.none()
    if caller.is_superuser:
        return Delivery.objects.all()
    return Delivery.objects.filter(notification__recipient_id=caller.user_id)


def preferences_visible_to(user: Any) -> QuerySet[Preference]:
    caller = caller_of(user)
    return Preference.objects.filter(account_id=caller.user_id) if caller else Preference.objects.none()


def notification_settings_visible_to(user: Any) -> QuerySet[NotificationSettings]:
    caller = caller_of(user)
    return (NotificationSettings.objects.filter(account_id=caller.user_id) if caller
            else NotificationSettings.objects.none())


def push_subscriptions_visible_to(user: Any) -> QuerySet[PushSubscription]:
    caller = caller_of(user)
    return (PushSubscription.objects.filter(account_id=caller.user_id) if caller
            else PushSubscription.objects.none())


def announcements_sent_by(user: Any) -> QuerySet[Announcement]:
    """The announcements the caller's unit issued, or a unit below it: what the administration reads as sender
    (with the read receipts). The ministry writes none and follows none (a school's notice to its families is
    the school's business)."""
    caller = caller_of(user)
    if caller is None or not caller.sees_whole_schools or caller.nationwide:
        return Announcement.objects.none()
    if caller.role == Role.SCHOOL_ADMIN and caller.school_id:
        return Announcement.objects.filter(school_id=caller.school_id)
    if caller.role == Role.DIRECTORATE_OFFICER and caller.directorate_id:
        return Announcement.objects.filter(Q(directorate_id=caller.directorate_id)
                                           | Q(school__directorate_id=caller.directorate_id))
    if caller.role == Role.ACADEMY_OFFICER and caller.academy_id:
        return Announcement.objects.filter(Q(academy_id=caller.academy_id)
                                           | Q(directorate__academy_id=caller.academy_id)
                                           | Q(school__directorate__academy_id=caller.academy_id))
    return Announcement.objects.none()


def announcements_received_by(user: Any) -> QuerySet[Announcement]:
    """The announcements that reached the caller and have not expired."""
    caller = caller_of(user)
    if caller is None:
        return Announcement.objects.none()
    reached = AnnouncementReceipt.objects.filter(announcement=OuterRef("pk"), account_id=caller.user_id)
    return Announcement.objects.filter(Exists(reached)).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))


def announcements_visible_to(user: Any) -> QuerySet[Announcement]:
    """Received or sent."""
    caller = caller_of(user)
    if caller is None:
        return Announcement.objects.none()
    sent = announcements_sent_by(user).values("pk")
    received = announcements_received_by(user).values("pk")
    return Announcement.objects.filter(Q(pk__in=sent) | Q(pk__in=received))


def announcement_receipts_visible_to(user: Any) -> QuerySet[AnnouncementReceipt]:
    """A reader's own receipts; the sender's receipts (who read their announcement)."""
    caller = caller_of(user)
    if caller is None:
        return AnnouncementReceipt.objects.none()
    return AnnouncementReceipt.objects.filter(Q(account_id=caller.user_id)
                                              | Q(announcement__in=announcements_sent_by(user).values("pk")))
