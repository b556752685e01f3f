"""The phones that accept Web Push: a browser subscribes (its endpoint and keys), and unsubscribes."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from massar.core.errors import Invalid

from ..error_codes import NotificationsErrorCode as codes
from ..models import PushSubscription
from ..webpush import b64url_decode, vapid_keys


def _key(text: str, length: int) -> bool:
    try:
        return len(b64url_decode(text)) == length
    except ValueError:
        return False


@transaction.atomic
def push_subscription_save(*, account, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Record (or move to `account`) the browser's subscription. The endpoint must be https (plain http only
    where MASSAR_PUSH_ALLOW_HTTP allows it: tests and the demo); the keys must be a P-256 point (65 bytes) and a
    16-byte secret, as browsers give them."""
    if vapid_keys() is None:
        raise Invalid(codes.PUSH_NOT_CONFIGURED, _("Push notifications are not available on this server."))
    parts = urlsplit(endpoint or "")
    schemes = ("https", "http") if settings.MASSAR_PUSH_ALLOW_HTTP else ("https",)
    if parts.scheme not in schemes or not parts.hostname or len(endpoint) > 500 \
            or not _key(p256dh or "", 65) or not _key(auth or "", 16):
        raise Invalid(codes.BAD_SUBSCRIPTION, _("This browser's subscription could not be read."))
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"account": account, "p256dh": p256dh, "auth": auth})
    return subscription


def push_subscription_delete(*, account, endpoint: str) -> int:
    """Forget the caller's subscription at `endpoint` (another account's is left alone)."""
    deleted, _rows = PushSubscription.objects.filter(account=account, endpoint=endpoint).delete()
    return deleted
