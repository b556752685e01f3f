"""A database connection lost mid-request: a read is answered from a fresh connection, a write answers 503
"nothing was saved" with Retry-After, never a 500. The loss is made with Django's execute_wrapper (the query
raises as a killed connection does); tests/e2e/test_database_faults.py kills real PostgreSQL backends under
load (it needs a live server, as the browser journeys do)."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

from massar.accounts.models import User
from massar.accounts.tokens import api_token_issue
from massar.students.models import Guardian
from massar.testing.accounts import sign_in

pytestmark = pytest.mark.django_db


class Loss:
    """Raise like a dropped connection on the queries `matching` selects, `times` times."""

    def __init__(self, times: int, matching=lambda sql: True) -> None:
        self.times, self.matching, self.raised = times, matching, 0

    def __call__(self, execute, sql, params, many, context):
        if self.raised < self.times and self.matching(sql):
            self.raised += 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


@pytest.fixture
def student_client(world):
    # Django's test client re-raises a request's exception by default; a real server answers instead.
    client = Client(raise_request_exception=False, headers={"accept-language": "en"})
    assert sign_in(client, world.accounts["student"].username).status_code == 302
    return client


def test_a_read_is_answered_after_one_loss(student_client):
    loss = Loss(times=1)
    with connection.execute_wrapper(loss):
        response = student_client.get("/me/grades/")
    assert loss.raised == 1
    assert response.status_code == 200


def test_a_read_that_fails_twice_is_a_503_page_with_retry_after(student_client):
    with connection.execute_wrapper(Loss(times=10)):
        response = student_client.get("/me/grades/")
    assert response.status_code == 503 and response["Retry-After"] == "2"
    assert "Try again" in response.content.decode()


def test_an_api_read_that_fails_twice_is_a_503_json(world):
    client = Client(raise_request_exception=False)
    _, token = api_token_issue(user=world.accounts["student"], name="loss")
    with connection.execute_wrapper(Loss(times=10)):
        response = client.get("/api/v1/me/grades?year=2025/2026&semester=1",
                              headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 503 and response.json()["code"] == "service_unavailable"
    assert response["Retry-After"] == "2"


def test_a_write_is_not_run_twice_it_says_nothing_was_saved(db):
    """A parent's sign-up loses the connection as it writes the account: 503, Retry-After, nothing stored."""
    client = Client(raise_request_exception=False, headers={"accept-language": "en"})
    loss = Loss(times=1, matching=lambda sql: sql.startswith("INSERT") and "accounts_user" in sql)
    with connection.execute_wrapper(loss):
        response = client.post("/account/parent/signup/", {
            "email": "karim.idrissi@example.ma", "phone": "0611223344", "first_name_latin": "Karim",
            "last_name_latin": "Idrissi"})
    assert loss.raised == 1
    assert response.status_code == 503 and response["Retry-After"] == "2"
    assert "nothing was saved" in response.content.decode()
    assert not User.objects.filter(username="karim.idrissi@example.ma").exists()
    assert not Guardian.objects.filter(email="karim.idrissi@example.ma").exists()
