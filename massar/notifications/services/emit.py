"""The one way another domain tells people something: `notifications_emit`."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massar.core.errors import Invalid
from massar.students.models import Student

from ..error_codes import NotificationsErrorCode as codes
from ..models import Channel, Delivery, Kind, Notification, NotificationSettings, PushSubscription
from ..selectors import unread_forget
from .preferences import channels_for, quiet_end


def student_audience(student: Student | int) -> list[int]:
    """The accounts that hear about `student`: the student's own and those of the guardians linked to them
    (massar.students StudentGuardian), active ones only. Nobody else, whatever their role."""
    student_id = student if isinstance(student, int) else student.pk
    User = get_user_model()
    return list(User.objects.filter(Q(student_id=student_id) | Q(guardian__student_links__student_id=student_id),
                                    is_active=True).values_list("pk", flat=True).distinct())


def _first_attempt(moment: datetime.datetime, quiet: NotificationSettings | None) -> datetime.datetime:
    return quiet_end(quiet, moment) or moment


@transaction.atomic
def notifications_emit(*, kind: str, dedupe_key: str, title: Mapping[str, Any],
                       body: Mapping[str, Any] | None = None, student: Student | None = None,
                       recipients: Iterable[Any] | None = None, link: str = "",
                       link_by_account: Mapping[int, str] | None = None,
                       visible_from: datetime.datetime | None = None,
                       visible_from_by_account: Mapping[int, datetime.datetime] | None = None,
                       useful_until: datetime.datetime | None = None,
                       now: datetime.datetime | None = None) -> list[Notification]:
    """Put one message about one event in the outbox of each recipient, and queue its e-mail or push.

    Contract, for every domain that calls it:

    - `kind`: a `Kind` (absence, lateness, grades_published, announcement, behaviour, homework_due,
      results_published, orientation_result); anything else is `Invalid(unknown_kind)`.
    - Recipients: give `student` (an event about a child) **or** `recipients` (accounts or account ids, for an
      event about no child, e.g. an announcement), not both (`Invalid(recipients_and_student)`). With `student`
      the recipients are exactly the student's own account and the accounts of the guardians linked to the
      student, whoever the caller is; nobody else is ever told about a child.
    - `dedupe_key`: names the event (e.g. `absence:<absence id>`); a second call with the same key gives no
      recipient a second message (one per recipient and key, a database constraint), so a caller may retry.
    - `title`, `body`: translatable parts (`parts.part(gettext_noop("…"), **values)`), read in each recipient's
      language when shown or sent.
    - `visible_from` (default now): the message shows, and is sent, from then on; `visible_from_by_account`
      overrides it for some accounts (parents see grades `parents_delay_days` after students).
    - `link`: the page the message opens (a path of the site); `link_by_account` overrides it per account
      (a student's own grades page, a parent's page of that child).
    - `useful_until`: past it the message is no longer e-mailed or pushed (it stays in the outbox).
    - Each recipient's preference for `kind` decides: muted → no message at all; in-app → the outbox only;
      e-mail or push → the outbox and a delivery on that channel, sent by a task after the transaction commits,
      never during their quiet hours (it waits for their end).

    Returns the messages created by this call (not those that existed already).
    """
    if kind not in Kind.values:
        raise Invalid(codes.UNKNOWN_KIND, _("Unknown kind of notification."))
    if not dedupe_key:
        raise Invalid(codes.DEDUPE_KEY_REQUIRED, _("A notification needs the key of its event."))
    if student is not None and recipients is not None:
        raise Invalid(codes.RECIPIENTS_AND_STUDENT, _("Name the student or the recipients, not both."))
    now = now or timezone.now()
    if student is not None:
        account_ids = student_audience(student)
    else:
        named = {getattr(r, "pk", r) for r in recipients or ()}
        account_ids = sorted(get_user_model().objects.filter(pk__in=named, is_active=True)
                             .values_list("pk", flat=True)) if named else []
    if not account_ids:
        return []
    channels = {a: c for a, c in channels_for(account_ids=account_ids, kind=kind).items() if c != Channel.MUTED}
    existing = set(Notification.objects.filter(recipient_id__in=list(channels), dedupe_key=dedupe_key)
                   .values_list("recipient_id", flat=True))
    shown_from = visible_from or now
    by_account = visible_from_by_account or {}
    links = link_by_account or {}
    fresh = [Notification(recipient_id=account_id, kind=kind, student=student, title=dict(title),
                          body=dict(body or {}), link=links.get(account_id, link), created_at=now,
                          visible_from=by_account.get(account_id, shown_from), useful_until=useful_until,
                          dedupe_key=dedupe_key)
             for account_id in channels if account_id not in existing]
    # A concurrent call with the same key may have won the race: its rows stay, ours are dropped.
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    created = list(Notification.objects.filter(recipient_id__in=[n.recipient_id for n in fresh],
                                               dedupe_key=dedupe_key, created_at=now))
    deliveries_queue(notifications=created, channels=channels)
    unread_forget([n.recipient_id for n in created])
    return created


def deliveries_queue(*, notifications: list[Notification], channels: Mapping[int, str]) -> list[Delivery]:
    """The deliveries the recipients' channels ask for: an e-mail to an account with an address, a push to each
    of the account's subscribed phones; the first attempt after `visible_from` and outside quiet hours. The
    sending task is queued once the transaction commits."""
    outside = {n.recipient_id for n in notifications if channels.get(n.recipient_id) in (Channel.EMAIL, Channel.PUSH)}
    if not outside:
        return []
    User = get_user_model()
    accounts = {u.pk: u for u in User.objects.filter(pk__in=outside).select_related("guardian")}
    quiet = {s.account_id: s for s in NotificationSettings.objects.filter(account_id__in=outside)}
    phones: dict[int, list[int]] = {}
    for subscription_id, account_id in PushSubscription.objects.filter(account_id__in=outside).values_list(
            "pk", "account_id"):
        phones.setdefault(account_id, []).append(subscription_id)
    rows: list[Delivery] = []
    for notification in notifications:
        channel = channels.get(notification.recipient_id)
        first = _first_attempt(notification.visible_from, quiet.get(notification.recipient_id))
        if channel == Channel.EMAIL and email_address(accounts[notification.recipient_id]):
            rows.append(Delivery(notification=notification, channel=Channel.EMAIL, next_attempt_at=first))
        elif channel == Channel.PUSH:
            rows.extend(Delivery(notification=notification, channel=Channel.PUSH, subscription_id=phone,
                                 next_attempt_at=first) for phone in phones.get(notification.recipient_id, ()))
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    queued = list(Delivery.objects.filter(notification__in=notifications))
    if queued:
        from ..tasks import deliveries_schedule

        transaction.on_commit(lambda: deliveries_schedule(queued))
    return queued


def email_address(account: Any) -> str:
    """Where an account's e-mail goes: its own address, else (a parent) the guardian's contact address."""
    if account.email:
        return account.email
    guardian = account.guardian if account.guardian_id else None
    return guardian.email if guardian is not None else ""
