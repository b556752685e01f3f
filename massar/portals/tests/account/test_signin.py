"""Sign-in: names, passwords, identical answers for unknown accounts, temporary passwords."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from massar.accounts.models import ApiToken, User
from massar.accounts.tokens import api_token_issue
from massar.testing.accounts import (
    SIGNIN,
    TEMPORARY,
    WRONG_PASSWORD_TEXT,
    give_temporary_password,
    page_without_secrets,
    sign_in,
)
from massar.testing.factories import PASSWORD


def test_the_signin_page_lives_under_account_and_keeps_its_old_address(en_client, db):
    page = en_client.get(reverse("accounts:signin"))
    assert page.status_code == 200 and reverse("accounts:signin") == SIGNIN
    html = page.content.decode()
    assert 'name="remember_device"' in html and 'autocomplete="current-password"' in html
    assert en_client.get("/signin/").status_code == 200


def test_the_navigation_links_to_the_new_pages(en_client, world):
    assert f'href="{SIGNIN}"' in en_client.get("/").content.decode()
    en_client.force_login(world.accounts["student"])
    assert 'action="/account/signout/"' in en_client.get("/").content.decode()


@pytest.mark.parametrize("spelling", [
    "{code}@taalim.ma", "{code}", "  {code}  ", "{lower}", " {lower}@TAALIM.MA ",
])
def test_a_student_signs_in_with_any_spelling_of_their_name(en_client, world, spelling):
    code = world.student_a.massar_code
    response = sign_in(en_client, spelling.format(code=code, lower=code.lower()))
    assert response.status_code == 302 and response["Location"] == reverse("portals:my_space")
    assert en_client.get("/me/").context["user"] == world.accounts["student"]


def test_staff_sign_in_names_ignore_case_and_spaces(en_client, world):
    teacher = world.accounts["teacher"]
    assert sign_in(en_client, f"  {teacher.username.upper()} ").status_code == 302


def test_the_password_is_case_sensitive(en_client, world):
    response = sign_in(en_client, world.student_a.massar_code, PASSWORD.upper())
    assert response.status_code == 200 and WRONG_PASSWORD_TEXT in response.content.decode()
    assert "_auth_user_id" not in en_client.session


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer_at_the_same_cost(en_client, world):
    known = world.accounts["student"].username
    unknown = "Z999999999@taalim.ma"
    encode = MD5PasswordHasher.encode
    with mock.patch.object(MD5PasswordHasher, "encode", autospec=True, side_effect=encode) as hashed:
        wrong_password = sign_in(en_client, known, "not-the-password-at-all")
        calls_for_known = hashed.call_count
        hashed.reset_mock()
        unknown_name = sign_in(en_client, unknown, "not-the-password-at-all")
        calls_for_unknown = hashed.call_count
    assert wrong_password.status_code == unknown_name.status_code == 200
    assert page_without_secrets(wrong_password, known) == page_without_secrets(unknown_name, unknown)
    assert WRONG_PASSWORD_TEXT in wrong_password.content.decode()
    assert calls_for_known == calls_for_unknown == 1, "the password is hashed once in both cases"


def test_an_inactive_account_gets_the_wrong_password_answer(en_client, world):
    User.objects.filter(pk=world.accounts["student"].pk).update(is_active=False)
    response = sign_in(en_client, world.student_a.massar_code)
    assert response.status_code == 200 and WRONG_PASSWORD_TEXT in response.content.decode()


def test_a_129_character_password_is_a_wrong_password_not_an_error(en_client, world):
    response = sign_in(en_client, world.student_a.massar_code, "x" * 129)
    assert response.status_code == 200 and WRONG_PASSWORD_TEXT in response.content.decode()


def test_next_is_followed_on_this_site_only(en_client, world):
    code = world.student_a.massar_code
    assert sign_in(en_client, code, next="/account/security/")["Location"] == "/account/security/"
    en_client.post("/account/signout/")
    assert sign_in(en_client, code, next="https://evil.example/")["Location"] == reverse("portals:my_space")


def test_signing_in_applies_the_accounts_language(en_client, world):
    User.objects.filter(pk=world.accounts["student"].pk).update(preferred_language="fr")
    response = sign_in(en_client, world.student_a.massar_code)
    assert response.cookies["django_language"].value == "fr"


def test_a_signed_in_visitor_is_sent_on_from_the_signin_page(en_client, world):
    en_client.force_login(world.accounts["student"])
    assert en_client.get(SIGNIN)["Location"] == reverse("portals:my_space")


# --- Temporary passwords --------------------------------------------------------------------------------------

def test_a_temporary_password_works_once_then_every_page_asks_for_a_new_password(en_client, client, world):
    student = world.accounts["student"]
    give_temporary_password(student)
    _, token = api_token_issue(user=student)

    response = sign_in(en_client, student.username, TEMPORARY)
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.must_change_password and not student.has_usable_password()
    assert student.temporary_password_expires_at is None
    assert not ApiToken.objects.filter(user=student, revoked_at__isnull=True).exists()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401

    choose = reverse("accounts:password_choose")
    for path in ("/me/", "/", "/account/security/", "/staff/students/"):
        followed = en_client.get(path)
        assert followed.status_code == 302 and followed["Location"].startswith(choose), path
    assert en_client.get(choose).status_code == 200
    api = en_client.get("/api/v1/health")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"

    # Used: the same slip no longer signs in anywhere.
    again = sign_in(client, student.username, TEMPORARY, headers={"accept-language": "en"})
    assert again.status_code == 200 and WRONG_PASSWORD_TEXT in again.content.decode()


def test_signing_out_stays_possible_while_a_new_password_is_due(en_client, world):
    student = world.accounts["student"]
    give_temporary_password(student)
    sign_in(en_client, student.username, TEMPORARY)
    assert en_client.post("/account/signout/").status_code == 302
    assert "_auth_user_id" not in en_client.session


def test_an_expired_temporary_password_is_refused_with_its_own_message(en_client, world):
    student = world.accounts["student"]
    give_temporary_password(student, valid_for=timedelta(minutes=-1))
    response = sign_in(en_client, student.username, TEMPORARY)
    assert response.status_code == 200
    assert "This temporary password has expired" in response.content.decode()
    student.refresh_from_db()
    assert not student.must_change_password


def test_an_expired_temporary_password_counts_as_a_failure(en_client, world):
    from axes.models import AccessAttempt

    student = world.accounts["student"]
    give_temporary_password(student, valid_for=timedelta(minutes=-1))
    sign_in(en_client, student.username, TEMPORARY)
    assert AccessAttempt.objects.get(username=student.username.lower()).failures_since_start == 1


def test_the_back_offices_login_page_reads_no_password_it_sends_to_the_sign_in(client, world):
    officer = world.accounts["directorate_officer"]
    give_temporary_password(officer)
    response = client.post(reverse("backoffice_login"), {"username": officer.username, "password": TEMPORARY})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:signin"))
    officer.refresh_from_db()
    assert officer.check_password(TEMPORARY), "nothing was read: the slip's password still works once"
    assert client.session.get("_auth_user_id") is None
