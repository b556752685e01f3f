"""Results day: a database connection lost while a result is read (on a cache miss) is answered from a fresh
connection, never a 500 (config/database_loss.py); the results query is the one that fails."""

from django.db import OperationalError, connection
from django.test import Client

from massar.accounts.tokens import api_token_issue


class Loss:
    def __init__(self, times: int) -> None:
        self.times, self.raised = times, 0

    def __call__(self, execute, sql, params, many, context):
        if self.raised < self.times and "exams_examresult" in sql:
            self.raised += 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


def test_a_lost_connection_during_a_results_read_is_no_500(bac, world, django_capture_on_commit_callbacks):
    bac.national_published(django_capture_on_commit_callbacks)
    client = Client(raise_request_exception=False)
    headers = {"authorization": f"Bearer {api_token_issue(user=world.accounts['student'])[1]}"}
    loss = Loss(times=1)
    with connection.execute_wrapper(loss):
        response = client.get("/api/v1/me/results", headers=headers)
    assert loss.raised == 1 and response.status_code == 200
    assert response.json()["results"][0]["mark"] == "13.25"
    with connection.execute_wrapper(Loss(times=10)):
        from django.core.cache import cache

        cache.clear()
        again = client.get("/api/v1/me/results", headers=headers)
    assert again.status_code == 503 and again["Retry-After"] == "2"
    page_client = Client(raise_request_exception=False, headers={"accept-language": "en"})
    page_client.force_login(world.accounts["student"])
    cache.clear()
    with connection.execute_wrapper(Loss(times=1)):
        page = page_client.get("/me/results/")
    assert page.status_code == 200 and "13.25/20" in page.content.decode()
