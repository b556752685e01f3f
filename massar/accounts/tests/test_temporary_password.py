"""Reset by the administration: a random temporary password on a printable slip, valid 72 hours, for one
sign-in, after which every page leads to "choose your new password"."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from massar.access.error_codes import AccessErrorCode
from massar.accounts.error_codes import AccountsErrorCode
from massar.accounts.models import AccountEvent, AccountEventKind, ApiToken, User
from massar.accounts.services import (
    TEMPORARY_PASSWORD_ALPHABET,
    accounts_resettable_by,
    temporary_password_generate,
    temporary_password_issue,
)
from massar.accounts.tokens import api_token_issue
from massar.core.errors import NotFound, Refused
from massar.students.services import student_enrol
from massar.testing import factories as make
from massar.testing.factories import PASSWORD

SLIP_PATTERN = re.compile(r"^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$")
NEW_PASSWORD = "blue river under the moon"


def signed_in(user: User) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace("&#x27;", "'")


# --- The service ----------------------------------------------------------------------------------------


def test_temporary_passwords_are_readable_random_and_long_enough():
    seen = {temporary_password_generate() for _ in range(200)}
    assert len(seen) == 200
    for password in seen:
        assert SLIP_PATTERN.match(password), password
        assert len(password.replace("-", "")) >= 12
    assert not set("0O1lI") & set(TEMPORARY_PASSWORD_ALPHABET)


def test_an_administrator_issues_one_for_a_student_of_their_school(world):
    admin, student = world.accounts["school_admin"], world.accounts["student"]
    before = timezone.now()
    password = temporary_password_issue(user=student, actor=admin)
    student.refresh_from_db()
    assert SLIP_PATTERN.match(password)
    assert student.check_password(password)
    assert not student.check_password(PASSWORD)
    expected = before + timedelta(hours=settings.MASSAR_TEMPORARY_PASSWORD_HOURS)
    assert expected <= student.temporary_password_expires_at <= expected + timedelta(minutes=1)
    assert student.must_change_password is False  # set at the sign-in that uses it
    event = AccountEvent.objects.get(user=student, kind=AccountEventKind.TEMPORARY_PASSWORD)
    assert event.actor == admin
    assert password not in event.detail


@override_settings(MASSAR_TEMPORARY_PASSWORD_HOURS=1)
def test_the_validity_is_the_setting(world):
    student = world.accounts["student"]
    temporary_password_issue(user=student, actor=world.accounts["school_admin"])
    student.refresh_from_db()
    assert student.temporary_password_expires_at <= timezone.now() + timedelta(hours=1)


def test_a_parent_of_the_schools_students_may_get_one(world):
    password = temporary_password_issue(user=world.accounts["parent"], actor=world.accounts["school_admin"])
    assert User.objects.get(pk=world.accounts["parent"].pk).check_password(password)


def test_issuing_ends_sessions_and_api_tokens(world):
    student = world.accounts["student"]
    elsewhere = signed_in(student)
    api_token, _secret = api_token_issue(user=student)
    temporary_password_issue(user=student, actor=world.accounts["school_admin"])
    assert elsewhere.get(reverse("portals:my_space")).status_code == 302
    assert ApiToken.objects.get(pk=api_token.pk).revoked_at is not None


@pytest.mark.parametrize("role", ["teacher", "student", "parent", "directorate_officer", "academy_officer",
                                  "ministry_officer"])
def test_only_a_school_administrator_may_issue_one(world, role):
    with pytest.raises(Refused) as refused:
        temporary_password_issue(user=world.accounts["student"], actor=world.accounts[role])
    assert refused.value.code == AccountsErrorCode.NOT_ALLOWED


def test_an_anonymous_actor_may_not(world):
    with pytest.raises(Refused) as refused:
        temporary_password_issue(user=world.accounts["student"], actor=AnonymousUser())
    assert refused.value.code == AccountsErrorCode.NOT_ALLOWED


def test_accounts_outside_the_administrators_school_are_not_found(world):
    admin = world.accounts["school_admin"]
    other_student = make.account(world.other_student)
    far_student = make.account(world.far_student)
    for target in (other_student, far_student, world.accounts["teacher"], admin, world.accounts["ministry_officer"]):
        with pytest.raises(NotFound) as refused:
            temporary_password_issue(user=target, actor=admin)
        assert refused.value.code == AccessErrorCode.NOT_FOUND


def test_a_student_who_left_for_another_school_is_no_longer_the_old_schools_to_reset(world):
    admin = world.accounts["school_admin"]
    left = make.student(school_=world.school)  # file opened by the school...
    student_enrol(student=left, school_class=world.other_class, enrolled_on=world.other_class.school_year.starts_on)
    account = make.account(left)  # ...now enrolled elsewhere
    assert not accounts_resettable_by(admin).filter(pk=account.pk).exists()
    with pytest.raises(NotFound):
        temporary_password_issue(user=account, actor=admin)


def test_a_file_opened_by_the_school_and_not_yet_enrolled_is_the_schools(world):
    account = make.account(make.student(school_=world.school))
    assert accounts_resettable_by(world.accounts["school_admin"]).filter(pk=account.pk).exists()


# --- The slip -------------------------------------------------------------------------------------------


def test_the_administrator_prints_a_slip(world):
    admin, student = world.accounts["school_admin"], world.accounts["student"]
    response = signed_in(admin).post(reverse("accounts:temporary_password", args=[student.pk]))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    html = response.content.decode()
    password = re.search(r'id="temporary-password">([^<]+)<', html).group(1)
    assert SLIP_PATTERN.match(password)
    student.refresh_from_db()
    assert student.check_password(password)
    text = page_text(response)
    for expected in (world.school.name_en, world.student_a.massar_code, student.username,
                     world.student_a.full_name_latin, world.student_a.full_name_ar, "Valid until", "hyphens included"):
        assert expected in text, expected
    assert "slip-print.css" in html and 'media="print"' in html


def test_the_slip_can_name_the_account_in_a_post_field(world):
    admin, parent = world.accounts["school_admin"], world.accounts["parent"]
    response = signed_in(admin).post(reverse("accounts:temporary_password"), {"user_id": parent.pk})
    assert response.status_code == 200
    assert world.guardian.full_name_latin in page_text(response)


@pytest.mark.parametrize("user_id", ["", "abc", "-1", "99999999999999999999999", "٣"])
def test_a_nonsense_account_field_is_not_found(world, user_id):
    response = signed_in(world.accounts["school_admin"]).post(reverse("accounts:temporary_password"),
                                                              {"user_id": user_id})
    assert response.status_code == 404


def test_the_slip_page_is_post_only_and_csrf_protected(world):
    admin, student = world.accounts["school_admin"], world.accounts["student"]
    url = reverse("accounts:temporary_password", args=[student.pk])
    got = signed_in(admin).get(url)  # a reload or a language switch: back to the list, no password issued
    assert got.status_code == 302 and got["Location"] == reverse("accounts:school_accounts")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin)
    assert strict.post(url).status_code == 403
    student.refresh_from_db()
    assert student.check_password(PASSWORD)


def test_other_roles_and_foreign_accounts_get_no_slip(world):
    student = world.accounts["student"]
    url = reverse("accounts:temporary_password", args=[student.pk])
    assert signed_in(world.accounts["teacher"]).post(url).status_code == 403
    assert signed_in(student).post(url).status_code == 403
    foreign = make.account(world.other_student)
    response = signed_in(world.accounts["school_admin"]).post(
        reverse("accounts:temporary_password", args=[foreign.pk]))
    assert response.status_code == 404
    assert Client().post(url).status_code == 302  # to sign-in


def test_the_notice_says_the_administration_issued_it_and_never_holds_it(world):
    parent = world.accounts["parent"]
    parent.email = "fatima@example.ma"
    parent.email_confirmed_at = timezone.now()
    parent.preferred_language = "en"
    parent.save()
    mail.outbox.clear()
    password = temporary_password_issue(user=parent, actor=world.accounts["school_admin"])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "temporary Massar password" in message.subject
    assert password not in message.body and password not in message.alternatives[0].content
    assert world.accounts["school_admin"].display_name in message.body


def test_a_student_without_email_gets_no_notice(world):
    temporary_password_issue(user=world.accounts["student"], actor=world.accounts["school_admin"])
    assert mail.outbox == []


# --- Using it: one sign-in, then "choose your new password" ---------------------------------------------


def test_the_journey_from_slip_to_own_password(world):
    student = world.accounts["student"]
    slip = signed_in(world.accounts["school_admin"]).post(reverse("accounts:temporary_password", args=[student.pk]))
    password = re.search(r'id="temporary-password">([^<]+)<', slip.content.decode()).group(1)

    browser = Client(headers={"accept-language": "en"})
    signin = browser.post(resolve_url(settings.LOGIN_URL),
                          {"username": world.student_a.massar_code, "password": password})
    assert signin.status_code == 302
    # Every page leads to "choose your new password".
    page = browser.get(reverse("portals:my_space"))
    assert page.status_code == 302 and page.url.startswith(reverse("accounts:password_choose"))

    choose = browser.get(reverse("accounts:password_choose"))
    assert choose.status_code == 200
    assert 'name="old_password"' not in choose.content.decode()
    done = browser.post(reverse("accounts:password_choose"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert browser.get(reverse("portals:my_space")).status_code == 200
    student.refresh_from_db()
    assert student.check_password(NEW_PASSWORD)
    assert student.must_change_password is False and student.temporary_password_expires_at is None


def test_a_temporary_password_works_for_one_sign_in_only(world):
    student = world.accounts["student"]
    password = temporary_password_issue(user=student, actor=world.accounts["school_admin"])
    first = Client().post(resolve_url(settings.LOGIN_URL), {"username": student.username, "password": password})
    assert first.status_code == 302
    second = Client().post(resolve_url(settings.LOGIN_URL), {"username": student.username, "password": password})
    assert second.status_code == 200  # the sign-in form again, with its error


def test_an_expired_temporary_password_does_not_sign_in(world):
    student = world.accounts["student"]
    password = temporary_password_issue(user=student, actor=world.accounts["school_admin"])
    User.objects.filter(pk=student.pk).update(temporary_password_expires_at=timezone.now() - timedelta(minutes=1))
    browser = Client()
    response = browser.post(resolve_url(settings.LOGIN_URL), {"username": student.username, "password": password})
    assert response.status_code == 200
    assert "_auth_user_id" not in browser.session


# --- The "choose your new password" page ----------------------------------------------------------------


@pytest.fixture
def must_choose(world) -> User:
    """A student just signed in with a temporary password (the sign-in consumed it)."""
    student = world.accounts["student"]
    student.set_unusable_password()
    student.must_change_password = True
    student.save()
    return student


def test_choosing_needs_the_new_password_twice_and_no_old_one(must_choose):
    client = signed_in(must_choose)
    mismatch = client.post(reverse("accounts:password_choose"),
                           {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "!"})
    assert mismatch.status_code == 200
    assert "The two passwords are not the same." in page_text(mismatch)
    too_long = client.post(reverse("accounts:password_choose"), {"password1": "x" * 129, "password2": "x" * 129})
    assert "at most 128 are allowed" in page_text(too_long)
    must_choose.refresh_from_db()
    assert must_choose.must_change_password is True


def test_choosing_clears_the_obligation_keeps_this_session_and_records_it(must_choose):
    client = signed_in(must_choose)
    response = client.post(reverse("accounts:password_choose"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    must_choose.refresh_from_db()
    assert must_choose.check_password(NEW_PASSWORD)
    assert must_choose.must_change_password is False
    assert must_choose.temporary_password_expires_at is None
    assert must_choose.password_changed_at is not None
    assert AccountEvent.objects.filter(user=must_choose, kind=AccountEventKind.PASSWORD_CHANGED).exists()
    assert client.get(reverse("portals:my_space")).status_code == 200


def test_the_change_page_sends_someone_who_must_choose_to_the_choose_page(must_choose):
    response = signed_in(must_choose).get(reverse("accounts:password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:password_choose"))


def test_the_choose_page_sends_everyone_else_to_the_change_page(world):
    response = signed_in(world.accounts["student"]).get(reverse("accounts:password_choose"))
    assert response.status_code == 302 and response.url == reverse("accounts:password_change")
