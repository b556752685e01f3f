"""Results day: a student's rereads of their exam results answered before Django's middleware.

On results day most requests are the same students reading `GET /api/v1/me/results` again and again. Django
answers the first one (the whole middleware, the token's checks, the scope, the answer kept per student and
language by `massar.exams.api.results_of`). This WSGI layer keeps that answer as Django sent it (status,
headers, body) in the shared cache beside it, and answers the next rereads from there with two cache reads:
the bearer token's account (the entry the API's authentication keeps, `massar/accounts/token_cache.py`, with
the same checks on every call) and the answer. The language is chosen as Django's LocaleMiddleware chooses
it, from the same request.

Anything else goes to Django untouched: another path or method, a query string, a cookie, no bearer token, a
token not kept (or tombstoned by a revocation or an account change), an account that is not a student's, a
host not allowed, a request that did not come through HTTPS. A publication tombstones the kept answers with
the rest of the results' cache (massar/exams/results_cache.py), so nothing is shown before it is published and
the answer after it comes from Django again. Redis down, or `MASSAR_RESULTS_CACHE_SECONDS=0`: every request goes
to Django.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.utils import timezone, translation
from django.utils.http import http_date

from massar.accounts.models import ApiToken
from massar.accounts.token_cache import token_cached
from massar.accounts.tokens import TOKEN_MAX_LENGTH, api_token_live, token_digest
from massar.core.roles import Role
from massar.exams.results_cache import results_answer_sent_cache_key, results_keep, results_kept

PATH = "/api/v1/me/results"
StartResponse = Callable[..., Any]


def _bearer(environ: dict[str, Any]) -> str | None:
    # As django-ninja's HttpBearer reads it, then the token stripped as the API's authentication does.
    parts = environ.get("HTTP_AUTHORIZATION", "").split(" ")
    if parts[0].lower() != "bearer":
        return None
    token = " ".join(parts[1:]).strip()
    return token if token and len(token) <= TOKEN_MAX_LENGTH else None


def answer_key(environ: dict[str, Any]) -> tuple[str, str] | None:
    """(the kept answer's key, the language Django would answer in) when this request may be answered from
    the cache, else None."""
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
    return results_answer_sent_cache_key(user.student_id, language), language


class ResultsLane:
    def __init__(self, application: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        # Results kept for no time (MASSAR_RESULTS_CACHE_SECONDS=0): every read is Django's, nothing to look up.
        found = answer_key(environ) if settings.MASSAR_RESULTS_CACHE_SECONDS > 0 else None
        if found is None:
            return self.application(environ, start_response)
        key, language = found
        kept = results_kept(key)
        if kept is not None:
            status, headers, body = kept
            # The one header that tells a time: "expired now" (Cache-Control: no-store says the rest).
            start_response(status, [(name, http_date() if name == "Expires" else value) for name, value in headers])
            return [body]
        return self._answered_by_django(environ, start_response, key, language)

    def _answered_by_django(self, environ: dict[str, Any], start_response: StartResponse, key: str,
                            language: str) -> Iterable[bytes]:
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
        # Only a plain success in the language chosen here, setting no cookie, is kept for the next rereads.
        if (sent.get("status", "").startswith("200 ") and "set-cookie" not in names
                and names.get("content-language") == language):
            # Kept as long as the results' own cache keeps them, unless a publication's tombstone is there.
            results_keep(key, (sent["status"], list(headers), body))
        return [body]
