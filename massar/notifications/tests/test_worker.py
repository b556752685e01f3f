"""Delivery through the database task queue, as in the demo and in production: a failed e-mail is queued again
to run after its back-off, and the worker sends it then, once."""

import smtplib
from unittest import mock

from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from massar.notifications.models import Channel, Delivery, DeliveryStatus, Kind
from massar.notifications.parts import part
from massar.notifications.services import notifications_emit, preferences_set
from massar.testing.tasks import DATABASE_TASKS, tasks_run_queued


def test_a_failed_email_is_deferred_and_sent_once_by_the_worker(world, settings, django_capture_on_commit_callbacks):
    settings.TASKS = DATABASE_TASKS
    parent = world.accounts["parent"]
    parent.email = "parent@example.ma"
    parent.save()
    preferences_set(account=parent, choices={Kind.ABSENCE: Channel.EMAIL})
    with django_capture_on_commit_callbacks(execute=True):
        notifications_emit(kind=Kind.ABSENCE, student=world.student_a, dedupe_key="absence:7", title=part("Absence"))
    assert DBTaskResult.objects.count() == 1  # queued, not sent inside the request
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                    side_effect=smtplib.SMTPServerDisconnected("down")):
        tasks_run_queued()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1 and mail.outbox == []
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == delivery.next_attempt_at > timezone.now()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())  # the back-off has passed
    tasks_run_queued()
    tasks_run_queued()
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_the_sweep_command_sends_what_is_due(world):
    from io import StringIO

    from django.core.management import call_command

    parent = world.accounts["parent"]
    parent.email = "parent@example.ma"
    parent.save()
    preferences_set(account=parent, choices={Kind.ABSENCE: Channel.EMAIL})
    notifications_emit(kind=Kind.ABSENCE, student=world.student_a, dedupe_key="absence:8", title=part("Absence"))
    out = StringIO()
    call_command("notifications_deliver", stdout=out)  # the commit's task never ran here: the sweep sends it
    assert out.getvalue().strip() == "sent: 1" and len(mail.outbox) == 1
    out = StringIO()
    call_command("notifications_deliver", stdout=out)
    assert out.getvalue().strip() == "nothing due" and len(mail.outbox) == 1
