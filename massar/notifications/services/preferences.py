"""What each account chose per kind of event (in-app only, e-mail, push, muted) and its quiet hours."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massar.core.errors import Invalid

from ..error_codes import NotificationsErrorCode as codes
from ..models import Channel, Kind, NotificationSettings, Preference

# Without a choice of their own, everyone reads every kind in the app; "homework due tomorrow" is opt-in.
DEFAULTS: dict[str, str] = {kind: str(Channel.IN_APP) for kind in Kind.values} | {
    str(Kind.HOMEWORK_DUE): str(Channel.MUTED)}


def channels_for(*, account_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each account's channel for `kind` (one query)."""
    ids = list(account_ids)
    chosen = dict(Preference.objects.filter(account_id__in=ids, kind=kind).values_list("account_id", "channel"))
    return {account_id: chosen.get(account_id, DEFAULTS[kind]) for account_id in ids}


def preferences_of(*, account) -> dict[str, str]:
    """Every kind with the account's channel, in the order of Kind."""
    chosen = dict(Preference.objects.filter(account=account).values_list("kind", "channel"))
    return {kind: chosen.get(kind, DEFAULTS[kind]) for kind in Kind.values}


@transaction.atomic
def preferences_set(*, account, choices: dict[str, str]) -> None:
    """Record the account's channel for each kind in `choices`; all or nothing."""
    for kind, channel in choices.items():
        if kind not in Kind.values:
            raise Invalid(codes.UNKNOWN_KIND, _("Unknown kind of notification."))
        if channel not in Channel.values:
            raise Invalid(codes.UNKNOWN_CHANNEL, _("Choose in the app only, e-mail, push or muted."))
    for kind, channel in choices.items():
        Preference.objects.update_or_create(account=account, kind=kind, defaults={"channel": channel})


def quiet_hours_set(*, account, quiet_from: datetime.time | None, quiet_until: datetime.time | None
                    ) -> NotificationSettings:
    """Both times or neither (no quiet hours); equal times make no sense."""
    if (quiet_from is None) != (quiet_until is None) or (quiet_from is not None and quiet_from == quiet_until):
        raise Invalid(codes.BAD_QUIET_HOURS,
                      _("Give both the start and the end of the quiet hours, and make them different."))
    settings, _created = NotificationSettings.objects.update_or_create(
        account=account, defaults={"quiet_from": quiet_from, "quiet_until": quiet_until})
    return settings


def quiet_end(settings: NotificationSettings | None, moment: datetime.datetime) -> datetime.datetime | None:
    """When the quiet hours around `moment` end (an aware moment), or None when `moment` is not in them.
    Times are Morocco's; a span whose start is after its end crosses midnight."""
    if settings is None or settings.quiet_from is None or settings.quiet_until is None:
        return None
    local = timezone.localtime(moment)
    start, end, now = settings.quiet_from, settings.quiet_until, local.time()
    inside = start <= now < end if start < end else (now >= start or now < end)
    if not inside:
        return None
    end_day = local.date() if now < end else local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(end_day, end), timezone.get_current_timezone())
