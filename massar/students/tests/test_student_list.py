"""The staff list of students and its search (selectors.student_list_for): a Massar code typed in any case is
found by its unique index (an exact comparison, never UPPER(...) over every row); names are searched in Latin
letters whatever the case, and in Arabic; the list comes in the class-list order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from massar.core.roles import Role
from massar.students.selectors import student_list_for
from massar.testing import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_list():
    school = make.school()
    students = {
        "amrani": make.student(school_=school, first_name_latin="Youssef", last_name_latin="El Amrani"),
        "bennani": make.student(school_=school, first_name_latin="Salma", last_name_latin="Bennani"),
        "zahra": make.student(school_=school, first_name_latin="Zahra", last_name_latin="Alaoui"),
    }
    elsewhere = make.student(school_=make.school(), first_name_latin="Salma", last_name_latin="Bennani")
    admin = make.account(make.staff(position="school_admin", school_=school))
    return admin, students, elsewhere


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "  {lower}  ", "{spaced}"])
def test_a_massar_code_in_any_case_finds_its_student_by_an_exact_comparison(school_list, typed):
    admin, students, _ = school_list
    code = students["bennani"].massar_code
    query = typed.format(code=code, lower=code.lower(), spaced=f"{code[:1].lower()} {code[1:5]} {code[5:]}")
    with CaptureQueriesContext(connection) as queries:
        found = list(student_list_for(actor=admin, query=query))
    assert found == [students["bennani"]]
    sql = queries[-1]["sql"]
    assert code in sql
    assert "UPPER" not in sql and "LIKE" not in sql.upper()


def test_a_code_outside_the_scope_is_not_found(school_list):
    admin, _, elsewhere = school_list
    assert not student_list_for(actor=admin, query=elsewhere.massar_code.lower()).exists()


def test_names_are_searched_in_latin_letters_whatever_the_case_and_in_arabic(school_list):
    admin, students, _ = school_list
    assert list(student_list_for(actor=admin, query="bENNa")) == [students["bennani"]]
    assert list(student_list_for(actor=admin, query="zahra")) == [students["zahra"]]
    assert set(student_list_for(actor=admin, query="العمراني")) == set(students.values())
    assert not student_list_for(actor=admin, query="Nobody").exists()


def test_a_partial_code_is_a_name_search_and_finds_nothing(school_list):
    admin, students, _ = school_list
    assert not student_list_for(actor=admin, query=students["amrani"].massar_code[:6]).exists()


def test_the_list_comes_in_the_class_list_order_namesakes_by_code(school_list):
    admin, students, _ = school_list
    twin = make.student(school_=students["bennani"].opened_by, first_name_latin="Salma", last_name_latin="Bennani")
    listed = list(student_list_for(actor=admin))
    namesakes = sorted([students["bennani"], twin], key=lambda s: s.massar_code)
    assert listed == [students["zahra"], *namesakes, students["amrani"]]


def test_the_ministry_searches_the_nation(school_list):
    _, students, elsewhere = school_list
    ministry = make.account(role=Role.MINISTRY_OFFICER)
    assert set(student_list_for(actor=ministry, query="Bennani")) == {students["bennani"], elsewhere}
    assert list(student_list_for(actor=ministry, query=elsewhere.massar_code.lower())) == [elsewhere]


def test_a_name_search_comes_in_the_order_of_the_list(school_list):
    admin, students, _ = school_list
    make.student(school_=students["bennani"].opened_by, first_name_latin="Amal", last_name_latin="Bennani")
    everyone = list(student_list_for(actor=admin))
    searched = list(student_list_for(actor=admin, query="a"))
    assert searched == [s for s in everyone if "a" in (s.first_name_latin + s.last_name_latin).lower()]
    assert len(searched) == 4
