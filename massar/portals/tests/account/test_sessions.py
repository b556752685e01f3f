"""Sessions: a new key at sign-in, a real sign-out, remember-this-device, the staff idle timeout."""

import time

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse

from massar.accounts.services import LAST_ACTIVITY_SESSION_KEY
from massar.testing.accounts import sign_in
from massar.testing.factories import PASSWORD


def session_cookie(response):
    return response.cookies[settings.SESSION_COOKIE_NAME]


def test_signing_in_gives_a_new_session_key(en_client, world):
    before = en_client.session
    before["probe"] = "anonymous visit"
    before.save()
    old_key = before.session_key
    en_client.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert sign_in(en_client, world.student_a.massar_code).status_code == 302
    assert en_client.session.session_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()


def test_signing_out_deletes_the_session(en_client, world):
    sign_in(en_client, world.student_a.massar_code)
    key = en_client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    response = en_client.post(reverse("accounts:signout"))
    assert response.status_code == 302 and response["Location"] == reverse("portals:home")
    assert not Session.objects.filter(session_key=key).exists()
    assert en_client.get("/me/").status_code == 302


def test_signing_out_needs_a_post(en_client, world):
    en_client.force_login(world.accounts["student"])
    assert en_client.get(reverse("accounts:signout")).status_code == 405
    assert en_client.get("/me/").status_code == 200


def test_a_student_who_ticks_remember_this_device_stays_signed_in_for_long(en_client, world):
    response = sign_in(en_client, world.student_a.massar_code, remember_device="on")
    assert int(session_cookie(response)["max-age"]) == settings.MASSAR_REMEMBER_DEVICE_SECONDS
    assert en_client.session.get_expiry_age() == settings.MASSAR_REMEMBER_DEVICE_SECONDS
    assert not en_client.session.get_expire_at_browser_close()


def test_a_parent_may_be_remembered_too(en_client, world):
    response = sign_in(en_client, world.accounts["parent"].username, remember_device="on")
    assert int(session_cookie(response)["max-age"]) == settings.MASSAR_REMEMBER_DEVICE_SECONDS


def test_a_teacher_is_never_remembered(en_client, world):
    response = sign_in(en_client, world.accounts["teacher"].username, remember_device="on")
    assert response.status_code == 302
    assert not session_cookie(response)["max-age"] and not session_cookie(response)["expires"]
    assert en_client.session.get_expire_at_browser_close()


def test_without_the_tick_a_students_session_ends_with_the_browser(en_client, world):
    response = sign_in(en_client, world.student_a.massar_code)
    assert not session_cookie(response)["max-age"]
    assert en_client.session.get_expire_at_browser_close()


def idle_for(client, seconds: int) -> None:
    session = client.session
    session[LAST_ACTIVITY_SESSION_KEY] = int(time.time()) - seconds
    session.save()


def test_an_idle_teacher_is_signed_out(en_client, world):
    assert sign_in(en_client, world.accounts["teacher"].username).status_code == 302
    assert en_client.get("/me/").status_code == 200
    idle_for(en_client, settings.MASSAR_IDLE_TIMEOUT_SECONDS + 1)
    response = en_client.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:signin"))
    assert "next=/me/" in response["Location"]
    assert "_auth_user_id" not in en_client.session
    assert "without activity" in en_client.get(response["Location"]).content.decode()


def test_an_active_teacher_stays_signed_in(en_client, world):
    sign_in(en_client, world.accounts["teacher"].username)
    idle_for(en_client, settings.MASSAR_IDLE_TIMEOUT_SECONDS - 60)
    assert en_client.get("/me/").status_code == 200
    # The request renewed the activity time.
    assert int(time.time()) - en_client.session[LAST_ACTIVITY_SESSION_KEY] < 5


@override_settings(MASSAR_IDLE_TIMEOUT_SECONDS=60)
def test_the_idle_timeout_is_configurable_and_spares_students(en_client, world):
    sign_in(en_client, world.student_a.massar_code, remember_device="on")
    idle_for(en_client, 24 * 60 * 60)
    assert en_client.get("/me/").status_code == 200


def test_the_old_signout_address_still_signs_out(en_client, world):
    sign_in(en_client, world.student_a.massar_code, PASSWORD)
    assert en_client.post("/signout/").status_code == 302
    assert "_auth_user_id" not in en_client.session
