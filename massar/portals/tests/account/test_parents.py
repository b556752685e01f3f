"""Parent sign-up and e-mail confirmation: one answer whatever the address, single-use links from SITE_URL, and
the password chosen on the link's page only, so that nobody but the holder of the mailbox can set it."""

import datetime
import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.test import RequestFactory

from massar.accounts.models import AccountEvent, AccountEventKind, User
from massar.accounts.services import ParentConfirmationTokenGenerator
from massar.core.roles import Role
from massar.students.models import Guardian

PASSWORD = "a quiet orchard at dawn 42"
SIGNUP = "/account/parent/signup/"


def signup_data(**overrides) -> dict:
    return {"email": "Karim.Idrissi@Example.ma", "phone": "06 11 22 33 44", "first_name_latin": "Karim",
            "last_name_latin": "Idrissi", "first_name_ar": "كريم", "last_name_ar": "الإدريسي"} | overrides


def confirm_data(**overrides) -> dict:
    """The confirmation page's form: the details as signed up and the chosen password."""
    return {"phone": "0611223344", "first_name_latin": "Karim", "last_name_latin": "Idrissi",
            "first_name_ar": "كريم", "last_name_ar": "الإدريسي", "password1": PASSWORD, "password2": PASSWORD
            } | overrides


def link_in(message, site_url: str) -> str:
    """The path of the one account link in an e-mail, checked to start with the configured site URL."""
    links = re.findall(r"https?://\S+", message.body)
    confirm = [link for link in links if "/confirm/" in link or "/invitation/" in link]
    assert len(confirm) == 1, message.body
    assert confirm[0].startswith(site_url + "/")
    return confirm[0][len(site_url):]


def answer_text(response) -> str:
    """The page without its per-request CSRF token, to compare two answers."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_sign_up_creates_an_inactive_parent_account_and_mails_a_confirmation_link(en_client, world, settings):
    response = en_client.post(SIGNUP, signup_data())
    assert response.status_code == 302 and response["Location"] == "/account/parent/signup/sent/"
    user = User.objects.get(username="karim.idrissi@example.ma")
    assert user.role == Role.PARENT and not user.is_active and user.email_confirmed_at is None
    assert user.email == "karim.idrissi@example.ma" and user.phone == "0611223344"
    assert user.guardian.full_name_latin == "IDRISSI Karim" and user.guardian.last_name_ar == "الإدريسي"
    assert user.guardian.student_links.count() == 0
    assert not user.has_usable_password(), "no password before the mailbox's holder chooses one"
    assert AccountEvent.objects.filter(user=user, kind=AccountEventKind.SIGNED_UP).count() == 1
    [message] = mail.outbox
    assert message.to == ["karim.idrissi@example.ma"]
    assert "confirm" in message.subject.lower()
    link_in(message, settings.SITE_URL)


def test_arabic_names_are_optional(en_client, world):
    response = en_client.post(SIGNUP, signup_data(first_name_ar="", last_name_ar=""))
    assert response.status_code == 302
    assert Guardian.objects.get(account__username="karim.idrissi@example.ma").first_name_ar == ""


def test_the_answer_is_the_same_for_an_address_that_already_has_an_account(en_client, world, settings):
    existing = world.accounts["parent"]
    before = existing.password
    new = en_client.post(SIGNUP, signup_data(email="someone.new@example.ma"), follow=True)
    mail.outbox.clear()
    again = en_client.post(SIGNUP, signup_data(email=existing.username.upper()), follow=True)
    assert new.redirect_chain == again.redirect_chain
    assert new.status_code == again.status_code == 200
    assert answer_text(new) == answer_text(again)
    # No second account, nothing changed on the existing one, and a different message to the address.
    assert User.objects.filter(username__iexact=existing.username).count() == 1
    existing.refresh_from_db()
    assert existing.password == before and existing.is_active
    [message] = mail.outbox
    assert message.to == [existing.username]
    assert "already have an account" in message.subject
    assert "/confirm/" not in message.body
    assert settings.SITE_URL + "/account/signin/" in message.body
    assert settings.SITE_URL + "/account/password/forgot/" in message.body


def test_signing_up_again_before_confirming_takes_the_new_details_and_voids_the_first_link(en_client, world,
                                                                                          settings):
    en_client.post(SIGNUP, signup_data())
    first = link_in(mail.outbox[0], settings.SITE_URL)
    en_client.post(SIGNUP, signup_data(phone="0700000000"))
    second = link_in(mail.outbox[1], settings.SITE_URL)
    assert User.objects.filter(username="karim.idrissi@example.ma").count() == 1
    assert Guardian.objects.filter(email="karim.idrissi@example.ma").count() == 1
    assert "not valid" in en_client.post(first, confirm_data()).content.decode()
    page = en_client.get(second)
    assert 'value="0700000000"' in page.content.decode(), "the details as last signed up, to check"
    assert en_client.post(second, confirm_data(phone="0700000000"))["Location"] == "/account/signin/"
    user = User.objects.get(username="karim.idrissi@example.ma")
    assert user.check_password(PASSWORD) and user.guardian.phone == "0700000000"


def test_whoever_signs_up_first_with_someone_elses_address_never_owns_the_account(world, settings):
    """The pre-takeover race: an intruder signs up with the owner's address (their own names and phone), the
    owner signs up too, then opens the e-mailed link. The account ends with the owner's details and the
    password the owner chose on the link's page; the intruder's password never existed."""
    from django.test import Client

    intruder, owner = Client(headers={"accept-language": "en"}), Client(headers={"accept-language": "en"})
    intruder.post(SIGNUP, signup_data(first_name_latin="Mallory", last_name_latin="Intrus", phone="0799999999",
                                      first_name_ar="", last_name_ar=""))
    owner.post(SIGNUP, signup_data())
    intruder.post(SIGNUP, signup_data(first_name_latin="Mallory", last_name_latin="Intrus", phone="0799999999",
                                      first_name_ar="", last_name_ar=""))  # signs up again, last
    # Only the mailbox's holder reads the links; the newest one works.
    path = link_in(mail.outbox[-1], settings.SITE_URL)
    page = owner.get(path).content.decode()
    assert 'value="Mallory"' in page, "the details signed up last are shown to be checked"
    assert owner.post(path, confirm_data(password1="owner picks this one 9", password2="owner picks this one 9")
                      ).status_code == 302
    user = User.objects.get(username="karim.idrissi@example.ma")
    assert user.is_active and user.check_password("owner picks this one 9")
    assert user.guardian.first_name_latin == "Karim" and user.phone == "0611223344"
    for guess in ("", PASSWORD, "Mallory Intrus"):
        assert authenticate(RequestFactory().post("/"), username=user.username, password=guess) is None


def test_the_confirmation_link_activates_the_account_once(en_client, world, settings):
    en_client.post(SIGNUP, signup_data())
    path = link_in(mail.outbox[0], settings.SITE_URL)
    # Opening the link (as a mail scanner would) changes nothing: the password is chosen in its form.
    page = en_client.get(path)
    assert page.status_code == 200 and 'name="password1"' in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin" and "no-store" in page["Cache-Control"]
    assert not User.objects.get(username="karim.idrissi@example.ma").is_active

    confirmed = en_client.post(path, confirm_data(), follow=True)
    assert "Your e-mail is confirmed" in confirmed.content.decode()
    user = User.objects.get(username="karim.idrissi@example.ma")
    assert user.is_active and user.email_confirmed_at is not None and user.activated_at is not None
    assert AccountEvent.objects.filter(user=user, kind=AccountEventKind.EMAIL_CONFIRMED).count() == 1
    signed_in = authenticate(RequestFactory().post("/"), username=" KARIM.IDRISSI@example.ma ", password=PASSWORD)
    assert signed_in == user

    for reused in (en_client.post(path, confirm_data(password1="x" * 20, password2="x" * 20)), en_client.get(path)):
        assert "already used" in reused.content.decode()
    assert AccountEvent.objects.filter(user=user, kind=AccountEventKind.EMAIL_CONFIRMED).count() == 1
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


def test_the_details_can_be_corrected_on_the_link_page(en_client, world, settings):
    en_client.post(SIGNUP, signup_data(first_name_latin="Krim"))
    path = link_in(mail.outbox[0], settings.SITE_URL)
    en_client.post(path, confirm_data(first_name_latin="Karim", phone="0622222222"))
    user = User.objects.get(username="karim.idrissi@example.ma")
    assert user.guardian.first_name_latin == "Karim" and user.phone == user.guardian.phone == "0622222222"


@pytest.mark.parametrize(("overrides", "field", "says"), [
    ({"password2": "a quiet orchard at dusk 42"}, "password2", "The two passwords are different"),
    ({"password1": "idrissi karim the parent", "password2": "idrissi karim the parent"}, "password1", "first or last name"),
    ({"password1": "short", "password2": "short"}, "password1", "too short"),
    ({"last_name_latin": "Idrissi2"}, "last_name_latin", "Latin letters"),
])
def test_a_refused_password_or_detail_on_the_link_page_activates_nothing(en_client, world, settings, overrides,
                                                                         field, says):
    en_client.post(SIGNUP, signup_data())
    path = link_in(mail.outbox[0], settings.SITE_URL)
    response = en_client.post(path, confirm_data(**overrides))
    assert response.status_code == 200
    assert any(says in error for error in response.context["form"].errors[field]), response.context["form"].errors
    user = User.objects.get(username="karim.idrissi@example.ma")
    assert not user.is_active and not user.has_usable_password()
    assert en_client.post(path, confirm_data()).status_code == 302, "the link still works after a refusal"


def test_an_unconfirmed_account_cannot_sign_in(en_client, world):
    en_client.post(SIGNUP, signup_data())
    for password in (PASSWORD, ""):
        assert authenticate(RequestFactory().post("/"), username="karim.idrissi@example.ma",
                            password=password) is None


def test_an_expired_confirmation_link_says_so_and_activates_nothing(en_client, world, settings, monkeypatch):
    en_client.post(SIGNUP, signup_data())
    path = link_in(mail.outbox[0], settings.SITE_URL)
    later = datetime.datetime.now() + datetime.timedelta(days=3, minutes=1)
    monkeypatch.setattr(ParentConfirmationTokenGenerator, "_now", lambda self: later)
    for response in (en_client.get(path), en_client.post(path, confirm_data())):
        assert response.status_code == 200
        assert "This link has expired" in response.content.decode()
    assert not User.objects.get(username="karim.idrissi@example.ma").is_active


@pytest.mark.parametrize("tamper", [
    lambda path: path.replace("/confirm/", "/confirm/x"),  # another account id
    lambda path: path[:-3] + ("0/" if path[-2] != "0" else "1/"),  # one character of the token
    lambda path: "/account/parent/confirm/MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkw/abc-def/",
])
def test_a_wrong_link_is_refused(en_client, world, settings, tamper):
    en_client.post(SIGNUP, signup_data())
    path = tamper(link_in(mail.outbox[0], settings.SITE_URL))
    response = en_client.post(path, confirm_data())
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "This link is not valid" in response.content.decode()
    assert not User.objects.get(username="karim.idrissi@example.ma").is_active


def test_a_parent_link_does_not_confirm_another_kind_of_account(en_client, world, settings):
    from massar.accounts.links import account_link
    from massar.accounts.services import parent_confirmation_tokens

    teacher = world.accounts["teacher"]
    link = account_link("accounts:parent_confirm", teacher, parent_confirmation_tokens.make_token(teacher))
    assert "This link is not valid" in en_client.post(link[len(settings.SITE_URL):]).content.decode()


def test_links_come_from_the_site_url_even_with_a_forged_host_header(en_client, world, settings):
    settings.SITE_URL = "https://massar.example.ma"
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]
    en_client.post(SIGNUP, signup_data(), HTTP_HOST="evil.example")
    [message] = mail.outbox
    assert "evil.example" not in message.body
    link_in(message, "https://massar.example.ma")
    en_client.post(SIGNUP, signup_data(email=world.accounts["parent"].username), HTTP_HOST="evil.example")
    assert "evil.example" not in mail.outbox[1].body and "https://massar.example.ma/account/signin/" in \
        mail.outbox[1].body


@pytest.mark.parametrize(("overrides", "field", "says"), [
    ({"email": "not-an-address"}, "email", "Enter a valid email address"),
    ({"email": "f164115196@taalim.ma"}, "email", "personal e-mail address"),
    ({"phone": "12345"}, "phone", "Enter a Moroccan phone number"),
    ({"first_name_latin": "كريم"}, "first_name_latin", "Latin letters"),
    ({"last_name_latin": "Idrissi2"}, "last_name_latin", "Latin letters"),
    ({"last_name_ar": "Idrissi"}, "last_name_ar", "Arabic letters"),
])
def test_bad_input_is_refused_where_it_is_and_nothing_is_written(en_client, world, overrides, field, says):
    response = en_client.post(SIGNUP, signup_data(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(says in error for error in form.errors[field]), form.errors
    assert says in response.content.decode().replace("&#x27;", "'")
    assert not User.objects.filter(role=Role.PARENT).exclude(pk=world.accounts["parent"].pk).exists()
    assert mail.outbox == []


def test_the_sign_up_form_asks_no_password(en_client, db):
    page = en_client.get(SIGNUP).content.decode()
    assert 'name="email"' in page and 'type="password"' not in page


@pytest.mark.parametrize("password", [
    "short",
    "karim.idrissi@example.ma",  # the sign-in name
    "idrissi karim the parent",  # the person's names
    "x" * 129,
])
def test_the_password_rules_apply_to_the_account_being_activated(en_client, world, settings, password):
    """The rules are settings.AUTH_PASSWORD_VALIDATORS (massar/accounts/passwords.py), given the account as it
    will be: its sign-in name, e-mail and guardian's names."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        validate_password(password, User(username="karim.idrissi@example.ma", email="karim.idrissi@example.ma",
                                         role=Role.PARENT,
                                         guardian=Guardian(first_name_latin="Karim", last_name_latin="Idrissi")))
    en_client.post(SIGNUP, signup_data())
    response = en_client.post(link_in(mail.outbox[0], settings.SITE_URL),
                              confirm_data(password1=password, password2=password))
    assert response.context["form"].errors["password1"] == refused.value.messages
    assert not User.objects.get(username="karim.idrissi@example.ma").is_active


def test_the_sign_up_page_sends_signed_in_people_to_their_space(en_client, world):
    en_client.force_login(world.accounts["parent"])
    assert en_client.get(SIGNUP)["Location"] == "/me/"


def test_the_sign_up_form_cannot_flood_a_mailbox(en_client, world, settings):
    settings.MASSAR_SIGNUP_EMAILS_PER_ADDRESS_PER_HOUR = 3
    answers = {en_client.post(SIGNUP, signup_data())["Location"] for _ in range(5)}
    assert answers == {"/account/parent/signup/sent/"}
    assert len(mail.outbox) == 3
    en_client.post(SIGNUP, signup_data(email="someone.else@example.ma"))
    assert len(mail.outbox) == 4
