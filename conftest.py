"""Fixtures shared by every test module: a small territory with two schools, so that "own" and "foreign"
objects exist for every role."""

from dataclasses import dataclass

import pytest
from hypothesis import settings as hypothesis_settings

from massar.accounts.models import User
from massar.schools.models import Academy, Directorate, School, SchoolClass
from massar.staff.models import Position
from massar.students.models import Guardian, Student
from massar.testing import factories as make

# Rules are checked on generated cases, never timed: how fast a case runs depends on the machine's load (a CI
# machine running two suites, or a test database on a busy disk), and a property that held must not fail on a
# deadline. Speed is the benchmarks' business (bench/).
hypothesis_settings.register_profile("massar", deadline=None)
hypothesis_settings.load_profile("massar")


@dataclass
class World:
    academy: Academy
    other_academy: Academy
    directorate: Directorate
    other_directorate: Directorate
    school: School
    other_school: School
    far_school: School
    class_a: SchoolClass
    class_b: SchoolClass
    other_class: SchoolClass
    far_class: SchoolClass
    student_a: Student
    student_b: Student
    other_student: Student
    far_student: Student
    guardian: Guardian
    accounts: dict[str, User]


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Outside a request Django speaks LANGUAGE_CODE (Arabic); tests read messages in English unless they
    choose a language (requests choose theirs from the cookie and Accept-Language, as in production)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _reference_data_after_a_flush(request):
    """Cycles, levels, streams and subjects as the migration loads them. A test that runs real transactions
    (threads racing each other, a killed subprocess) starts on a database that another such test may have
    flushed, reference data included: it gets them back first."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps as django_apps

    from massar.schools.models import Level

    if not Level.objects.exists():
        importlib.import_module("massar.schools.migrations.0002_reference_data").load(django_apps, None)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles and lock counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(monkeypatch):
    """`client.force_login(user)` means "fully signed in": for an account that uses two-factor authentication
    (required for administrators and officers) the session is also marked as having passed it. The step
    itself is tested through the real pages in massar/accounts/tests/test_two_factor.py."""
    from django.test.client import ClientMixin

    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from massar.accounts.services import two_factor_required_for

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None and two_factor_required_for(user):
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


@pytest.fixture
def en_client():
    """A test client whose browser asks for English pages (without it, pages come in Arabic, the default)."""
    from django.test import Client

    return Client(headers={"accept-language": "en"})


@pytest.fixture
def world(db) -> World:
    """school and other_school share a directorate; far_school is in another academy.
    The teacher teaches class_a only; the parent has student_a and student_b (siblings)."""
    make.school_year()
    academy = make.academy(letter="F")
    other_academy = make.academy(letter="J")
    directorate = make.directorate(academy_=academy)
    other_directorate = make.directorate(academy_=academy)
    school = make.school(directorate_=directorate)
    other_school = make.school(directorate_=other_directorate)
    far_school = make.school(directorate_=make.directorate(academy_=other_academy))
    class_a = make.school_class(school_=school, section=1)
    class_b = make.school_class(school_=school, section=2)
    other_class = make.school_class(school_=other_school)
    far_class = make.school_class(school_=far_school)
    student_a = make.student(in_class=class_a)
    student_b = make.student(in_class=class_b, first_name_latin="Salma")
    other_student = make.student(in_class=other_class)
    far_student = make.student(in_class=far_class)
    guardian = make.guardian(children=(student_a, student_b))
    teacher = make.staff(position=Position.TEACHER, school_=school)
    make.teach(teacher=teacher, school_class=class_a)
    accounts = {
        "student": make.account(student_a),
        "parent": make.account(guardian),
        "teacher": make.account(teacher),
        "school_admin": make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=school)),
        "directorate_officer": make.account(make.staff(position=Position.DIRECTORATE_OFFICER,
                                                       directorate_=directorate), is_staff=True),
        "academy_officer": make.account(make.staff(position=Position.ACADEMY_OFFICER, academy_=academy),
                                        is_staff=True),
        "ministry_officer": make.account(role="ministry_officer", is_staff=True),
    }
    return World(academy, other_academy, directorate, other_directorate, school, other_school, far_school,
                 class_a, class_b, other_class, far_class, student_a, student_b, other_student, far_student,
                 guardian, accounts)
