"""Sending a delivery: claim it, check it is still worth sending, send it on its channel, record the outcome.

Idempotent: a delivery is claimed by one conditional UPDATE (pending and due → sending); a task that finds it
claimed, sent or skipped sends nothing, so a task retried or queued twice sends once. A failure puts it back
to pending with a later attempt (back-off: 1, 2, 4 … minutes, at most 6 hours); it is retried until it is sent
or its message's `useful_until` has passed (then skipped; the message stays in the outbox). A worker that died
while sending leaves a claim older than STALE_CLAIM: `deliveries_due` hands it out again (at-least-once).
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from massar.communication.mail import email_send

from .models import Channel, Delivery, DeliveryStatus, NotificationSettings
from .parts import part_render
from .services.emit import email_address
from .services.preferences import quiet_end
from .webpush import PushFailed, PushGone, push_send, vapid_keys

logger = logging.getLogger(__name__)

STALE_CLAIM = datetime.timedelta(minutes=15)
MAX_BACKOFF = datetime.timedelta(hours=6)


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failure."""
    return min(datetime.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


@dataclass(frozen=True)
class Outcome:
    status: str  # sent, retry, skipped, not_due (someone else has it, or it is not due yet)
    retry_at: datetime.datetime | None = None


def absolute(link: str) -> str:
    if not link or link.startswith(("http://", "https://")):
        return link
    return f"{settings.SITE_URL}{link}"


def delivery_send(delivery_id: int, *, now: datetime.datetime | None = None) -> Outcome:
    """Send the delivery if it is due and nobody else has it."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now).update(
        status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return Outcome("not_due")
    delivery = Delivery.objects.select_related("notification__recipient__guardian", "subscription").get(
        pk=delivery_id)
    notification, account = delivery.notification, delivery.notification.recipient
    if notification.useful_until is not None and now > notification.useful_until:
        return _finish(delivery, DeliveryStatus.SKIPPED, now, "no longer useful: not sent late")
    if not account.is_active:
        return _finish(delivery, DeliveryStatus.SKIPPED, now, "account inactive")
    quiet = NotificationSettings.objects.filter(account=account).first()
    quiet_until = quiet_end(quiet, now)
    if quiet_until is not None:
        Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PENDING, next_attempt_at=quiet_until,
                                                       attempts=F("attempts") - 1, claimed_at=None)
        return Outcome("retry", quiet_until)
    language = account.preferred_language or settings.LANGUAGE_CODE
    try:
        if delivery.channel == Channel.EMAIL:
            _email(delivery, language)
        else:
            _push(delivery, language)
    except PushGone as gone:
        if delivery.subscription is not None:
            delivery.subscription.delete()
        return _finish(delivery, DeliveryStatus.SKIPPED, now, str(gone))
    except Exception as error:  # SMTP, network, a push service's refusal: never lost, tried again later
        logger.warning("delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, error)
        retry_at = now + backoff(delivery.attempts)
        Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PENDING, next_attempt_at=retry_at,
                                                       claimed_at=None, last_error=str(error)[:300])
        return Outcome("retry", retry_at)
    return _finish(delivery, DeliveryStatus.SENT, now, "")


def _finish(delivery: Delivery, status: str, now: datetime.datetime, note: str) -> Outcome:
    Delivery.objects.filter(pk=delivery.pk).update(status=status, sent_at=now if status == DeliveryStatus.SENT
                                                   else None, last_error=note[:300])
    return Outcome(str(status))


def _email(delivery: Delivery, language: str) -> None:
    notification = delivery.notification
    address = email_address(notification.recipient)
    if not address:
        raise RuntimeError("the account has no e-mail address")
    email_send(to=address, template="notification", language=language, context={
        "title": part_render(notification.title, language=language),
        "body": part_render(notification.body, language=language),
        "link": absolute(notification.link)})


def _push(delivery: Delivery, language: str) -> None:
    subscription = delivery.subscription
    if subscription is None:
        raise PushGone("the phone unsubscribed")
    keys = vapid_keys()
    if keys is None:
        raise PushFailed("Web Push is not configured (MASSAR_VAPID_PRIVATE_KEY, MASSAR_VAPID_PUBLIC_KEY)")
    notification = delivery.notification
    push_send(endpoint=subscription.endpoint, p256dh=subscription.p256dh, auth=subscription.auth, keys=keys,
              urgency="high" if notification.kind in ("absence", "lateness") else "normal",
              message={"title": part_render(notification.title, language=language),
                       "body": part_render(notification.body, language=language),
                       "url": absolute(notification.link or reverse("portals:notifications")),
                       "tag": f"massar-{notification.pk}"})
    type(subscription).objects.filter(pk=subscription.pk).update(last_success_at=timezone.now())


def deliveries_due(*, now: datetime.datetime | None = None, limit: int = 500) -> list[int]:
    """The deliveries to send now: pending and due, or claimed by a worker that has not finished in
    STALE_CLAIM (their claim is released first)."""
    now = now or timezone.now()
    with transaction.atomic():
        Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
            status=DeliveryStatus.PENDING, claimed_at=None)
    return list(Delivery.objects.filter(Q(status=DeliveryStatus.PENDING) & Q(next_attempt_at__lte=now))
                .order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
