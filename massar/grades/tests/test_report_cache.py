"""The students' and parents' reports kept in the cache (selectors/report_cache.py): a second read costs the
stamps' query only, and every write that changes a report — publication, withdrawal, correction, the close of a
school or of the nation, a rule change — is read at once, through the same services people use."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from massar.grades.close import semester_close
from massar.grades.models import GradeSheet, ReportStamp, YearGradeRules
from massar.grades.rule_changes import grade_rule_save
from massar.grades.selectors import report_cache, student_current_year
from massar.grades.services import grade_sheets_withdraw, mark_correct
from massar.testing import factories as make
from massar.testing.grades import Grades


@pytest.fixture
def grades(world):
    grades = Grades(world, extra_students=1)
    for code in grades.sheets:
        grades.enter(code, world.student_a, 1, "12")
        grades.enter(code, grades.students[1], 1, "16")
    return grades


def math_average(viewer, student) -> Decimal | None:
    year = student_current_year(viewer=viewer, student=student)
    assert year is not None
    line = next((line for line in year.reports[0].lines if line.subject.code == "MATH"), None)
    return None if line is None else line.average


def queries_of(read) -> int:
    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured.captured_queries)


def test_a_second_read_costs_the_stamps_query_only(grades, world):
    grades.publish(*grades.sheets)
    student = world.accounts["student"]

    def read():
        return student_current_year(viewer=student, student=world.student_a)

    first = queries_of(read)
    again = queries_of(read)
    assert again == 1 < first  # the enrolment with its stamps
    assert read().reports[0].lines == student_current_year(viewer=student, student=world.student_a).reports[0].lines


def test_staff_reads_are_never_kept(grades, world):
    grades.publish(*grades.sheets)
    admin = world.accounts["school_admin"]
    read = lambda: student_current_year(viewer=admin, student=world.student_a)  # noqa: E731
    assert queries_of(read) == queries_of(read) > 2


def test_publication_is_read_at_once(grades, world):
    student = world.accounts["student"]
    grades.publish("PC")
    assert math_average(student, world.student_a) is None
    grades.publish("MATH")
    assert math_average(student, world.student_a) == Decimal("12.00")


def test_a_withdrawal_is_read_at_once(grades, world):
    YearGradeRules.objects.filter(school_year=grades.school_class.school_year).update(parents_delay_days=2)
    grades.publish("MATH")
    student = world.accounts["student"]
    assert math_average(student, world.student_a) == Decimal("12.00")
    grade_sheets_withdraw(actor=grades.admin, sheet=grades.sheets["MATH"], reason="Wrong test")
    assert math_average(student, world.student_a) is None


def test_a_correction_is_read_at_once(grades, world):
    grades.publish("MATH")
    student = world.accounts["student"]
    assert math_average(student, world.student_a) == Decimal("12.00")
    mark_correct(sheet=grades.sheets["MATH"], student=world.student_a, slot=1, value="13.5", absent=False,
                 reason="Copy error", actor=grades.admin)
    assert math_average(student, world.student_a) == Decimal("13.50")


def test_the_close_of_a_school_and_of_the_nation_is_read_at_once(grades, world):
    grades.publish(*grades.sheets)
    student = world.accounts["student"]

    def general():
        year = student_current_year(viewer=student, student=world.student_a)
        return year.reports[0].general_average, year.reports[0].rank

    assert general() == (None, None)
    grades.close()
    assert general() == (Decimal("12.00"), 2)
    mark_correct(sheet=grades.sheets["MATH"], student=world.student_a, slot=1, value="20", absent=False,
                 reason="Copy error", actor=grades.admin)
    semester_close(semester=grades.semester)  # every school: the year's stamp
    assert ReportStamp.objects.filter(key=f"y{grades.school_class.school_year_id}").exists()
    average, _rank = general()
    assert average is not None and average > Decimal("12.00")


def test_a_rule_change_is_read_at_once(grades, world):
    grades.publish(*grades.sheets)
    grades.close()
    student = world.accounts["student"]
    assert student_current_year(viewer=student, student=world.student_a).reports[0].general_average is not None
    rules = YearGradeRules.objects.get(school_year=grades.school_class.school_year)
    rules.rounding = "half_even"
    grade_rule_save(row=rules, actor=make.account(role="ministry_officer"), reason="Reform")
    report = student_current_year(viewer=student, student=world.student_a).reports[0]
    assert report.general_average is None and report.general_out_of_date


def test_a_close_of_the_class_a_student_left_is_read_in_their_new_class(grades, world):
    """A student's report shows the results of a class they left during the year: closing that class changes
    the stamp of the class they are in now."""
    grades.publish(*grades.sheets)
    student = world.accounts["student"]
    make.transfer(student=world.student_a, to_class=world.class_b)
    before = student_current_year(viewer=student, student=world.student_a)
    assert before is not None and before.enrolment.school_class == world.class_b
    stamp = ReportStamp.objects.filter(key=f"c{world.class_b.pk}").values_list("stamp", flat=True).first()
    grades.close()
    assert ReportStamp.objects.get(key=f"c{world.class_b.pk}").stamp != stamp


def test_a_parents_report_is_kept_until_parents_may_see_the_next_sheet(grades, world, monkeypatch):
    YearGradeRules.objects.filter(school_year=grades.school_class.school_year).update(parents_delay_days=2)
    grades.publish("MATH")
    kept = []
    monkeypatch.setattr(report_cache.cache, "set", lambda key, value, timeout: kept.append(timeout))
    parent = world.accounts["parent"]
    assert math_average(parent, world.student_a) is None
    parents_see_from = GradeSheet.objects.get(pk=grades.sheets["MATH"].pk).parents_see_from
    until = (parents_see_from - timezone.now()).total_seconds()
    assert kept and kept[-1] <= min(report_cache.TIMEOUT, until)
    # Two days away: the entry's own limit decides; a minute away: the minute does.
    GradeSheet.objects.filter(pk=grades.sheets["MATH"].pk).update(
        parents_see_from=timezone.now() + timedelta(seconds=60))
    cache.clear()
    math_average(parent, world.student_a)
    assert 55 <= kept[-1] <= 60


def test_an_entry_is_read_by_the_account_it_was_computed_for_only(grades, world):
    grades.publish("MATH")
    student = world.accounts["student"]
    math_average(student, world.student_a)
    keys = [key for key in cache._cache if "grades:year" in key]  # LocMemCache in tests
    assert len(keys) == 1 and f":{student.pk}:student:{world.student_a.pk}:" in keys[0]


def test_the_apis_kept_answer_is_kept_per_language(grades, world, client):
    from massar.accounts.tokens import api_token_issue

    grades.publish("MATH")
    _, token = api_token_issue(user=world.accounts["student"], name="test")
    period = {"year": grades.school_class.school_year.label, "semester": 1}

    def read(language: str):
        return client.get("/api/v1/me/grades", period,
                          headers={"authorization": f"Bearer {token}", "accept-language": language})

    english, arabic, english_again = read("en"), read("ar"), read("en")
    assert english["content-type"] == "application/json; charset=utf-8"
    assert english.json()["general"]["message"] == "General average not yet available."
    assert arabic.json()["general"]["message"] != english.json()["general"]["message"]
    assert english_again.json() == english.json()
    assert english.json()["subjects"][0]["average"] == "12.00" == arabic.json()["subjects"][0]["average"]
