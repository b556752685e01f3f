"""The one way another domain tells people something: `notifications_emit`."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import BooleanField, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massar.core.errors import Invalid
from massar.students.models import Student

from ..error_codes import NotificationsErrorCode as codes
from ..models import Channel, Delivery, Kind, Notification, NotificationSettings, PushSubscription
from ..selectors import unread_forget
from .preferences import channels_for, quiet_end

# Students told per round of `notifications_emit_about`: a results day's half a million candidates are told in
# rounds of a fixed number of statements each, and no round names more accounts than a database takes at once.
ROUND = 500


@dataclass(frozen=True)
class ChildNews:
    """One event about one student, for the student and each parent linked to them.

    `link` is the student's own page, `parents_link` the parent's page of that child (default `link`);
    `visible_from` when the student sees it (default now), `parents_visible_from` when the parents do (default
    `visible_from`: parents see grades `parents_delay_days` later); past `useful_until` it is neither e-mailed
    nor pushed."""

    student: Student
    dedupe_key: str
    title: Mapping[str, Any]
    body: Mapping[str, Any] | None = None
    link: str = ""
    parents_link: str | None = None
    visible_from: datetime.datetime | None = None
    parents_visible_from: datetime.datetime | None = None
    useful_until: datetime.datetime | None = None


def student_audiences(student_ids: Iterable[int]) -> dict[int, dict[int, bool]]:
    """For each student, the accounts that hear about them — `{student id: {account id: is a parent}}`: the
    student's own account and those of the guardians linked to them (massar.students StudentGuardian), active
    ones only. Nobody else, whatever their role. One query whatever the number of students."""
    ids = list(student_ids)
    User = get_user_model()
    audiences: dict[int, dict[int, bool]] = {student_id: {} for student_id in ids}
    own = (User.objects.filter(student_id__in=ids, is_active=True)
           .values_list("pk", "student_id", Value(False, output_field=BooleanField())))
    parents = (User.objects.filter(guardian__student_links__student_id__in=ids, is_active=True)
               .values_list("pk", "guardian__student_links__student_id", Value(True, output_field=BooleanField())))
    for account_id, student_id, parent in own.union(parents):
        audiences[student_id].setdefault(account_id, parent)
    return audiences


def student_audience(student: Student | int) -> list[int]:
    """The accounts that hear about `student` (see `student_audiences`), in the order of their ids."""
    student_id = student if isinstance(student, int) else student.pk
    return sorted(student_audiences([student_id])[student_id])


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
      student, whoever the caller is; nobody else is ever told about a child. Many children at once (a roll
      call's absences, a publication): `notifications_emit_about`, the same rules in a fixed number of queries.
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
    _check(kind=kind, dedupe_keys=[dedupe_key])
    if student is not None and recipients is not None:
        raise Invalid(codes.RECIPIENTS_AND_STUDENT, _("Name the student or the recipients, not both."))
    now = now or timezone.now()
    if student is not None:
        account_ids = student_audience(student)
    else:
        named = {getattr(r, "pk", r) for r in recipients or ()}
        account_ids = sorted(get_user_model().objects.filter(pk__in=named, is_active=True)
                             .values_list("pk", flat=True)) if named else []
    shown_from = visible_from or now
    by_account = visible_from_by_account or {}
    links = link_by_account or {}
    return _messages_write(kind=kind, now=now, messages=[
        Notification(recipient_id=account_id, kind=kind, student=student, title=dict(title), body=dict(body or {}),
                     link=links.get(account_id, link), created_at=now,
                     visible_from=by_account.get(account_id, shown_from), useful_until=useful_until,
                     dedupe_key=dedupe_key)
        for account_id in account_ids])


@transaction.atomic
def notifications_emit_about(*, kind: str, news: Sequence[ChildNews],
                             now: datetime.datetime | None = None) -> list[Notification]:
    """`notifications_emit` for many children at once: each `ChildNews` goes to its student and to each parent
    linked to that student (nobody else), under the same rules (kind, one message per recipient and key,
    preferences, quiet hours, deliveries queued after the commit). Whatever the number of children, a round of
    `ROUND` of them costs the same few queries: their audiences, the recipients' channels, the messages already
    there, one insert, and the deliveries. Returns the messages created."""
    _check(kind=kind, dedupe_keys=[item.dedupe_key for item in news])
    now = now or timezone.now()
    created: list[Notification] = []
    for start in range(0, len(news), ROUND):
        batch = news[start:start + ROUND]
        audiences = student_audiences({item.student.pk for item in batch})
        messages = []
        for item in batch:
            shown_from = item.visible_from or now
            for account_id, parent in audiences[item.student.pk].items():
                link = item.parents_link if parent and item.parents_link is not None else item.link
                shown = (item.parents_visible_from or shown_from) if parent else shown_from
                messages.append(Notification(
                    recipient_id=account_id, kind=kind, student=item.student, title=dict(item.title),
                    body=dict(item.body or {}), link=link, created_at=now, visible_from=shown,
                    useful_until=item.useful_until, dedupe_key=item.dedupe_key))
        created += _messages_write(kind=kind, now=now, messages=messages)
    return created


def _check(*, kind: str, dedupe_keys: Sequence[str]) -> None:
    if kind not in Kind.values:
        raise Invalid(codes.UNKNOWN_KIND, _("Unknown kind of notification."))
    if not all(dedupe_keys):
        raise Invalid(codes.DEDUPE_KEY_REQUIRED, _("A notification needs the key of its event."))


def _messages_write(*, kind: str, now: datetime.datetime, messages: list[Notification]) -> list[Notification]:
    """Write the messages their recipients did not mute and do not have yet, queue their deliveries."""
    if not messages:
        return []
    channels = {a: c for a, c in channels_for(account_ids={m.recipient_id for m in messages}, kind=kind).items()
                if c != Channel.MUTED}
    keys = {m.dedupe_key for m in messages}
    existing = set(Notification.objects.filter(recipient_id__in=list(channels), dedupe_key__in=keys)
                   .values_list("recipient_id", "dedupe_key"))
    fresh = [m for m in messages if m.recipient_id in channels and (m.recipient_id, m.dedupe_key) not in existing]
    if not fresh:
        return []
    # A concurrent call with the same key may have won the race: its rows stay, ours are dropped.
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    ours = {(m.recipient_id, m.dedupe_key) for m in fresh}
    created = [n for n in Notification.objects.filter(recipient_id__in={m.recipient_id for m in fresh},
                                                      dedupe_key__in=keys, created_at=now)
               if (n.recipient_id, n.dedupe_key) in ours]
    deliveries_queue(notifications=created, channels=channels)
    unread_forget({n.recipient_id for n in created})
    return created


def deliveries_queue(*, notifications: list[Notification], channels: Mapping[int, str]) -> list[Delivery]:
    """The deliveries the recipients' channels ask for, for messages just created: an e-mail to an account with
    an address, a push to each of the account's subscribed phones; the first attempt after `visible_from` and
    outside quiet hours. The sending task is queued once the transaction commits."""
    outside = {n.recipient_id for n in notifications if channels.get(n.recipient_id) in (Channel.EMAIL, Channel.PUSH)}
    if not outside:
        return []
    User = get_user_model()
    accounts = {u.pk: u for u in User.objects.filter(pk__in=outside).select_related("guardian",
                                                                                     "notification_settings")}
    phones: dict[int, list[int]] = {}
    pushed = [account_id for account_id in outside if channels[account_id] == Channel.PUSH]
    for subscription_id, account_id in PushSubscription.objects.filter(account_id__in=pushed).values_list(
            "pk", "account_id") if pushed else ():
        phones.setdefault(account_id, []).append(subscription_id)
    rows: list[Delivery] = []
    for notification in notifications:
        channel = channels.get(notification.recipient_id)
        if channel not in (Channel.EMAIL, Channel.PUSH):
            continue
        account = accounts[notification.recipient_id]
        quiet = getattr(account, "notification_settings", None)
        first = _first_attempt(notification.visible_from, quiet)
        if channel == Channel.EMAIL and email_address(account):
            rows.append(Delivery(notification=notification, channel=Channel.EMAIL, next_attempt_at=first))
        elif channel == Channel.PUSH:
            rows.extend(Delivery(notification=notification, channel=Channel.PUSH, subscription_id=phone,
                                 next_attempt_at=first) for phone in phones.get(notification.recipient_id, ()))
    # The messages are this call's own: none of them has a delivery yet, and the insert gives back their ids.
    queued = Delivery.objects.bulk_create(rows)
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
