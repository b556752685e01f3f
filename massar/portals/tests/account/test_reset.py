"""Self-service reset and password change, end to end through the pages."""

import re
from datetime import datetime, timedelta
from unittest import mock
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core import mail
from django.shortcuts import resolve_url
from django.tasks.signals import task_enqueued
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from massar.accounts.models import AccountEvent, AccountEventKind, ApiToken, User
from massar.accounts.tokens import api_token_issue
from massar.testing.factories import PASSWORD

NEW_PASSWORD = "blue river under the moon"
ANSWER = "If an account with a recovery e-mail matches this name, a link to choose a new password was sent"
LINK_GONE = "This link has expired or was already used. Ask for a new one."


@pytest.fixture
def student(world) -> User:
    """A student whose recovery e-mail is confirmed: the only kind that receives reset links (an unconfirmed
    address gets none: test_recovery_email.py)."""
    account = world.accounts["student"]
    account.email = "youssef.home@example.ma"
    account.email_confirmed_at = timezone.now()
    account.save()
    return account


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace("&#x27;", "'")


def reset_link(message) -> str:
    found = re.search(r"https?://\S+/password/reset/[^/\s]+/[^/\s]+/", message.body)
    assert found is not None
    return found.group(0)


def link_for(user: User, token: str | None = None) -> str:
    return reverse("accounts:password_reset", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                                                      "token": token or default_token_generator.make_token(user)})


def signed_in(user: User) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("portals:my_space")).status_code == 200


# --- Asking for a link ----------------------------------------------------------------------------------


def test_the_forgot_page_asks_for_the_sign_in_name(en_client, db):
    response = en_client.get(reverse("accounts:password_forgot"))
    assert response.status_code == 200 and 'name="username"' in response.content.decode()


@pytest.mark.parametrize("typed", ["code", "signin name", "spaced lower code"])
def test_a_link_is_sent_to_the_recovery_email(en_client, student, typed):
    code = student.student.massar_code
    name = {"code": code, "signin name": student.username, "spaced lower code": f"  {code.lower()} "}[typed]
    response = en_client.post(reverse("accounts:password_forgot"), {"username": name})
    assert response.status_code == 302 and response.url == reverse("accounts:password_forgot_sent")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["youssef.home@example.ma"]
    assert reset_link(message).startswith(settings.SITE_URL + "/account/password/reset/")
    assert PASSWORD not in message.body
    assert reset_link(message) in message.alternatives[0].content


def test_the_answer_is_the_same_for_an_account_nobody_and_an_account_without_email(en_client, world, student):
    enqueued = []

    def count(sender, task_result, **kwargs):
        enqueued.append(task_result.task.name)

    task_enqueued.connect(count)
    try:
        answers = [en_client.post(reverse("accounts:password_forgot"), {"username": name})
                   for name in (student.username, "F000000001", world.accounts["teacher"].username,
                                "nobody@example.ma")]
    finally:
        task_enqueued.disconnect(count)
    assert {(a.status_code, a.url) for a in answers} == {(302, reverse("accounts:password_forgot_sent"))}
    # The page does the same work for each: one task, the lookup happens inside it.
    assert enqueued.count("reset_link_email_send") == 4
    assert len(mail.outbox) == 1
    sent = en_client.get(reverse("accounts:password_forgot_sent"))
    assert ANSWER in page_text(sent)


@override_settings(ALLOWED_HOSTS=["*"], SITE_URL="https://massar.example.ma")
def test_the_link_comes_from_the_site_url_never_from_a_forged_host(en_client, student):
    en_client.post(reverse("accounts:password_forgot"), {"username": student.username},
                   headers={"host": "evil.example"})
    message = mail.outbox[0]
    assert reset_link(message).startswith("https://massar.example.ma/account/password/reset/")
    assert "evil.example" not in message.body and "evil.example" not in message.alternatives[0].content


def test_an_inactive_account_gets_no_link(en_client, student):
    student.is_active = False
    student.save()
    en_client.post(reverse("accounts:password_forgot"), {"username": student.username})
    assert mail.outbox == []


def test_a_parents_unconfirmed_email_gets_no_link_and_a_confirmed_one_does(en_client, world):
    parent = world.accounts["parent"]
    parent.email = "fatima@example.ma"
    parent.save()
    en_client.post(reverse("accounts:password_forgot"), {"username": parent.username})
    assert mail.outbox == []
    parent.email_confirmed_at = timezone.now()
    parent.save()
    en_client.post(reverse("accounts:password_forgot"), {"username": parent.username})
    assert [m.to for m in mail.outbox] == [["fatima@example.ma"]]


@override_settings(MASSAR_RESET_EMAILS_PER_ACCOUNT=2)
def test_a_mailbox_cannot_be_flooded_and_the_answer_does_not_change(en_client, student):
    answers = [en_client.post(reverse("accounts:password_forgot"), {"username": student.username})
               for _ in range(4)]
    assert {a.status_code for a in answers} == {302}
    assert len(mail.outbox) == 2


@override_settings(MASSAR_RESET_REQUESTS_PER_IP=2)
def test_one_network_asking_too_often_is_told_to_wait(en_client, student):
    for _ in range(2):
        en_client.post(reverse("accounts:password_forgot"), {"username": "anyone"})
    response = en_client.post(reverse("accounts:password_forgot"), {"username": student.username})
    assert response.status_code == 429
    assert "Too many requests from your network" in page_text(response)


def test_the_reset_email_speaks_the_users_language(en_client, student):
    student.preferred_language = "fr"
    student.save()
    en_client.post(reverse("accounts:password_forgot"), {"username": student.username})
    assert 'lang="fr"' in mail.outbox[0].alternatives[0].content


def test_without_a_chosen_language_the_reset_email_speaks_the_pages_language(en_client, student):
    en_client.post(reverse("accounts:password_forgot"), {"username": student.username})
    assert 'lang="en"' in mail.outbox[0].alternatives[0].content


# --- Using the link -------------------------------------------------------------------------------------


def test_the_link_moves_its_token_out_of_the_url_and_sets_the_password(en_client, student):
    student.preferred_language = "en"  # notices speak the account's language (Arabic when none is chosen)
    student.save()
    en_client.post(reverse("accounts:password_forgot"), {"username": student.username})
    path = urlparse(reset_link(mail.outbox[0])).path
    token = path.rstrip("/").split("/")[-1]
    mail.outbox.clear()

    landing = en_client.get(path)
    assert landing.status_code == 302
    assert landing.headers["Referrer-Policy"] == "same-origin"
    assert token not in landing.url and landing.url.endswith("/set-password/")

    form = en_client.get(landing.url)
    assert form.status_code == 200 and 'name="password1"' in form.content.decode()
    assert form.headers["Referrer-Policy"] == "same-origin"
    assert "no-store" in form.headers["Cache-Control"]

    done = en_client.post(landing.url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302 and done.url == reverse("accounts:password_reset_complete")
    student.refresh_from_db()
    assert student.check_password(NEW_PASSWORD)
    assert student.password_changed_at is not None
    event = AccountEvent.objects.get(user=student, kind=AccountEventKind.PASSWORD_RESET)
    assert event.ip_address == "127.0.0.1"
    assert [m.subject for m in mail.outbox] == ["Massar · Your Massar password was reset"]
    assert NEW_PASSWORD not in mail.outbox[0].body and token not in mail.outbox[0].body
    assert "Sign in" in page_text(en_client.get(done.url))


def test_a_used_link_gets_a_clear_page_offering_a_new_one(en_client, student):
    path = link_for(student)
    landing = en_client.get(path)
    en_client.post(landing.url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = Client(headers={"accept-language": "en"}).get(path)
    assert again.status_code == 200
    assert LINK_GONE in page_text(again)
    assert f'href="{reverse("accounts:password_forgot")}"' in again.content.decode()
    assert again.headers["Referrer-Policy"] == "same-origin"


def test_an_expired_link_gets_the_same_page(en_client, student):
    an_hour_and_a_minute_ago = datetime.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=an_hour_and_a_minute_ago):
        token = default_token_generator.make_token(student)
    response = en_client.get(link_for(student, token))
    assert response.status_code == 200
    assert LINK_GONE in page_text(response)


def test_a_link_is_still_good_just_before_the_hour(en_client, student):
    fifty_nine_minutes_ago = datetime.now() - timedelta(minutes=59)
    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=fifty_nine_minutes_ago):
        token = default_token_generator.make_token(student)
    assert en_client.get(link_for(student, token)).status_code == 302


@override_settings(PASSWORD_RESET_TIMEOUT=60)
def test_the_validity_is_the_setting(en_client, student):
    two_minutes_ago = datetime.now() - timedelta(minutes=2)
    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=two_minutes_ago):
        token = default_token_generator.make_token(student)
    assert LINK_GONE in page_text(en_client.get(link_for(student, token)))


@pytest.mark.parametrize("path", ["/account/password/reset/MQ/abc-123/", "/account/password/reset/!!/x/",
                                  "/account/password/reset/OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5/set-password/"])
def test_nonsense_links_get_the_same_page(en_client, db, path):
    response = en_client.get(path)
    assert response.status_code == 200 and LINK_GONE in page_text(response)


def test_the_set_password_page_without_the_token_in_the_session_is_refused(en_client, student):
    uid = urlsafe_base64_encode(force_bytes(student.pk))
    response = en_client.get(f"/account/password/reset/{uid}/set-password/")
    assert LINK_GONE in page_text(response)


def test_a_129_character_password_on_the_reset_page_is_a_form_error(en_client, student):
    landing = en_client.get(link_for(student))
    long_password = "w" * 129
    response = en_client.post(landing.url, {"password1": long_password, "password2": long_password})
    assert response.status_code == 200
    assert "This password is too long: it has 129 characters; at most 128 are allowed." in page_text(response)
    student.refresh_from_db()
    assert student.check_password(PASSWORD)


def test_the_reset_page_refuses_the_users_own_code(en_client, student):
    landing = en_client.get(link_for(student))
    weak = f"my code is {student.student.massar_code}"
    response = en_client.post(landing.url, {"password1": weak, "password2": weak})
    assert "The password must not contain your Massar code." in page_text(response)


def test_a_reset_ends_every_session_and_api_token(en_client, student):
    elsewhere = signed_in(student)
    assert is_signed_in(elsewhere)
    api_token, _secret = api_token_issue(user=student)
    landing = en_client.get(link_for(student))
    en_client.post(landing.url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert not is_signed_in(elsewhere)
    api_token.refresh_from_db()
    assert api_token.revoked_at is not None


# --- Changing one's password ----------------------------------------------------------------------------


def test_changing_the_password_needs_the_current_one(student):
    client = signed_in(student)
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": "not my password!!", "password1": NEW_PASSWORD,
                            "password2": NEW_PASSWORD})
    assert response.status_code == 200
    assert "This is not your current password." in page_text(response)
    student.refresh_from_db()
    assert student.check_password(PASSWORD)


def test_changing_the_password_keeps_this_session_and_ends_the_others(student):
    student.preferred_language = "en"  # notices speak the account's language (Arabic when none is chosen)
    student.save()
    here, elsewhere = signed_in(student), signed_in(student)
    api_token, _secret = api_token_issue(user=student)
    mail.outbox.clear()
    response = here.post(reverse("accounts:password_change"),
                         {"old_password": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == resolve_url(settings.LOGIN_REDIRECT_URL)
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
    student.refresh_from_db()
    assert student.check_password(NEW_PASSWORD)
    assert ApiToken.objects.get(pk=api_token.pk).revoked_at is not None
    assert AccountEvent.objects.filter(user=student, kind=AccountEventKind.PASSWORD_CHANGED).count() == 1
    assert [m.subject for m in mail.outbox] == ["Massar · Your Massar password was changed"]
    assert NEW_PASSWORD not in mail.outbox[0].body and PASSWORD not in mail.outbox[0].body


def test_a_129_character_new_password_is_a_form_error(student):
    client = signed_in(student)
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": PASSWORD, "password1": "z" * 129, "password2": "z" * 129})
    assert response.status_code == 200
    assert "at most 128 are allowed" in page_text(response)


def test_the_change_page_needs_a_signed_in_user(en_client, db):
    response = en_client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and response.url.startswith(resolve_url(settings.LOGIN_URL))
