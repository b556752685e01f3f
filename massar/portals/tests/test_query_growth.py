"""The pages and API operations that show a class's rows (grades, decisions, documents, results, timetable,
attendance) read the same number of queries for a class of 3 and a class of 45 (issue 15): one query per student, mark or subject would show as a difference. Each is opened by
the role that works on it, on classes built alike (12 subjects, both semesters published and closed)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from massar.accounts.tokens import api_token_issue
from massar.staff.models import Position
from massar.testing import factories as make
from massar.testing.crowd import crowded_class

# The largest a page may read whatever its size (the session, the account, its scope, then what it shows).
PAGE_QUERIES = 30
# The documents page asks the very selectors that print each report card (both semesters, then the year) whether
# it is available yet: three readings of the reports, each of a fixed number of queries, with each card's absence
# totals and the annual card's council decision.
LARGER = {"my documents": 39}


def _class_with_staff(students: int) -> dict:
    crowd = crowded_class(subjects=12, students=students)
    school = crowd.school_class.school
    teacher = make.staff(position=Position.TEACHER, school_=school)
    make.teach(teacher=teacher, school_class=crowd.school_class, subject="PC")
    return {
        "crowd": crowd,
        "admin": make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=school)),
        "teacher": make.account(teacher),
    }


def _pages(world: dict) -> dict[str, tuple[object, str]]:
    crowd = world["crowd"]
    class_id, code = crowd.school_class.pk, crowd.students[0].massar_code
    admin, teacher = world["admin"], world["teacher"]
    return {
        "board": (admin, f"/staff/grades/{class_id}/s1/"),
        "board sheet": (admin, f"/staff/grades/sheet/{class_id}/PC/s1/"),
        "staff students": (admin, "/staff/students/"),
        "staff student file": (admin, f"/staff/students/{code}/"),
        "teacher grid": (teacher, f"/teacher/grades/{class_id}/PC/s1/"),
        "teacher canevas": (teacher, f"/teacher/grades/{class_id}/PC/s1/canevas.xlsx"),
        "my space": (crowd.student, "/me/"),
        "parent space": (crowd.parent, "/me/"),
        "API me": (crowd.student, "/api/v1/me"),
        "council decisions": (admin, f"/staff/decisions/{class_id}/"),
        "class list PDF": (admin, f"/staff/documents/classes/{class_id}/list.pdf"),
        "class timetable": (admin, f"/staff/timetable/{class_id}/"),
        "teacher documents": (teacher, "/teacher/documents/"),
        "my documents": (crowd.student, "/me/documents/"),
        "my results": (crowd.student, "/me/results/"),
        "my timetable": (crowd.student, "/me/timetable/"),
        "child's results": (crowd.parent, f"/children/results/{code}/"),
        "API my attendance": (crowd.student, "/api/v1/me/attendance"),
        "API child's timetable": (crowd.parent, f"/api/v1/children/{code}/timetable"),
        "my homework": (crowd.student, "/me/homework/"),
        "my calendar": (crowd.student, "/me/calendar/"),
        "child's homework": (crowd.parent, f"/children/homework/{code}/"),
        "class lesson log": (admin, f"/staff/lessons/classes/{class_id}/"),
        "my orientation": (crowd.student, "/me/orientation/"),
        "transfers": (admin, "/staff/transfers/"),
        "API my homework": (crowd.student, "/api/v1/me/homework"),
    }


def _queries(client, user, url: str) -> tuple[int, int]:
    headers = {"accept-language": "en"}
    if url.startswith("/api/"):
        headers["authorization"] = f"Bearer {api_token_issue(user=user, name='test')[1]}"
        client.get(url, headers=headers)  # the token's first use writes its last use
    else:
        client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    return len(captured.captured_queries), response.status_code


PAGES = ["board", "board sheet", "staff students", "staff student file", "teacher grid", "teacher canevas",
         "my space", "parent space", "API me", "council decisions", "class list PDF", "class timetable",
         "teacher documents", "my documents", "my results", "my timetable", "child's results", "API my attendance",
         "API child's timetable", "my homework", "my calendar", "child's homework", "class lesson log",
         "my orientation", "transfers", "API my homework"]


# Named `shown`, not `page`: a test argument named `page` is pytest-playwright's browser page.
@pytest.mark.parametrize("shown", PAGES)
def test_a_class_of_45_reads_what_a_class_of_3_reads(db, client, shown):
    small, big = _class_with_staff(3), _class_with_staff(45)
    small_queries, small_status = _queries(client, *_pages(small)[shown])
    big_queries, big_status = _queries(client, *_pages(big)[shown])
    assert small_status == big_status == 200
    assert big_queries == small_queries <= LARGER.get(shown, PAGE_QUERIES), (shown, small_queries, big_queries)
