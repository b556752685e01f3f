"""The one statement that reads a student's published results (results_rows.py) gives what the ORM's read gives
(selectors.results_db), value for value and in the same order, on SQLite and on PostgreSQL: marks with their
two decimals (a whole 10.00 included), no mark, a second session, times in UTC, the explanation decoded."""

import pytest

from massar.exams.results_rows import published_results_rows
from massar.exams.selectors import results_db
from massar.testing.exams import NATIONAL_SP

pytestmark = pytest.mark.django_db


def same_as_the_orm(student) -> list[dict]:
    rows = published_results_rows(student.pk)
    assert rows == results_db(student=student)
    return rows


def test_a_published_bac(bac, world):
    assert same_as_the_orm(world.student_a) == []  # nothing before publication
    bac.regional_done()
    bac.continuous(world.student_a, "14", "15")
    bac.mark(bac.national, world.student_a, NATIONAL_SP)
    bac.lock(bac.national)
    assert [r["kind"] for r in same_as_the_orm(world.student_a)] == ["bac_regional"]  # locked is not published
    bac.publish(bac.national)
    rows = same_as_the_orm(world.student_a)
    assert [(r["kind"], r["mark"]) for r in rows] == [("bac_national", "13.25"), ("bac_regional", "12.00")]
    assert rows[0]["published_at"].endswith("+00:00") and rows[0]["explanation"]["components"]


def test_whole_marks_keep_their_decimals(bac, world):
    bac.regional_done({"AR": "10", "FR": "10", "EI": "10", "HG": "10"})
    bac.continuous(world.student_a, "10", "10")
    bac.mark(bac.national, world.student_a, {code: "10" for code in NATIONAL_SP})
    bac.publish(bac.national)
    assert [r["mark"] for r in same_as_the_orm(world.student_a)] == ["10.00", "10.00"]


def test_no_mark(bac, world):
    bac.continuous(world.student_a, "14", "15")
    bac.mark(bac.national, world.student_a, {**NATIONAL_SP, "PC": None})
    bac.publish(bac.national)
    [national] = same_as_the_orm(world.student_a)
    assert national["mark"] is None and national["decision"] is None


def test_a_second_session(bac, world):
    bac.regional_done({"AR": "8", "FR": "8", "EI": "8", "HG": "8"})
    bac.continuous(world.student_a, "8", "8")
    bac.mark(bac.national, world.student_a, {"MATH": "6", "PC": "8", "SVT": "10", "PHILO": "10", "EN": "10"})
    bac.publish(bac.national)
    bac.second_session({"MATH": "16", "PC": "5"})
    rows = same_as_the_orm(world.student_a)
    assert [(r["kind"], r["session"], r["mark"]) for r in rows] == [
        ("bac_national", 2, "9.61"), ("bac_national", 1, "8.09"), ("bac_regional", 1, "8.00")]
