"""The scope filters of students, enrolments, guardians and guardian links are written so that PostgreSQL serves
them from indexes (massar/students/scopes.py: for a school or a directorate, a UNION ALL of the enrolled and
the opened halves instead of an OR across two tables). They must return exactly the rows of the formulation
they replaced, kept here as the reference, for every role, on generated organisations: several academies,
directorates and schools, students enrolled over two years, transferred, withdrawn, opened in one school and
enrolled in another, or never enrolled.
"""

import random
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from massar.access.scope import caller_of, territory_q
from massar.accounts.models import User
from massar.accounts.scopes import accounts_visible_to
from massar.core.roles import Role
from massar.schools.models import School
from massar.schools.scopes import classes_visible_to
from massar.staff.models import Position
from massar.staff.scopes import staff_visible_to
from massar.students.models import Enrolment, EnrolmentStatus, Guardian, Student, StudentGuardian
from massar.students.scopes import (
    enrolments_visible_to,
    guardian_links_visible_to,
    guardians_visible_to,
    students_visible_to,
)
from massar.students.services import student_enrol
from massar.testing import factories as make

# --- The reference: the formulation before issue 15 (id IN enrolled OR opened_by IN schools). ---------------


def reference_students(user: Any) -> QuerySet[Student]:
    caller = caller_of(user)
    if caller is None:
        return Student.objects.none()
    if caller.role == Role.STUDENT:
        return Student.objects.filter(pk=caller.student_id) if caller.student_id else Student.objects.none()
    if caller.role == Role.PARENT:
        linked = StudentGuardian.objects.filter(guardian_id=caller.guardian_id).values("student_id")
        return Student.objects.filter(pk__in=linked) if caller.guardian_id else Student.objects.none()
    if caller.role == Role.TEACHER:
        in_their_classes = Enrolment.objects.filter(school_class__in=classes_visible_to(user))
        return Student.objects.filter(pk__in=in_their_classes.values("student_id"))
    if caller.sees_whole_schools:
        territory = territory_q(caller)
        if territory is None:
            return Student.objects.all()
        schools = School.objects.filter(territory)
        enrolled = Enrolment.objects.filter(school_class__school__in=schools).values("student_id")
        return Student.objects.filter(Q(pk__in=enrolled) | Q(opened_by__in=schools))
    return Student.objects.none()


def reference_enrolments(user: Any) -> QuerySet[Enrolment]:
    caller = caller_of(user)
    if caller is None:
        return Enrolment.objects.none()
    if caller.role == Role.TEACHER:
        return Enrolment.objects.filter(school_class__in=classes_visible_to(user))
    enrolments = Enrolment.objects.filter(student__in=reference_students(user))
    if caller.sees_whole_schools and not caller.nationwide:
        # Since issue 12 (transfers): a territory reads the enrolments in its own classes, and every enrolment of
        # the students it holds now (active in one of its classes of the current year); a school they left, no more.
        classes = classes_visible_to(user)
        held = Enrolment.objects.filter(school_class__in=classes.filter(school_year__is_current=True),
                                        status=EnrolmentStatus.ACTIVE)
        return enrolments.filter(Q(school_class__in=classes) | Q(student__in=held.values("student_id")))
    return enrolments


def reference_guardians(user: Any) -> QuerySet[Guardian]:
    caller = caller_of(user)
    if caller is None:
        return Guardian.objects.none()
    if caller.role == Role.PARENT:
        return Guardian.objects.filter(pk=caller.guardian_id) if caller.guardian_id else Guardian.objects.none()
    if caller.nationwide:
        return Guardian.objects.all()
    if caller.sees_whole_schools:
        links = StudentGuardian.objects.filter(student__in=reference_students(user)).values("guardian_id")
        return Guardian.objects.filter(pk__in=links)
    return Guardian.objects.none()


def reference_guardian_links(user: Any) -> QuerySet[StudentGuardian]:
    if caller_of(user) is None:
        return StudentGuardian.objects.none()
    return StudentGuardian.objects.filter(student__in=reference_students(user))


def reference_accounts(user: Any) -> QuerySet[User]:
    """Accounts (massar/accounts/scopes.py) before issue 15: an OR of four subqueries."""
    caller = caller_of(user)
    if caller is None:
        return User.objects.none()
    if caller.nationwide:
        return User.objects.all()
    if caller.sees_whole_schools:
        return User.objects.filter(Q(pk=caller.user_id) | Q(student__in=students_visible_to(user))
                                   | Q(guardian__in=guardians_visible_to(user))
                                   | Q(staff_member__in=staff_visible_to(user)))
    return User.objects.filter(pk=caller.user_id)


PAIRS = [
    (accounts_visible_to, reference_accounts),
    (students_visible_to, reference_students),
    (enrolments_visible_to, reference_enrolments),
    (guardians_visible_to, reference_guardians),
    (guardian_links_visible_to, reference_guardian_links),
]


# --- The generated organisation. ------------------------------------------------------------------------------


def organisation(rng: random.Random) -> list[Any]:
    """Academies › directorates › schools with classes over two years, students moved around, and one account
    for every role and unit (plus nobody: the anonymous visitor). Returns the accounts."""
    previous, current = make.school_year("2024/2025", current=False), make.school_year("2025/2026")
    schools: list[School] = []
    directorates, academies = [], []
    for letter in "FGH"[:rng.randint(2, 3)]:
        academy = make.academy(letter=letter)
        academies.append(academy)
        for _ in range(rng.randint(1, 2)):
            directorate = make.directorate(academy_=academy)
            directorates.append(directorate)
            schools += [make.school(directorate_=directorate) for _ in range(rng.randint(1, 3))]
    # One empty directorate: an officer whose territory has no school sees no student.
    directorates.append(make.directorate(academy_=academies[0]))
    classes = {(school.pk, year.pk): [make.school_class(school_=school, year=year, section=n) for n in (1, 2)]
               for school in schools for year in (previous, current)}
    students = []
    for _ in range(rng.randint(15, 30)):
        opened_by = rng.choice(schools)
        student = make.student(school_=opened_by)
        students.append(student)
        for year in (previous, current):
            story = rng.choice(["none", "stay", "stay", "elsewhere", "transfer", "withdrawn"])
            if story == "none":
                continue
            home = opened_by if story in ("stay", "transfer", "withdrawn") else rng.choice(schools)
            enrolment = student_enrol(student=student, school_class=rng.choice(classes[home.pk, year.pk]),
                                      enrolled_on=year.starts_on)
            if story == "transfer":
                make.transfer(student=student, to_class=rng.choice(classes[rng.choice(schools).pk, year.pk]))
            elif story == "withdrawn":
                Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.WITHDRAWN)
    for _ in range(rng.randint(3, 8)):
        make.guardian(children=tuple(rng.sample(students, rng.randint(1, 3))))
    make.guardian()  # a guardian with no child yet: the ministry sees them, a school does not

    accounts: list[Any] = [AnonymousUser(), make.account(role=Role.MINISTRY_OFFICER)]
    accounts.append(User.objects.create_superuser(f"root{rng.random()}@taalim.ma", make.PASSWORD))
    inactive = make.account(role=Role.MINISTRY_OFFICER)
    inactive.is_active = False
    inactive.save()
    accounts.append(inactive)
    for school in schools:
        accounts.append(make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=school)))
        teacher = make.staff(position=Position.TEACHER, school_=school)
        make.teach(teacher=teacher, school_class=rng.choice(classes[school.pk, current.pk]))
        accounts.append(make.account(teacher))
    accounts += [make.account(make.staff(position=Position.DIRECTORATE_OFFICER, directorate_=directorate))
                 for directorate in directorates]
    accounts += [make.account(make.staff(position=Position.ACADEMY_OFFICER, academy_=a)) for a in academies]
    accounts += [make.account(student) for student in rng.sample(students, 3)]
    accounts += [make.account(guardian) for guardian in Guardian.objects.all()[:3]]
    return accounts


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(4))
def test_scope_filters_return_the_rows_of_the_reference_formulation(seed):
    accounts = organisation(random.Random(seed))
    roles_seen = set()
    for user in accounts:
        roles_seen.add(getattr(user, "role", "anonymous"))
        for scope, reference in PAIRS:
            expected = sorted(reference(user).values_list("pk", flat=True))
            assert sorted(scope(user).values_list("pk", flat=True)) == expected, (scope.__name__, user)
    assert roles_seen >= {"anonymous", *Role.values}
    # The generated world is not trivial: administrators see some students and not all of them.
    admin_counts = {students_visible_to(u).count() for u in accounts if getattr(u, "role", "") == Role.SCHOOL_ADMIN}
    assert len(admin_counts) > 1 and max(admin_counts) < Student.objects.count()


@pytest.mark.django_db
def test_a_student_opened_here_and_enrolled_elsewhere_is_seen_by_both_schools_once():
    here, there = make.school(), make.school()
    student = make.student(school_=here)
    student_enrol(student=student, school_class=make.school_class(school_=there),
                  enrolled_on=make.school_year().starts_on)
    make.student(in_class=make.school_class(school_=here, section=2))  # opened and enrolled in the same school
    for school in (here, there):
        admin = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=school))
        codes = list(students_visible_to(admin).values_list("massar_code", flat=True))
        assert student.massar_code in codes and len(codes) == len(set(codes))
