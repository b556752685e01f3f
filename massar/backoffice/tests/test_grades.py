"""The rule tables are edited in the back office by the ministry, read by officers."""

from decimal import Decimal

import pytest

from massar.grades.models import AssessmentRule
from massar.grades.rules import grade_rules_seed_year


@pytest.fixture
def rules(world):
    grade_rules_seed_year(school_year=world.class_a.school_year)
    return AssessmentRule.objects.get(subject__code="FR", level__isnull=True)


def test_the_ministry_edits_an_assessment_rule(en_client, world, rules):
    en_client.force_login(world.accounts["ministry_officer"])
    listing = en_client.get("/backoffice/grades/assessmentrule/").content.decode()
    assert "seeded, not confirmed by an official text" in listing
    response = en_client.post(f"/backoffice/grades/assessmentrule/{rules.pk}/change/", {
        "school_year": rules.school_year_id, "subject": rules.subject_id, "level": "", "tests_count": 4,
        "tests_weight": "0.80", "activities_weight": "0.20", "officially_confirmed": "on"})
    assert response.status_code == 302
    rules.refresh_from_db()
    assert rules.tests_count == 4 and rules.officially_confirmed


def test_weights_that_do_not_add_up_are_refused_in_the_form(en_client, world, rules):
    en_client.force_login(world.accounts["ministry_officer"])
    response = en_client.post(f"/backoffice/grades/assessmentrule/{rules.pk}/change/", {
        "school_year": rules.school_year_id, "subject": rules.subject_id, "level": "", "tests_count": 3,
        "tests_weight": "0.70", "activities_weight": "0.20"})
    assert response.status_code == 200 and "errornote" in response.content.decode()
    rules.refresh_from_db()
    assert str(rules.tests_weight) == "0.80"


@pytest.mark.parametrize("role", ["academy_officer", "directorate_officer"])
def test_officers_read_the_rules_but_cannot_change_them(en_client, world, rules, role):
    en_client.force_login(world.accounts[role])
    assert en_client.get("/backoffice/grades/assessmentrule/").status_code == 200
    response = en_client.post(f"/backoffice/grades/assessmentrule/{rules.pk}/change/", {
        "school_year": rules.school_year_id, "subject": rules.subject_id, "level": "", "tests_count": 9,
        "tests_weight": "0.80", "activities_weight": "0.20"})
    assert response.status_code == 403
    rules.refresh_from_db()
    assert rules.tests_count == 3


def test_the_ministry_reads_the_mark_scales_and_officers_cannot_change_them(en_client, world, rules):
    from massar.grades.models import MarkScale

    scale = MarkScale.objects.get(school_year=world.class_a.school_year, level__code="6AP")
    en_client.force_login(world.accounts["ministry_officer"])
    listing = en_client.get("/backoffice/grades/markscale/").content.decode()
    assert "6AP" in listing or "Primary year 6" in listing
    en_client.force_login(world.accounts["academy_officer"])
    response = en_client.post(f"/backoffice/grades/markscale/{scale.pk}/change/", {
        "school_year": scale.school_year_id, "level": scale.level_id, "out_of": 20})
    assert response.status_code == 403
    scale.refresh_from_db()
    assert scale.out_of == 10


@pytest.fixture
def published(world):
    """A year with a published, closed sheet: its rules now change only with a reason."""
    from massar.testing.grades import Grades

    grades = Grades(world, extra_students=0)
    grades.enter("FR" if "FR" in grades.sheets else "EN", grades.students[0], 1, "12")
    grades.publish(*grades.sheets)
    grades.close()
    return grades


def _rule_form(rule, **changes) -> dict:
    form = {"school_year": rule.school_year_id, "subject": rule.subject_id, "level": "",
            "tests_count": rule.tests_count, "tests_weight": str(rule.tests_weight),
            "activities_weight": str(rule.activities_weight)}
    form.update(changes)
    return form


def test_after_publication_the_back_office_asks_why_a_rule_changes_and_records_it(en_client, world, published):
    from massar.grades.models import RuleChange, SheetResult

    rule = AssessmentRule.objects.get(school_year=world.class_a.school_year, subject__code="EN", level__isnull=True)
    en_client.force_login(world.accounts["ministry_officer"])
    url = f"/backoffice/grades/assessmentrule/{rule.pk}/change/"
    assert 'name="change_reason"' in en_client.get(url).content.decode()
    refused = en_client.post(url, _rule_form(rule, tests_weight="0.50", activities_weight="0.50"))
    assert refused.status_code == 200 and "say why this rule changes" in refused.content.decode()
    rule.refresh_from_db()
    assert rule.tests_weight == Decimal("0.60") and not RuleChange.objects.exists()

    done = en_client.post(url, _rule_form(rule, tests_weight="0.50", activities_weight="0.50",
                                          change_reason="Circular 12/2026"))
    assert done.status_code == 302
    rule.refresh_from_db()
    assert rule.tests_weight == Decimal("0.50")
    assert set(RuleChange.objects.values_list("field", "reason")) == {
        ("tests_weight", "Circular 12/2026"), ("activities_weight", "Circular 12/2026")}
    assert SheetResult.objects.get(sheet=published.sheets["EN"]).out_of_date_since is not None
    log = en_client.get("/backoffice/grades/rulechange/").content.decode()
    assert "Circular 12/2026" in log
    assert en_client.post(f"/backoffice/grades/rulechange/{RuleChange.objects.first().pk}/delete/").status_code == 403


def test_after_publication_a_rule_is_corrected_not_deleted(en_client, world, published):
    rule = AssessmentRule.objects.get(school_year=world.class_a.school_year, subject__code="EN", level__isnull=True)
    en_client.force_login(world.accounts["ministry_officer"])
    assert en_client.post(f"/backoffice/grades/assessmentrule/{rule.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AssessmentRule.objects.filter(pk=rule.pk).exists()


def test_after_publication_a_coefficient_change_asks_for_a_reason(en_client, world, published):
    from massar.grades.models import RuleChange, SemesterResult
    from massar.schools.models import SubjectCoefficient

    row = SubjectCoefficient.objects.get(school_year=world.class_a.school_year, level=world.class_a.level,
                                         stream=world.class_a.stream, subject__code="EN")
    en_client.force_login(world.accounts["ministry_officer"])
    url = f"/backoffice/schools/subjectcoefficient/{row.pk}/change/"
    form = {"school_year": row.school_year_id, "level": row.level_id, "stream": row.stream_id,
            "subject": row.subject_id, "continuous_coefficient": "3", "exam_coefficient": ""}
    assert en_client.post(url, form).status_code == 200
    assert en_client.post(url, {**form, "change_reason": "new curriculum"}).status_code == 302
    assert RuleChange.objects.get().new_value == "3"
    assert SemesterResult.objects.filter(school_class=world.class_a, out_of_date_since__isnull=False).exists()


def test_officers_read_a_rule_of_a_published_year(en_client, world, published):
    rule = AssessmentRule.objects.get(school_year=world.class_a.school_year, subject__code="EN", level__isnull=True)
    en_client.force_login(world.accounts["academy_officer"])
    page = en_client.get(f"/backoffice/grades/assessmentrule/{rule.pk}/change/")
    assert page.status_code == 200 and 'name="change_reason"' not in page.content.decode()
