"""The scope functions the back office needs beyond people and classes: territory units, national reference
data, guardian links, accounts and the Massar code ledger, and the one dispatcher the admin reads through."""

import pytest
from django.contrib.auth.models import AnonymousUser

from massar.access.registry import reference_visible_to, rows_visible_to
from massar.accounts.models import User
from massar.accounts.scopes import accounts_visible_to
from massar.core.models import SchoolYear, Semester
from massar.schools.models import Academy, Cycle, Directorate, Level, Stream, Subject, SubjectCoefficient
from massar.schools.scopes import academies_visible_to, coefficients_visible_to, directorates_visible_to
from massar.students.models import IssuedMassarCode, MassarCodeCounter, StudentGuardian
from massar.students.scopes import (
    guardian_links_visible_to,
    guardians_visible_to,
    massar_code_ledger_visible_to,
)
from massar.testing import factories as make

OFFICERS = ["directorate_officer", "academy_officer"]
EVERYONE = ["student", "parent", "teacher", "school_admin", *OFFICERS, "ministry_officer"]


def test_academy_officer_sees_their_academy_and_its_directorates_only(world):
    officer = world.accounts["academy_officer"]
    assert set(academies_visible_to(officer)) == {world.academy}
    assert set(directorates_visible_to(officer)) == {world.directorate, world.other_directorate}


def test_academy_officer_sees_a_new_directorate_before_it_has_schools(world):
    empty = make.directorate(academy_=world.academy)
    assert empty in directorates_visible_to(world.accounts["academy_officer"])
    assert empty not in directorates_visible_to(world.accounts["directorate_officer"])


def test_directorate_officer_sees_their_directorate_and_its_academy(world):
    officer = world.accounts["directorate_officer"]
    assert set(directorates_visible_to(officer)) == {world.directorate}
    assert set(academies_visible_to(officer)) == {world.academy}


def test_school_admin_and_teacher_see_the_units_above_their_school(world):
    for role in ("school_admin", "teacher"):
        assert set(directorates_visible_to(world.accounts[role])) == {world.directorate}
        assert set(academies_visible_to(world.accounts[role])) == {world.academy}


def test_students_and_parents_see_no_territory_unit(world):
    for role in ("student", "parent"):
        assert not academies_visible_to(world.accounts[role]).exists()
        assert not directorates_visible_to(world.accounts[role]).exists()


def test_ministry_sees_every_academy_and_directorate(world):
    ministry = world.accounts["ministry_officer"]
    assert set(academies_visible_to(ministry)) == set(Academy.objects.all())
    assert directorates_visible_to(ministry).count() == Directorate.objects.count() == 3


@pytest.mark.parametrize("role", EVERYONE)
def test_national_reference_is_visible_to_every_account(world, role):
    user = world.accounts[role]
    for model in (SchoolYear, Semester, Cycle, Level, Stream, Subject):
        assert reference_visible_to(user, model).count() == model.objects.count() > 0


def test_coefficients_are_national_reference(world):
    coefficient = SubjectCoefficient.objects.create(
        school_year=SchoolYear.objects.get(), level=Level.objects.get(code="2BAC"), subject=Subject.objects.first(),
        continuous_coefficient="7")
    assert list(coefficients_visible_to(world.accounts["teacher"])) == [coefficient]
    assert not coefficients_visible_to(AnonymousUser()).exists()


def test_reference_rejects_a_model_that_is_not_reference_data(world):
    with pytest.raises(LookupError):
        reference_visible_to(world.accounts["ministry_officer"], Academy)


def test_anonymous_and_inactive_see_no_reference_data(world):
    inactive = world.accounts["academy_officer"]
    inactive.is_active = False
    for user in (AnonymousUser(), inactive):
        assert not reference_visible_to(user, Level).exists()
        assert not academies_visible_to(user).exists()
        assert not accounts_visible_to(user).exists()


def test_guardian_links_follow_the_students_in_scope(world):
    # The parent also has a child in another academy: that link stays hidden from this academy's officer.
    StudentGuardian.objects.create(student=world.far_student, guardian=world.guardian, relation="mother")
    officer_links = guardian_links_visible_to(world.accounts["academy_officer"])
    assert {link.student for link in officer_links} == {world.student_a, world.student_b}
    far_officer = make.account(make.staff(position="academy_officer", academy_=world.other_academy))
    assert {link.student for link in guardian_links_visible_to(far_officer)} == {world.far_student}
    assert guardian_links_visible_to(world.accounts["ministry_officer"]).count() == 3


def test_ministry_sees_a_guardian_not_yet_linked_to_any_child(world):
    # A parent's record can exist before any child is linked (DOMAIN §4); the ministry sees everything.
    lone = make.guardian()
    assert lone in guardians_visible_to(world.accounts["ministry_officer"])
    assert lone not in guardians_visible_to(world.accounts["academy_officer"])


def test_officers_see_the_accounts_of_people_in_their_territory(world):
    officer = world.accounts["directorate_officer"]
    visible = set(accounts_visible_to(officer))
    expected = {"student", "parent", "teacher", "school_admin", "directorate_officer"}
    assert visible == {world.accounts[role] for role in expected}
    far_account = make.account(world.far_student)
    assert far_account not in accounts_visible_to(world.accounts["academy_officer"])
    assert world.accounts["ministry_officer"] not in accounts_visible_to(world.accounts["academy_officer"])


@pytest.mark.parametrize("role", ["student", "parent", "teacher"])
def test_people_see_only_their_own_account(world, role):
    assert list(accounts_visible_to(world.accounts[role])) == [world.accounts[role]]


def test_ministry_sees_every_account(world):
    assert accounts_visible_to(world.accounts["ministry_officer"]).count() == User.objects.count()


@pytest.mark.parametrize("role", ["school_admin", *OFFICERS])
def test_the_code_ledger_is_the_ministrys_only(world, role):
    for model in (IssuedMassarCode, MassarCodeCounter):
        assert not massar_code_ledger_visible_to(world.accounts[role], model).exists()
        assert massar_code_ledger_visible_to(world.accounts["ministry_officer"], model).exists()


def test_rows_visible_to_dispatches_to_the_scope_of_each_model(world):
    officer = world.accounts["academy_officer"]
    assert set(rows_visible_to(officer, Directorate)) == set(directorates_visible_to(officer))
    assert set(rows_visible_to(officer, Level)) == set(Level.objects.all())
    assert not rows_visible_to(officer, IssuedMassarCode).exists()


def test_rows_visible_to_refuses_a_model_without_a_rule(world):
    from django.contrib.auth.models import Group

    with pytest.raises(LookupError):
        rows_visible_to(world.accounts["ministry_officer"], Group)
