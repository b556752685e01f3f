"""The outbox API for the mobile apps: paged, in the caller's language, own messages only; announcements."""

from django.utils.translation import gettext_noop

from massar.accounts.tokens import api_token_issue
from massar.notifications.models import AnnouncementReceipt, Kind
from massar.notifications.parts import part, person_names
from massar.notifications.services import notifications_emit
from massar.testing.notifications import school_announcement


def bearer(account, language="en") -> dict:
    return {"authorization": f"Bearer {api_token_issue(user=account)[1]}", "accept-language": language}


def test_outbox_is_paged_and_read_in_the_callers_language(client, world):
    for n in range(5):
        notifications_emit(kind=Kind.ABSENCE, student=world.student_a, dedupe_key=f"absence:{n}",
                           title=part(gettext_noop("New grades for %(name)s"), name=person_names(world.student_a)))
    parent = world.accounts["parent"]
    page = client.get("/api/v1/notifications?page=2&per_page=2", headers=bearer(parent, "fr")).json()
    assert (page["count"], page["pages"], page["unread"], len(page["results"])) == (5, 3, 5, 2)
    first = page["results"][0]
    assert first["title"].startswith("Nouvelles notes pour") and first["massar_code"] == world.student_a.massar_code
    read = client.post(f"/api/v1/notifications/{first['id']}/read", headers=bearer(parent))
    assert read.status_code == 200 and read.json()["read"] is True
    assert client.post("/api/v1/notifications/read-all", headers=bearer(parent)).json()["marked"] == 4
    student_view = client.get("/api/v1/notifications", headers=bearer(world.accounts["student"])).json()
    assert student_view["unread"] == 5  # the parent's reading is the parent's
    assert client.get("/api/v1/notifications?per_page=500", headers=bearer(parent)).status_code == 422


def test_preferences_api_is_all_or_nothing(client, world):
    headers = bearer(world.accounts["parent"])
    bad = client.put("/api/v1/notifications/preferences", {"preferences": {"absence": "email", "behaviour": "owl"}},
                     content_type="application/json", headers=headers)
    assert bad.status_code == 400 and bad.json()["code"] == "unknown_channel"
    assert client.get("/api/v1/notifications/preferences", headers=headers).json()["preferences"]["absence"] == "in_app"
    half = client.put("/api/v1/notifications/preferences", {"quiet_from": "22:00"}, content_type="application/json",
                      headers=headers)
    assert half.status_code == 400 and half.json()["code"] == "bad_quiet_hours"
    ok = client.put("/api/v1/notifications/preferences", {"preferences": {"absence": "email"}, "quiet_from": "22:00",
                                                          "quiet_until": "06:30"},
                    content_type="application/json", headers=headers).json()
    assert (ok["preferences"]["absence"], ok["quiet_from"], ok["quiet_until"]) == ("email", "22:00", "06:30")


def test_announcements_api_lists_and_reads(client, world):
    announcement = school_announcement(world.school)
    parent = world.accounts["parent"]
    listed = client.get("/api/v1/announcements", headers=bearer(parent)).json()
    assert [a["id"] for a in listed["results"]] == [announcement.pk] and listed["results"][0]["read"] is False
    assert listed["results"][0]["attachment"] is True
    read = client.post(f"/api/v1/announcements/{announcement.pk}/read", headers=bearer(parent)).json()
    assert read["read"] is True
    assert AnnouncementReceipt.objects.get(announcement=announcement, account=parent).read_at is not None
    far = school_announcement(world.far_school)
    assert client.post(f"/api/v1/announcements/{far.pk}/read", headers=bearer(parent)).status_code == 404
