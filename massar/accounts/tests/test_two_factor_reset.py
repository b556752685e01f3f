"""Resetting someone's second factor (a lost phone): the level above, in its territory; a school administrator
for their teachers who turned it on. Anyone else's account is a 404, even through a forged POST."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from massar.accounts.models import AccountEvent, AccountEventKind, User
from massar.accounts.services import two_factor_reset, two_factor_resettable_by
from massar.staff.models import Position
from massar.testing import factories as make
from massar.testing.accounts import sign_in

STAFF_PAGE = reverse("accounts:staff_accounts")
ENROL = reverse("accounts:two_factor_enrol")


def reset_url(user: User) -> str:
    return reverse("accounts:two_factor_reset", kwargs={"pk": user.pk})


def with_phone(user: User, *, email: str = "") -> User:
    """The account has set up an authenticator app (and, if given, has a confirmed recovery e-mail)."""
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    if email:
        user.email = email
        user.email_confirmed_at = timezone.now()
        user.preferred_language = "en"
        user.save()
    return user


def as_(user: User) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode().replace("&#x27;", "'"))


def staff_account(position: str, **unit) -> User:
    return make.account(make.staff(position=position, **unit))


@pytest.fixture
def school_admin(world) -> User:
    """The administrator of `school` (in `directorate`, in `academy`), who lost their phone."""
    return with_phone(world.accounts["school_admin"], email="admin.home@example.ma")


# --- Who resets whose ------------------------------------------------------------------------------------------


def test_a_directorate_officer_resets_a_school_administrator_of_their_directorate(world, school_admin):
    officer = world.accounts["directorate_officer"]
    response = as_(officer).post(reset_url(school_admin), {"q": "Bennani"}, follow=True)
    assert response.redirect_chain == [(f"{STAFF_PAGE}?q=Bennani", 302)]
    assert "second factor was reset: at their next sign-in they set it up again" in text(response)
    assert not TOTPDevice.objects.filter(user=school_admin).exists()
    event = AccountEvent.objects.get(user=school_admin, kind=AccountEventKind.TWO_FACTOR_DISABLED)
    assert event.actor == officer and event.ip_address == "127.0.0.1"
    [notice] = mail.outbox
    assert notice.to == ["admin.home@example.ma"]
    assert "Two-factor authentication was turned off" in notice.subject
    assert "Your administration reset the two-factor authentication of your account" in notice.body
    assert officer.display_name in notice.body


def test_at_the_next_sign_in_the_administrator_sets_it_up_again(world, school_admin):
    two_factor_reset(user=school_admin, actor=world.accounts["directorate_officer"])
    client = Client(headers={"accept-language": "en"})
    assert sign_in(client, school_admin.username).status_code == 302
    response = client.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith(ENROL)
    assert client.get(ENROL).status_code == 200
    assert TOTPDevice.objects.filter(user=school_admin, confirmed=False).count() == 1


def test_an_open_session_of_the_administrator_loses_its_second_factor(world, school_admin):
    their_session = as_(school_admin)
    assert their_session.get("/me/").status_code == 200
    two_factor_reset(user=school_admin, actor=world.accounts["academy_officer"])
    response = their_session.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith(ENROL)


def test_an_academy_officer_resets_directorate_officers_and_school_administrators_of_their_academy(world):
    officer = world.accounts["academy_officer"]
    targets = [with_phone(world.accounts["directorate_officer"]), with_phone(world.accounts["school_admin"]),
               with_phone(staff_account(Position.SCHOOL_ADMIN, school_=world.other_school))]
    for target in targets:
        assert as_(officer).post(reset_url(target)).status_code == 302
        assert not TOTPDevice.objects.filter(user=target).exists()


def test_the_ministry_resets_anyone(world):
    ministry = world.accounts["ministry_officer"]
    far_admin = staff_account(Position.SCHOOL_ADMIN, school_=world.far_school)
    colleague = make.account(role="ministry_officer")
    for target in (far_admin, world.accounts["academy_officer"], world.accounts["teacher"], colleague):
        with_phone(target)
        assert as_(ministry).post(reset_url(target)).status_code == 302
        assert not TOTPDevice.objects.filter(user=target).exists()


def test_a_school_administrator_resets_a_teacher_of_their_school_who_turned_it_on(world):
    teacher = with_phone(world.accounts["teacher"], email="prof@example.ma")
    response = as_(world.accounts["school_admin"]).post(reset_url(teacher), follow=True)
    assert "they sign in with their password only, until they turn it on again" in text(response)
    assert not TOTPDevice.objects.filter(user=teacher).exists()
    # Optional for a teacher: the next sign-in asks for no code.
    client = Client(headers={"accept-language": "en"})
    sign_in(client, teacher.username)
    assert client.get("/me/").status_code == 200


def test_every_device_goes_including_one_being_set_up(world, school_admin):
    TOTPDevice.objects.create(user=school_admin, name="new phone", confirmed=False)
    assert two_factor_reset(user=school_admin, actor=world.accounts["directorate_officer"]) == 2
    assert not TOTPDevice.objects.filter(user=school_admin).exists()


# --- Outside the caller's reach: 404, and nothing changes --------------------------------------------------------


def refused(actor: User, target: User) -> None:
    before = TOTPDevice.objects.filter(user=target).count()
    response = as_(actor).post(reset_url(target))
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=target).count() == before
    assert not AccountEvent.objects.filter(user=target, kind=AccountEventKind.TWO_FACTOR_DISABLED).exists()


def test_a_directorate_officer_cannot_reach_another_directorate_nor_a_peer(world):
    officer = world.accounts["directorate_officer"]
    refused(officer, with_phone(staff_account(Position.SCHOOL_ADMIN, school_=world.other_school)))
    refused(officer, with_phone(staff_account(Position.DIRECTORATE_OFFICER, directorate_=world.directorate)))
    refused(officer, with_phone(world.accounts["teacher"]))
    refused(officer, with_phone(world.accounts["academy_officer"]))


def test_an_academy_officer_cannot_reach_another_academy_nor_a_peer(world):
    officer = world.accounts["academy_officer"]
    refused(officer, with_phone(staff_account(Position.SCHOOL_ADMIN, school_=world.far_school)))
    refused(officer, with_phone(staff_account(Position.ACADEMY_OFFICER, academy_=world.academy)))
    refused(officer, with_phone(world.accounts["ministry_officer"]))


def test_a_school_administrator_reaches_only_their_own_teachers_who_use_it(world):
    admin = world.accounts["school_admin"]
    refused(admin, world.accounts["teacher"])  # no device: nothing to reset
    refused(admin, with_phone(staff_account(Position.TEACHER, school_=world.other_school)))
    refused(admin, with_phone(staff_account(Position.SCHOOL_ADMIN, school_=world.school)))
    refused(admin, with_phone(world.accounts["directorate_officer"]))


@pytest.mark.parametrize("role", ["student", "parent", "teacher"])
def test_other_roles_reset_nothing(world, role):
    refused(world.accounts[role], with_phone(make.account(make.staff(position=Position.TEACHER,
                                                                     school_=world.school))))


@pytest.mark.parametrize("role", ["school_admin", "directorate_officer", "academy_officer", "ministry_officer"])
def test_nobody_resets_their_own_here(world, role):
    me = world.accounts[role]
    with_phone(me)
    refused(me, me)


def test_a_superusers_second_factor_is_reset_only_by_a_superuser(world):
    boss = with_phone(make.account(role="ministry_officer", is_superuser=True, is_staff=True))
    refused(world.accounts["ministry_officer"], boss)
    other_boss = make.account(role="ministry_officer", is_superuser=True, is_staff=True)
    assert as_(other_boss).post(reset_url(boss)).status_code == 302
    assert not TOTPDevice.objects.filter(user=boss).exists()


def test_an_unknown_account_is_a_404(world):
    assert as_(world.accounts["ministry_officer"]).post(
        reverse("accounts:two_factor_reset", kwargs={"pk": 999_999_999})).status_code == 404


def test_the_service_refuses_outside_the_scope_too(world):
    from massar.core.errors import NotFound

    far_admin = with_phone(staff_account(Position.SCHOOL_ADMIN, school_=world.far_school))
    with pytest.raises(NotFound) as refused:
        two_factor_reset(user=far_admin, actor=world.accounts["directorate_officer"])
    assert refused.value.code == "not_found"
    assert TOTPDevice.objects.filter(user=far_admin).exists()


# --- The request itself -------------------------------------------------------------------------------------------


def test_a_get_changes_nothing_and_an_anonymous_post_is_sent_to_sign_in(world, school_admin):
    got = as_(world.accounts["directorate_officer"]).get(reset_url(school_admin))
    assert got.status_code == 302 and got["Location"] == "/account/staff/"
    anonymous = Client().post(reset_url(school_admin))
    assert anonymous.status_code == 302 and "signin" in anonymous["Location"]
    assert TOTPDevice.objects.filter(user=school_admin).exists()


def test_a_post_without_the_csrf_token_is_refused(world, school_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.accounts["directorate_officer"])
    assert client.post(reset_url(school_admin)).status_code == 403
    assert TOTPDevice.objects.filter(user=school_admin).exists()


# --- The button on the staff accounts page --------------------------------------------------------------------


def test_the_staff_page_shows_the_button_only_where_the_caller_may_reset(world, school_admin):
    peer = with_phone(staff_account(Position.DIRECTORATE_OFFICER, directorate_=world.directorate))
    without_phone = staff_account(Position.SCHOOL_ADMIN, school_=world.other_school)
    page = as_(world.accounts["directorate_officer"]).get(STAFF_PAGE).content.decode()
    assert f'action="{reset_url(school_admin)}"' in page
    assert f'action="{reset_url(peer)}"' not in page
    assert f'action="{reset_url(without_phone)}"' not in page
    assert "Reset the second factor" in page


def test_the_button_posts_with_a_csrf_token(world, school_admin):
    page = as_(world.accounts["academy_officer"]).get(STAFF_PAGE).content.decode()
    form = re.search(rf'<form method="post" action="{re.escape(reset_url(school_admin))}"[^>]*>(.*?)</form>', page,
                     re.S)
    assert form and 'name="csrfmiddlewaretoken"' in form.group(1)


def test_a_school_administrators_page_shows_it_for_their_teacher_who_turned_it_on(world):
    admin = world.accounts["school_admin"]
    teacher = world.accounts["teacher"]
    assert f'action="{reset_url(teacher)}"' not in as_(admin).get(STAFF_PAGE).content.decode()
    with_phone(teacher)
    assert f'action="{reset_url(teacher)}"' in as_(admin).get(STAFF_PAGE).content.decode()


def test_resettable_accounts_come_from_the_scope(world, school_admin):
    far_admin = with_phone(staff_account(Position.SCHOOL_ADMIN, school_=world.far_school))
    assert set(two_factor_resettable_by(world.accounts["directorate_officer"])) == {school_admin}
    assert far_admin in set(two_factor_resettable_by(world.accounts["ministry_officer"]))
    assert not two_factor_resettable_by(world.accounts["teacher"]).exists()
