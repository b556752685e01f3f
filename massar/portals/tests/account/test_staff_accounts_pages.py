"""Staff accounts: created by their administration within its scope, opened by a single-use invitation."""

import datetime
import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.test import RequestFactory

from massar.accounts.models import AccountEvent, AccountEventKind, User
from massar.accounts.services import (
    StaffInvitationTokenGenerator,
    staff_account_create,
    staff_signin_name_base,
)
from massar.core.roles import Role
from massar.staff.models import Position, StaffMember

PAGE = "/account/staff/"
PASSWORD = "chalk dust and evening bells"


def person(*, first="Ahmed", last="Bennani", position=Position.TEACHER, email="", **units) -> StaffMember:
    return StaffMember.objects.create(position=position, first_name_ar="أحمد", last_name_ar="بناني",
                                      first_name_latin=first, last_name_latin=last, email=email, **units)


def create(client, member, email=""):
    return client.post(PAGE, {"staff_member": member.pk, "action": "create", "email": email})


def invitation_path(message, site_url) -> str:
    [link] = [link for link in re.findall(r"https?://\S+", message.body) if "/invitation/" in link]
    assert link.startswith(site_url + "/account/invitation/")
    return link[len(site_url):]


def invitations() -> list:
    return [message for message in mail.outbox if "/invitation/" in message.body]


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


@pytest.fixture
def admin_client(en_client, world):
    en_client.force_login(world.accounts["school_admin"])
    return en_client


def test_the_school_administrator_lists_the_teachers_of_their_school(admin_client, world):
    person(last="Alaoui", school=world.school, email="alaoui@example.ma")
    person(last="Tazi", school=world.other_school)
    person(last="Chraibi", position=Position.SCHOOL_ADMIN, school=world.school)
    page = text(admin_client.get(PAGE))
    assert "ALAOUI Ahmed" in page and 'data-status="none"' in page
    assert "TAZI" not in page and "CHRAIBI" not in page


def test_creating_an_account_sends_an_invitation_built_from_the_site_url(admin_client, world, settings):
    settings.SITE_URL = "https://massar.example.ma"
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]
    member = person(first="Ahmed", last="El Ouazzani", school=world.school, email="A.Ouazzani@Example.ma")
    response = admin_client.post(PAGE, {"staff_member": member.pk, "action": "create"}, HTTP_HOST="evil.example")
    assert response.status_code == 302
    account = User.objects.get(staff_member=member)
    assert account.username == f"ahmed.el-ouazzani@{settings.SIGNIN_DOMAIN}"
    assert account.role == Role.TEACHER and account.is_active and not account.is_staff
    assert not account.has_usable_password() and account.email == "a.ouazzani@example.ma"
    [event] = AccountEvent.objects.filter(user=account, kind=AccountEventKind.INVITED)
    assert event.actor == world.accounts["school_admin"]
    [message] = invitations()
    assert message.to == ["a.ouazzani@example.ma"] and account.username in message.body
    assert "evil.example" not in message.body
    invitation_path(message, "https://massar.example.ma")
    page = text(admin_client.get(PAGE, follow=True))
    assert 'data-status="invited"' in page and account.username in page


def test_a_teacher_without_a_work_e_mail_needs_an_address(admin_client, world):
    member = person(school=world.school)
    response = create(admin_client, member)
    assert "has no work e-mail" in text(admin_client.get(response["Location"]))
    assert not User.objects.filter(staff_member=member).exists() and invitations() == []
    create(admin_client, member, email="not an address")
    assert not User.objects.filter(staff_member=member).exists()
    create(admin_client, member, email="ahmed@example.ma")
    assert User.objects.get(staff_member=member).email == "ahmed@example.ma"


def test_a_second_account_for_the_same_person_is_refused(admin_client, world):
    member = person(school=world.school, email="a@example.ma")
    create(admin_client, member)
    response = create(admin_client, member)
    assert "already has an account" in text(admin_client.get(response["Location"]))
    assert User.objects.filter(staff_member=member).count() == 1 and len(invitations()) == 1


def test_namesakes_get_a_number_and_names_are_reduced_to_plain_letters(world):
    actor = world.accounts["school_admin"]
    domain = "taalim.ma"
    names = [staff_account_create(staff_member=person(school=world.school, email=f"a{n}@example.ma"), actor=actor)
             .username for n in range(3)]
    assert names == [f"ahmed.bennani@{domain}", f"ahmed.bennani2@{domain}", f"ahmed.bennani3@{domain}"]
    # A name already taken with other capitals is taken.
    User.objects.create_user("Salma.Tazi@TAALIM.MA", None, role=Role.MINISTRY_OFFICER)
    salma = staff_account_create(staff_member=person(first="Salma", last="Tazi", school=world.school,
                                                     email="s@example.ma"), actor=actor)
    assert salma.username == f"salma.tazi2@{domain}"


@pytest.mark.parametrize(("first", "last", "expected"), [
    ("Aïcha", "Aït Lahcen", "aicha.ait-lahcen"),
    ("Jean-Michel", "N'Diaye", "jean-michel.ndiaye"),
    ("  Zineb ", "Ben  Abdellah", "zineb.ben-abdellah"),
    ("Éloïse", "Benjelloun", "eloise.benjelloun"),
])
def test_sign_in_names_are_lower_case_without_accents_and_with_hyphens(first, last, expected):
    assert staff_signin_name_base(StaffMember(first_name_latin=first, last_name_latin=last)) == expected


def test_the_invited_person_chooses_their_password_once(admin_client, en_client, world, settings):
    from django.test import Client

    member = person(school=world.school, email="ahmed@example.ma")
    create(admin_client, member)
    path = invitation_path(invitations()[0], settings.SITE_URL)
    visitor = Client(headers={"accept-language": "en"})
    page = visitor.get(path)
    assert page.status_code == 200 and "ahmed.bennani@taalim.ma" in text(page)
    assert page["Referrer-Policy"] == "same-origin"
    mismatch = visitor.post(path, {"password1": PASSWORD, "password2": PASSWORD + "!"})
    assert mismatch.context["form"].has_error("password2")
    weak = visitor.post(path, {"password1": "bennani", "password2": "bennani"})
    assert weak.context["form"].has_error("password1")
    done = visitor.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert "Your password is set" in text(done)
    account = User.objects.get(staff_member=member)
    assert account.has_usable_password() and account.activated_at is not None
    assert AccountEvent.objects.filter(user=account, kind=AccountEventKind.ACTIVATED).exists()
    assert authenticate(RequestFactory().post("/"), username="ahmed.bennani@taalim.ma", password=PASSWORD) == account
    for reused in (visitor.get(path), visitor.post(path, {"password1": "x" * 20, "password2": "x" * 20})):
        assert "This invitation was already used" in text(reused)
    account.refresh_from_db()
    assert account.check_password(PASSWORD)
    assert 'data-status="active"' in text(admin_client.get(PAGE))


def test_an_expired_invitation_says_to_ask_the_administration(admin_client, world, settings, monkeypatch):
    member = person(school=world.school, email="ahmed@example.ma")
    create(admin_client, member)
    path = invitation_path(invitations()[0], settings.SITE_URL)
    later = datetime.datetime.now() + datetime.timedelta(days=7, minutes=1)
    monkeypatch.setattr(StaffInvitationTokenGenerator, "_now", lambda self: later)
    for response in (admin_client.get(path), admin_client.post(path, {"password1": PASSWORD,
                                                                      "password2": PASSWORD})):
        assert "This invitation has expired. Ask your administration" in text(response)
    assert not User.objects.get(staff_member=member).has_usable_password()


def test_a_new_invitation_voids_the_previous_link(admin_client, world, settings):
    member = person(school=world.school, email="ahmed@example.ma")
    create(admin_client, member)
    first = invitation_path(invitations()[0], settings.SITE_URL)
    admin_client.post(PAGE, {"staff_member": member.pk, "action": "resend"})
    second = invitation_path(invitations()[1], settings.SITE_URL)
    assert first != second
    assert AccountEvent.objects.filter(user__staff_member=member, kind=AccountEventKind.INVITED).count() == 2
    stale = admin_client.post(first, {"password1": PASSWORD, "password2": PASSWORD})
    assert "a newer invitation replaced it" in text(stale)
    assert not User.objects.get(staff_member=member).has_usable_password()
    assert "Your password is set" in text(admin_client.post(second, {"password1": PASSWORD, "password2": PASSWORD}))


def test_an_active_account_is_not_invited_again(admin_client, world, settings):
    member = person(school=world.school, email="ahmed@example.ma")
    create(admin_client, member)
    path = invitation_path(invitations()[0], settings.SITE_URL)
    admin_client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    response = admin_client.post(PAGE, {"staff_member": member.pk, "action": "resend"})
    assert "already chosen a password" in text(admin_client.get(response["Location"]))
    assert len(invitations()) == 1


@pytest.mark.parametrize("path", ["/account/invitation/MQ/abc-def/", "/account/invitation/!!/x/",
                                  "/account/invitation/OTk5OTk5OTk5OTk5OTk5OTk5OTk5/1-2/"])
def test_a_wrong_invitation_link_is_refused(en_client, world, path):
    response = en_client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200 and "This invitation link is not valid" in text(response)


def test_a_forged_post_outside_the_scope_is_a_404(admin_client, world):
    elsewhere = person(school=world.other_school, email="x@example.ma")
    colleague = person(position=Position.SCHOOL_ADMIN, school=world.school, email="y@example.ma")
    officer = world.accounts["directorate_officer"].staff_member
    for member in (elsewhere, colleague, officer):
        for action in ("create", "resend"):
            assert admin_client.post(PAGE, {"staff_member": member.pk, "action": action}).status_code == 404
    assert admin_client.post(PAGE, {"staff_member": "abc", "action": "create"}).status_code == 404
    assert not User.objects.filter(staff_member__in=[elsewhere, colleague]).exists()


def test_officers_invite_school_administrators_and_officers_of_their_territory(en_client, world):
    officer = world.accounts["directorate_officer"]
    en_client.force_login(officer)
    head = person(position=Position.SCHOOL_ADMIN, school=world.school, email="h@example.ma")
    peer = person(position=Position.DIRECTORATE_OFFICER, directorate=world.directorate, email="p@example.ma")
    teacher = person(school=world.school, email="t@example.ma")
    other_head = person(position=Position.SCHOOL_ADMIN, school=world.other_school, email="o@example.ma")
    page = text(en_client.get(PAGE))
    assert "BENNANI" in page
    for member in (head, peer):
        assert create(en_client, member).status_code == 302
        assert User.objects.get(staff_member=member).role == member.position
    assert User.objects.get(staff_member=peer).is_staff  # officers use the back office
    for member in (teacher, other_head):  # a teacher is the school's; other_school is another directorate's
        assert create(en_client, member).status_code == 404


def test_an_academy_officer_invites_across_the_academy_but_not_beyond(en_client, world):
    en_client.force_login(world.accounts["academy_officer"])
    other_directorate_head = person(position=Position.SCHOOL_ADMIN, school=world.other_school, email="a@example.ma")
    far_head = person(position=Position.SCHOOL_ADMIN, school=world.far_school, email="b@example.ma")
    assert create(en_client, other_directorate_head).status_code == 302
    assert create(en_client, far_head).status_code == 404


def test_the_ministry_invites_anyone_but_teachers(en_client, world):
    en_client.force_login(world.accounts["ministry_officer"])
    far_head = person(position=Position.SCHOOL_ADMIN, school=world.far_school, email="b@example.ma")
    teacher = person(school=world.far_school, email="t@example.ma")
    assert create(en_client, far_head).status_code == 302
    assert create(en_client, teacher).status_code == 404


@pytest.mark.parametrize("role", ["teacher", "student", "parent"])
def test_teachers_students_and_parents_have_no_staff_accounts_page(en_client, world, role):
    en_client.force_login(world.accounts[role])
    member = person(school=world.school, email="t@example.ma")
    assert en_client.get(PAGE).status_code == 404
    assert create(en_client, member).status_code == 404


def test_the_list_is_searchable_and_paginated(admin_client, world):
    for n in range(55):
        person(first="Karim", last=f"Tazi{'abcdefghijklmnopqrstuvwxyz'[n % 26]}{n}", school=world.school)
    first_page = admin_client.get(PAGE).context["page"]
    assert first_page.paginator.count >= 56 and len(first_page.object_list) == 50
    found = admin_client.get(PAGE, {"q": "taziz25"}).context["page"]
    assert [m.last_name_latin for m in found] == ["Taziz25"]


def test_an_unknown_action_is_a_bad_request(admin_client, world):
    member = person(school=world.school, email="t@example.ma")
    assert admin_client.post(PAGE, {"staff_member": member.pk, "action": "delete"}).status_code == 400
