"""Accounts in the back office: no password hash shown, officers read their territory's, the back-office flag
for back-office roles only, superuser status granted by superusers only."""

from django.urls import reverse
from django.utils import timezone

from massar.accounts.models import User
from massar.backoffice.accounts import AccountChangeForm
from massar.staff.models import Position
from massar.testing import factories as make


def test_account_pages_never_show_a_password_hash(world, as_role, url):
    client = as_role("ministry_officer")
    teacher = world.accounts["teacher"]
    content = client.get(url(User, "change", teacher.pk)).content.decode()
    salt_and_hash = teacher.password.split("$", 1)[1]
    assert salt_and_hash not in content
    assert "md5" not in content.lower() and "argon2" not in content.lower()
    assert "../password/" in content
    listing = client.get(url(User), {"role__exact": "teacher"})
    assert list(listing.context["cl"].result_list) == [teacher]


def test_officers_see_accounts_of_their_territory_read_only(world, as_role, url):
    client = as_role("academy_officer")
    shown = set(client.get(url(User)).context["cl"].result_list)
    assert world.accounts["teacher"] in shown
    assert world.accounts["ministry_officer"] not in shown
    assert client.get(url(User, "add")).status_code == 403
    teacher = world.accounts["teacher"]
    assert client.get(url(User, "change", teacher.pk)).context["adminform"].form.fields == {}
    assert client.get(reverse("admin:auth_user_password_change", args=[teacher.pk])).status_code == 403


def test_only_back_office_roles_get_the_back_office_flag(world, as_role, url, form_data):
    client = as_role("ministry_officer")
    teacher = world.accounts["teacher"]
    data = form_data(client.get(url(User, "change", teacher.pk))) | {"is_staff": "on"}
    response = client.post(url(User, "change", teacher.pk), data)
    assert response.status_code == 200
    assert "is_staff" in response.context["adminform"].form.errors
    teacher.refresh_from_db()
    assert not teacher.is_staff


def test_ministry_creates_an_officers_account(world, as_role, url):
    client = as_role("ministry_officer")
    officer = make.staff(position=Position.ACADEMY_OFFICER, academy_=world.other_academy)
    data = {"username": "nadia.alaoui@taalim.ma", "usable_password": "true", "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42", "role": "academy_officer", "staff_member": str(officer.pk),
            "is_staff": "on"}
    response = client.post(url(User, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    account = User.objects.get(username="nadia.alaoui@taalim.ma")
    assert account.is_staff and account.staff_member == officer and account.check_password("a-long-pass-phrase-42")
    data |= {"username": "someone@taalim.ma", "role": "teacher"}
    refused = client.post(url(User, "add"), data)
    assert refused.status_code == 200
    assert not User.objects.filter(username="someone@taalim.ma").exists()


def test_a_ministry_officer_cannot_make_a_superuser(world, as_role, url, form_data):
    client = as_role("ministry_officer")
    target = world.accounts["directorate_officer"]
    data = form_data(client.get(url(User, "change", target.pk))) | {"is_superuser": "on"}
    assert client.post(url(User, "change", target.pk), data).status_code == 302
    target.refresh_from_db()
    assert not target.is_superuser


def test_the_back_office_resets_the_confirmation_when_it_changes_the_address(world):
    student = world.accounts["student"]
    student.email_confirmed_at = timezone.now()
    student.save()
    data = {"username": student.username, "role": student.role, "student": student.student_id,
            "email": "typo@example.ma", "preferred_language": "en", "is_active": True}
    form = AccountChangeForm(data, instance=student)
    assert form.is_valid(), form.errors
    form.save()
    student.refresh_from_db()
    assert student.email == "typo@example.ma" and student.email_confirmed_at is None
    student.email_confirmed_at = timezone.now()
    student.save()
    untouched = AccountChangeForm({**data, "preferred_language": "fr"}, instance=student)
    assert untouched.is_valid() and untouched.save().email_confirmed_at is not None
