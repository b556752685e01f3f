"""Two-factor authentication (TOTP): required for administrators and officers, optional for other staff."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from massar.accounts.models import AccountEvent, AccountEventKind
from massar.testing.accounts import code_for, many_failures, sign_in, wrong_code_for
from massar.testing.factories import PASSWORD

ENROL = reverse("accounts:two_factor_enrol")
VERIFY = reverse("accounts:two_factor_verify")


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.mark.parametrize("role", ["school_admin", "directorate_officer", "academy_officer", "ministry_officer"])
def test_administrators_and_officers_must_enrol_before_any_page(en_client, world, role):
    assert sign_in(en_client, world.accounts[role].username).status_code == 302
    for path in ("/me/", "/", "/account/security/", "/backoffice/"):
        response = en_client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(ENROL), path


def test_the_enrolment_page_shows_a_qr_code_made_here_and_the_secret(en_client, world):
    admin = world.accounts["school_admin"]
    sign_in(en_client, admin.username)
    page = en_client.get(ENROL)
    html = page.content.decode()
    assert page.status_code == 200
    match = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert match and b"<svg" in base64.b64decode(match.group(1))
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in html
    # Reloading keeps the same secret (an app that already scanned it stays valid).
    en_client.get(ENROL)
    assert TOTPDevice.objects.filter(user=admin).count() == 1


def test_a_wrong_code_does_not_confirm_the_device_and_the_right_one_does(en_client, world):
    admin = world.accounts["school_admin"]
    sign_in(en_client, admin.username)
    en_client.get(ENROL)
    device = TOTPDevice.objects.get(user=admin)
    refused = en_client.post(ENROL, {"code": wrong_code_for(device)})
    assert refused.status_code == 200 and "This code is not right" in refused.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()

    response = en_client.post(ENROL, {"code": code_for(device), "next": "/me/"})
    assert response.status_code == 302 and response["Location"] == "/me/"
    device.refresh_from_db()
    assert device.confirmed
    assert en_client.get("/me/").status_code == 200
    assert AccountEvent.objects.filter(user=admin, kind=AccountEventKind.TWO_FACTOR_ENABLED).count() == 1


def test_with_a_device_the_code_is_asked_after_the_password(en_client, world):
    admin = world.accounts["school_admin"]
    device = confirmed_device(admin)
    sign_in(en_client, admin.username)
    response = en_client.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    key_before = en_client.session.session_key

    refused = en_client.post(VERIFY, {"code": wrong_code_for(device)})
    assert refused.status_code == 200 and "This code is not right" in refused.content.decode()
    assert en_client.get("/me/").status_code == 302
    device.throttle_reset()

    passed = en_client.post(VERIFY, {"code": code_for(device), "next": "/me/"})
    assert passed.status_code == 302 and passed["Location"] == "/me/"
    assert en_client.get("/me/").status_code == 200
    assert en_client.session.session_key != key_before, "a new session key once the second factor is passed"


def test_wrong_codes_are_throttled_and_the_page_says_how_long_to_wait(en_client, world):
    admin = world.accounts["school_admin"]
    device = confirmed_device(admin)
    sign_in(en_client, admin.username)
    en_client.post(VERIFY, {"code": wrong_code_for(device)})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    many_failures(device)
    throttled = en_client.post(VERIFY, {"code": code_for(device)})
    assert re.search(r"Too many wrong codes\. Wait 2\d\d seconds and try again\.", throttled.content.decode())
    assert en_client.get("/me/").status_code == 302, "even the right code is refused while throttled"


def test_a_code_is_good_once(en_client, client, world):
    admin = world.accounts["school_admin"]
    device = confirmed_device(admin)
    code = code_for(device)
    sign_in(en_client, admin.username)
    assert en_client.post(VERIFY, {"code": code}).status_code == 302
    sign_in(client, admin.username)
    assert client.post(VERIFY, {"code": code}, headers={"accept-language": "en"}).status_code == 200


@pytest.mark.parametrize("role", ["student", "parent", "teacher"])
def test_students_parents_and_teachers_sign_in_without_it(en_client, world, role):
    assert sign_in(en_client, world.accounts[role].username).status_code == 302
    assert en_client.get("/me/").status_code == 200


@pytest.mark.parametrize("role", ["student", "parent"])
def test_students_and_parents_cannot_enrol(en_client, world, role):
    en_client.force_login(world.accounts[role])
    assert en_client.get(ENROL).status_code == 404
    assert "two-factor/enrol" not in en_client.get(reverse("accounts:security")).content.decode()


def test_a_teacher_may_turn_it_on_then_is_asked_for_codes_and_may_turn_it_off(en_client, client, world):
    teacher = world.accounts["teacher"]
    sign_in(en_client, teacher.username)
    security = en_client.get(reverse("accounts:security"))
    assert ENROL in security.content.decode()
    en_client.get(ENROL)
    device = TOTPDevice.objects.get(user=teacher)
    en_client.post(ENROL, {"code": code_for(device)})
    assert two_factor_on(teacher)

    # The next sign-in asks for a code.
    sign_in(client, teacher.username, PASSWORD)
    assert client.get("/me/")["Location"].startswith(VERIFY)

    refused = en_client.post(reverse("accounts:two_factor_disable"), {"code": wrong_code_for(device)})
    assert refused.status_code == 302 and two_factor_on(teacher)
    device.throttle_reset()
    en_client.post(reverse("accounts:two_factor_disable"), {"code": code_for(device, 1)})
    assert not two_factor_on(teacher)
    assert AccountEvent.objects.filter(user=teacher, kind=AccountEventKind.TWO_FACTOR_DISABLED).exists()


def two_factor_on(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_an_administrator_cannot_turn_it_off(en_client, world):
    admin = world.accounts["school_admin"]
    device = confirmed_device(admin)
    en_client.force_login(admin)
    response = en_client.post(reverse("accounts:two_factor_disable"), {"code": code_for(device)})
    assert response.status_code == 404 and two_factor_on(admin)


def test_the_api_answers_403_in_json_while_the_second_factor_is_pending(en_client, world):
    sign_in(en_client, world.accounts["school_admin"].username)
    response = en_client.get("/api/v1/health")
    assert response.status_code == 403 and response.json()["code"] == "two_factor_required"


def test_signing_out_stays_possible_before_the_second_factor(en_client, world):
    sign_in(en_client, world.accounts["school_admin"].username)
    assert en_client.post(reverse("accounts:signout")).status_code == 302
    assert "_auth_user_id" not in en_client.session


@pytest.mark.parametrize("role", ["student", "teacher"])
def test_the_code_page_sends_on_those_with_nothing_to_verify(en_client, world, role):
    en_client.force_login(world.accounts[role])
    response = en_client.get(VERIFY, {"next": "/account/security/"})
    assert response.status_code == 302 and response["Location"] == "/account/security/"
