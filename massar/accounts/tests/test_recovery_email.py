"""The recovery e-mail's confirmation: stored unconfirmed, confirmed by a single-use link from SITE_URL (GET
shows, POST confirms); reset links go only to a confirmed address."""


import datetime
import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from massar.accounts.models import AccountEvent, AccountEventKind, User
from massar.accounts.services import (
    RecoveryEmailTokenGenerator,
    parent_confirmation_tokens,
)
from massar.testing.accounts import NEW_PASSWORD
from massar.testing.accounts import activation_details as details

from .recovery import (
    FORGOT,
    change,
    confirm_path,
    confirmations,
    path_for,
    signed_in,
    text,
)

# --- At activation ---------------------------------------------------------------------------------------


def test_activation_stores_the_address_unconfirmed_and_mails_a_confirmation_link(en_client, world, settings):
    response = en_client.post(reverse("accounts:activate"), details(world.student_b))
    assert response.status_code == 302
    account = User.objects.get(student=world.student_b)
    assert account.email == "salma.home@example.ma" and account.email_confirmed_at is None
    [message] = confirmations()
    assert message.to == ["salma.home@example.ma"]
    assert "confirm your recovery e-mail" in message.subject
    assert account.username in message.body and "3 days" in message.body
    assert NEW_PASSWORD not in message.body
    confirm_path(message, settings.SITE_URL)
    done = text(en_client.get(response.url))
    assert "Check your inbox to confirm your recovery e-mail" in done


@override_settings(ALLOWED_HOSTS=["*"], SITE_URL="https://massar.example.ma")
def test_the_confirmation_link_comes_from_the_site_url_never_from_a_forged_host(en_client, world):
    en_client.post(reverse("accounts:activate"), details(world.student_b), headers={"host": "evil.example"})
    [message] = confirmations()
    confirm_path(message, "https://massar.example.ma")
    assert "evil.example" not in message.body


def test_an_activated_student_can_confirm_through_the_link(en_client, world, settings):
    en_client.post(reverse("accounts:activate"), details(world.student_b))
    path = confirm_path(confirmations()[0], settings.SITE_URL)
    assert "Your recovery e-mail is confirmed" in text(Client(headers={"accept-language": "en"}).post(path))
    assert User.objects.get(student=world.student_b).email_confirmed_at is not None


# --- The link ------------------------------------------------------------------------------------------------


def test_opening_the_link_shows_a_button_and_confirms_nothing(student):
    visitor = Client(headers={"accept-language": "en"})
    page = visitor.get(path_for(student))
    assert page.status_code == 200
    assert "Confirm this e-mail" in text(page) and "youssef.home@example.ma" in text(page)
    assert page["Referrer-Policy"] == "same-origin" and "no-store" in page["Cache-Control"]
    visitor.get(path_for(student))
    student.refresh_from_db()
    assert student.email_confirmed_at is None


def test_pressing_the_button_confirms_once(student):
    path = path_for(student)
    visitor = Client(headers={"accept-language": "en"})
    done = visitor.post(path)
    assert done.status_code == 200 and "Your recovery e-mail is confirmed" in text(done)
    assert done["Referrer-Policy"] == "same-origin"
    student.refresh_from_db()
    confirmed_at = student.email_confirmed_at
    assert confirmed_at is not None
    event = AccountEvent.objects.get(user=student, kind=AccountEventKind.EMAIL_CONFIRMED)
    assert "youssef.home@example.ma" in event.detail and event.ip_address == "127.0.0.1"
    for reused in (visitor.get(path), visitor.post(path)):
        assert reused.status_code == 200
        assert "This link was already used: this recovery e-mail is confirmed." in text(reused)
    student.refresh_from_db()
    assert student.email_confirmed_at == confirmed_at
    assert AccountEvent.objects.filter(user=student, kind=AccountEventKind.EMAIL_CONFIRMED).count() == 1


def test_an_expired_link_says_so_and_confirms_nothing(student, settings, monkeypatch):
    path = path_for(student)
    later = datetime.datetime.now() + datetime.timedelta(seconds=settings.MASSAR_RECOVERY_EMAIL_CONFIRM_LINK_SECONDS,
                                                         minutes=1)
    monkeypatch.setattr(RecoveryEmailTokenGenerator, "_now", lambda self: later)
    visitor = Client(headers={"accept-language": "en"})
    for response in (visitor.get(path), visitor.post(path)):
        assert response.status_code == 200 and "This link has expired" in text(response)
    student.refresh_from_db()
    assert student.email_confirmed_at is None


@pytest.mark.parametrize("tamper", [
    lambda path: path.replace("/confirm/", "/confirm/A"),           # another (or no) account
    lambda path: path[:-3] + ("a" if path[-3] != "a" else "b") + path[-2:],  # a changed token
    lambda path: path.rsplit("/", 2)[0] + "/not-a-token/",
    lambda path: path.rsplit("/", 2)[0] + "/" + "9" * 70 + "/",
    lambda path: path.split("/confirm/")[0] + "/confirm/%C3%A9/x-y/",
    lambda path: path.split("/confirm/")[0] + "/confirm/OTk5OTk5OTk5OTk5OTk5OTk5OTk5/x-y/",
])
def test_a_wrong_link_is_refused(student, tamper):
    path = tamper(path_for(student))
    visitor = Client(headers={"accept-language": "en"})
    for response in (visitor.get(path), visitor.post(path)):
        assert response.status_code in (200, 404)
        if response.status_code == 200:
            assert "This link is not valid" in text(response)
    student.refresh_from_db()
    assert student.email_confirmed_at is None


def test_a_parent_confirmation_token_does_not_confirm_a_recovery_email(student):
    path = path_for(student, token=parent_confirmation_tokens.make_token(student))
    assert "This link is not valid" in text(Client(headers={"accept-language": "en"}).post(path))
    student.refresh_from_db()
    assert student.email_confirmed_at is None


def test_a_link_to_an_old_address_stops_working_after_a_change(student):
    old_path = path_for(student)
    assert change(signed_in(student), "new.box@example.ma").status_code == 302
    response = Client(headers={"accept-language": "en"}).post(old_path)
    assert "This link is not valid" in text(response)
    student.refresh_from_db()
    assert student.email == "new.box@example.ma" and student.email_confirmed_at is None


def test_an_inactive_accounts_link_confirms_nothing(student):
    path = path_for(student)
    student.is_active = False
    student.save()
    assert "This link is not valid" in text(Client(headers={"accept-language": "en"}).post(path))
    student.refresh_from_db()
    assert student.email_confirmed_at is None


# --- Reset links only to a confirmed address -------------------------------------------------------------


def test_an_unconfirmed_address_gets_no_reset_link_and_the_answer_is_the_same(en_client, student):
    nobody = en_client.post(FORGOT, {"username": "F000000001"})
    unconfirmed = en_client.post(FORGOT, {"username": student.username})
    assert (unconfirmed.status_code, unconfirmed.url) == (nobody.status_code, nobody.url) \
        == (302, reverse("accounts:password_forgot_sent"))
    assert mail.outbox == []

    Client().post(path_for(student))
    mail.outbox.clear()
    en_client.post(FORGOT, {"username": student.username})
    assert [m.to for m in mail.outbox] == [["youssef.home@example.ma"]]
    assert "/password/reset/" in mail.outbox[0].body


def test_a_changed_address_gets_no_reset_link_until_confirmed_and_the_old_one_none_at_all(en_client, student,
                                                                                           settings):
    student.email_confirmed_at = timezone.now()
    student.save()
    change(signed_in(student), "new.box@example.ma")
    path = confirm_path(confirmations()[0], settings.SITE_URL)
    mail.outbox.clear()
    en_client.post(FORGOT, {"username": student.username})
    assert mail.outbox == []
    Client().post(path)
    en_client.post(FORGOT, {"username": student.username})
    assert [m.to for m in mail.outbox] == [["new.box@example.ma"]]


def test_a_staff_member_who_accepted_the_invitation_has_a_confirmed_address(world, settings):
    from massar.accounts.services import staff_account_create
    from massar.staff.models import Position
    from massar.testing import factories as make

    member = make.staff(position=Position.TEACHER, school_=world.school)
    staff_account_create(staff_member=member, actor=world.accounts["school_admin"], email="prof@example.ma")
    [link] = [link for link in re.findall(r"https?://\S+", mail.outbox[-1].body) if "/invitation/" in link]
    Client().post(link[len(settings.SITE_URL):], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    account = User.objects.get(staff_member=member)
    assert account.has_usable_password() and account.email_confirmed_at is not None
    mail.outbox.clear()
    Client().post(FORGOT, {"username": account.username})
    assert [m.to for m in mail.outbox] == [["prof@example.ma"]]
