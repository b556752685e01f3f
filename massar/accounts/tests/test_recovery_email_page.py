"""The recovery e-mail's own page: seen by every account, confirmed again, changed with the password."""



import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from massar.accounts.error_codes import AccountsErrorCode
from massar.accounts.models import AccountEvent, AccountEventKind
from massar.accounts.services import (
    recovery_email_change,
)
from massar.testing.factories import PASSWORD

from .recovery import PAGE, ROLES, change, confirm_path, confirmations, signed_in, text, words

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
