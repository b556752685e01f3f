"""The school links guardians from the student file, and lists its students' and parents' accounts."""

import pytest
from django.urls import NoReverseMatch

from massar.accounts.models import AccountEvent, AccountEventKind
from massar.portals.staff import accounts as views_people
from massar.staff.models import Position
from massar.students.models import Guardian, StudentGuardian
from massar.testing import factories as make


def guardians_url(student) -> str:
    return f"/account/school/students/{student.massar_code}/guardians/"


def add_data(**overrides) -> dict:
    data = {"first_name_latin": "Hassan", "last_name_latin": "El Amrani", "first_name_ar": "حسن",
            "last_name_ar": "العمراني", "phone": "0661 23 45 67", "email": "Hassan@Example.ma", "relation": "father"}
    return {"action": "add"} | {f"add-{key}": value for key, value in (data | overrides).items()}


def link_data(email: str, relation: str = "mother") -> dict:
    return {"action": "link", "link-email": email, "link-relation": relation}


@pytest.fixture
def admin_client(en_client, world):
    en_client.force_login(world.accounts["school_admin"])
    return en_client


@pytest.fixture
def signed_up_parent(world):
    """A parent who signed up and confirmed their e-mail, not linked to any child."""
    from django.utils import timezone

    account = make.account(make.guardian(), email_confirmed_at=timezone.now())
    account.username = account.email = "amina.berrada@example.ma"
    account.save()
    return account


def test_the_administrator_sees_the_students_guardians(admin_client, world):
    page = admin_client.get(guardians_url(world.student_a))
    assert page.status_code == 200
    content = page.content.decode()
    assert "EL AMRANI Fatima" in content and world.accounts["parent"].username in content


def test_the_administrator_adds_a_guardian_record(admin_client, world):
    response = admin_client.post(guardians_url(world.student_a), add_data())
    assert response.status_code == 302
    guardian = Guardian.objects.get(first_name_latin="Hassan")
    assert guardian.phone == "0661234567" and guardian.email == "hassan@example.ma"
    assert StudentGuardian.objects.get(student=world.student_a, guardian=guardian).relation == "father"
    assert "Hassan" in admin_client.get(guardians_url(world.student_a)).content.decode()


@pytest.mark.parametrize(("overrides", "field"), [
    ({"phone": "12345"}, "phone"),
    ({"email": "nope"}, "email"),
    ({"first_name_latin": ""}, "first_name_latin"),
    ({"last_name_ar": "El Amrani"}, "last_name_ar"),
    ({"relation": "uncle"}, "relation"),
])
def test_an_invalid_guardian_is_refused_on_its_field_and_nothing_is_written(admin_client, world, overrides, field):
    count = Guardian.objects.count()
    response = admin_client.post(guardians_url(world.student_a), add_data(**overrides))
    assert response.status_code == 200
    assert response.context["add_form"].has_error(field)
    assert Guardian.objects.count() == count


def test_the_same_guardian_twice_is_refused(admin_client, world):
    admin_client.post(guardians_url(world.student_a), add_data())
    response = admin_client.post(guardians_url(world.student_a), add_data(first_name_latin="hassan"))
    assert "already a guardian of this student" in response.content.decode()
    assert Guardian.objects.filter(first_name_latin__iexact="hassan").count() == 1


def test_the_administrator_links_a_parent_account_by_its_e_mail(admin_client, world, signed_up_parent):
    response = admin_client.post(guardians_url(world.student_b), link_data(" Amina.Berrada@example.MA "))
    assert response.status_code == 302
    assert StudentGuardian.objects.get(student=world.student_b, guardian=signed_up_parent.guardian).relation == \
        "mother"
    [event] = AccountEvent.objects.filter(user=signed_up_parent, kind=AccountEventKind.CHILD_LINKED)
    assert event.actor == world.accounts["school_admin"] and world.student_b.massar_code in event.detail
    # The parent now sees the child, read-only.
    from django.test import Client

    parent_client = Client(headers={"accept-language": "en"})
    parent_client.force_login(signed_up_parent)
    assert world.student_b.massar_code in parent_client.get("/me/").content.decode()


def test_linking_the_same_account_again_changes_nothing_and_says_so(admin_client, world, signed_up_parent):
    admin_client.post(guardians_url(world.student_b), link_data(signed_up_parent.username))
    again = admin_client.post(guardians_url(world.student_b), link_data(signed_up_parent.username, "tutor"),
                              follow=True)
    assert "was already linked to this student" in again.content.decode().replace("&#x27;", "'")
    assert StudentGuardian.objects.filter(student=world.student_b, guardian=signed_up_parent.guardian).count() == 1
    assert AccountEvent.objects.filter(user=signed_up_parent, kind=AccountEventKind.CHILD_LINKED).count() == 1


def test_only_an_active_parent_account_can_be_linked(admin_client, world, signed_up_parent):
    pending = make.account(make.guardian(), is_active=False)
    teacher = world.accounts["teacher"]
    teacher.email = "teacher@example.ma"
    teacher.save()
    for email in ("nobody@example.ma", pending.username, "teacher@example.ma", "not an address"):
        response = admin_client.post(guardians_url(world.student_b), link_data(email))
        assert response.status_code == 200
        assert response.context["link_form"].has_error("email")
    assert StudentGuardian.objects.filter(student=world.student_b).count() == 1  # the school's own guardian


def test_the_administrator_of_another_school_gets_a_404_even_by_forging_the_post(en_client, world,
                                                                                signed_up_parent):
    other_admin = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=world.other_school))
    en_client.force_login(other_admin)
    url = guardians_url(world.student_a)
    assert en_client.get(url).status_code == 404
    assert en_client.post(url, add_data()).status_code == 404
    assert en_client.post(url, link_data(signed_up_parent.username)).status_code == 404
    assert not Guardian.objects.filter(first_name_latin="Hassan").exists()
    assert not StudentGuardian.objects.filter(guardian=signed_up_parent.guardian).exists()


@pytest.mark.parametrize("role", ["parent", "student", "teacher", "directorate_officer", "academy_officer",
                                  "ministry_officer"])
def test_other_roles_have_no_guardians_page(en_client, world, role):
    en_client.force_login(world.accounts[role])
    assert en_client.get(guardians_url(world.student_a)).status_code == 404
    assert en_client.post(guardians_url(world.student_a), add_data()).status_code == 404
    assert en_client.get("/account/school/accounts/").status_code == 404


def test_the_services_refuse_a_student_outside_the_administrators_school(world, signed_up_parent):
    from massar.accounts.services import guardian_account_link
    from massar.core.errors import Refused

    with pytest.raises(Refused) as refused:
        guardian_account_link(student=world.other_student, actor=world.accounts["school_admin"],
                              email=signed_up_parent.username, relation="father")
    assert refused.value.code == "not_allowed"


# --- The school's accounts page --------------------------------------------------------------------------------


def test_the_accounts_page_lists_the_schools_students_with_their_account_status(admin_client, world):
    page = admin_client.get("/account/school/accounts/").content.decode()
    assert world.student_a.massar_code in page and world.student_b.massar_code in page
    assert world.other_student.massar_code not in page and world.far_student.massar_code not in page
    searched = admin_client.get("/account/school/accounts/", {"q": world.student_b.massar_code.lower()})
    assert world.student_b.massar_code in searched.content.decode()
    assert world.student_a.massar_code not in searched.content.decode()
    by_name = admin_client.get("/account/school/accounts/", {"q": "salma"}).content.decode()
    assert world.student_b.massar_code in by_name and world.student_a.massar_code not in by_name


def test_the_accounts_page_lists_parents_activated_or_not_with_their_children(admin_client, world):
    pending = make.account(make.guardian(children=(world.student_b,)), is_active=False)
    foreign = make.account(make.guardian(children=(world.far_student,)))
    page = admin_client.get("/account/school/accounts/", {"show": "parents"}).content.decode()
    assert world.accounts["parent"].username in page and pending.username in page
    assert foreign.username not in page
    assert "awaiting e-mail confirmation" in page
    assert world.student_a.massar_code in page and world.far_student.massar_code not in page
    by_child = admin_client.get("/account/school/accounts/", {"show": "parents", "q": world.student_b.massar_code})
    assert pending.username in by_child.content.decode()
    by_other_child = admin_client.get("/account/school/accounts/",
                                      {"show": "parents", "q": world.far_student.massar_code})
    assert foreign.username not in by_other_child.content.decode()


def test_unlock_and_reset_buttons_appear_only_when_those_pages_exist(admin_client, world, monkeypatch):
    parent = world.accounts["parent"]
    lock(parent)
    page = admin_client.get("/account/school/accounts/", {"show": "parents"}).content.decode()
    for name in ("accounts:account_unlock", "accounts:temporary_password"):
        url = views_people.account_action_url(name, parent.pk)
        assert url and f'action="{url}"' in page

    real_reverse = views_people.reverse

    def reverse_without_them(name, *args, **kwargs):
        if name in ("accounts:account_unlock", "accounts:temporary_password"):
            raise NoReverseMatch(name)
        return real_reverse(name, *args, **kwargs)

    monkeypatch.setattr(views_people, "reverse", reverse_without_them)
    page = admin_client.get("/account/school/accounts/", {"show": "parents"}).content.decode()
    assert "Unlock" not in page and "temporary password" not in page
    assert parent.username in page


def test_a_student_account_shows_as_activated(admin_client, world):
    from django.utils import timezone

    account = world.accounts["student"]
    account.activated_at = timezone.now()
    account.save()
    page = admin_client.get("/account/school/accounts/", {"q": world.student_a.massar_code}).content.decode()
    assert "activated" in page and "not activated" not in page
    page_b = admin_client.get("/account/school/accounts/", {"q": world.student_b.massar_code}).content.decode()
    assert "not activated" in page_b


# --- Locked accounts on the list --------------------------------------------------------------------------


def lock(user) -> None:
    from django.test import Client

    from massar.accounts.services import lock_ends_at
    from massar.testing.accounts import sign_in

    client = Client()
    for _ in range(5):
        sign_in(client, user.username, "wrong-password-here")
    assert lock_ends_at(user.username) is not None


def test_the_list_shows_which_accounts_are_locked_until_when_and_unlock_only_on_those(admin_client, world):
    from massar.accounts.services import lock_ends_at

    locked, free = world.accounts["student"], make.account(world.student_b)
    lock(locked)
    page = admin_client.get("/account/school/accounts/")
    rows = {row.account.pk: row for row in page.context["rows"] if row.account}
    assert rows[locked.pk].locked_until == lock_ends_at(locked.username)
    assert rows[locked.pk].unlock_url and not rows[free.pk].unlock_url
    assert rows[free.pk].temporary_password_url
    body = page.content.decode()
    assert body.count("Locked until") == 1 and body.count(">Unlock</button>") == 1


def test_unlocking_from_the_list_lands_back_on_it_with_a_message(admin_client, world):
    from massar.accounts.services import lock_ends_at

    student = world.accounts["student"]
    lock(student)
    here = f"/account/school/accounts/?q={world.student_a.massar_code}"
    row = admin_client.get(here).context["rows"][0]
    done = admin_client.post(row.unlock_url, {"next": here}, follow=True)
    assert done.redirect_chain == [(here, 302)]
    assert lock_ends_at(student.username) is None
    assert [str(m) for m in done.context["messages"]] == [f"{student.display_name} can sign in again now."]
    assert "Locked until" not in done.content.decode()
    elsewhere = admin_client.post(row.unlock_url, {"next": "https://evil.example/"})
    assert elsewhere["Location"] == "/account/locked/"


def test_the_addresses_of_the_account_buttons_answer_a_get_with_the_page_they_are_on(admin_client, world):
    student = world.accounts["student"]
    unlock = admin_client.get(f"/account/locked/{student.pk}/unlock/")
    assert unlock.status_code == 302 and unlock["Location"] == "/account/locked/"
    slip = admin_client.get(f"/account/temporary-password/{student.pk}/", follow=True)
    assert slip.redirect_chain == [("/account/school/accounts/", 302)]
    assert any("shown only once" in str(m) for m in slip.context["messages"])
    reset = admin_client.get(f"/account/two-factor/reset/{student.pk}/")
    assert reset.status_code == 302 and reset["Location"] == "/account/staff/"
    assert not AccountEvent.objects.filter(user=student).exists()  # a GET does nothing
