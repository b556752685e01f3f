"""The rule tables are edited in the back office by the ministry, read by officers."""

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
