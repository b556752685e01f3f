"""The database connection may be lost in the middle of a request (a failover, a restarted pooler, a killed
backend): people get an answer, never a 500. A read (GET/HEAD) is run once more on a fresh connection; a write
answers 503 "nothing was saved, try again" with Retry-After — its service's transaction was rolled back with
the connection. A failure during the request is noticed through Django's got_request_exception signal (sent
wherever the request's exception is turned into a 500), so a loss in a view, a template or a middleware counts.
"""

import contextlib
import logging
import sys
from collections.abc import Callable

from django.core.signals import got_request_exception
from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("massar.database")

LOST = (OperationalError, InterfaceError)
SAFE_METHODS = ("GET", "HEAD")
RETRY_AFTER_SECONDS = 2
FLAG = "massar_database_lost"


def _noticed(sender, request: HttpRequest | None = None, **kwargs) -> None:
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, LOST):
        setattr(request, FLAG, True)


got_request_exception.connect(_noticed, dispatch_uid="massar.database_loss")


def _connections_reset() -> None:
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue  # the request runs inside an outer transaction (a test's): its owner ends it
        with contextlib.suppress(*LOST):  # already gone: the next query opens a fresh one
            connection.close()


class DatabaseLossMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, FLAG, False):
            return response
        _connections_reset()
        if request.method in SAFE_METHODS:
            setattr(request, FLAG, False)
            logger.warning("database connection lost during %s %s: read again", request.method, request.path)
            response = self.get_response(request)
            if not getattr(request, FLAG, False):
                return response
            _connections_reset()
        logger.warning("database connection lost during %s %s: answered 503", request.method, request.path)
        return self._unavailable(request)

    def _unavailable(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS:
            message = _("The service could not reach its database. Try again in a moment.")
        else:
            message = _("The service lost its database connection: nothing was saved. Try again in a moment.")
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": message, "code": "service_unavailable", "retry_after_seconds": RETRY_AFTER_SECONDS},
                status=503)
        else:
            response = HttpResponse(render_to_string("database_lost.html", {"message": message}), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
