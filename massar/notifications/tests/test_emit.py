"""notifications_emit: who receives a message about a child, one message per event, preferences."""

import pytest
from django.utils.translation import gettext_noop

from massar.core.errors import Invalid
from massar.notifications.models import Channel, Delivery, Kind, Notification
from massar.notifications.parts import part, part_render, person_names
from massar.notifications.services import notifications_emit, preferences_set
from massar.testing import factories as make


def absence(student, key="absence:1", **kwargs):
    return notifications_emit(kind=Kind.ABSENCE, student=student, dedupe_key=key,
                              title=part(gettext_noop("New grades for %(name)s"), name=person_names(student)),
                              **kwargs)


def recipients(key="absence:1"):
    return set(Notification.objects.filter(dedupe_key=key).values_list("recipient__username", flat=True))


def test_a_message_about_a_child_reaches_the_child_and_linked_parents_only(world):
    other_parent = make.account(make.guardian(children=(world.other_student,)))
    absence(world.student_a)
    assert recipients() == {world.accounts["student"].username, world.accounts["parent"].username}
    assert other_parent.notifications.count() == 0
    for role in ("teacher", "school_admin", "directorate_officer", "academy_officer", "ministry_officer"):
        assert world.accounts[role].notifications.count() == 0


def test_a_parent_unlinked_from_the_child_hears_nothing_more(world):
    world.guardian.student_links.filter(student=world.student_a).delete()
    absence(world.student_a)
    assert recipients() == {world.accounts["student"].username}


def test_an_inactive_account_gets_nothing(world):
    type(world.accounts["parent"]).objects.filter(pk=world.accounts["parent"].pk).update(is_active=False)
    absence(world.student_a)
    assert recipients() == {world.accounts["student"].username}


def test_the_same_event_never_makes_two_messages(world):
    first = absence(world.student_a)
    second = absence(world.student_a)
    assert len(first) == 2 and second == []
    assert Notification.objects.count() == 2


def test_muted_kind_makes_no_message_and_email_makes_a_delivery(world):
    world.accounts["parent"].email = "parent@example.ma"
    world.accounts["parent"].save()
    preferences_set(account=world.accounts["student"], choices={Kind.ABSENCE: Channel.MUTED})
    preferences_set(account=world.accounts["parent"], choices={Kind.ABSENCE: Channel.EMAIL})
    absence(world.student_a)
    assert recipients() == {world.accounts["parent"].username}
    assert Delivery.objects.filter(channel=Channel.EMAIL).count() == 1


def test_homework_due_is_opt_in(world):
    notifications_emit(kind=Kind.HOMEWORK_DUE, student=world.student_a, dedupe_key="homework:1",
                       title=part("Homework"))
    assert Notification.objects.count() == 0


def test_explicit_recipients_and_refusals(world):
    created = notifications_emit(kind=Kind.ANNOUNCEMENT, recipients=[world.accounts["teacher"]], dedupe_key="a:1",
                                 title=part("Homework"))
    assert [n.recipient for n in created] == [world.accounts["teacher"]]
    with pytest.raises(Invalid) as both:
        notifications_emit(kind=Kind.ABSENCE, student=world.student_a, recipients=[world.accounts["teacher"]],
                           dedupe_key="x", title=part("x"))
    assert both.value.code == "recipients_and_student"
    with pytest.raises(Invalid) as unknown:
        notifications_emit(kind="gossip", recipients=[world.accounts["teacher"]], dedupe_key="x", title=part("x"))
    assert unknown.value.code == "unknown_kind"
    with pytest.raises(Invalid) as keyless:
        notifications_emit(kind=Kind.ABSENCE, student=world.student_a, dedupe_key="", title=part("x"))
    assert keyless.value.code == "dedupe_key_required"


def test_parts_are_read_in_the_readers_language(world):
    [message, *_] = absence(world.student_a)
    assert part_render(message.title, language="en").startswith("New grades for ")
    arabic = part_render(message.title, language="ar")
    assert world.student_a.full_name_ar in arabic and "New grades" not in arabic
    assert world.student_a.full_name_latin in part_render(message.title, language="fr")


def test_named_recipients_that_are_inactive_get_nothing(world):
    teacher = world.accounts["teacher"]
    type(teacher).objects.filter(pk=teacher.pk).update(is_active=False)
    assert notifications_emit(kind=Kind.ANNOUNCEMENT, recipients=[teacher.pk], dedupe_key="a:2",
                              title=part("x")) == []
