"""`GET /api/v1/me/grades` and `GET /api/v1/children/{code}/grades`, per role: a student sees their published
subjects and, once every subject is published and the semester closed, the general average and rank; a parent
the same for linked children only, from `parents_see_from`; nothing unpublished ever appears; staff get 403."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from massar.accounts.tokens import api_token_issue
from massar.grades.models import ACTIVITIES_SLOT, GradeSheet, YearGradeRules
from massar.testing.grades import SUBJECTS, Grades

PERIOD = {"year": "2025/2026", "semester": 1}


def bearer(user) -> dict:
    _, token = api_token_issue(user=user, name="test")
    return {"authorization": f"Bearer {token}", "accept-language": "en"}


def me_grades(client, user, **params):
    return client.get("/api/v1/me/grades", {**PERIOD, **params}, headers=bearer(user))


def child_grades(client, user, code, **params):
    return client.get(f"/api/v1/children/{code}/grades", {**PERIOD, **params}, headers=bearer(user))


@pytest.fixture
def grades(world):
    grades = Grades(world, extra_students=2)
    a, b, c = grades.students
    for code in SUBJECTS:
        grades.enter(code, a, 1, "14,75")
        grades.enter(code, a, 2, "12")
        grades.enter(code, b, 1, "16")
        grades.enter(code, c, 1, "9")
    grades.enter("PC", a, ACTIVITIES_SLOT, "18")
    return grades


def test_student_sees_nothing_before_publication(client, world, grades):
    grades.close()
    body = me_grades(client, world.accounts["student"]).json()
    assert body["subjects"] == []
    assert body["general"]["available"] is False
    assert body["general"]["missing_subjects"] == sorted(SUBJECTS)
    assert "14" not in str(body)


def test_student_sees_published_subjects_and_missing_ones(client, world, grades):
    grades.publish("MATH", "PC")
    grades.close()
    body = me_grades(client, world.accounts["student"]).json()
    assert [s["subject"] for s in body["subjects"]] == ["MATH", "PC"]
    pc = body["subjects"][1]
    assert [t["value"] for t in pc["tests"]][:2] == ["14.75", "12.00"]
    assert pc["activities"]["value"] == "18.00"
    # PC: mean 13.375 × 0.75 + 18 × 0.25 = 14.53125 → 14.53
    assert pc["average"] == "14.53" and pc["coefficient"] == "7.00"
    assert pc["class_minimum"] == "9.00" and pc["class_maximum"] == "16.00"
    assert body["general"] == {"available": False, "average": None, "rank": None, "class_size": None,
                               "message": "General average not yet available.", "missing_subjects": ["EN", "SVT"]}


def test_student_sees_general_average_and_rank_once_all_published(client, world, grades):
    grades.publish(*SUBJECTS)
    grades.close()
    body = me_grades(client, world.accounts["student"]).json()
    assert body["general"]["available"] is True
    assert body["general"]["rank"] == 2 and body["general"]["class_size"] == 3
    assert body["general"]["average"] is not None and body["class_code"] == world.class_a.code


def test_parent_sees_linked_child_from_parents_see_from(client, world, grades):
    YearGradeRules.objects.filter(school_year=world.class_a.school_year).update(parents_delay_days=2)
    grades.publish(*SUBJECTS)
    grades.close()
    parent = world.accounts["parent"]
    body = child_grades(client, parent, world.student_a.massar_code).json()
    assert body["subjects"] == [] and body["general"]["available"] is False
    GradeSheet.objects.update(parents_see_from=timezone.now() - timedelta(minutes=1))
    cache.clear()  # the clock reaching parents_see_from ends the kept report (test_report_cache.py)
    body = child_grades(client, parent, world.student_a.massar_code).json()
    assert len(body["subjects"]) == len(SUBJECTS) and body["general"]["available"] is True


def test_parent_gets_404_for_a_child_not_theirs(client, world, grades):
    response = child_grades(client, world.accounts["parent"], world.other_student.massar_code)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert child_grades(client, world.accounts["parent"], "nonsense").status_code == 404


@pytest.mark.parametrize("role", ["teacher", "school_admin", "directorate_officer", "ministry_officer", "parent"])
def test_other_roles_get_403_on_me_grades(client, world, grades, role):
    response = me_grades(client, world.accounts[role])
    assert response.status_code == 403 and response.json()["code"] == "not_a_student"


@pytest.mark.parametrize("role", ["student", "teacher", "school_admin"])
def test_only_parents_read_children_grades(client, world, grades, role):
    response = child_grades(client, world.accounts[role], world.student_a.massar_code)
    assert response.status_code == 403 and response.json()["code"] == "not_a_parent"


def test_unknown_semester_and_bad_period(client, world, grades):
    student = world.accounts["student"]
    assert me_grades(client, student, year="1999/2000").json()["code"] == "no_such_semester"
    assert me_grades(client, student, semester=3).status_code == 422
    assert me_grades(client, student, year="2025").status_code == 422
    assert client.get("/api/v1/me/grades", PERIOD).status_code == 401


def test_a_mark_beyond_the_sheets_tests_counts_nowhere(client, world, grades):
    """A sheet cut to 2 tests after a 3rd was entered: the API, the page and the close all ignore the 3rd."""
    from massar.grades.models import Mark

    sheet = grades.sheets["MATH"]
    Mark.objects.create(sheet=sheet, student=world.student_a, slot=3, value=0)
    GradeSheet.objects.filter(pk=sheet.pk).update(tests_count=2)
    grades.publish("MATH")
    grades.close()
    math = me_grades(client, world.accounts["student"]).json()["subjects"][0]
    assert math["average"] == "13.38"  # MATH is the plain mean of 14.75 and 12, not of 14.75, 12 and 0
    assert math["class_maximum"] == "16.00" and len(math["tests"]) == 2
