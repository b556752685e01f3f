"""`POST /api/v1/me/children`: the "add a child" rules through the API, with every answer declared."""


import pytest

from massar.accounts.models import AccountEvent, AccountEventKind
from massar.accounts.services import child_no_match_message
from massar.accounts.tokens import api_token_issue
from massar.students.models import StudentGuardian

URL = "/api/v1/me/children"


def bearer(user) -> dict:
    _, token = api_token_issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en"}


def post(client, headers, **body):
    return client.post(URL, body, content_type="application/json", **headers)


def test_a_parent_links_a_child_then_linking_again_changes_nothing(client, world, parent, younger):
    headers = bearer(parent)
    created = post(client, headers, massar_code=f" {younger.massar_code.lower()} ", birth_date="2011-07-02",
                   relation="mother")
    assert created.status_code == 201
    assert created.json() == {
        "massar_code": younger.massar_code, "first_name_ar": younger.first_name_ar,
        "last_name_ar": younger.last_name_ar, "first_name_latin": younger.first_name_latin,
        "last_name_latin": younger.last_name_latin, "relation": "mother", "created": True}
    again = post(client, headers, massar_code=younger.massar_code, birth_date="2011-07-02", relation="tutor")
    assert again.status_code == 200 and again.json()["created"] is False and again.json()["relation"] == "mother"
    assert StudentGuardian.objects.filter(student=younger, guardian=parent.guardian).count() == 1
    [event] = AccountEvent.objects.filter(user=parent, kind=AccountEventKind.CHILD_LINKED)
    assert younger.massar_code in event.detail


@pytest.mark.parametrize("case", ["wrong birth date", "unknown code", "someone else's child"])
def test_every_mismatch_is_the_same_400(client, world, parent, younger, case):
    code, birth_date = {
        "wrong birth date": (younger.massar_code, "2011-07-03"),
        "unknown code": ("F000000001", "2011-07-02"),
        "someone else's child": (world.far_student.massar_code, "2011-07-02"),
    }[case]
    response = post(client, bearer(parent), massar_code=code, birth_date=birth_date, relation="father")
    assert response.status_code == 400
    assert response.json() == {"detail": child_no_match_message(), "code": "child_no_match", "field": None,
                               "unlocks_at": None, "retry_after_seconds": None}
    assert not StudentGuardian.objects.filter(guardian=parent.guardian).exists()


def test_a_malformed_code_is_a_located_400(client, world, parent):
    response = post(client, bearer(parent), massar_code="F12345", birth_date="2011-07-02", relation="father")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["field"] == "massar_code" and "has 5 digits" in body["detail"]


def test_too_many_mismatches_are_a_429_with_retry_after(client, world, parent, younger, settings):
    headers = bearer(parent)
    for _ in range(settings.MASSAR_CHILD_LINK_FAILURE_LIMIT):
        assert post(client, headers, massar_code=younger.massar_code, birth_date="2011-07-03",
                    relation="father").status_code == 400
    response = post(client, headers, massar_code=younger.massar_code, birth_date="2011-07-02", relation="father")
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.MASSAR_CHILD_LINK_WINDOW_SECONDS)
    assert response.json()["code"] == "child_link_throttled"
    assert not StudentGuardian.objects.filter(guardian=parent.guardian).exists()


def test_the_web_and_the_api_share_one_throttle(client, en_client, world, parent, younger, settings):
    en_client.force_login(parent)
    for _ in range(settings.MASSAR_CHILD_LINK_FAILURE_LIMIT):
        en_client.post("/account/parent/children/add/", {"massar_code": younger.massar_code,
                                                         "birth_date": "2011-07-03", "relation": "father"})
    response = post(client, bearer(parent), massar_code=younger.massar_code, birth_date="2011-07-02",
                    relation="father")
    assert response.status_code == 429


def test_without_a_token_it_is_a_401(client, world, parent, younger):
    assert post(client, {}, massar_code=younger.massar_code, birth_date="2011-07-02",
                relation="father").status_code == 401
    bad = {"HTTP_AUTHORIZATION": "Bearer not-a-token"}
    assert post(client, bad, massar_code=younger.massar_code, birth_date="2011-07-02",
                relation="father").status_code == 401
    # A signed-in browser session is not an API credential.
    client.force_login(parent)
    assert post(client, {}, massar_code=younger.massar_code, birth_date="2011-07-02",
                relation="father").status_code == 401
    assert not StudentGuardian.objects.filter(student=younger).exists()


@pytest.mark.parametrize("role", ["student", "teacher", "school_admin", "ministry_officer"])
def test_other_roles_are_a_403(client, world, younger, role):
    response = post(client, bearer(world.accounts[role]), massar_code=younger.massar_code,
                    birth_date="2011-07-02", relation="father")
    assert response.status_code == 403 and response.json()["code"] == "not_a_parent"
    assert not StudentGuardian.objects.filter(student=younger).exists()


@pytest.mark.parametrize("body", [
    {"massar_code": "F123456789", "birth_date": "not a date", "relation": "father"},
    {"massar_code": "F123456789", "birth_date": "2011-07-02", "relation": "uncle"},
    {"massar_code": "F123456789", "birth_date": "2011-07-02"},
    {"massar_code": "F" * 21, "birth_date": "2011-07-02", "relation": "father"},
])
def test_a_body_of_the_wrong_shape_is_a_422(client, world, parent, body):
    response = post(client, bearer(parent), **body)
    assert response.status_code == 422 and isinstance(response.json()["detail"], list)


def test_the_openapi_document_declares_every_answer(client, world):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/me/children"]["post"]
    assert {"200", "201", "400", "401", "403", "422", "429"} <= set(operation["responses"])
    assert operation["security"], "the operation needs a bearer token"
    schema = document["components"]["schemas"]["ChildLinkIn"]
    assert set(schema["required"]) == {"massar_code", "birth_date", "relation"}
