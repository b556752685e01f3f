"""GET /api/v1/me: who the caller is, and exactly their scope (never chosen by the request)."""

import pytest

from massar.accounts.tokens import api_token_issue

ME = "/api/v1/me"


@pytest.fixture
def me(en_client, world):
    def ask(role: str, **params) -> dict:
        _, token = api_token_issue(user=world.accounts[role])
        response = en_client.get(ME, params, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 200, response.content
        return response.json()

    return ask


def test_a_student_sees_their_own_file_and_class(me, world):
    body = me("student")
    student = world.student_a
    assert body["role"] == "student" and body["username"] == f"{student.massar_code}@taalim.ma"
    assert body["display_name"] == world.accounts["student"].display_name
    assert body["student"] == {
        "massar_code": student.massar_code, "first_name_ar": student.first_name_ar,
        "last_name_ar": student.last_name_ar, "first_name_latin": student.first_name_latin,
        "last_name_latin": student.last_name_latin,
        "current_class": {"code": world.class_a.code, "school_year": "2025/2026", "level": "2BAC",
                          "school": {"code": world.school.code, "name": world.school.name_en}},
    }
    assert body["children"] is None and body["staff"] is None


def test_a_student_cannot_ask_for_someone_else(me, world):
    body = me("student", massar_code=world.other_student.massar_code, student=world.other_student.pk)
    assert body["student"]["massar_code"] == world.student_a.massar_code


def test_a_parent_sees_their_two_children_and_nobody_else(me, world):
    body = me("parent")
    assert body["role"] == "parent" and body["student"] is None and body["staff"] is None
    codes = {child["massar_code"] for child in body["children"]}
    assert codes == {world.student_a.massar_code, world.student_b.massar_code}
    assert world.other_student.massar_code not in str(body)
    salma = next(c for c in body["children"] if c["massar_code"] == world.student_b.massar_code)
    assert salma["first_name_latin"] == "Salma" and salma["current_class"]["code"] == world.class_b.code


def test_a_teacher_sees_their_school_and_only_the_classes_they_teach(me, world):
    body = me("teacher")
    staff = body["staff"]
    assert body["role"] == "teacher" and body["student"] is None and body["children"] is None
    assert staff["school"]["code"] == world.school.code
    assert staff["directorate"]["code"] == world.directorate.code
    assert staff["academy"]["code"] == world.academy.code
    assert [c["code"] for c in staff["classes"]] == [world.class_a.code]


def test_a_school_administrator_sees_their_schools_classes(me, world):
    staff = me("school_admin")["staff"]
    assert staff["school"]["code"] == world.school.code and staff["school_count"] == 1
    assert {c["code"] for c in staff["classes"]} == {world.class_a.code, world.class_b.code}
    assert all(c["school"]["code"] == world.school.code for c in staff["classes"])


def test_a_directorate_officer_sees_their_territory(me, world):
    staff = me("directorate_officer")["staff"]
    assert staff["school"] is None
    assert staff["directorate"]["code"] == world.directorate.code
    assert staff["academy"]["code"] == world.academy.code
    assert staff["school_count"] == 1 and staff["classes"] == []


def test_an_academy_officer_sees_their_academy(me, world):
    staff = me("academy_officer")["staff"]
    assert staff["academy"]["code"] == world.academy.code and staff["directorate"] is None
    assert staff["school_count"] == 2


def test_the_ministry_sees_the_whole_country(me, world):
    body = me("ministry_officer")
    assert body["role"] == "ministry_officer"
    assert body["staff"]["school_count"] == 3 and body["staff"]["school"] is None


def test_me_speaks_the_callers_language(en_client, world):
    _, token = api_token_issue(user=world.accounts["teacher"])
    body = en_client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token}", headers={"accept-language": "fr"}).json()
    assert body["staff"]["school"]["name"] == world.school.name_fr


def test_me_without_a_token_is_a_401(en_client, db):
    response = en_client.get(ME)
    assert response.status_code == 401 and response.json()["detail"]
