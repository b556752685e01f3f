"""The grades pages read a fixed number of queries whatever the size of what they show (issue 15): a student's
or a parent's grades page with 3 or 12 subjects, the administration's board index of a school of 3 or 40
classes, the teacher's "My classes" with 6 or 80 class × subject assignments. Each test builds enough rows that
one query per subject, class or assignment would exceed the bound, and checks the page really shows them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from massar.testing.crowd import busy_teacher, crowded_class, crowded_school

# Session, user with its student, the enrolment with the stamps of its class and year, then the year's read
# (enrolment with rules and scale, semesters, sheets with results, marks, curriculum, assessment rules, semester
# results). A parent's page reads the children first: one more. A report kept in the cache (report_cache.py)
# costs the session, the user, the children and the enrolment with its stamps. Every page's header adds one:
# the unread notifications count (cached a minute per account, massar.notifications.selectors.unread_count_cached;
# HEADER below, none when it is kept).
HEADER = 1
GRADES_PAGE_QUERIES = 10 + HEADER
KEPT_GRADES_PAGE_QUERIES = 4
BOARD_INDEX_QUERIES = 10 + HEADER
MY_CLASSES_QUERIES = 10 + HEADER


@pytest.mark.parametrize(("subjects", "students"), [(3, 3), (12, 45)])
def test_student_grades_page_in_fixed_queries(db, client, django_assert_max_num_queries, subjects, students):
    crowd = crowded_class(subjects=subjects, students=students)
    client.force_login(crowd.student)
    with django_assert_max_num_queries(GRADES_PAGE_QUERIES):
        response = client.get("/me/grades/", headers={"accept-language": "en"})
    with django_assert_max_num_queries(KEPT_GRADES_PAGE_QUERIES - 1):
        again = client.get("/me/grades/", headers={"accept-language": "en"})
    assert response.status_code == again.status_code == 200
    assert again.context["reports"] == response.context["reports"]
    reports = response.context["reports"]
    assert [len(report.lines) for report in reports] == [subjects, subjects]
    assert all(report.general_average is not None for report in reports)
    assert response.context["annual_average"] is not None


@pytest.mark.parametrize(("subjects", "students"), [(3, 3), (12, 45)])
def test_parent_children_grades_page_in_fixed_queries(db, client, django_assert_max_num_queries, subjects,
                                                      students):
    crowd = crowded_class(subjects=subjects, students=students)
    client.force_login(crowd.parent)
    with django_assert_max_num_queries(GRADES_PAGE_QUERIES + 1):
        response = client.get("/children/grades/", headers={"accept-language": "en"})
    with django_assert_max_num_queries(KEPT_GRADES_PAGE_QUERIES):
        again = client.get("/children/grades/", headers={"accept-language": "en"})
    assert response.status_code == again.status_code == 200
    assert again.context["cards"][0]["reports"] == response.context["cards"][0]["reports"]
    [card] = response.context["cards"]
    assert [len(report.lines) for report in card["reports"]] == [subjects, subjects]
    assert card["current"].general_average is not None and card["annual_average"] is not None


def _queries(client, user, url: str) -> tuple[int, bytes]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers={"accept-language": "en"})
    assert response.status_code == 200
    return len(captured.captured_queries), response.content


def test_board_index_in_the_same_queries_for_3_and_40_classes(db, client):
    _small_school, small_admin = crowded_school(classes=3)
    _big_school, big_admin = crowded_school(classes=40)
    small, _page = _queries(client, small_admin, "/staff/grades/")
    big, page = _queries(client, big_admin, "/staff/grades/")
    assert page.count(b'/s1/"') == page.count(b'/s2/"') == 40  # each class's board, both semesters
    assert small == big <= BOARD_INDEX_QUERIES


def test_my_classes_in_the_same_queries_for_6_and_80_assignments(db, client):
    few, _page = _queries(client, busy_teacher(classes=3), "/teacher/grades/")
    many, page = _queries(client, busy_teacher(classes=40), "/teacher/grades/")
    assert page.count(b'class="card"') == 80  # 40 classes × 2 subjects
    assert page.count(b"Comment of the administration") == 20 * 2 * 2  # returned: the sheets of odd sections
    assert few == many <= MY_CLASSES_QUERIES
