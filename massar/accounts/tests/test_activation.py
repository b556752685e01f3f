"""Activation, end to end through the pages: a student proves who they are and sets a password and a
recovery e-mail; wrong details give one message; an account is never activated twice."""

import datetime
import re
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.db.models import QuerySet
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import reverse

from massar.accounts.error_codes import AccountsErrorCode
from massar.accounts.models import AccountEvent, AccountEventKind, User
from massar.accounts.services import (
    student_account_activate,
)
from massar.core.errors import DomainError
from massar.core.roles import Role
from massar.testing.accounts import NEW_PASSWORD
from massar.testing.accounts import activation_details as details
from massar.testing.factories import PASSWORD

MISMATCH = "These details don't match the school's record. Check them with your school's administration."
ALREADY = "This account is already activated: sign in, or reset your password if you forgot it."
THROTTLED = "Too many attempts."


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace("&#x27;", "'")


def test_the_activation_page_asks_for_code_birth_date_last_name_password_twice_and_email(en_client, db):
    response = en_client.get(reverse("accounts:activate"))
    assert response.status_code == 200
    for field in ("massar_code", "birth_date", "last_name", "password1", "password2", "email"):
        assert f'name="{field}"' in response.content.decode()


def test_a_student_activates_and_is_shown_the_sign_in_name(en_client, world):
    student = world.student_b
    response = en_client.post(reverse("accounts:activate"), details(student))
    assert response.status_code == 302 and response.url == reverse("accounts:activated")

    account = User.objects.get(student=student)
    assert account.role == Role.STUDENT
    assert account.username == f"{student.massar_code}@{settings.SIGNIN_DOMAIN}"
    assert account.email == "salma.home@example.ma"
    assert account.check_password(NEW_PASSWORD)
    assert account.activated_at is not None and account.password_changed_at is not None
    assert account.preferred_language == "en"
    event = AccountEvent.objects.get(user=account)
    assert event.kind == AccountEventKind.ACTIVATED and event.ip_address == "127.0.0.1"

    done = en_client.get(response.url)
    text = page_text(done)
    assert f"{student.massar_code}@{settings.SIGNIN_DOMAIN}" in text
    assert f"You can also sign in with the bare code {student.massar_code}" in text


def test_after_activation_the_bare_code_signs_in(en_client, world):
    student = world.student_b
    en_client.post(reverse("accounts:activate"), details(student))
    signin = Client(headers={"accept-language": "en"})
    response = signin.post(resolve_url(settings.LOGIN_URL),
                           {"username": f"  {student.massar_code.lower()} ", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert signin.session.get("_auth_user_id") == str(User.objects.get(student=student).pk)


def test_activation_sends_a_notice_without_the_password(en_client, world):
    en_client.post(reverse("accounts:activate"), details(world.student_b))
    # The notice, and the link that confirms the recovery e-mail (test_recovery_email.py).
    assert len(mail.outbox) == 2
    [message] = [m for m in mail.outbox if "/recovery-email/confirm/" not in m.body]
    assert all(NEW_PASSWORD not in m.body for m in mail.outbox)
    assert message.to == ["salma.home@example.ma"]
    assert "activated" in message.subject
    html = message.alternatives[0].content
    for body in (message.body, html):
        assert NEW_PASSWORD not in body
        assert "127.0.0.1" in body
    assert 'lang="en"' in html


@pytest.mark.parametrize("last_name", ["  el amrani ", "EL-AMRANI", "Él Amraní", "elamrani", "العمراني",
                                       " العمرانى "])
def test_the_last_name_matches_whatever_case_accents_spaces_or_script(en_client, world, last_name):
    response = en_client.post(reverse("accounts:activate"), details(world.student_b, last_name=last_name))
    assert response.status_code == 302
    assert User.objects.filter(student=world.student_b).exists()


def test_the_birth_date_may_be_typed_day_first(en_client, world):
    response = en_client.post(reverse("accounts:activate"), details(world.student_b, birth_date="14/03/2008"))
    assert response.status_code == 302


@pytest.mark.parametrize("wrong", [
    {"massar_code": "F000000001"},          # a well-formed code that no student has
    {"birth_date": "2008-03-15"},
    {"last_name": "Bennani"},
    {"birth_date": "2009-03-14", "last_name": "Tazi"},
])
def test_wrong_details_give_one_message_that_does_not_say_which(en_client, world, wrong):
    response = en_client.post(reverse("accounts:activate"), details(world.student_b, **wrong))
    assert response.status_code == 200
    text = page_text(response)
    assert MISMATCH in text
    # No field is singled out: the message is the form's, not a field's.
    assert '<span class="error">' not in response.content.decode()
    assert not User.objects.filter(student=world.student_b).exists()
    assert mail.outbox == []


def test_wrong_details_for_an_unknown_code_and_a_known_one_read_the_same(en_client, world):
    unknown = en_client.post(reverse("accounts:activate"), details(world.student_b, massar_code="F000000001"))
    wrong_date = en_client.post(reverse("accounts:activate"), details(world.student_b, birth_date="2001-01-01"))

    def error_block(response):
        return re.search(r'<div class="error" role="alert">(.*?)</div>', response.content.decode(), re.S).group(1)

    assert error_block(unknown) == error_block(wrong_date)
    assert unknown.status_code == wrong_date.status_code


@pytest.mark.parametrize(("code", "message"), [
    ("F12345", "This code has 5 digits after the letter; a Massar code has 9."),
    ("1164115196", "The Massar code must start with a letter."),
    ("F16411519X", "After its first letter, a Massar code has only digits."),
])
def test_a_malformed_code_gets_the_format_message(en_client, world, code, message):
    response = en_client.post(reverse("accounts:activate"), details(world.student_b, massar_code=code))
    assert response.status_code == 200
    assert message in page_text(response)
    assert MISMATCH not in page_text(response)


def test_an_activated_account_is_never_activated_again(en_client, world):
    student = world.student_a  # has an account already
    response = en_client.post(reverse("accounts:activate"), details(student))
    assert response.status_code == 200
    text = page_text(response)
    assert ALREADY in text
    html = response.content.decode()
    assert f'href="{resolve_url(settings.LOGIN_URL)}"' in html
    assert f'href="{reverse("accounts:password_forgot")}"' in html
    assert User.objects.filter(student=student).count() == 1
    assert User.objects.get(student=student).check_password(PASSWORD)


def test_already_activated_is_said_only_to_someone_with_the_right_details(en_client, world):
    response = en_client.post(reverse("accounts:activate"), details(world.student_a, birth_date="2000-01-01"))
    assert MISMATCH in page_text(response)
    assert ALREADY not in page_text(response)


def test_a_concurrent_second_activation_gets_already_activated_not_a_second_account(en_client, world):
    student = world.student_b
    assert en_client.post(reverse("accounts:activate"), details(student)).status_code == 302
    # The second request checked "no account yet" before the first one committed: it collides on the
    # unique student link and is told "already activated", never a server error.
    with mock.patch.object(QuerySet, "exists", return_value=False):
        second = Client(headers={"accept-language": "en"}).post(
            reverse("accounts:activate"), details(student, password1="another long passphrase",
                                                 password2="another long passphrase"))
    assert second.status_code == 200
    assert ALREADY in page_text(second)
    assert User.objects.filter(student=student).count() == 1
    assert User.objects.get(student=student).check_password(NEW_PASSWORD)


def test_the_service_refuses_a_second_activation_with_its_code(world):
    with pytest.raises(DomainError) as refused:
        student_account_activate(massar_code=world.student_a.massar_code, birth_date=world.student_a.birth_date,
                                 last_name="El Amrani", password=NEW_PASSWORD, email="a@example.ma")
    assert refused.value.code == AccountsErrorCode.ALREADY_ACTIVATED


def test_the_service_refuses_wrong_details_with_its_code(world):
    with pytest.raises(DomainError) as refused:
        student_account_activate(massar_code=world.student_b.massar_code, birth_date=datetime.date(2001, 1, 1),
                                 last_name="El Amrani", password=NEW_PASSWORD, email="a@example.ma")
    assert refused.value.code == AccountsErrorCode.DETAILS_MISMATCH


@override_settings(MASSAR_ACTIVATION_FAILURES_PER_CODE=3)
def test_attempts_on_one_code_are_throttled_even_with_the_right_details_then(en_client, world):
    student = world.student_b
    for day in (1, 2, 3):
        en_client.post(reverse("accounts:activate"), details(student, birth_date=f"2008-01-0{day}"))
    response = en_client.post(reverse("accounts:activate"), details(student))
    assert response.status_code == 429
    assert THROTTLED in page_text(response)
    assert not User.objects.filter(student=student).exists()
    # Another code from the same network is not held back by this one.
    other = en_client.post(reverse("accounts:activate"), details(world.student_b, massar_code="F000000002"))
    assert other.status_code == 200


@override_settings(MASSAR_ACTIVATION_FAILURES_PER_IP=2)
def test_attempts_from_one_address_are_throttled(en_client, world):
    for code in ("F000000001", "F000000002"):
        en_client.post(reverse("accounts:activate"), details(world.student_b, massar_code=code))
    response = en_client.post(reverse("accounts:activate"), details(world.student_b))
    assert response.status_code == 429
    elsewhere = Client(headers={"accept-language": "en"}, REMOTE_ADDR="10.0.0.9")
    assert elsewhere.post(reverse("accounts:activate"), details(world.student_b)).status_code == 302


def test_a_129_character_password_is_a_form_error_not_a_server_error(en_client, world):
    long_password = "a quiet walk " * 9 + "abcdefghijkl"
    assert len(long_password) == 129
    response = en_client.post(reverse("accounts:activate"),
                              details(world.student_b, password1=long_password, password2=long_password))
    assert response.status_code == 200
    assert "This password is too long: it has 129 characters; at most 128 are allowed." in page_text(response)
    assert not User.objects.filter(student=world.student_b).exists()


def test_the_two_passwords_must_be_the_same(en_client, world):
    response = en_client.post(reverse("accounts:activate"), details(world.student_b, password2="something else!!"))
    assert "The two passwords are not the same." in page_text(response)


def test_a_password_with_the_records_first_name_is_refused_once_the_details_match(en_client, world):
    response = en_client.post(reverse("accounts:activate"),
                              details(world.student_b, password1="salma goes to school",
                                      password2="salma goes to school"))
    assert "The password must not contain your first or last name." in page_text(response)
    assert not User.objects.filter(student=world.student_b).exists()


def test_wrong_details_never_reveal_the_records_names_through_the_password_rules(en_client, world):
    response = en_client.post(reverse("accounts:activate"),
                              details(world.student_b, birth_date="2001-01-01", password1="salma goes to school",
                                      password2="salma goes to school"))
    text = page_text(response)
    assert MISMATCH in text
    assert "first or last name" not in text


def test_the_typed_code_and_last_name_are_refused_in_the_password_at_once(en_client, world):
    typed = "amrani forever and ever"
    response = en_client.post(reverse("accounts:activate"),
                              details(world.student_b, massar_code="F000000001", password1=typed, password2=typed))
    assert "The password must not contain your first or last name." in page_text(response)


def test_the_done_page_without_an_activation_leads_back_to_the_form(en_client, db):
    response = en_client.get(reverse("accounts:activated"))
    assert response.status_code == 302 and response.url == reverse("accounts:activate")


def test_the_activation_page_is_in_arabic_by_default(client, db):
    html = client.get(reverse("accounts:activate")).content.decode()
    assert 'lang="ar"' in html and 'dir="rtl"' in html
