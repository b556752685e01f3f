"""Personal pages are not kept by browsers or proxies: every page behind sign-in, and every API answer to a
bearer token, is sent with `Cache-Control: no-store`. The pages are those of the access matrix (generated from
the URL configuration), each opened by a role allowed to open it."""

import pytest

from massar.accounts.tokens import api_token_issue
from tests.test_access_matrix import RULES, own_student, url_for

SIGNED_IN_PAGES = sorted((name, sorted(rule.roles)[0]) for name, rule in RULES.items()
                         if rule.roles and not rule.public and not rule.post_only)


def test_the_walk_covers_the_personal_pages():
    names = {name for name, _ in SIGNED_IN_PAGES}
    assert {"portals:my_space", "accounts:security"} <= names
    assert len(names) >= 10


@pytest.mark.parametrize(("name", "role"), SIGNED_IN_PAGES)
def test_a_page_behind_sign_in_is_not_stored(en_client, world, name, role):
    en_client.force_login(world.accounts[role])
    response = en_client.get(url_for(name, RULES[name], own_student(world, role)))
    assert response.status_code in (200, 302)
    assert "no-store" in response["Cache-Control"], name


@pytest.mark.parametrize("role", ["student", "parent", "teacher"])
def test_a_public_page_seen_signed_in_is_not_stored_either(en_client, world, role):
    """The home page names the signed-in person."""
    en_client.force_login(world.accounts[role])
    assert "no-store" in en_client.get("/")["Cache-Control"]


def test_the_home_page_of_a_visitor_may_be_stored(en_client, db):
    assert "no-store" not in en_client.get("/").get("Cache-Control", "")


def test_an_api_answer_to_a_token_is_not_stored(client, world):
    _, token = api_token_issue(user=world.accounts["student"], name="phone")
    response = client.get("/api/v1/me/grades?year=2025/2026&semester=1", headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
