"""'Homework due tomorrow': on the evening before the due date, one message per student with homework due and per
linked parent who opted in (the kind is muted by default), never twice, with the preferences honoured."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from massar.notifications.models import Channel, Delivery, Kind, Notification
from massar.notifications.parts import part_render
from massar.notifications.services.preferences import preferences_set
from massar.schools.models import Subject
from massar.testing import factories as make
from massar.timetable.models import Lesson, LessonLog
from massar.timetable.reminders import homework_reminders_send

pytestmark = pytest.mark.django_db

TUESDAY = datetime.date(2026, 3, 3)
WEDNESDAY = TUESDAY + datetime.timedelta(days=1)


def evening(day: datetime.date, hour: int = 19) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)), timezone.get_current_timezone())


@pytest.fixture
def homework(world):
    """Mathematics and physics homework of class_a due on Wednesday, given on Monday."""
    teacher = world.accounts["teacher"].staff_member
    for slot, subject in ((1, "MATH"), (2, "PC")):
        lesson = Lesson.objects.create(school_class=world.class_a, day=1, slot=slot, teacher=teacher,
                                       subject=Subject.objects.get(code=subject))
        LessonLog.objects.create(lesson=lesson, date=TUESDAY - datetime.timedelta(days=1), content="Cours",
                                 homework=f"Devoir de {subject}", homework_due_on=WEDNESDAY)


def test_nobody_who_did_not_opt_in_is_told(world, homework):
    assert homework_reminders_send(now=evening(TUESDAY)) == 0
    assert not Notification.objects.exists()


def test_the_evening_before_one_message_per_student_and_parent_who_opted_in(world, homework):
    preferences_set(account=world.accounts["student"], choices={Kind.HOMEWORK_DUE: Channel.IN_APP})
    preferences_set(account=world.accounts["parent"], choices={Kind.HOMEWORK_DUE: Channel.EMAIL})
    classmate = make.student(in_class=world.class_a, first_name_latin="Yassine")
    make.account(classmate)  # did not opt in, nor has a parent who did
    assert homework_reminders_send(now=evening(TUESDAY, hour=17)) == 0  # not before the evening
    assert homework_reminders_send(now=evening(TUESDAY)) == 2
    messages = {n.recipient_id: n for n in Notification.objects.all()}
    assert set(messages) == {world.accounts["student"].pk, world.accounts["parent"].pk}
    student_message = messages[world.accounts["student"].pk]
    assert student_message.kind == Kind.HOMEWORK_DUE and student_message.student == world.student_a
    assert part_render(student_message.body, language="en") == "Due on 4 March 2026: Mathematics, Physics and chemistry."
    assert student_message.link == reverse("portals:homework_mine")
    assert messages[world.accounts["parent"].pk].link == reverse(
        "portals:homework_child", kwargs={"massar_code": world.student_a.massar_code})
    # The parent chose e-mail: one delivery, not pushed after the due morning.
    assert list(Delivery.objects.values_list("notification__recipient_id", "channel")) == [
        (world.accounts["parent"].pk, Channel.EMAIL)]
    assert timezone.localtime(student_message.useful_until) == evening(WEDNESDAY, hour=8)
    # Run again (the next run of the evening, another worker): nobody is told twice.
    assert homework_reminders_send(now=evening(TUESDAY, hour=21)) == 0
    assert Notification.objects.count() == 2


def test_a_muted_account_gets_nothing_while_the_other_still_does(world, homework):
    preferences_set(account=world.accounts["student"], choices={Kind.HOMEWORK_DUE: Channel.MUTED})
    preferences_set(account=world.accounts["parent"], choices={Kind.HOMEWORK_DUE: Channel.IN_APP})
    assert homework_reminders_send(now=evening(TUESDAY)) == 1
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [world.accounts["parent"].pk]


def test_homework_due_another_day_and_removed_homework_are_not_announced(world, homework):
    preferences_set(account=world.accounts["student"], choices={Kind.HOMEWORK_DUE: Channel.IN_APP})
    assert homework_reminders_send(now=evening(TUESDAY - datetime.timedelta(days=1))) == 0
    LessonLog.objects.update(homework="", homework_due_on=None)
    assert homework_reminders_send(now=evening(TUESDAY)) == 0


def test_the_command_runs_the_evening_task(world, homework, monkeypatch):
    preferences_set(account=world.accounts["student"], choices={Kind.HOMEWORK_DUE: Channel.IN_APP})
    monkeypatch.setattr(timezone, "now", lambda: evening(TUESDAY))
    out = StringIO()
    call_command("homework_reminders", stdout=out)
    assert out.getvalue().strip() == "homework reminders: 1"
    assert Notification.objects.get().kind == Kind.HOMEWORK_DUE
