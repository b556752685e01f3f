"""The back office searches students as the staff list does (students_matching): a Massar code in any case
through its unique index, names in Latin or Arabic letters through their trigram indexes; the enrolment
register newest first, searched by a student or a class code."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from massar.students.models import Enrolment, Student


def _listed(client, url, query: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, {"q": query})
    assert page.status_code == 200
    assert not any('UPPER("students_student"."massar_code"' in q["sql"] for q in queries.captured_queries)
    return [row.massar_code if isinstance(row, Student) else row.student.massar_code
            for row in page.context["cl"].result_list]


def test_a_code_in_any_case_and_a_name_in_either_script(world, as_role, url):
    client = as_role("ministry_officer")
    student = world.student_a
    assert _listed(client, url(Student), f"  {student.massar_code.lower()} ") == [student.massar_code]
    assert student.massar_code in _listed(client, url(Student), student.last_name_latin[1:4].lower())
    assert student.massar_code in _listed(client, url(Student), student.first_name_ar)
    assert _listed(client, url(Student), "zzzz-nobody") == []


def test_the_search_stays_in_the_officer_s_territory(world, as_role, url):
    client = as_role("academy_officer")
    assert _listed(client, url(Student), world.far_student.massar_code) == []
    assert _listed(client, url(Student), world.student_a.massar_code) == [world.student_a.massar_code]


def test_the_enrolment_register_newest_first_searched_by_student_or_class(world, as_role, url):
    client = as_role("ministry_officer")
    page = client.get(url(Enrolment))
    rows = list(page.context["cl"].result_list)
    assert [row.pk for row in rows] == sorted((row.pk for row in rows), reverse=True)
    assert _listed(client, url(Enrolment), world.student_a.massar_code.lower()) == [world.student_a.massar_code]
    in_class = _listed(client, url(Enrolment), world.class_a.code)
    assert world.student_a.massar_code in in_class
