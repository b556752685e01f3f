"""The outbox's reads do not grow with its rows: the page, the API page and the header's count."""

import pytest
from django.urls import reverse

from massar.accounts.tokens import api_token_issue
from massar.notifications.models import Kind, Notification
from massar.notifications.selectors import unread_count_cached

PAGE_QUERIES = 12


def fill(account, count: int) -> None:
    Notification.objects.bulk_create([
        Notification(recipient=account, kind=Kind.GRADES_PUBLISHED, dedupe_key=f"q:{n}",
                     title={"text": "New grades for %(name)s", "values": {"name": {"ar": "س", "fr": "S"}}},
                     body={"text": "Published for %(semester)s: %(subjects)s.",
                           "values": {"semester": {"text": "Semester 1"}, "subjects": {"list": ["A", "B"]}}})
        for n in range(count)])


@pytest.mark.parametrize("rows", [3, 60])
def test_outbox_page_in_fixed_queries(en_client, world, django_assert_max_num_queries, rows):
    parent = world.accounts["parent"]
    fill(parent, rows)
    en_client.force_login(parent)
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert en_client.get(reverse("portals:notifications")).status_code == 200


@pytest.mark.parametrize("rows", [3, 60])
def test_api_page_in_fixed_queries(client, world, django_assert_max_num_queries, rows):
    parent = world.accounts["parent"]
    fill(parent, rows)
    headers = {"authorization": f"Bearer {api_token_issue(user=parent)[1]}"}
    with django_assert_max_num_queries(PAGE_QUERIES):
        body = client.get("/api/v1/notifications?per_page=50", headers=headers).json()
    assert body["count"] == rows and body["unread"] == rows


def test_header_count_is_one_query_then_cached(world, django_assert_num_queries):
    parent = world.accounts["parent"]
    fill(parent, 30)
    with django_assert_num_queries(1):
        assert unread_count_cached(parent) == 30
    with django_assert_num_queries(0):
        assert unread_count_cached(parent) == 30
