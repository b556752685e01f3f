"""Results day's rereads answered before the middleware (config/results_lane.py): the same answer as Django's,
byte for byte, nothing before publication, a revoked token refused at once, each language its own answer,
and everything else left to Django."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from config import results_lane
from config.results_lane import ResultsLane
from massar.accounts.models import ApiToken
from massar.accounts.tokens import api_token_issue, api_token_revoke
from massar.testing.exams import NATIONAL_SP, Bac

PATH = "/api/v1/me/results"


class CountingDjango:
    """Django's WSGI handler, counting the requests that reach it."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def bac(world):
    return Bac(world)


@pytest.fixture
def lane():
    # Each test learns Django's headers afresh (they are learned per process).
    results_lane._HEADERS.clear()
    # As the test client does: the test's transaction keeps its connection across these requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield ResultsLane(CountingDjango())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def read(lane, token, *, language="en", secure=True, path=PATH, **headers):
    environ = RequestFactory().get(path, secure=secure, headers={
        "authorization": f"Bearer {token}", "accept-language": language, **headers}).environ
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer.update(status=status, headers=dict(response_headers))

    body = b"".join(lane(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture
def published(bac, world, django_capture_on_commit_callbacks):
    bac.national_published(django_capture_on_commit_callbacks)
    return api_token_issue(user=world.accounts["student"])[1]


def test_a_reread_is_django_s_answer_without_django(lane, published, django_assert_num_queries):
    read(lane, published)  # Django answers; the token's account is now kept
    status, headers, body = read(lane, published)  # Django answers again; its answer is kept as sent
    assert lane.application.calls == 2
    with django_assert_num_queries(0):
        again = read(lane, published)
    assert lane.application.calls == 2, "the reread never reached Django"
    assert again[0] == status == "200 OK" and again[2] == body
    assert {k: v for k, v in again[1].items() if k != "Expires"} == {k: v for k, v in headers.items()
                                                                     if k != "Expires"}
    assert again[1]["Cache-Control"] == headers["Cache-Control"] and "no-store" in headers["Cache-Control"]
    assert b'"mark":"13.25"' in body.replace(b" ", b"")


def test_nothing_is_kept_past_a_publication(lane, bac, world, django_capture_on_commit_callbacks):
    bac.regional_done()
    bac.continuous(world.student_a, "14", "15")
    bac.mark(bac.national, world.student_a, NATIONAL_SP)
    bac.lock(bac.national)
    token = api_token_issue(user=world.accounts["student"])[1]
    for _ in range(3):  # before publication: the answer without the national result, kept
        before = read(lane, token)[2]
    assert b"bac_national" not in before and lane.application.calls == 2
    with django_capture_on_commit_callbacks(execute=True):
        bac.publish(bac.national)
    assert b"bac_national" in read(lane, token)[2]  # read from the database: the kept answer is outdated
    assert lane.application.calls == 2


def test_a_revoked_token_is_refused_at_once(lane, published, world):
    for _ in range(3):
        assert read(lane, published)[0] == "200 OK"
    api_token_revoke(api_token=ApiToken.objects.get(user=world.accounts["student"]), actor=world.accounts["student"])
    assert read(lane, published)[0].startswith("401")


def test_each_language_has_its_own_answer(lane, published):
    labels = {}
    for language in ("en", "fr", "en", "fr", "en", "fr"):
        _status, headers, body = read(lane, published, language=language)
        assert headers["Content-Language"] == language
        labels.setdefault(language, set()).add(b"Fairly good" in body)
    assert labels == {"en": {True}, "fr": {False}}


@pytest.mark.parametrize("variation", ["query", "cookie", "plain_http", "other_path", "bad_host"])
def test_anything_else_goes_to_django(lane, published, variation):
    for _ in range(2):
        read(lane, published)  # the token and the answer are kept
    calls = lane.application.calls
    if variation == "query":
        status, _headers, _body = read(lane, published, path=f"{PATH}?x=1")
    elif variation == "cookie":
        status, _headers, _body = read(lane, published, cookie="django_language=fr")
    elif variation == "plain_http":
        status, _headers, _body = read(lane, published, secure=False)
    elif variation == "other_path":
        status, _headers, _body = read(lane, published, path="/api/v1/me")
    else:
        status, _headers, _body = read(lane, published, host="evil.example")
    assert lane.application.calls == calls + 1
    assert status.startswith("400") if variation == "bad_host" else status == "200 OK"


def test_another_role_s_token_goes_to_django(lane, world):
    token = api_token_issue(user=world.accounts["parent"])[1]
    for _ in range(3):
        status, _headers, body = read(lane, token)
    assert status.startswith("403") and b"not_a_student" in body
    assert lane.application.calls == 3


def test_results_kept_for_no_time_are_read_from_the_database_each_time(lane, published, settings,
                                                                      django_assert_num_queries):
    settings.MASSAR_RESULTS_CACHE_SECONDS = 0
    answers = [read(lane, published) for _ in range(2)]  # Django: the token, then the headers
    for _ in range(2):
        with django_assert_num_queries(1):
            answers.append(read(lane, published))
    assert lane.application.calls == 2
    assert len({(status, body) for status, _headers, body in answers}) == 1


def forget_kept_answers(world) -> None:
    from django.core.cache import cache

    from massar.exams.results_cache import results_cache_keys

    cache.delete_many(results_cache_keys([world.student_a.pk]))


def test_a_miss_is_read_from_the_database_as_django_writes_it(lane, published, world, django_assert_num_queries):
    read(lane, published)
    django = read(lane, published)  # Django's answer: its headers are learned, the answer kept
    forget_kept_answers(world)
    with django_assert_num_queries(1):  # the one statement; the token is kept
        status, headers, body = read(lane, published)
    assert lane.application.calls == 2, "the miss never reached Django"
    assert (status, body) == (django[0], django[2])
    assert {k: v for k, v in headers.items() if k != "Expires"} == {k: v for k, v in django[1].items()
                                                                    if k != "Expires"}
    with django_assert_num_queries(0):  # and kept, as Django's would be
        assert read(lane, published)[2] == body


def test_a_miss_in_a_language_not_yet_answered_goes_to_django(lane, published, world):
    for _ in range(2):
        read(lane, published, language="en")
    forget_kept_answers(world)
    _status, headers, body = read(lane, published, language="fr")
    assert lane.application.calls == 3 and headers["Content-Language"] == "fr"
    forget_kept_answers(world)
    assert read(lane, published, language="fr")[2] == body and lane.application.calls == 3


def test_a_database_error_on_a_miss_leaves_it_to_django(lane, published, world, monkeypatch):
    from django.db import OperationalError

    for _ in range(2):
        read(lane, published)
    forget_kept_answers(world)

    def lost(student_id):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(results_lane, "published_results_rows", lost)
    status, _headers, body = read(lane, published)
    assert status == "200 OK" and b"bac_national" in body and lane.application.calls == 3
