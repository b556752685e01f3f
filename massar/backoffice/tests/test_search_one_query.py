"""A back-office search reads its page's keys and the number of its matches in one query (COUNT(*) OVER ()): the
matches are all read to be sorted anyway, and a second query would find them all again. The page's rows are then
read by their keys with their related rows, in the list's order: joined for every match, the ministry's 51,027
enrolments of "2BAC" spilled to disk."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from massar.backoffice.students import StudentAdmin
from massar.students.models import Enrolment, Student
from massar.testing import factories as make


@pytest.fixture
def namesakes(world):
    return [make.student(in_class=world.class_a, last_name_latin=f"Namesake{i}") for i in range(5)]


def searched(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url(Student), params)
    assert page.status_code in (200, 302)
    return page, [q["sql"] for q in queries.captured_queries]


def test_the_count_comes_with_the_page(namesakes, as_role, url):
    page, queries = searched(as_role("ministry_officer"), url, q="namesake")
    assert page.context["cl"].result_count == 5
    assert {s.pk for s in page.context["cl"].result_list} == {s.pk for s in namesakes}
    assert not [sql for sql in queries if sql.upper().startswith("SELECT COUNT(")], "no second query for the count"
    assert "5 students" in page.content.decode()


def test_pages_of_a_search(namesakes, as_role, url, monkeypatch):
    monkeypatch.setattr(StudentAdmin, "list_per_page", 2)
    client = as_role("ministry_officer")
    seen = []
    for number in (1, 2, 3):
        page, _queries = searched(client, url, q="namesake", p=number)
        cl = page.context["cl"]
        assert cl.result_count == 5 and cl.multi_page
        seen += [s.pk for s in cl.result_list]
    assert sorted(seen) == sorted(s.pk for s in namesakes) and len(seen) == 5
    past, _queries = searched(client, url, q="namesake", p=4)
    assert past.status_code == 302 and "e=1" in past["Location"]


def test_a_search_with_no_match(world, as_role, url):
    page, _queries = searched(as_role("ministry_officer"), url, q="nobody-is-called-this")
    assert page.context["cl"].result_count == 0 and list(page.context["cl"].result_list) == []


def test_a_search_in_the_territory_only(namesakes, world, as_role, url):
    far = make.student(in_class=world.far_class, last_name_latin="Namesake far")
    page, _queries = searched(as_role("academy_officer"), url, q="namesake")
    assert page.context["cl"].result_count == 5 and far.pk not in {s.pk for s in page.context["cl"].result_list}


def test_a_filter_across_enrolments_counts_each_student_once(namesakes, world, as_role, url):
    # A filter through the enrolments may repeat a student (DISTINCT): counted the usual way.
    page, _queries = searched(as_role("ministry_officer"), url, q="namesake",
                              enrolments__school_year__id__exact=world.class_a.school_year_id)
    assert page.context["cl"].result_count == 5


def test_the_page_s_rows_are_read_by_their_keys_in_the_list_s_order(namesakes, as_role, url, monkeypatch):
    monkeypatch.setattr(StudentAdmin, "list_per_page", 3)
    page, queries = searched(as_role("ministry_officer"), url, q="namesake", p=2)
    cl = page.context["cl"]
    assert [s.last_name_latin for s in cl.result_list] == ["Namesake3", "Namesake4"]
    assert cl.result_count == 5
    counted = [sql for sql in queries if "OVER" in sql.upper()]
    assert len(counted) == 1 and "opened_by" not in counted[0].split(" FROM ")[0], "keys only, not the rows"
    # The list's column "opened by" came with the rows, not a query per row.
    assert len([sql for sql in queries if "schools_school" in sql and " IN (" not in sql]) <= 1


def test_an_enrolment_search_joins_nothing_for_its_matches(namesakes, world, as_role, url):
    client = as_role("ministry_officer")
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url(Enrolment), {"q": "namesake"})
    assert page.status_code == 200
    cl = page.context["cl"]
    assert cl.result_count == 5 and {row.student_id for row in cl.result_list} == {s.pk for s in namesakes}
    keys = [q["sql"] for q in captured.captured_queries if "OVER" in q["sql"].upper()]
    assert len(keys) == 1 and " JOIN " not in keys[0].upper()
    assert [(row.school_class_id, row.pk) for row in cl.result_list] == sorted(
        ((row.school_class_id, row.pk) for row in cl.result_list), reverse=True)
    assert "namesake0" in page.content.decode().lower()  # the student's name, read with the row
    per_row = [q["sql"] for q in captured.captured_queries if 'FROM "students_student"' in q["sql"]
               and "WHERE" in q["sql"] and '"students_student"."id" =' in q["sql"]]
    assert per_row == [], "the rows' students come with the rows"


def test_the_page_is_sorted_after_every_match_is_counted(namesakes, as_role, url):
    # The count (the same on every row) comes first in the ORDER BY: the sort then sits above the count, so
    # PostgreSQL cannot plan to stop early along an index in the list's order (a whole academy walked, 0.35 s).
    _page, queries = searched(as_role("academy_officer"), url, q="namesake")
    counted = [sql for sql in queries if "OVER" in sql.upper()]
    assert len(counted) == 1
    order_by = counted[0].upper().rsplit("ORDER BY", 1)[1]
    assert order_by.lstrip().startswith(('"MASSAR_MATCHES"', "COUNT(", "2 ")), order_by
