"""/staff/students/ runs a fixed number of queries, however many students the caller's scope holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from massar.core.roles import Role
from massar.testing import factories as make

pytestmark = pytest.mark.django_db


def queries_of_the_page(client, user, **params) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/staff/students/", params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [Role.SCHOOL_ADMIN, Role.ACADEMY_OFFICER, Role.MINISTRY_OFFICER])
def test_the_student_list_does_not_query_per_student(client, role, django_assert_max_num_queries):
    school_class = make.school_class()
    school = school_class.school
    user = {
        Role.SCHOOL_ADMIN: lambda: make.account(make.staff(position="school_admin", school_=school)),
        Role.ACADEMY_OFFICER: lambda: make.account(make.staff(position="academy_officer",
                                                              academy_=school.directorate.academy)),
        Role.MINISTRY_OFFICER: lambda: make.account(role=Role.MINISTRY_OFFICER),
    }[role]()
    make.student(in_class=school_class)
    few = queries_of_the_page(client, user)
    for n in range(30):
        make.student(in_class=school_class, last_name_latin=f"Name{n}")
        make.student(school_=school, last_name_latin=f"Opened{n}")  # opened here, never enrolled
    with django_assert_max_num_queries(few):
        page = client.get("/staff/students/").content.decode()
    assert page.count("/staff/students/") >= 61
    with django_assert_max_num_queries(few):
        assert client.get("/staff/students/", {"q": "name1"}).status_code == 200
