"""A publication outdates everything kept of the results with one write (a new generation): a read that looked
at the database before the publication committed keeps what it saw under the old generation, which is served
no more; the next read reads the database and keeps the published answer."""

import pytest
from django.core.cache import cache

from massar.accounts.tokens import api_token_issue
from massar.exams import results_cache
from massar.exams.results_cache import GENERATION_KEY, results_cache_key, results_cache_keys
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


def test_a_read_from_before_the_publication_is_not_served(locked, bac, world, monkeypatch,
                                                         django_capture_on_commit_callbacks,
                                                         django_assert_num_queries):
    def publish():
        with django_capture_on_commit_callbacks(execute=True):
            bac.publish(bac.national)

    monkeypatch.setattr(results_cache, "cache", PublicationLandsBeforeTheKeep(publish))
    assert kinds(student_results(student=world.student_a)) == ["bac_regional"]  # what it saw, before
    kept_generation, _rows = cache.get(results_cache_key(world.student_a.pk))
    assert kept_generation != cache.get(GENERATION_KEY), "kept under the generation the publication replaced"
    with django_assert_num_queries(1):  # so the next read is the database's, and keeps the published answer
        assert kinds(student_results(student=world.student_a)) == ["bac_national", "bac_regional"]
    with django_assert_num_queries(0):
        assert kinds(student_results(student=world.student_a)) == ["bac_national", "bac_regional"]


def test_the_api_answer_from_before_the_publication_is_not_served(locked, bac, client, world, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    def publish():
        with django_capture_on_commit_callbacks(execute=True):
            bac.publish(bac.national)

    headers = {"authorization": f"Bearer {api_token_issue(user=world.accounts['student'])[1]}"}
    monkeypatch.setattr(results_cache, "cache", PublicationLandsBeforeTheKeep(publish))
    before = client.get("/api/v1/me/results", headers=headers).json()["results"]
    assert kinds(before) == ["bac_regional"]
    after = client.get("/api/v1/me/results", headers=headers).json()["results"]
    assert kinds(after) == ["bac_national", "bac_regional"]


def test_a_publication_outdates_every_student_s_kept_results_with_one_write(locked, bac, world, other_student_kept,
                                                                           django_capture_on_commit_callbacks,
                                                                           django_assert_num_queries):
    student_results(student=world.student_a)
    writes = []
    real_set = cache.set

    def counted(key, *args, **kwargs):
        writes.append(key)
        return real_set(key, *args, **kwargs)

    cache.set = counted
    try:
        with django_capture_on_commit_callbacks(execute=True):  # the callbacks run as it closes
            bac.publish(bac.national)
    finally:
        del cache.set
    assert [key for key in writes if key.startswith("massar:exam-results")] == [GENERATION_KEY]
    for student in (world.student_a, other_student_kept):
        with django_assert_num_queries(1):
            student_results(student=student)


@pytest.fixture
def other_student_kept(world):
    student_results(student=world.student_b)
    return world.student_b


def test_results_kept_for_no_time_touch_no_cache(locked, world, settings, django_assert_num_queries):
    settings.MASSAR_RESULTS_CACHE_SECONDS = 0
    for _ in range(2):
        with django_assert_num_queries(1):
            student_results(student=world.student_a)
    assert cache.get(results_cache_key(world.student_a.pk)) is None
