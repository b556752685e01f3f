"""`GET /me/results` and `GET /children/{code}/results`: nothing before publication, every state checked; the
result with its explanation afterwards; a cache that is down is answered from the database."""

import pytest
from django.test import override_settings

from massar.accounts.tokens import api_token_issue
from massar.exams.models import SessionState
from massar.testing.exams import NATIONAL_SP


def bearer(account) -> dict:
    return {"authorization": f"Bearer {api_token_issue(user=account)[1]}"}


def my_results(client, world) -> list[dict]:
    response = client.get("/api/v1/me/results", headers=bearer(world.accounts["student"]))
    assert response.status_code == 200
    return response.json()["results"]


def child_results(client, world, code=None):
    return client.get(f"/api/v1/children/{code or world.student_a.massar_code}/results",
                      headers=bearer(world.accounts["parent"]))


def national_kinds(results) -> list[str]:
    return [r["kind"] for r in results if r["kind"] == "bac_national"]


def test_a_result_is_seen_only_once_its_session_is_published(client, bac, world, django_capture_on_commit_callbacks):
    bac.regional_done()
    bac.continuous(world.student_a, "14", "15")
    seen = {}
    for state in (SessionState.PREPARING, SessionState.MARKING, SessionState.LOCKED):
        if state == SessionState.MARKING:
            bac.mark(bac.national, world.student_a, NATIONAL_SP)
        if state == SessionState.LOCKED:
            bac.lock(bac.national)
        bac.national.refresh_from_db()
        assert bac.national.state == state
        seen[state] = (national_kinds(my_results(client, world)),
                       national_kinds(child_results(client, world).json()["results"]))
    assert all(value == ([], []) for value in seen.values()), seen
    with django_capture_on_commit_callbacks(execute=True):
        bac.publish(bac.national)
    mine = my_results(client, world)
    assert [r["kind"] for r in mine] == ["bac_national", "bac_regional"]
    result = mine[0]
    assert (result["mark"], result["decision"], result["mention"], result["mention_official"]) == (
        "13.25", "admitted", "fairly_good", "Assez bien")
    assert [c["component"] for c in result["components"]] == ["continuous", "regional", "national"]
    assert result["components"][1]["source"]["kind"] == "bac_regional"
    assert child_results(client, world).json()["results"] == mine


def test_results_come_in_the_callers_language(client, bac, world, django_capture_on_commit_callbacks):
    bac.regional_done()
    bac.continuous(world.student_a, "14", "15")
    bac.mark(bac.national, world.student_a, NATIONAL_SP)
    with django_capture_on_commit_callbacks(execute=True):
        bac.publish(bac.national)
    labels = {}
    for language in ("en", "fr", "en"):  # each answer is kept per language: one never answers the other
        response = client.get("/api/v1/me/results", headers={**bearer(world.accounts["student"]),
                                                              "accept-language": language})
        labels[language] = response.json()["results"][0]["mention_label"]
    assert labels == {"en": "Fairly good", "fr": "Assez bien"}


@pytest.mark.django_db
def test_other_roles_and_other_children(client, world):
    assert client.get("/api/v1/me/results", headers=bearer(world.accounts["parent"])).json()["code"] == \
        "not_a_student"
    assert child_results(client, world, world.far_student.massar_code).status_code == 404
    assert child_results(client, world, "F999999999").json() == \
        child_results(client, world, world.far_student.massar_code).json()
    teacher = client.get(f"/api/v1/children/{world.student_a.massar_code}/results",
                         headers=bearer(world.accounts["teacher"]))
    assert teacher.json()["code"] == "not_a_parent"


def test_a_cache_that_is_down_is_answered_by_the_database(client, bac, world, django_capture_on_commit_callbacks):
    bac.continuous(world.student_a, "14", "15")
    bac.regional_done()
    bac.mark(bac.national, world.student_a, NATIONAL_SP)
    with django_capture_on_commit_callbacks(execute=True):
        bac.publish(bac.national)
    headers = bearer(world.accounts["student"])
    dead_redis = {"default": {"BACKEND": "config.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0",
                              "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    with override_settings(CACHES=dead_redis):
        response = client.get("/api/v1/me/results", headers=headers)
    assert response.status_code == 200
    assert [r["kind"] for r in response.json()["results"]] == ["bac_national", "bac_regional"]


def test_a_hit_reads_no_table(client, bac, world, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    bac.continuous(world.student_a, "14", "15")
    bac.regional_done()
    with django_capture_on_commit_callbacks(execute=True):
        bac.publish(bac.national)
    from massar.exams.selectors import student_results

    student_results(student=world.student_a)  # a miss: one query, then cached
    with django_assert_max_num_queries(0):
        assert len(student_results(student=world.student_a)) == 2


def test_a_miss_is_one_query(bac, world, django_capture_on_commit_callbacks, django_assert_num_queries):
    bac.continuous(world.student_a, "14", "15")
    bac.regional_done()
    with django_capture_on_commit_callbacks(execute=True):
        bac.publish(bac.national)
    from django.core.cache import cache

    from massar.exams.selectors import student_results

    cache.clear()
    with django_assert_num_queries(1):
        assert len(student_results(student=world.student_a)) == 2
