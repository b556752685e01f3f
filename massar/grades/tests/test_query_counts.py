"""The grades API and the report selector read a fixed number of queries whatever the number of subjects
(issue 15): the assessment rules, sheets, results and marks of a student's year are each read once, never once
per subject or sheet; the figures stay those of the one report (level rules win over the year's rule)."""

from decimal import Decimal

import pytest

from massar.accounts.tokens import api_token_issue
from massar.grades.models import AssessmentRule
from massar.grades.selectors import (
    assessment_rule_for,
    assessment_rules_for,
    student_semester_report,
    student_year_reports,
)
from massar.schools.models import Subject
from massar.testing.crowd import crowded_class

PERIOD = {"year": "2025/2026", "semester": 1}
# A first read: the token (its last use is written at most once a minute: a token just issued is used once
# first), the caller's child (parents), the enrolment with the stamps of its class and year, then the year's
# read: the enrolment with its grade rules and mark scale, the semester, the sheets with their results, the
# marks, the curriculum, the assessment rules and the semester results.
API_QUERIES = 10
# A report kept in the cache (report_cache.py): the token, the child, the enrolment with its stamps.
KEPT_API_QUERIES = 3
YEAR_READ_QUERIES = 7


def _headers(client, user) -> dict:
    _, token = api_token_issue(user=user, name="test")
    headers = {"authorization": f"Bearer {token}", "accept-language": "en"}
    # The token's first use writes its last use (then at most once a minute); no such year: nothing kept.
    assert client.get("/api/v1/me/grades", {"year": "1999/2000", "semester": 1}, headers=headers).status_code in (
        403, 404)
    return headers


def _read_twice(client, django_assert_max_num_queries, url: str, headers: dict) -> dict:
    """The first read within API_QUERIES, the same answer again within KEPT_API_QUERIES."""
    with django_assert_max_num_queries(API_QUERIES):
        first = client.get(url, PERIOD, headers=headers)
    with django_assert_max_num_queries(KEPT_API_QUERIES):
        again = client.get(url, PERIOD, headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    return first.json()


@pytest.mark.parametrize(("subjects", "students"), [(3, 3), (12, 45)])
def test_me_grades_in_fixed_queries(db, client, django_assert_max_num_queries, subjects, students):
    crowd = crowded_class(subjects=subjects, students=students)
    body = _read_twice(client, django_assert_max_num_queries, "/api/v1/me/grades", _headers(client, crowd.student))
    assert len(body["subjects"]) == subjects
    assert all(line["average"] and line["class_mean"] for line in body["subjects"])
    assert body["general"]["available"] and body["annual_average"] is not None


@pytest.mark.parametrize(("subjects", "students"), [(3, 3), (12, 45)])
def test_child_grades_in_fixed_queries(db, client, django_assert_max_num_queries, subjects, students):
    crowd = crowded_class(subjects=subjects, students=students)
    body = _read_twice(client, django_assert_max_num_queries,
                       f"/api/v1/children/{crowd.students[0].massar_code}/grades", _headers(client, crowd.parent))
    assert len(body["subjects"]) == subjects
    assert body["general"]["available"] and body["annual_average"] is not None


def test_the_year_is_read_in_fixed_queries_and_agrees_with_the_semester_report(db, django_assert_max_num_queries):
    crowd = crowded_class(subjects=12, students=4)
    with django_assert_max_num_queries(YEAR_READ_QUERIES):
        year = student_year_reports(viewer=crowd.student, student=crowd.students[0], semesters=crowd.semesters)
    assert [len(report.lines) for report in year.reports] == [12, 12]
    for term, report in zip(crowd.semesters, year.reports, strict=True):
        alone = student_semester_report(viewer=crowd.student, student=crowd.students[0], semester=term)
        assert alone.lines == report.lines
        assert (alone.general_average, alone.rank, alone.missing) == (
            report.general_average, report.rank, report.missing)


def test_rules_of_every_subject_in_one_query(db, django_assert_num_queries):
    crowd = crowded_class(subjects=12)
    school_class = crowd.school_class
    subjects = list(Subject.objects.filter(subjectcoefficient__school_year=school_class.school_year,
                                           subjectcoefficient__level=school_class.level).distinct())
    AssessmentRule.objects.filter(school_year=school_class.school_year, subject__code="PC").delete()
    with django_assert_num_queries(1):
        rules = assessment_rules_for(school_class=school_class, subjects=subjects)
    assert len(rules) == 12
    by_code = {subject.code: rules[subject.pk] for subject in subjects}
    # The level's rule beats the year's; a subject without any rule gets the default one.
    assert (by_code["MATH"].level_id, by_code["MATH"].tests_weight) == (school_class.level_id, Decimal("0.50"))
    assert by_code["PC"].pk is None and by_code["PC"].tests_weight == Decimal("0.75")
    assert by_code["FR"].level_id is None and by_code["FR"].tests_weight == Decimal("0.80")
    for subject in subjects:
        one = assessment_rule_for(school_class=school_class, subject=subject)
        assert (one.pk, one.tests_weight, one.plain_mean_of_tests) == (
            rules[subject.pk].pk, rules[subject.pk].tests_weight, rules[subject.pk].plain_mean_of_tests)
