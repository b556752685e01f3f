"""Delivery: e-mail in the reader's language, Web Push decrypted by a local push service, retries with back-off
that never send twice, nothing sent late, quiet hours honoured."""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext_noop

from massar.notifications.delivery import backoff, deliveries_due, delivery_send
from massar.notifications.models import Channel, Delivery, DeliveryStatus, Kind, PushSubscription
from massar.notifications.parts import part, person_names
from massar.notifications.services import (
    notifications_emit,
    preferences_set,
    push_subscription_save,
    quiet_hours_set,
)
from massar.notifications.tasks import deliveries_due_task, deliveries_send_task

NOON = timezone.make_aware(datetime.datetime(2026, 3, 10, 12, 0))


@pytest.fixture
def parent(world):
    account = world.accounts["parent"]
    account.email = "parent@example.ma"
    account.preferred_language = "fr"
    account.save()
    return account


def emit(world, *, key="absence:1", now=NOON, **kwargs):
    return notifications_emit(kind=Kind.ABSENCE, student=world.student_a, dedupe_key=key, now=now,
                              title=part(gettext_noop("New grades for %(name)s"), name=person_names(world.student_a)),
                              body=part(gettext_noop("Published for %(semester)s: %(subjects)s."),
                                        semester={"text": "Semester 1"}, subjects={"list": ["A", "B"]}),
                              link="/children/grades/", **kwargs)


def the_delivery(channel=Channel.EMAIL) -> Delivery:
    return Delivery.objects.get(channel=channel)


def test_email_is_sent_once_by_the_task_after_commit(world, parent, django_capture_on_commit_callbacks):
    preferences_set(account=parent, choices={Kind.ABSENCE: Channel.EMAIL})
    with django_capture_on_commit_callbacks(execute=True):
        emit(world, now=timezone.now())
    [message] = mail.outbox
    assert message.to == ["parent@example.ma"]
    assert "Nouvelles notes" in message.subject or "New grades" in message.subject
    assert the_delivery().status == DeliveryStatus.SENT
    deliveries_send_task.call([the_delivery().pk])  # a task run twice sends nothing more
    assert len(mail.outbox) == 1


def test_smtp_failure_is_retried_with_backoff_and_never_duplicated(world, parent):
    preferences_set(account=parent, choices={Kind.ABSENCE: Channel.EMAIL})
    emit(world)
    delivery = the_delivery()
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                    side_effect=smtplib.SMTPServerDisconnected("down")):
        outcome = delivery_send(delivery.pk, now=NOON)
    assert outcome.status == "retry" and outcome.retry_at == NOON + backoff(1)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, "down" in delivery.last_error) == (DeliveryStatus.PENDING, 1, True)
    assert mail.outbox == []
    assert delivery_send(delivery.pk, now=NOON).status == "not_due"  # not before the back-off
    assert deliveries_due(now=NOON + datetime.timedelta(seconds=30)) == []
    assert deliveries_due(now=outcome.retry_at) == [delivery.pk]
    assert delivery_send(delivery.pk, now=outcome.retry_at).status == "sent"
    assert delivery_send(delivery.pk, now=outcome.retry_at + datetime.timedelta(hours=1)).status == "not_due"
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)


def test_backoff_grows_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert backoff(30) == datetime.timedelta(hours=6)


def test_a_worker_that_died_mid_send_leaves_a_claim_the_sweep_hands_out_again(world, parent):
    preferences_set(account=parent, choices={Kind.ABSENCE: Channel.EMAIL})
    emit(world)
    delivery = the_delivery()
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENDING, claimed_at=NOON)
    assert deliveries_due(now=NOON + datetime.timedelta(minutes=5)) == []
    assert deliveries_due(now=NOON + datetime.timedelta(minutes=16)) == [delivery.pk]


def test_a_message_past_its_usefulness_is_not_sent_late_but_stays_in_the_outbox(world, parent):
    preferences_set(account=parent, choices={Kind.ABSENCE: Channel.EMAIL})
    emit(world, useful_until=NOON + datetime.timedelta(hours=6))
    late = NOON + datetime.timedelta(days=1)
    assert delivery_send(the_delivery().pk, now=late).status == "skipped"
    assert mail.outbox == []
    assert parent.notifications.count() == 1


def test_quiet_hours_delay_email_until_their_end(world, parent):
    preferences_set(account=parent, choices={Kind.ABSENCE: Channel.EMAIL})
    quiet_hours_set(account=parent, quiet_from=datetime.time(11, 0), quiet_until=datetime.time(14, 0))
    emit(world)
    delivery = the_delivery()
    end = timezone.make_aware(datetime.datetime(2026, 3, 10, 14, 0))
    assert delivery.next_attempt_at == end  # queued for the end of the quiet hours
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=NOON)  # a task that runs early anyway
    outcome = delivery_send(delivery.pk, now=NOON)
    assert (outcome.status, outcome.retry_at, mail.outbox) == ("retry", end, [])
    assert delivery_send(delivery.pk, now=end).status == "sent"
    assert len(mail.outbox) == 1
    assert parent.notifications.count() == 1  # in the app at once


def test_quiet_hours_across_midnight(world, parent):
    preferences_set(account=parent, choices={Kind.ABSENCE: Channel.EMAIL})
    quiet_hours_set(account=parent, quiet_from=datetime.time(21, 0), quiet_until=datetime.time(7, 0))
    night = timezone.make_aware(datetime.datetime(2026, 3, 10, 23, 30))
    emit(world, now=night)
    assert the_delivery().next_attempt_at == timezone.make_aware(datetime.datetime(2026, 3, 11, 7, 0))


def test_push_is_encrypted_for_the_phone_and_signed_with_vapid(world, parent, push_service):
    push_subscription_save(account=parent, **push_service.subscription())
    preferences_set(account=parent, choices={Kind.ABSENCE: Channel.PUSH})
    emit(world)
    assert delivery_send(the_delivery(Channel.PUSH).pk, now=NOON).status == "sent"
    [received] = push_service.received
    assert received.vapid_valid
    assert received.headers["Content-Encoding"] == "aes128gcm"
    assert received.message["title"].startswith("Nouvelles notes") or "New grades" in received.message["title"]
    assert world.student_a.full_name_latin in received.message["title"]
    assert received.message["url"].endswith("/children/grades/")


def test_push_endpoint_failure_is_retried_without_duplicates(world, parent, push_service):
    push_subscription_save(account=parent, **push_service.subscription())
    preferences_set(account=parent, choices={Kind.ABSENCE: Channel.PUSH})
    emit(world)
    delivery = the_delivery(Channel.PUSH)
    push_service.answer = 503
    first = delivery_send(delivery.pk, now=NOON)
    assert first.status == "retry" and push_service.refused == 1 and push_service.received == []
    push_service.answer = 201
    assert delivery_send(delivery.pk, now=first.retry_at).status == "sent"
    assert delivery_send(delivery.pk, now=first.retry_at).status == "not_due"
    deliveries_due_task.call()
    assert len(push_service.received) == 1


def test_a_gone_subscription_is_removed(world, parent, push_service):
    push_subscription_save(account=parent, **push_service.subscription())
    preferences_set(account=parent, choices={Kind.ABSENCE: Channel.PUSH})
    emit(world)
    push_service.answer = 410
    assert delivery_send(the_delivery(Channel.PUSH).pk, now=NOON).status == "skipped"
    assert not PushSubscription.objects.exists()


def test_bad_subscriptions_are_refused(world, parent, push_service, settings):
    good = push_service.subscription()
    for bad in ({**good, "p256dh": "short"}, {**good, "auth": ""}, {**good, "endpoint": "ftp://x/y"}):
        with pytest.raises(Exception) as refused:
            push_subscription_save(account=parent, **bad)
        assert refused.value.code == "bad_subscription"
    settings.MASSAR_PUSH_ALLOW_HTTP = False
    with pytest.raises(Exception) as plain:
        push_subscription_save(account=parent, **good)
    assert plain.value.code == "bad_subscription"
    settings.MASSAR_VAPID_PRIVATE_KEY = ""
    with pytest.raises(Exception) as unconfigured:
        push_subscription_save(account=parent, **good)
    assert unconfigured.value.code == "push_not_configured"


def test_generated_vapid_keys_sign_and_the_demo_keeps_its_own(tmp_path, settings):
    from io import StringIO

    from django.core.management import call_command

    from massar.notifications.webpush import VapidKeys, vapid_keys

    out = StringIO()
    call_command("notifications_vapid_keys", stdout=out)
    pairs = dict(line.split("=", 1) for line in out.getvalue().split())
    keys = VapidKeys(private=pairs["MASSAR_VAPID_PRIVATE_KEY"], public=pairs["MASSAR_VAPID_PUBLIC_KEY"])
    assert keys.signer().sign({"aud": "https://push.example", "exp": 2_000_000_000, "sub": "mailto:a@b.ma"})
    settings.MASSAR_VAPID_PRIVATE_KEY = settings.MASSAR_VAPID_PUBLIC_KEY = ""
    settings.MASSAR_VAPID_DEMO_KEY_FILE = str(tmp_path / "vapid.pem")
    first, again = vapid_keys(), vapid_keys()
    assert first is not None and first == again  # generated once, then read back (server and worker agree)
    settings.MASSAR_VAPID_DEMO_KEY_FILE = ""
    assert vapid_keys() is None
