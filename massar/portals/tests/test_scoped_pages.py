"""Pages show only the caller's rows: a foreign student is a 404 for every role, whatever code is typed."""

import pytest


def detail(code: str) -> str:
    return f"/staff/students/{code}/"


@pytest.mark.parametrize("role", ["teacher", "school_admin", "directorate_officer", "academy_officer"])
def test_staff_cannot_open_a_student_outside_their_scope(client, world, role):
    client.force_login(world.accounts[role])
    assert client.get(detail(world.far_student.massar_code)).status_code == 404


@pytest.mark.parametrize("role", ["teacher", "school_admin", "directorate_officer", "academy_officer",
                                  "ministry_officer"])
def test_staff_open_a_student_in_scope(client, world, role):
    client.force_login(world.accounts[role])
    response = client.get(detail(world.student_a.massar_code))
    assert response.status_code == 200
    assert world.student_a.massar_code in response.content.decode()


def test_teacher_cannot_open_a_student_of_a_class_they_do_not_teach(client, world):
    client.force_login(world.accounts["teacher"])
    assert client.get(detail(world.student_b.massar_code)).status_code == 404


@pytest.mark.parametrize("role", ["student", "parent"])
def test_students_and_parents_have_no_staff_pages(client, world, role):
    client.force_login(world.accounts[role])
    assert client.get(detail(world.student_a.massar_code)).status_code == 404
    assert client.get("/staff/students/").status_code == 404


def test_staff_search_lists_only_students_in_scope(client, world):
    client.force_login(world.accounts["school_admin"])
    page = client.get("/staff/students/").content.decode()
    assert detail(world.student_a.massar_code) in page and detail(world.student_b.massar_code) in page
    assert detail(world.other_student.massar_code) not in page and detail(world.far_student.massar_code) not in page
    searched = client.get("/staff/students/", {"q": world.far_student.massar_code}).content.decode()
    assert detail(world.far_student.massar_code) not in searched
    found = client.get("/staff/students/", {"q": world.student_b.massar_code}).content.decode()
    assert detail(world.student_b.massar_code) in found and detail(world.student_a.massar_code) not in found


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get(detail(world.student_a.massar_code))
    assert response.status_code == 302 and "/signin/" in response["Location"]


def test_my_space_of_a_parent_lists_exactly_their_children(client, world):
    client.force_login(world.accounts["parent"])
    page = client.get("/me/").content.decode()
    assert world.student_a.massar_code in page and world.student_b.massar_code in page
    assert world.other_student.massar_code not in page


def test_my_space_of_a_student_shows_their_own_file_only(client, world):
    client.force_login(world.accounts["student"])
    page = client.get("/me/").content.decode()
    assert world.student_a.massar_code in page and world.student_b.massar_code not in page


def test_sign_in_accepts_the_bare_code_with_spaces_and_is_case_sensitive_in_the_password(client, world):
    from massar.testing.factories import PASSWORD

    code = world.student_a.massar_code
    assert client.post("/signin/", {"username": f"  {code.lower()} ", "password": PASSWORD.upper()}
                       ).status_code == 200
    response = client.post("/signin/", {"username": f"  {code.lower()} ", "password": PASSWORD})
    assert response.status_code == 302
