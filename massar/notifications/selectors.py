"""Reads of the notifications domain: a page of the outbox, the unread count, announcements received and sent."""

from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from .models import Announcement, Notification
from .parts import part_render
from .scopes import announcements_received_by, announcements_sent_by, notifications_visible_to

PER_PAGE = 20


@dataclass(frozen=True)
class Message:
    """A notification as its reader sees it, in the active language."""

    pk: int
    kind: str
    kind_label: str
    title: str
    body: str
    link: str
    at: object
    read: bool


def message_of(notification: Notification) -> Message:
    return Message(pk=notification.pk, kind=notification.kind, kind_label=notification.get_kind_display(),
                   title=part_render(notification.title), body=part_render(notification.body),
                   link=notification.link, at=notification.visible_from, read=notification.read_at is not None)


def outbox(user) -> QuerySet[Notification]:
    """The caller's messages shown now, newest first (read from the outbox index)."""
    return notifications_visible_to(user).order_by("-visible_from", "-id")


def outbox_page(user, *, page: int = 1, per_page: int = PER_PAGE) -> tuple[Page, list[Message]]:
    """One page of the outbox (two queries: the count and the page), its messages rendered."""
    paginator = Paginator(outbox(user).only("pk", "kind", "title", "body", "link", "visible_from", "read_at"),
                          per_page)
    current = paginator.get_page(page)
    return current, [message_of(notification) for notification in current.object_list]


def unread_count(user) -> int:
    """How many of the caller's messages are unread: one COUNT over the partial index of unread rows."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return notifications_visible_to(user).filter(read_at__isnull=True).count()


def announcements_received(user) -> QuerySet[Announcement]:
    """The unexpired announcements that reached the caller, newest first, with whether they read each."""
    return (announcements_received_by(user).select_related("school", "directorate", "academy")
            .annotate(unread=Count("receipts", filter=Q(receipts__account=user, receipts__read_at__isnull=True)))
            .order_by("-created_at", "-id"))


def announcements_sent(user) -> QuerySet[Announcement]:
    """The announcements of the caller's unit (and the units below), with their read receipts counted."""
    return (announcements_sent_by(user).select_related("school", "directorate", "academy", "level", "school_class")
            .annotate(read_count=Count("receipts", filter=Q(receipts__read_at__isnull=False)))
            .order_by("-created_at", "-id"))


UNREAD_TTL_SECONDS = 60


def _unread_key(user_id: int) -> str:
    return f"massar:notifications:unread:{user_id}"


def unread_count_cached(user) -> int:
    """The header's count: `unread_count`, kept a minute in the cache per account. Emitting to an account and
    reading clear it; a message that becomes visible later (parents' grades after the delay) shows within
    the minute."""
    if not getattr(user, "is_authenticated", False):
        return 0
    count = cache.get(_unread_key(user.pk))
    if count is None:
        count = unread_count(user)
        cache.set(_unread_key(user.pk), count, UNREAD_TTL_SECONDS)
    return count


def unread_forget(account_ids) -> None:
    """The counts of these accounts changed: read them afresh next time."""
    cache.delete_many([_unread_key(account_id) for account_id in account_ids])
