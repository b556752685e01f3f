"""A publication tombstones what is kept of its candidates' results: a read that looked at the database before
the publication committed cannot keep what it saw; reads meanwhile come from the database; once the
tombstones expire the published answer is kept again."""

import time

import pytest
from django.core.cache import cache

from massar.accounts.tokens import api_token_issue
from massar.exams import results_cache
from massar.exams.results_cache import STALE, results_cache_key, results_cache_keys
from massar.exams.selectors import student_results
from massar.testing.exams import NATIONAL_SP, PublicationLandsBeforeTheKeep


@pytest.fixture
def locked(bac, world):
    """student_a's national copies marked and locked, the regional exam published: the national result is
    not yet visible."""
    bac.regional_done()
    bac.continuous(world.student_a, "14", "15")
    bac.mark(bac.national, world.student_a, NATIONAL_SP)
    bac.lock(bac.national)
    cache.delete_many(results_cache_keys([world.student_a.pk]))


def kinds(results) -> list[str]:
    return [r["kind"] for r in results]


def test_a_read_from_before_the_publication_keeps_nothing(locked, bac, world, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    def publish():
        with django_capture_on_commit_callbacks(execute=True):
            bac.publish(bac.national)

    monkeypatch.setattr(results_cache, "cache", PublicationLandsBeforeTheKeep(publish))
    assert kinds(student_results(student=world.student_a)) == ["bac_regional"]  # what it saw, before
    assert cache.get(results_cache_key(world.student_a.pk)) == STALE
    assert kinds(student_results(student=world.student_a)) == ["bac_national", "bac_regional"]


def test_the_api_answer_from_before_the_publication_is_not_kept(locked, bac, client, world, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    def publish():
        with django_capture_on_commit_callbacks(execute=True):
            bac.publish(bac.national)

    headers = {"authorization": f"Bearer {api_token_issue(user=world.accounts['student'])[1]}"}
    monkeypatch.setattr(results_cache, "cache", PublicationLandsBeforeTheKeep(publish))
    before = client.get("/api/v1/me/results", headers=headers).json()["results"]
    assert kinds(before) == ["bac_regional"]
    assert set(cache.get_many(results_cache_keys([world.student_a.pk])).values()) == {STALE}
    after = client.get("/api/v1/me/results", headers=headers).json()["results"]
    assert kinds(after) == ["bac_national", "bac_regional"]


def test_reads_keep_the_published_answer_once_the_tombstones_expire(locked, bac, world, settings,
                                                                    django_capture_on_commit_callbacks,
                                                                    django_assert_num_queries):
    with django_capture_on_commit_callbacks(execute=True):
        bac.publish(bac.national)
    for _ in range(2):  # while tombstoned: from the database each time, nothing kept
        with django_assert_num_queries(1):
            assert kinds(student_results(student=world.student_a)) == ["bac_national", "bac_regional"]
    assert cache.get(results_cache_key(world.student_a.pk)) == STALE
    bac.tombstones_expire()
    student_results(student=world.student_a)
    with django_assert_num_queries(0):
        assert kinds(student_results(student=world.student_a)) == ["bac_national", "bac_regional"]


def test_the_tombstones_last_the_forget_seconds(locked, bac, world, settings, django_capture_on_commit_callbacks):
    settings.MASSAR_RESULTS_FORGET_SECONDS = 1
    with django_capture_on_commit_callbacks(execute=True):
        bac.publish(bac.national)
    assert cache.get(results_cache_key(world.student_a.pk)) == STALE
    time.sleep(1.1)
    assert cache.get(results_cache_key(world.student_a.pk)) is None
