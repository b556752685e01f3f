"""Who the caller is and which schools their role reaches, from stand-in accounts: the scope layer reads an
account's attributes and builds filters on field paths, so it needs no domain model to be tested."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from massar.access.scope import NOTHING, Caller, caller_of, territory_q
from massar.core.roles import Role


def account(role: str, *, staff=None, is_active=True, is_superuser=False, **ids):
    """An active account as the scope layer reads it: a role, the person it signs in for, their posting."""
    person = {"student_id": None, "guardian_id": None} | ids
    return SimpleNamespace(pk=7, role=role, is_authenticated=True, is_active=is_active, is_superuser=is_superuser,
                           staff_member=staff, staff_member_id=1 if staff else None, **person)


def posting(*, school=None, directorate=None, academy=None):
    return SimpleNamespace(school_id=school, directorate_id=directorate, academy_id=academy)


def caller(role: str, **posted) -> Caller:
    found = caller_of(account(role, staff=posting(**posted)))
    assert found is not None
    return found


@pytest.mark.parametrize("nobody", [None, AnonymousUser(), account(Role.TEACHER, is_active=False)])
def test_nobody_anonymous_or_inactive_is_no_caller(nobody):
    assert caller_of(nobody) is None


def test_a_student_is_the_person_they_sign_in_for_with_no_territory():
    student = caller_of(account(Role.STUDENT, student_id=42))
    assert student == Caller(user_id=7, role=Role.STUDENT, is_superuser=False, student_id=42, guardian_id=None,
                             staff_member_id=None, school_id=None, directorate_id=None, academy_id=None)
    assert not student.nationwide and not student.sees_whole_schools and not student.is_teacher


def test_a_staff_member_carries_their_posting():
    officer = caller(Role.DIRECTORATE_OFFICER, directorate=3)
    assert (officer.staff_member_id, officer.school_id, officer.directorate_id, officer.academy_id) == (1, None, 3, None)
    assert officer.sees_whole_schools and not officer.nationwide


def test_a_teacher_is_a_teacher_only_with_a_staff_record():
    assert caller(Role.TEACHER, school=5).is_teacher
    recordless = caller_of(account(Role.TEACHER))
    assert recordless is not None and not recordless.is_teacher


@pytest.mark.parametrize("who", [account(Role.MINISTRY_OFFICER), account(Role.TEACHER, is_superuser=True)])
def test_the_ministry_and_a_superuser_reach_every_school(who):
    found = caller_of(who)
    assert found is not None and found.nationwide
    assert territory_q(found, "school") is None


@pytest.mark.parametrize(("role", "posted", "path", "expected"), [
    (Role.SCHOOL_ADMIN, {"school": 5}, "", Q(pk=5)),
    (Role.SCHOOL_ADMIN, {"school": 5}, "school_class__school", Q(school_class__school=5)),
    (Role.DIRECTORATE_OFFICER, {"directorate": 3}, "", Q(directorate_id=3)),
    (Role.DIRECTORATE_OFFICER, {"directorate": 3}, "school", Q(school__directorate_id=3)),
    (Role.ACADEMY_OFFICER, {"academy": 2}, "", Q(directorate__academy_id=2)),
    (Role.ACADEMY_OFFICER, {"academy": 2}, "school", Q(school__directorate__academy_id=2)),
])
def test_an_administrator_reaches_the_schools_of_their_posting(role, posted, path, expected):
    assert territory_q(caller(role, **posted), path) == expected


@pytest.mark.parametrize(("role", "posted"), [
    (Role.ACADEMY_OFFICER, {}),
    (Role.DIRECTORATE_OFFICER, {"academy": 2}),
    (Role.SCHOOL_ADMIN, {}),
    (Role.TEACHER, {"school": 5}),
])
def test_a_role_without_its_territory_reaches_no_school(role, posted):
    assert territory_q(caller(role, **posted), "school") == NOTHING
