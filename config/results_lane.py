"""Results day: a student's reads of their exam results answered before Django's middleware.

On results day most requests are students reading `GET /api/v1/me/results`, again and again. Django answers
a process's first one in each language (the whole middleware, the token's checks, the scope, the answer kept
per student and language by `massar.exams.api.results_of`). This WSGI layer keeps that answer as Django sent it
(status, headers, body) in the shared cache beside it, and answers from there the next rereads with two cache
reads: the bearer token's account (the entry the API's authentication keeps, `massar/accounts/token_cache.py`,
with the same checks on every call) and the answer. The language is chosen as Django's LocaleMiddleware
chooses it, from the same request.

A student whose answer is not kept (a first read, a publication since, an expiry) is read from the
database here too: one constant statement (`results_rows.published_results_rows`, the selector's own read),
written by the API's own writer (`api.results_answer_body`) in that language, sent with the headers Django's
middleware gave this process's last answer in that language (they name no student: type, language, caching
and security headers; the length and the expiry are the answer's own), then kept like Django's. A database
error leaves the request to Django, which retries a lost connection.

Anything else goes to Django untouched: another path or method, a query string, a cookie, no bearer token, a
token not kept (or tombstoned by a revocation or an account change), an account that is not a student's, a
host not allowed, a request that did not come through HTTPS. A publication outdates the kept answers with the
rest of the results' cache (massar/exams/results_cache.py), so nothing is shown before it is published.
Redis down: every request goes to Django. `MASSAR_RESULTS_CACHE_SECONDS=0`: nothing is kept, every read is
the database's.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError
from django.utils import timezone, translation
from django.utils.http import http_date

from massar.accounts.models import ApiToken
from massar.accounts.token_cache import token_cached
from massar.accounts.tokens import TOKEN_MAX_LENGTH, api_token_live, token_digest
from massar.core.roles import Role
from massar.exams.api import results_answer_body
from massar.exams.results_cache import results_answer_sent_cache_key, results_keep, results_kept
from massar.exams.results_rows import published_results_rows

PATH = "/api/v1/me/results"
StartResponse = Callable[..., Any]


def _bearer(environ: dict[str, Any]) -> str | None:
    # As django-ninja's HttpBearer reads it, then the token stripped as the API's authentication does.
    parts = environ.get("HTTP_AUTHORIZATION", "").split(" ")
    if parts[0].lower() != "bearer":
        return None
    token = " ".join(parts[1:]).strip()
    return token if token and len(token) <= TOKEN_MAX_LENGTH else None


def answer_key(environ: dict[str, Any]) -> tuple[str, str, Any] | None:
    """(the kept answer's key, the language Django would answer in, the student's account) when this request
    may be answered here, else None."""
    if (environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO") != PATH or environ.get("QUERY_STRING")
            or environ.get("HTTP_COOKIE")):
        return None
    token = _bearer(environ)
    if token is None:
        return None
    request = WSGIRequest(environ)
    if not request.is_secure():
        return None  # SecurityMiddleware's redirect is Django's to give
    try:
        request.get_host()
    except DisallowedHost:
        return None
    kept = token_cached(token_digest(token))
    if not isinstance(kept, ApiToken) or not api_token_live(kept, timezone.now()):
        return None
    user = kept.user
    if user.role != Role.STUDENT or user.student_id is None:
        return None
    language = translation.get_language_from_request(request)
    return results_answer_sent_cache_key(user.student_id, language), language, user


# The headers Django's middleware gave a results answer in each language, learned in this process from its own
# answers (they name no student); a read answered here is sent with them.
_HEADERS: dict[str, list[tuple[str, str]]] = {}


def _sent(start_response: StartResponse, status: str, headers: list[tuple[str, str]], body: bytes) -> list[bytes]:
    # The answer's own length, and the one header that tells a time: "expired now" (no-store says the rest).
    start_response(status, [(name, str(len(body)) if name == "Content-Length" else http_date() if name == "Expires"
                             else value) for name, value in headers])
    return [body]


class ResultsLane:
    def __init__(self, application: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        found = answer_key(environ)
        if found is None:
            return self.application(environ, start_response)
        key, language, user = found
        kept, generation = results_kept(key)
        if kept is not None:
            status, headers, body = kept
            return _sent(start_response, status, headers, body)
        headers = _HEADERS.get(language)
        if headers is not None:
            body = self._read(user, language)
            if body is not None:
                results_keep(key, ("200 OK", headers, body), generation)
                return _sent(start_response, "200 OK", headers, body)
        return self._answered_by_django(environ, start_response, key, language, generation)

    def _read(self, user: Any, language: str) -> bytes | None:
        """The answer from the database, as Django's view writes it; None on a database error.

        The thread keeps the connection it read with for its next miss (one connection per thread, as
        Django's own requests take: the pool's bound holds), so a miss skips the pool's check of the
        connection and its return, a round trip each; Django's next request in this thread hands it back
        first. A connection that fails leaves the request to Django, whose request handling closes it."""
        try:
            with translation.override(language):
                return results_answer_body(massar_code=user.student.massar_code,
                                           results=published_results_rows(user.student_id)).encode()
        except DatabaseError:
            return None

    def _answered_by_django(self, environ: dict[str, Any], start_response: StartResponse, key: str,
                            language: str, generation: str | None) -> Iterable[bytes]:
        sent: dict[str, Any] = {}

        def remember(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            sent.update(status=status, headers=headers)
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        answer = self.application(environ, remember)
        try:
            body = b"".join(answer)
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()
        headers = sent.get("headers") or []
        names = {name.lower(): value for name, value in headers}
        # Only a plain success in the language chosen here, setting no cookie, is kept for the next reads.
        if (sent.get("status", "") == "200 OK" and "set-cookie" not in names
                and names.get("content-language") == language):
            _HEADERS[language] = list(headers)
            # Kept as long as the results' own cache keeps them, in the generation seen before Django read them.
            results_keep(key, (sent["status"], list(headers), body), generation)
        return [body]
