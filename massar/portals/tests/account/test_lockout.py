"""Lockout per account (django-axes), the per-network throttle, and unlocking by the school's administrator."""

import re
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from massar.accounts.models import AccountEvent, AccountEventKind
from massar.accounts.services import (
    account_unlock,
    local_time_text,
    lock_ends_at,
    locked_accounts_for,
)
from massar.testing import factories as make
from massar.testing.accounts import WRONG_PASSWORD_TEXT, page_without_secrets, sign_in
from massar.testing.factories import PASSWORD

LOCKED_TEXT = "This account is temporarily locked"


def fail(client, username: str, times: int, **extra):
    response = None
    for _ in range(times):
        response = sign_in(client, username, "wrong-password-here", **extra)
    return response


def test_four_failures_do_not_lock_the_fifth_does(en_client, world):
    code = world.student_a.massar_code
    assert WRONG_PASSWORD_TEXT in fail(en_client, code, 4).content.decode()
    assert LOCKED_TEXT in fail(en_client, code, 1).content.decode()
    assert settings.AXES_FAILURE_LIMIT == 5 and settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_the_right_password_during_the_lock_fails_and_says_when_it_unlocks(en_client, world):
    student = world.accounts["student"]
    fail(en_client, student.username, 5)
    response = sign_in(en_client, student.username, PASSWORD)
    html = response.content.decode()
    assert response.status_code == 200 and LOCKED_TEXT in html
    assert "_auth_user_id" not in en_client.session
    unlocks_at = lock_ends_at(student.username)
    assert timedelta(minutes=14) < unlocks_at - timezone.now() <= timedelta(minutes=15)
    with translation.override("en"):
        assert f'It unlocks at <bdi dir="ltr">{local_time_text(unlocks_at)}</bdi>.' in html


def test_the_unlock_time_is_local_time_in_the_pages_language(client, world):
    student = world.accounts["student"]
    fail(client, student.username, 5)
    response = sign_in(client, student.username, PASSWORD, headers={"accept-language": "fr"})
    unlocks_at = lock_ends_at(student.username)
    with translation.override("fr"):
        expected = local_time_text(unlocks_at)
    if timezone.localtime(unlocks_at).date() == timezone.localdate():
        assert expected == f"{timezone.localtime(unlocks_at):%H:%M}", "Casablanca time, French format"
    assert f'<bdi dir="ltr">{expected}</bdi>' in response.content.decode()


def test_attempts_during_the_lock_do_not_push_the_unlock_time(en_client, world):
    student = world.accounts["student"]
    fail(en_client, student.username, 5)
    first = lock_ends_at(student.username)
    fail(en_client, student.username, 3)
    assert lock_ends_at(student.username) == first


def test_every_spelling_of_one_name_counts_against_one_account(en_client, world):
    code = world.student_a.massar_code
    for spelling in (code, f" {code.lower()} ", f"{code}@taalim.ma", f"{code.lower()}@TAALIM.MA", code):
        sign_in(en_client, spelling, "wrong-password-here")
    assert LOCKED_TEXT in sign_in(en_client, code, PASSWORD).content.decode()


def test_an_unknown_name_is_locked_the_same_way(en_client, world):
    known, unknown = world.accounts["student"].username, "Z999999999@taalim.ma"
    fail(en_client, known, 5)
    fail(en_client, unknown, 5)
    locked_known = sign_in(en_client, known, "wrong-password-here")
    locked_unknown = sign_in(en_client, unknown, "wrong-password-here")

    def without_time(response, typed):
        return re.sub(r'<bdi dir="ltr">[^<]*</bdi>\.', "TIME.", page_without_secrets(response, typed))

    assert locked_known.status_code == locked_unknown.status_code == 200
    assert without_time(locked_known, known) == without_time(locked_unknown, unknown)
    assert LOCKED_TEXT in locked_unknown.content.decode()


def test_the_lock_is_per_account_not_per_network(en_client, world):
    fail(en_client, world.accounts["student"].username, 5)
    # Same school, same address: a classmate's teacher still signs in.
    assert sign_in(en_client, world.accounts["teacher"].username, PASSWORD).status_code == 302


def test_the_lock_ends_by_itself_after_the_cool_off(en_client, world):
    student = world.accounts["student"]
    fail(en_client, student.username, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(en_client, student.username, PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_failure_count(en_client, world):
    student = world.accounts["student"]
    fail(en_client, student.username, 4)
    assert sign_in(en_client, student.username, PASSWORD).status_code == 302
    en_client.post("/account/signout/")
    assert WRONG_PASSWORD_TEXT in fail(en_client, student.username, 4).content.decode()


# --- Per-network throttle -------------------------------------------------------------------------------------


@override_settings(MASSAR_IP_FAILURE_LIMIT=3, MASSAR_IP_FAILURE_WINDOW_SECONDS=600)
def test_too_many_failures_from_one_network_refuse_it_without_locking_anyone(en_client, world):
    school_ip = {"REMOTE_ADDR": "10.20.30.40"}
    for name in ("A000000001", "A000000002", "A000000003"):
        assert sign_in(en_client, name, "wrong-password-here", **school_ip).status_code == 200
    refused = sign_in(en_client, world.student_a.massar_code, PASSWORD, **school_ip)
    assert refused.status_code == 429
    assert "Too many sign-in attempts from this network. Try again in 10 minutes." in refused.content.decode()
    assert 590 <= int(refused["Retry-After"]) <= 600
    # The account was never counted, let alone locked: from another network it signs in at once.
    assert not AccessAttempt.objects.filter(username=world.accounts["student"].username.lower()).exists()
    assert sign_in(en_client, world.student_a.massar_code, PASSWORD, REMOTE_ADDR="10.99.0.1").status_code == 302


@override_settings(MASSAR_IP_FAILURE_LIMIT=3)
def test_the_network_throttle_counts_failures_not_successes(en_client, world):
    for _ in range(5):
        assert sign_in(en_client, world.student_a.massar_code, PASSWORD).status_code == 302
        en_client.post("/account/signout/")


# --- Unlocking ------------------------------------------------------------------------------------------------


def lock(client, user):
    fail(client, user.username, 5)
    assert lock_ends_at(user.username) is not None


def test_the_school_administrator_sees_their_locked_accounts_and_unlocks_one_at_once(client, en_client, world):
    student, parent, teacher = (world.accounts[r] for r in ("student", "parent", "teacher"))
    for user in (student, parent, teacher):
        lock(client, user)
    admin = world.accounts["school_admin"]
    en_client.force_login(admin)
    page = en_client.get(reverse("accounts:locked_accounts"))
    assert page.status_code == 200
    listed = {item.user for item in page.context["locked"]}
    assert listed == {student, parent, teacher}
    assert student.username in page.content.decode()

    response = en_client.post(reverse("accounts:account_unlock", args=[student.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:locked_accounts")
    assert lock_ends_at(student.username) is None
    assert sign_in(client, student.username, PASSWORD).status_code == 302
    event = AccountEvent.objects.get(user=student, kind=AccountEventKind.UNLOCKED)
    assert event.actor == admin


def test_an_account_outside_the_administrators_school_cannot_be_unlocked_even_by_a_forged_form(en_client, world):
    far = make.account(world.far_student)
    lock(en_client, far)
    admin = world.accounts["school_admin"]
    en_client.force_login(admin)
    assert far not in {item.user for item in locked_accounts_for(admin)}
    assert en_client.post(reverse("accounts:account_unlock", args=[far.pk])).status_code == 404
    assert lock_ends_at(far.username) is not None
    assert not AccountEvent.objects.filter(user=far, kind=AccountEventKind.UNLOCKED).exists()


def test_only_administrations_open_the_locked_accounts_page(en_client, world):
    for role in ("student", "parent", "teacher"):
        en_client.force_login(world.accounts[role])
        assert en_client.get(reverse("accounts:locked_accounts")).status_code == 404
        assert en_client.post(reverse("accounts:account_unlock", args=[world.accounts["student"].pk])
                              ).status_code == 404


def test_unlocking_needs_a_post_a_get_goes_to_the_locked_accounts(en_client, world):
    student = world.accounts["student"]
    lock(en_client, student)
    en_client.force_login(world.accounts["school_admin"])
    response = en_client.get(reverse("accounts:account_unlock", args=[student.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:locked_accounts")
    assert lock_ends_at(student.username) is not None


def test_the_directorate_sees_locked_accounts_of_its_schools_only(en_client, world):
    lock(en_client, world.accounts["student"])
    far = make.account(world.far_student)
    lock(en_client, far)
    officer = world.accounts["directorate_officer"]
    assert [item.user for item in locked_accounts_for(officer)] == [world.accounts["student"]]


def test_unlock_service_resets_every_spelling(en_client, world):
    student = world.accounts["student"]
    fail(en_client, world.student_a.massar_code.lower(), 5)
    assert account_unlock(user=student, actor=world.accounts["school_admin"]) >= 1
    assert lock_ends_at(student.username) is None
