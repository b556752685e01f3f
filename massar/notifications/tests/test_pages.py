"""The outbox pages: the list with its unread count in the header, marking read, preferences, push subscription."""

import json

from django.urls import reverse

from massar.notifications.models import (
    Channel,
    Kind,
    Notification,
    NotificationSettings,
    Preference,
    PushSubscription,
)
from massar.notifications.parts import part
from massar.notifications.services import notifications_emit


def message(account, n: int, **kwargs) -> Notification:
    [created] = notifications_emit(kind=Kind.ANNOUNCEMENT, recipients=[account], dedupe_key=f"test:{n}",
                                   title=part("Announcements"), link=kwargs.pop("link", "/announcements/"), **kwargs)
    return created


def test_outbox_lists_own_messages_with_unread_count(en_client, world):
    parent, student = world.accounts["parent"], world.accounts["student"]
    for n in range(3):
        message(parent, n)
    message(student, 99)
    en_client.force_login(parent)
    page = en_client.get(reverse("portals:notifications")).content.decode()
    assert page.count('class="message unread"') == 3
    assert '<span class="count" aria-label="3 unread">3</span>' in page


def test_mark_read_opens_the_page_and_updates_the_count(en_client, world):
    parent = world.accounts["parent"]
    first, second = message(parent, 1), message(parent, 2)
    en_client.force_login(parent)
    en_client.get(reverse("portals:notifications"))  # the count is cached
    response = en_client.post(reverse("portals:notification_read", args=[first.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/announcements/"
    first.refresh_from_db()
    assert first.read_at is not None
    page = en_client.get(reverse("portals:notifications")).content.decode()
    assert 'aria-label="1 unread"' in page
    en_client.post(reverse("portals:notifications_read_all"))
    second.refresh_from_db()
    assert second.read_at is not None
    assert 'class="count"' not in en_client.get(reverse("portals:notifications")).content.decode()


def test_another_accounts_message_is_a_404_and_stays_unread(en_client, world):
    theirs = message(world.accounts["student"], 1)
    en_client.force_login(world.accounts["parent"])
    assert en_client.post(reverse("portals:notification_read", args=[theirs.pk])).status_code == 404
    en_client.post(reverse("portals:notifications_read_all"))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_an_outside_link_is_never_followed(en_client, world):
    bad = message(world.accounts["parent"], 1, link="https://evil.example/")
    en_client.force_login(world.accounts["parent"])
    response = en_client.post(reverse("portals:notification_read", args=[bad.pk]), {"open": "1"})
    assert response["Location"].startswith("/notifications/")


def test_outbox_is_paged(en_client, world):
    parent = world.accounts["parent"]
    for n in range(25):
        message(parent, n)
    en_client.force_login(parent)
    first = en_client.get(reverse("portals:notifications")).content.decode()
    second = en_client.get(reverse("portals:notifications") + "?page=2").content.decode()
    assert first.count('class="message') == 20 and second.count('class="message') == 5
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert en_client.get(reverse("portals:notifications") + "?page=zzz").status_code == 200


def test_preferences_are_saved_and_bad_input_changes_nothing(en_client, world):
    parent = world.accounts["parent"]
    en_client.force_login(parent)
    url = reverse("portals:notification_preferences")
    form = {f"kind_{kind}": Channel.IN_APP for kind in Kind.values}
    response = en_client.post(url, {**form, "kind_absence": Channel.EMAIL, "kind_behaviour": Channel.MUTED,
                                    "quiet_from": "21:30", "quiet_until": "07:00"})
    assert response.status_code == 302
    assert Preference.objects.get(account=parent, kind=Kind.ABSENCE).channel == Channel.EMAIL
    assert str(NotificationSettings.objects.get(account=parent).quiet_from) == "21:30:00"
    for bad in ({**form, "kind_absence": "pigeon"}, {**form, "quiet_from": "21:30"}, {**form, "quiet_from": "late",
                                                                                      "quiet_until": "07:00"}):
        answer = en_client.post(url, bad)
        assert answer.status_code == 400 and 'role="alert"' in answer.content.decode()
    assert Preference.objects.get(account=parent, kind=Kind.ABSENCE).channel == Channel.EMAIL
    assert str(NotificationSettings.objects.get(account=parent).quiet_until) == "07:00:00"


def test_push_is_offered_only_with_vapid_keys(en_client, world, settings):
    en_client.force_login(world.accounts["parent"])
    url = reverse("portals:notification_preferences")
    settings.MASSAR_VAPID_PRIVATE_KEY = settings.MASSAR_VAPID_PUBLIC_KEY = ""
    assert 'value="push"' not in en_client.get(url).content.decode()


def test_push_subscription_through_the_page(en_client, world, push_service):
    parent = world.accounts["parent"]
    en_client.force_login(parent)
    page = en_client.get(reverse("portals:notification_preferences")).content.decode()
    assert 'value="push"' in page and "notifications/push.js" in page
    subscription = push_service.subscription()
    body = {"endpoint": subscription["endpoint"], "keys": {"p256dh": subscription["p256dh"],
                                                           "auth": subscription["auth"]}}
    answer = en_client.post(reverse("portals:push_subscribe"), json.dumps(body), content_type="application/json")
    assert answer.status_code == 201
    assert PushSubscription.objects.get().account == parent
    refused = en_client.post(reverse("portals:push_subscribe"), "not json", content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "bad_subscription"
    en_client.post(reverse("portals:push_unsubscribe"), json.dumps(body), content_type="application/json")
    assert not PushSubscription.objects.exists()
