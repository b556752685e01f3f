"""The enrolment register's search (`enrolments_matching`): a student by name or code, or a class by its code;
only a half that finds something is written into the query (PostgreSQL's blind estimate of `a IN … OR b IN …`
had it walk every enrolment of the nation), and when both find something their enrolments are united."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from massar.students.models import Enrolment
from massar.students.selectors import enrolments_matching
from massar.testing import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    school = make.school()
    science = make.school_class(school_=school, level="2BAC", stream="SP", section=1)
    letters = make.school_class(school_=school, level="1AC", stream=None, section=2)
    return {
        "science": science, "letters": letters,
        "kamal": make.student(in_class=science, last_name_latin="Kamali"),
        "naji": make.student(in_class=letters, last_name_latin="Naji"),
        # A name that is also in a class code: "1AC" finds this student and the 1AC class.
        "odd": make.student(in_class=science, last_name_latin="Ben1ACi"),
    }


def found(query: str, enrolments=None) -> set[tuple[int, int]]:
    rows = enrolments_matching(enrolments if enrolments is not None else Enrolment.objects.all(), query)
    return {(row.student_id, row.school_class_id) for row in rows}


def test_a_student_by_name_or_code(register):
    kamal, science = register["kamal"], register["science"]
    assert found("kamal") == {(kamal.pk, science.pk)}
    assert found(kamal.massar_code.lower()) == {(kamal.pk, science.pk)}


def test_a_class_by_its_code(register):
    science = register["science"]
    assert found(science.code) == {(register["kamal"].pk, science.pk), (register["odd"].pk, science.pk)}


def test_both_halves_united(register):
    letters, science = register["letters"], register["science"]
    assert found("1ac") == {(register["naji"].pk, letters.pk), (register["odd"].pk, science.pk)}


def test_nothing_found_reads_no_enrolment(register):
    with CaptureQueriesContext(connection) as queries:
        assert found("nobody-is-called-this") == set()
    assert not [q for q in queries.captured_queries if "students_enrolment" in q["sql"]]


def test_only_a_half_that_finds_something_is_asked(register):
    with CaptureQueriesContext(connection) as queries:
        found("kamal")
    searched = [q["sql"] for q in queries.captured_queries if 'FROM "students_enrolment"' in q["sql"]]
    assert len(searched) == 1 and "schools_schoolclass" not in searched[0]


def test_within_the_enrolments_given(register):
    only_letters = Enrolment.objects.filter(school_class=register["letters"])
    assert found("1ac", only_letters) == {(register["naji"].pk, register["letters"].pk)}
    assert found("kamal", only_letters) == set()
