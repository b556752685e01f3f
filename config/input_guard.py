"""Every text a person sends passes here before any page or API operation reads it (query parameters, form
fields, JSON bodies): a NUL character is refused, naming the field (a page: 400; the API: 422 in the shape of
its validation errors; in the path, 404: no identifier holds one); bidi controls are removed (massar.core.text). A body over the size limit is refused
(413) here too, before a view reads it half-way. File contents (a canevas) are read by their importer."""

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from massar.core.text import BIDI_CONTROLS, NUL, bidi_controls_removed

API_PREFIX = "/api/"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def _strings(value: Any, loc: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield (*loc, key), str(key)
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))


def _query_cleaned(query: QueryDict) -> QueryDict | None:
    """A copy of `query` without bidi controls, or None when it has none."""
    if not any(BIDI_CONTROLS.search(key) or any(BIDI_CONTROLS.search(v) for v in values)
               for key, values in query.lists()):
        return None
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(bidi_controls_removed(key), [bidi_controls_removed(v) for v in values])
    cleaned._mutable = False
    return cleaned


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith(API_PREFIX)
        if NUL in request.path:
            # No identifier holds a NUL: nothing by that name exists.
            if api:
                return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)
            raise Http404
        try:
            body = self._json(request)
            nul_at = self._nul_at(request, body)
        except RequestDataTooBig:
            return self._too_big(request, api)
        if nul_at is not None:
            return self._refused(request, api, nul_at)
        self._bidi_removed(request, body)
        return self.get_response(request)

    def _nul_at(self, request: HttpRequest, body: Any) -> tuple | None:
        for source, query in (("query", request.GET), *self._forms(request)):
            for key, values in query.lists():
                if NUL in key or any(NUL in value for value in values):
                    return (source, key.replace(NUL, "\\0"))
        if body is not None:
            for loc, text in _strings(body, ("body",)):
                if NUL in text:
                    return tuple(str(part).replace(NUL, "\\0") for part in loc)
        return None

    def _forms(self, request: HttpRequest) -> list[tuple[str, QueryDict]]:
        if request.method in WRITES and request.content_type in FORM_TYPES:
            return [("form", request.POST)]
        return []

    def _json(self, request: HttpRequest) -> Any:
        if request.method not in WRITES or not (request.content_type or "").endswith("json"):
            return None
        try:
            return json.loads(request.body)
        except ValueError:
            return None  # the API says what is wrong with it

    def _bidi_removed(self, request: HttpRequest, body: Any) -> None:
        query = _query_cleaned(request.GET)
        if query is not None:
            request.GET = query  # type: ignore[assignment]  # immutable, as Django's own
        if self._forms(request):
            form = _query_cleaned(request.POST)
            if form is not None:
                request.POST = form  # type: ignore[assignment]
        elif body is not None:
            # Read from the decoded strings, where an escaped \u202e is a control too; written again if any.
            cleaned = _without_bidi(body)
            if cleaned != body:
                request._body = json.dumps(cleaned).encode()

    def _refused(self, request: HttpRequest, api: bool, loc: tuple) -> HttpResponse:
        message = _("This text contains a NUL character (\\0), which cannot be stored: remove it and send again.")
        if api:
            return JsonResponse({"detail": [{"type": "nul_character", "loc": list(loc), "msg": message}]},
                                status=422)
        field = loc[-1] if len(loc) > 1 else ""
        return render(request, "input_refused.html", {"field": field, "message": message}, status=400)

    def _too_big(self, request: HttpRequest, api: bool) -> HttpResponse:
        message = _("What was sent is too large. Send a shorter text or a smaller file.")
        if api:
            return JsonResponse({"detail": message, "code": "body_too_large"}, status=413)
        return render(request, "input_refused.html", {"field": "", "message": message}, status=413)


def _without_bidi(value: Any) -> Any:
    if isinstance(value, str):
        return bidi_controls_removed(value)
    if isinstance(value, dict):
        return {bidi_controls_removed(key): _without_bidi(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_bidi(item) for item in value]
    return value
