"""The recovery e-mail: stored unconfirmed, confirmed by a single-use link from SITE_URL (GET shows, POST
confirms), seen, confirmed again and changed on its own page; reset links go only to a confirmed address."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from massar.accounts.error_codes import AccountsErrorCode
from massar.accounts.models import AccountEvent, AccountEventKind, User
from massar.accounts.services import (
    RecoveryEmailTokenGenerator,
    parent_confirmation_tokens,
    recovery_email_change,
    recovery_email_tokens,
)
from massar.testing.accounts import NEW_PASSWORD
from massar.testing.accounts import activation_details as details
from massar.testing.factories import PASSWORD

PAGE = reverse("accounts:recovery_email")
FORGOT = reverse("accounts:password_forgot")
ROLES = ("student", "parent", "teacher", "school_admin", "directorate_officer", "academy_officer",
         "ministry_officer")


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode().replace("&#x27;", "'"))


def words(response) -> str:
    """What a reader sees: the text without its tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text(response)))


def confirmations() -> list:
    return [message for message in mail.outbox if "/recovery-email/confirm/" in message.body]


def confirm_path(message, site_url: str) -> str:
    """The path of the one confirmation link in `message`, checked to start with the configured site URL."""
    [link] = [link for link in re.findall(r"https?://\S+", message.body) if "/recovery-email/confirm/" in link]
    assert link.startswith(site_url + "/account/recovery-email/confirm/")
    return link[len(site_url):]


def path_for(user: User, token: str | None = None) -> str:
    return reverse("accounts:recovery_email_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": token if token is not None else recovery_email_tokens.make_token(user)})


def signed_in(user: User) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def student(world) -> User:
    """An activated student with an unconfirmed recovery e-mail."""
    account = world.accounts["student"]
    account.email = "youssef.home@example.ma"
    account.preferred_language = "en"
    account.save()
    return account


def change(client: Client, email: str, password: str = PASSWORD, **headers):
    return client.post(PAGE, {"action": "change", "email": email, "password": password}, **headers)


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
    assert page["Referrer-Policy"] == "no-referrer" and "no-store" in page["Cache-Control"]
    visitor.get(path_for(student))
    student.refresh_from_db()
    assert student.email_confirmed_at is None


def test_pressing_the_button_confirms_once(student):
    path = path_for(student)
    visitor = Client(headers={"accept-language": "en"})
    done = visitor.post(path)
    assert done.status_code == 200 and "Your recovery e-mail is confirmed" in text(done)
    assert done["Referrer-Policy"] == "no-referrer"
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


# --- The page ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_account_sees_its_recovery_email_and_its_status(world, role):
    account = world.accounts[role]
    client = signed_in(account)
    assert 'data-status="none"' in text(client.get(PAGE))
    account.email = "box@example.ma"
    account.save()
    page = text(client.get(PAGE))
    assert "box@example.ma" in page and 'data-status="unconfirmed"' in page
    assert "Send the confirmation link again" in page
    account.email_confirmed_at = timezone.now()
    account.save()
    page = text(client.get(PAGE))
    assert 'data-status="confirmed"' in page and "Send the confirmation link again" not in page


def test_an_anonymous_visitor_is_sent_to_sign_in(en_client, db):
    response = en_client.get(PAGE)
    assert response.status_code == 302 and "signin" in response["Location"]


def test_the_security_page_links_to_it(world):
    page = signed_in(world.accounts["student"]).get(reverse("accounts:security"))
    assert f'href="{PAGE}"' in page.content.decode()


def test_sending_the_link_again(student, settings):
    response = signed_in(student).post(PAGE, {"action": "resend"}, follow=True)
    assert "A new confirmation link was sent to youssef.home@example.ma" in text(response)
    [message] = confirmations()
    assert message.to == ["youssef.home@example.ma"]
    Client().post(confirm_path(message, settings.SITE_URL))
    student.refresh_from_db()
    assert student.email_confirmed_at is not None


@pytest.mark.parametrize(("state", "message"), [
    ("confirmed", "Your recovery e-mail is already confirmed."),
    ("none", "Your account has no recovery e-mail yet"),
])
def test_nothing_to_send_again(student, state, message):
    if state == "confirmed":
        student.email_confirmed_at = timezone.now()
    else:
        student.email = ""
    student.save()
    response = signed_in(student).post(PAGE, {"action": "resend"}, follow=True)
    assert message in text(response)
    assert mail.outbox == []


@override_settings(MASSAR_RECOVERY_EMAIL_CONFIRMATIONS_PER_HOUR=2)
def test_confirmation_messages_are_limited_per_hour(student):
    client = signed_in(student)
    for _ in range(2):
        client.post(PAGE, {"action": "resend"})
    refused = client.post(PAGE, {"action": "resend"}, follow=True)
    assert "Several confirmation messages were sent in the last hour" in text(refused)
    assert len(confirmations()) == 2
    # A change is refused too (it would send one more), and nothing changes.
    response = change(client, "new.box@example.ma")
    assert response.status_code == 200
    assert "Several confirmation messages were sent in the last hour" in text(response)
    student.refresh_from_db()
    assert student.email == "youssef.home@example.ma" and len(confirmations()) == 2


def test_an_unknown_action_is_a_bad_request(student):
    assert signed_in(student).post(PAGE, {"action": "delete"}).status_code == 400


def test_changing_the_address(student, settings):
    student.email_confirmed_at = timezone.now()
    student.save()
    client = signed_in(student)
    response = change(client, "  New.Box@EXAMPLE.MA ")
    assert response.status_code == 302 and response.url == PAGE
    student.refresh_from_db()
    assert student.email == "New.Box@example.ma" and student.email_confirmed_at is None
    event = AccountEvent.objects.get(user=student, kind=AccountEventKind.RECOVERY_EMAIL_CHANGED)
    assert event.actor == student and event.ip_address == "127.0.0.1"
    # The old address is told (a notice, nothing that opens the account); the new one gets the link.
    [old] = [m for m in mail.outbox if m.to == ["youssef.home@example.ma"]]
    assert "recovery e-mail was changed" in old.subject
    assert "/recovery-email/confirm/" not in old.body and "/password/reset/" not in old.body
    [message] = confirmations()
    assert message.to == ["New.Box@example.ma"]
    confirm_path(message, settings.SITE_URL)
    page = text(client.get(PAGE))
    assert "Your recovery e-mail is now New.Box@example.ma" in page and 'data-status="unconfirmed"' in page


def test_a_first_address_can_be_added(world):
    teacher = world.accounts["teacher"]
    assert teacher.email == ""
    assert change(signed_in(teacher), "prof@example.ma").status_code == 302
    teacher.refresh_from_db()
    assert teacher.email == "prof@example.ma" and teacher.email_confirmed_at is None
    assert [m.to for m in confirmations()] == [["prof@example.ma"]]


@override_settings(ALLOWED_HOSTS=["*"], SITE_URL="https://massar.example.ma")
def test_a_change_with_a_forged_host_still_links_to_the_site_url(student):
    change(signed_in(student), "new.box@example.ma", headers={"host": "evil.example"})
    [message] = confirmations()
    confirm_path(message, "https://massar.example.ma")
    assert "evil.example" not in message.body


def test_a_wrong_current_password_changes_nothing(student):
    response = change(signed_in(student), "new.box@example.ma", password="not my password at all")
    assert response.status_code == 200
    assert response.context["form"].has_error("password", AccountsErrorCode.PASSWORD_INCORRECT)
    assert "This is not your current password." in text(response)
    student.refresh_from_db()
    assert student.email == "youssef.home@example.ma"
    assert mail.outbox == [] and not AccountEvent.objects.filter(kind=AccountEventKind.RECOVERY_EMAIL_CHANGED)


@pytest.mark.parametrize("email", ["", "not-an-email", "a@b", "two@@example.ma", "space in@example.ma",
                                   "x" * 250 + "@example.ma", "<script>@example.ma"])
def test_a_malformed_address_is_a_form_error(student, email):
    response = change(signed_in(student), email)
    assert response.status_code == 200
    assert response.context["form"].has_error("email")
    student.refresh_from_db()
    assert student.email == "youssef.home@example.ma" and mail.outbox == []


@pytest.mark.parametrize("email", ["not-an-email", "", "x" * 250 + "@example.ma"])
def test_the_service_refuses_a_malformed_address_too(student, email):
    with pytest.raises(ValidationError) as refused:
        recovery_email_change(user=student, email=email, password=PASSWORD)
    assert refused.value.error_dict["email"][0].code == AccountsErrorCode.EMAIL_INVALID


def test_the_same_address_is_not_a_change(student):
    response = change(signed_in(student), "YOUSSEF.home@example.ma")
    assert response.context["form"].has_error("email", AccountsErrorCode.EMAIL_UNCHANGED)
    assert mail.outbox == []


def test_a_parents_sign_in_name_stays_when_the_recovery_email_changes(world):
    parent = world.accounts["parent"]
    parent.email = parent.username
    parent.email_confirmed_at = timezone.now()
    parent.save()
    client = signed_in(parent)
    page = words(client.get(PAGE))
    assert f"You sign in with {parent.username}: changing your recovery e-mail does not change your sign-in name" \
        in page
    assert change(client, "other.box@example.ma").status_code == 302
    parent.refresh_from_db()
    assert parent.email == "other.box@example.ma" and parent.email_confirmed_at is None
    assert parent.username.startswith("parent") and parent.is_active
    # The old address (the sign-in name) is told; the new one is not yet trusted with notices (a parent's).
    assert [m.to for m in mail.outbox if "/recovery-email/confirm/" not in m.body] == [[parent.username]]
    fresh = Client()
    assert fresh.post(reverse("accounts:signin"), {"username": parent.username, "password": PASSWORD}) \
        .status_code == 302
    assert fresh.get(reverse("portals:my_space")).status_code == 200
