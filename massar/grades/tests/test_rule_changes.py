"""Once grades of a year are published, a change of a figure rule is recorded (who, when, old, new, why) and the
results computed with the old rule are marked out of date until the next close; meanwhile the student's
report and the API withhold them, so a subject average computed with the new rule never sits beside class
statistics computed with the old one. Before any publication a rule changes freely."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from massar.accounts.tokens import api_token_issue
from massar.core.errors import Invalid, Refused
from massar.grades.error_codes import GradesErrorCode
from massar.grades.models import (
    ACTIVITIES_SLOT,
    AssessmentRule,
    RuleChange,
    SemesterResult,
    SheetResult,
    YearGradeRules,
)
from massar.grades.rule_changes import grade_rule_save
from massar.grades.selectors import annual_average_for, student_semester_report
from massar.schools.models import SubjectCoefficient
from massar.testing.grades import SUBJECTS, Grades


@pytest.fixture
def grades(world):
    grades = Grades(world, extra_students=1)
    first, second = grades.students
    for code in SUBJECTS:
        grades.enter(code, first, 1, "12")
        grades.enter(code, first, ACTIVITIES_SLOT, "20")
        grades.enter(code, second, 1, "8")
    grades.publish(*SUBJECTS)
    grades.close()
    return grades


def en_rule(grades) -> AssessmentRule:
    return AssessmentRule.objects.get(school_year=grades.school_class.school_year, subject__code="EN",
                                      level__isnull=True)


def minister(world):
    return world.accounts["ministry_officer"]


def test_before_any_publication_a_rule_changes_freely(world):
    grades = Grades(world, extra_students=0)
    rule = en_rule(grades)
    rule.tests_weight, rule.activities_weight = Decimal("0.5"), Decimal("0.5")
    assert grade_rule_save(row=rule, actor=minister(world)) == []
    assert not RuleChange.objects.exists()
    rule.refresh_from_db()
    assert rule.tests_weight == Decimal("0.5")


def test_after_publication_a_change_without_a_reason_is_refused_and_nothing_changes(world, grades):
    rule = en_rule(grades)
    rule.tests_weight, rule.activities_weight = Decimal("0.5"), Decimal("0.5")
    with pytest.raises(Invalid) as refused:
        grade_rule_save(row=rule, actor=minister(world), reason="  ")
    assert refused.value.code == GradesErrorCode.RULE_CHANGE_REASON_REQUIRED
    rule.refresh_from_db()
    assert rule.tests_weight == Decimal("0.60")
    assert not RuleChange.objects.exists()
    assert not SheetResult.objects.filter(out_of_date_since__isnull=False).exists()


def test_only_the_ministry_changes_a_rule(world, grades):
    rule = en_rule(grades)
    rule.tests_count = 4
    with pytest.raises(Refused) as refused:
        grade_rule_save(row=rule, actor=world.accounts["academy_officer"], reason="reform")
    assert refused.value.code == GradesErrorCode.RULES_NOT_YOURS


def test_a_change_is_recorded_and_marks_the_results_it_reaches_out_of_date(world, grades):
    rule = en_rule(grades)
    rule.tests_weight, rule.activities_weight = Decimal("0.5"), Decimal("0.5")
    changes = grade_rule_save(row=rule, actor=minister(world), reason="Circular 12/2026")
    assert sorted((c.field, c.old_value, c.new_value) for c in changes) == [
        ("activities_weight", "0.4", "0.5"), ("tests_weight", "0.6", "0.5")]
    assert {(c.actor, c.reason, c.table) for c in RuleChange.objects.all()} == {
        (minister(world), "Circular 12/2026", "assessment_rule")}
    stale = set(SheetResult.objects.filter(out_of_date_since__isnull=False).values_list("sheet_id", flat=True))
    assert stale == {grades.sheets["EN"].pk}  # the other subjects' statistics still hold
    assert all(r.out_of_date_since for r in SemesterResult.objects.filter(school_class=grades.school_class))


def test_the_report_withholds_what_is_out_of_date_and_the_next_close_brings_it_back(en_client, world, grades):
    first = grades.students[0]
    rule = en_rule(grades)
    rule.tests_weight, rule.activities_weight = Decimal("0.5"), Decimal("0.5")
    grade_rule_save(row=rule, actor=minister(world), reason="Circular 12/2026")
    student = world.accounts["student"]

    report = student_semester_report(viewer=student, student=first, semester=grades.semester)
    lines = {line.subject.code: line for line in report.lines}
    assert lines["EN"].average == Decimal("16.00")  # 12 × 0.5 + 20 × 0.5: the new rule...
    assert lines["EN"].statistics is None and lines["EN"].statistics_out_of_date  # ...never beside the old
    assert lines["MATH"].statistics is not None and not lines["MATH"].statistics_out_of_date
    assert report.general_average is None and report.rank is None and report.out_of_date

    en_client.force_login(student)
    page = en_client.get(reverse("portals:grades_mine"), {"semester": 1}).content.decode()
    assert "A grade rule changed after these results were computed" in page
    assert "Class statistics out of date" in page
    _token, secret = api_token_issue(user=student, name="test")
    body = en_client.get("/api/v1/me/grades", {"year": "2025/2026", "semester": 1},
                         headers={"authorization": f"Bearer {secret}"}).json()
    en = next(s for s in body["subjects"] if s["subject"] == "EN")
    assert body["results_out_of_date"] and en["statistics_out_of_date"] and en["class_mean"] is None
    assert en["average"] == "16.00"
    assert body["general"]["average"] is None and "rule changed" in body["general"]["message"]

    grades.close()
    report = student_semester_report(viewer=student, student=first, semester=grades.semester)
    lines = {line.subject.code: line for line in report.lines}
    assert not report.out_of_date and report.general_average is not None
    # The class mean now comes from the new rule too: (16 + 8) / 2.
    assert lines["EN"].statistics is not None and lines["EN"].statistics.mean == Decimal("12.00")


def test_a_coefficient_change_marks_the_general_averages_of_its_classes_only(world, grades):
    coefficient = SubjectCoefficient.objects.get(school_year=grades.school_class.school_year,
                                                 level=grades.school_class.level, stream=grades.school_class.stream,
                                                 subject__code="EN")
    coefficient.continuous_coefficient = Decimal("3")
    changes = grade_rule_save(row=coefficient, actor=minister(world), reason="new curriculum")
    assert [(c.field, c.old_value, c.new_value, c.table) for c in changes] == [
        ("continuous_coefficient", "2", "3", "subject_coefficient")]
    assert not SheetResult.objects.filter(out_of_date_since__isnull=False).exists()
    assert all(r.out_of_date_since for r in SemesterResult.objects.filter(school_class=grades.school_class))


def test_a_change_of_the_rounding_reaches_every_result_of_the_year_and_the_annual_average(world, grades):
    second_semester = grades.school_class.school_year.semesters.get(number=2)
    for result in SemesterResult.objects.filter(semester=grades.semester):
        SemesterResult.objects.create(semester=second_semester, school_class=result.school_class,
                                      student=result.student, general_average=result.general_average)
    first, year = grades.students[0], grades.school_class.school_year
    assert annual_average_for(student=first, school_year=year) is not None
    rules = YearGradeRules.objects.get(school_year=grades.school_class.school_year)
    rules.rounding = "half_even"
    grade_rule_save(row=rules, actor=minister(world), reason="ministerial note")
    assert not SheetResult.objects.filter(out_of_date_since__isnull=True).exists()
    assert not SemesterResult.objects.filter(out_of_date_since__isnull=True).exists()
    assert annual_average_for(student=first, school_year=year) is None


def test_a_change_that_moves_no_figure_needs_no_reason(world, grades):
    rule = en_rule(grades)
    rule.officially_confirmed = True
    assert grade_rule_save(row=rule, actor=minister(world)) == []
    rules = YearGradeRules.objects.get(school_year=grades.school_class.school_year)
    rules.parents_delay_days = 2
    assert grade_rule_save(row=rules, actor=minister(world)) == []
    assert not SheetResult.objects.filter(out_of_date_since__isnull=False).exists()


def test_the_grades_board_flags_the_sheets_whose_results_are_out_of_date(en_client, world, grades):
    rule = en_rule(grades)
    rule.tests_weight, rule.activities_weight = Decimal("0.5"), Decimal("0.5")
    grade_rule_save(row=rule, actor=minister(world), reason="Circular 12/2026")
    en_client.force_login(grades.admin)
    page = en_client.get(reverse("portals:grades_board", args=[grades.school_class.pk, 1])).content.decode()
    flagged = [code for code, row in re.findall(r'<tr data-subject="([A-Z]+)">(.*?)</tr>', page, flags=re.S)
               if "Results out of date" in row]
    assert flagged == ["EN"]
    grades.close()
    page = en_client.get(reverse("portals:grades_board", args=[grades.school_class.pk, 1])).content.decode()
    assert "Results out of date" not in page


def test_a_new_rule_for_a_level_after_publication_is_a_recorded_change_too(world, grades):
    rule = AssessmentRule(school_year=grades.school_class.school_year, subject=en_rule(grades).subject,
                          level=grades.school_class.level, tests_count=2, tests_weight=Decimal("1"),
                          activities_weight=Decimal("0"), plain_mean_of_tests=True)
    with pytest.raises(Invalid):
        grade_rule_save(row=rule, actor=minister(world))
    assert not AssessmentRule.objects.filter(level=grades.school_class.level).exists()
    changes = grade_rule_save(row=rule, actor=minister(world), reason="2BAC reform")
    assert {(c.field, c.old_value) for c in changes} >= {("plain_mean_of_tests", ""), ("level", "")}
    assert next(c for c in changes if c.field == "level").new_value == "2BAC"
    assert SheetResult.objects.get(sheet=grades.sheets["EN"]).out_of_date_since is not None
    assert SheetResult.objects.get(sheet=grades.sheets["MATH"]).out_of_date_since is None
