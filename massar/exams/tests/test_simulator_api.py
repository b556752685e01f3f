"""The public bac simulator: `POST /api/v1/simulator/bac`, one code path with the official computation."""

import json
from decimal import Decimal

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from massar.exams import calculations as calc
from massar.exams.models import ExamResult, ResultRules
from massar.testing.exams import NATIONAL_SP

pytestmark = pytest.mark.django_db
URL = "/api/v1/simulator/bac"


def simulate(client, **body):
    response = client.post(URL, data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_the_issue_example(client):
    status, body = simulate(client, continuous_assessment="14.50", regional="12.00", national="13.25",
                            candidate="school")
    assert status == 200
    assert (body["average"], body["decision"], body["mention"]) == ("13.25", "admitted", "Assez bien")


@pytest.mark.parametrize(("marks", "average", "decision", "mention"), [
    (("9.995", "9.995", "9.995"), "10.00", "admitted", "Passable"),
    (("9.99", "9.99", "9.99"), "9.99", "second_session", None),
    (("7", "7", "7"), "7.00", "second_session", None),
    (("6.99", "6.99", "6.99"), "6.99", "failed", None),
    (("16", "16", "15.99"), "16.00", "admitted", "Très bien"),  # 15.995
    (("12", "12", "11.99"), "12.00", "admitted", "Assez bien"),  # 11.995
])
def test_boundaries(client, marks, average, decision, mention):
    cc, regional, national = marks
    # Three decimals are refused as a typed mark: the exact mark 9.995 comes from 2-decimal components.
    if "9.995" in marks:
        cc, regional, national = "9.99", "10.00", "9.995"
        status, body = simulate(client, continuous_assessment=cc, regional=regional, national=national)
        assert (status, body["field"]) == (422, "national")
        cc, regional, national = "9.98", "10.00", "10.00"  # 2.495 + 2.5 + 5 = 9.995
    status, body = simulate(client, continuous_assessment=cc, regional=regional, national=national)
    assert status == 200
    assert (body["average"], body["decision"], body["mention"]) == (average, decision, mention)


def test_free_candidates_omit_the_continuous_assessment(client):
    status, body = simulate(client, candidate="free", regional="9.00", national="11.99")
    assert (status, body["average"], body["decision"]) == (200, "10.50", "admitted")
    assert "continuous" not in body["components"]


def test_commas_are_decimal_points(client):
    assert simulate(client, continuous_assessment="14,50", regional="12", national="13,25")[1]["average"] == "13.25"


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"continuous_assessment": "20.01", "regional": "12", "national": "12"}, "continuous_assessment", "invalid_mark"),
    ({"continuous_assessment": "-1", "regional": "12", "national": "12"}, "continuous_assessment", "invalid_mark"),
    ({"continuous_assessment": "14", "regional": "douze", "national": "12"}, "regional", "invalid_mark"),
    ({"continuous_assessment": "14", "regional": "NaN", "national": "12"}, "regional", "invalid_mark"),
    ({"continuous_assessment": "14", "regional": "Infinity", "national": "12"}, "regional", "invalid_mark"),
    ({"regional": "12", "national": "12"}, "continuous_assessment", "missing_component"),
    ({"continuous_assessment": "14", "national": "12"}, "regional", "missing_component"),
    ({"continuous_assessment": "14", "regional": "12", "stream": "XYZ", "national_subjects": {"MATH": "12"}},
     "stream", "unknown_stream"),
    ({"continuous_assessment": "14", "regional": "12", "national_subjects": {"MATH": "12"}}, "stream",
     "unknown_stream"),
    ({"continuous_assessment": "14", "regional": "12", "stream": "SP", "national_subjects": {"MATH": "12"}},
     "national.PC", "missing_component"),
    ({"continuous_assessment": "14", "regional": "12", "stream": "SP",
      "national_subjects": {**NATIONAL_SP, "LATIN": "12"}}, "national.LATIN", "unknown_subject"),
])
def test_bad_input_is_422_naming_the_field(client, body, field, code):
    status, answer = simulate(client, **body)
    assert (status, answer["field"], answer["code"]) == (422, field, code)


def test_a_number_instead_of_text_is_422_naming_the_field(client):
    status, answer = simulate(client, continuous_assessment=14.5, regional="12", national="12")
    assert status == 422 and "continuous_assessment" in json.dumps(answer["detail"])


def test_per_subject_marks_with_a_stream(client, world):
    from massar.core.models import SchoolYear
    from massar.schools.services import coefficients_seed_year

    coefficients_seed_year(school_year=SchoolYear.objects.get(is_current=True))
    status, body = simulate(client, continuous_assessment="10", stream="SP",
                            regional_subjects={"AR": "10", "FR": "16", "EI": "10", "HG": "10"},
                            national_subjects={"MATH": "20", "PC": "0", "SVT": "10", "PHILO": "10", "EN": "10"})
    assert status == 200
    assert body["components"] == {"continuous": "10.00", "regional": "12.40", "national": "10.00"}
    assert body["average"] == "10.60"


def test_what_national_average_is_needed(client):
    status, body = simulate(client, continuous_assessment="14.50", regional="12.00")
    assert status == 200 and body["average"] is None
    assert body["needed_national"] == {"10": "6.74", "12": "10.74", "14": "14.74", "16": "18.74"}


def test_the_years_rules_decide(client, world):
    from massar.core.models import SchoolYear
    from massar.exams.rules import result_rules_seed_year

    result_rules_seed_year(school_year=SchoolYear.objects.get(is_current=True))
    assert simulate(client, continuous_assessment="7.5", regional="7.5", national="7.5")[1]["decision"] == \
        "second_session"
    ResultRules.objects.filter(level__code="2BAC").update(second_session_threshold=Decimal(8))
    assert simulate(client, continuous_assessment="7.5", regional="7.5", national="7.5")[1]["decision"] == "failed"


@override_settings(MASSAR_SIMULATOR_REQUESTS_PER_IP=3)
def test_throttled_per_address(client):
    for _ in range(3):
        assert simulate(client, continuous_assessment="10", regional="10", national="10")[0] == 200
    response = client.post(URL, data=json.dumps({"continuous_assessment": "10", "regional": "10", "national": "10"}),
                           content_type="application/json")
    assert response.status_code == 429 and response.json()["code"] == "too_many_requests"
    assert int(response["Retry-After"]) > 0
    other = client.post(URL, data=json.dumps({"continuous_assessment": "10", "regional": "10", "national": "10"}),
                        content_type="application/json", REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200


def test_the_simulator_agrees_with_the_official_computation(client, bac, world, django_capture_on_commit_callbacks):
    bac.regional_done({"AR": "11.25", "FR": "9.5", "EI": "14", "HG": "8.75"})
    bac.continuous(world.student_a, "12.37", "13.01")
    national = {"MATH": "9.75", "PC": "12.5", "SVT": "8", "PHILO": "15.25", "EN": "17"}
    bac.mark(bac.national, world.student_a, national)
    with django_capture_on_commit_callbacks(execute=True):
        bac.publish(bac.national)
    official = ExamResult.objects.get(session=bac.national, student=world.student_a)
    status, body = simulate(client, continuous_assessment="12.69", stream="SP",
                            regional_subjects={"AR": "11.25", "FR": "9.5", "EI": "14", "HG": "8.75"},
                            national_subjects=national)
    assert status == 200
    assert (body["average"], body["decision"]) == (str(official.mark), official.decision)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.decimals(min_value=0, max_value=20, places=2), st.decimals(min_value=0, max_value=20, places=2),
       st.decimals(min_value=0, max_value=20, places=2))
def test_the_api_answers_what_the_calculation_says(client, cc, regional, national):
    from django.core.cache import cache

    cache.clear()
    status, body = simulate(client, continuous_assessment=str(cc), regional=str(regional), national=str(national))
    rules = calc.Rules(weights={calc.Component.CONTINUOUS: Decimal("0.25"), calc.Component.REGIONAL: Decimal("0.25"),
                                calc.Component.NATIONAL: Decimal("0.5")}, admission=Decimal(10),
                       second_session=Decimal(7))
    expected = calc.final_result({calc.Component.CONTINUOUS: cc, calc.Component.REGIONAL: regional,
                                  calc.Component.NATIONAL: national}, rules)
    assert status == 200 and (body["average"], body["decision"]) == (str(expected.mark), expected.decision)


@pytest.mark.parametrize("text", ["1e1", "1_0", "1 0", "14.755", ""])
def test_what_is_not_a_mark_as_people_type_it(client, text):
    status, answer = simulate(client, continuous_assessment="12", regional="12", national=text or " ")
    assert status == 422 and answer["field"] == "national"
