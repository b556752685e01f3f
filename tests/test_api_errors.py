"""The one exception handler: a DomainError raised anywhere under the API becomes its status and code."""

import datetime

import pytest
from django.test import RequestFactory

from config.api import api, domain_error
from massar.core.errors import Conflict, Invalid, NotAuthenticated, NotFound, Refused, Throttled


@pytest.mark.parametrize(("error", "status"), [
    (NotAuthenticated("not_authenticated", "Sign in first."), 401),
    (Refused("not_a_parent", "No."), 403),
    (NotFound("not_found", ""), 404),
    (Conflict("changed_meanwhile", "Changed."), 409),
    (Throttled("too_many_attempts", "Wait.", retry_after_seconds=30), 429),
    (Invalid("mark_out_of_range", "0-20."), 400),
])
def test_each_kind_of_domain_error_has_its_status_and_keeps_its_code(error, status):
    assert api  # the handler is registered on the one API
    response = domain_error(RequestFactory().get("/api/v1/x"), error)
    assert response.status_code == status
    import json

    body = json.loads(response.content)
    assert body["code"] == error.code
    assert body["detail"]
    if status == 429:
        assert response["Retry-After"] == "30"
        assert body["retry_after_seconds"] == 30


def test_details_are_serialised_as_json():
    at = datetime.datetime(2026, 12, 4, 10, 0, tzinfo=datetime.UTC)
    response = domain_error(RequestFactory().get("/"), Refused("account_locked", "Locked.", unlocks_at=at))
    assert b'"unlocks_at": "2026-12-04T10:00:00Z"' in response.content
