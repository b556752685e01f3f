import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from massar.accounts.models import User
from massar.core.roles import Role
from massar.schools.models import Level, School, SchoolClass
from massar.staff.models import TeachingAssignment
from massar.students.codes import MASSAR_CODE_PATTERN
from massar.students.models import Enrolment, Guardian, Student
from massar.students.scopes import students_visible_to

pytestmark = pytest.mark.django_db


def table_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (School, SchoolClass, Student, Enrolment, Guardian, TeachingAssignment, User)}


def demo_accounts() -> list[dict]:
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    return json.loads(out.getvalue())


def test_demo_is_idempotent():
    call_command("seed_demo", stdout=StringIO())
    first = table_counts()
    accounts = demo_accounts()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "already present" in out.getvalue()
    assert table_counts() == first
    assert demo_accounts() == accounts


def test_demo_has_a_realistic_school_structure_and_every_role(client):
    call_command("seed_demo", stdout=StringIO())
    schools = School.objects.all()
    assert {s.cycles.get().code for s in schools} == {"primary", "college", "lycee"}
    levels_with_classes = set(SchoolClass.objects.values_list("level__code", flat=True))
    assert levels_with_classes == set(Level.objects.values_list("code", flat=True))
    sizes = SchoolClass.objects.annotate(n=Count("enrolments")).values_list("n", flat=True)
    assert all(30 <= n <= 45 for n in sizes)
    assert all(MASSAR_CODE_PATTERN.match(code) for code in Student.objects.values_list("massar_code", flat=True))
    # Every subject of every class has its teacher.
    assert TeachingAssignment.objects.count() > SchoolClass.objects.count() * 5
    assert Student.objects.filter(first_name_ar="", last_name_latin="").count() == 0

    accounts = demo_accounts()
    assert [a["role"] for a in accounts] == [r.value for r in Role]
    for account in accounts:
        assert {"role", "username", "password", "name"} <= set(account)
        response = client.post("/account/signin/", {"username": f"  {account['username']} ",
                                                    "password": account["password"]})
        assert response.status_code == 302, account
        if "totp_secret" in account:  # administrators and officers: the second factor, from the printed secret
            out = StringIO()
            call_command("demo_otp", account["username"], stdout=out)
            response = client.post("/account/two-factor/", {"code": out.getvalue().strip()})
            assert response.status_code == 302, account
        me = client.get("/me/")
        assert me.status_code == 200, account
        assert me.context["user"].role == account["role"]
        client.post("/account/signout/")
    roles_with_second_factor = {a["role"] for a in accounts if "totp_secret" in a}
    assert roles_with_second_factor == {"school_admin", "directorate_officer", "academy_officer", "ministry_officer"}


def test_demo_parent_follows_two_children_and_sees_only_them():
    call_command("seed_demo", stdout=StringIO())
    parent = next(a for a in demo_accounts() if a["role"] == "parent")
    user = User.objects.get(username=parent["username"])
    children = students_visible_to(user)
    assert children.count() == 2
    teacher = User.objects.get(username=next(a for a in demo_accounts() if a["role"] == "teacher")["username"])
    taught = students_visible_to(teacher)
    assert 0 < taught.count() < Student.objects.count()


def test_the_demo_student_and_parent_see_published_first_semester_grades(client):
    from massar.grades.models import GradeSheet, SemesterResult, SheetStatus

    call_command("seed_demo", stdout=StringIO())
    assert not GradeSheet.objects.filter(semester__number=1).exclude(status=SheetStatus.PUBLISHED).exists()
    assert not GradeSheet.objects.filter(semester__number=2).exclude(status=SheetStatus.DRAFT).exists()
    student = User.objects.get(username=next(a for a in demo_accounts() if a["role"] == "student")["username"])
    result = SemesterResult.objects.get(student=student.student, semester__number=1)
    assert result.general_average is not None and result.rank >= 1
    client.force_login(student)
    page = client.get("/me/grades/", headers={"accept-language": "en"}).content.decode()
    assert 'class="num"' in page and "not yet available" not in page.split("Semester 2")[0]


def test_the_demo_primary_classes_are_marked_out_of_10():
    from django.db.models import Max

    from massar.grades.models import GradeSheet, Mark

    call_command("seed_demo", stdout=StringIO())
    primary = GradeSheet.objects.filter(school_class__level__cycle_id="primary")
    assert primary.exists() and set(primary.values_list("out_of", flat=True)) == {10}
    assert Mark.objects.filter(sheet__in=primary).aggregate(top=Max("value"))["top"] <= 10
    assert set(GradeSheet.objects.exclude(pk__in=primary).values_list("out_of", flat=True)) == {20}
