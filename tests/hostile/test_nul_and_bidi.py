"""No text a person sends can break a page: a NUL character in any query parameter, form field or API string is
refused (a page 400, the API 422) before anything reads it, on both databases — never a 500. Bidi controls are
removed. The pages and their forms come from the access matrix (the URL configuration); the API's inputs from
the OpenAPI document: a new page, form field or operation is covered without being listed here."""

import re

import pytest

from massar.accounts.tokens import api_token_issue
from tests.test_access_matrix import RULES, own_student, url_for

NUL = "a\x00b"
PAGES = sorted((name, sorted(rule.roles)[0] if rule.roles else None) for name, rule in RULES.items()
               if not rule.post_only)


def form_fields(html: str) -> list[str]:
    """The names of the fields of the page's POST forms (hidden ones included)."""
    names: list[str] = []
    for form in re.findall(r"<form[^>]*method=\"?post\"?[^>]*>(.*?)</form>", html, flags=re.S | re.I):
        names += re.findall(r"<(?:input|textarea|select)[^>]*\bname=\"([^\"]+)\"", form)
    return sorted(set(names) - {"csrfmiddlewaretoken"})


@pytest.mark.parametrize(("name", "role"), PAGES)
def test_nul_in_a_query_or_a_form_field_is_refused_on_every_page(client, world, name, role):
    if role is not None:
        client.force_login(world.accounts[role])
    url = url_for(name, RULES[name], own_student(world, role) if role else world.student_a)
    page = client.get(url)
    assert client.get(url, {"q": NUL, "page": NUL}).status_code == 400
    if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
        return
    for field in form_fields(page.content.decode()):
        response = client.post(url, {field: NUL})
        assert response.status_code == 400, (field, response.status_code)
        assert b"NUL" in response.content


def test_the_refusal_names_the_field(en_client, world):
    en_client.force_login(world.accounts["teacher"])
    response = en_client.get("/staff/students/", {"q": NUL})
    assert response.status_code == 400
    assert "NUL" in response.content.decode() and "<code>q</code>" in response.content.decode()


def test_bidi_controls_are_removed_before_a_view_reads_them(en_client, world):
    en_client.force_login(world.accounts["teacher"])
    typed = "\u202eBENANI\u202c"
    response = en_client.get("/staff/students/", {"q": typed})
    assert response.status_code == 200
    assert "\u202e" not in response.content.decode()
    assert response.wsgi_request.GET["q"] == "BENANI"


# --- The API --------------------------------------------------------------------------------------------------


def operations(client):
    document = client.get("/api/v1/openapi.json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method, path, operation, document


def string_inputs(operation, document) -> list[tuple[str, str]]:
    """(where, name) of each string input: path and query parameters, top-level JSON body fields."""
    inputs = [(parameter["in"], parameter["name"]) for parameter in operation.get("parameters", [])]
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if body:
        if "$ref" in body:
            body = document["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
        inputs += [("body", field) for field in body.get("properties", {})]
    return inputs


def test_the_api_walk_finds_string_inputs(client, db):
    found = {(path, name) for method, path, operation, document in operations(client)
             for _, name in string_inputs(operation, document)}
    assert ("/api/v1/auth/token", "username") in found and ("/api/v1/children/{code}/grades", "code") in found


@pytest.mark.django_db
def test_nul_in_any_api_input_is_a_422_never_a_500(client, world):
    _, token = api_token_issue(user=world.accounts["parent"], name="nul")
    headers = {"authorization": f"Bearer {token}"}
    checked = 0
    for method, path, operation, document in operations(client):
        for where, name in string_inputs(operation, document):
            url = path
            for parameter in re.findall(r"{(\w+)}", path):
                url = url.replace("{" + parameter + "}", NUL if (where, name) == ("path", parameter) else "x")
            query = {name: NUL} if where == "query" else {}
            body = {name: NUL} if where == "body" else {}
            if query:
                url += "?" + "&".join(f"{key}=a%00b" for key in query)
            call = getattr(client, method)
            response = call(url, data=body, content_type="application/json", headers=headers) \
                if method != "get" else call(url, headers=headers)
            assert response.status_code != 500, (method, path, name)
            expected = 404 if where == "path" else 422
            assert response.status_code == expected, (method, path, name, response.status_code)
            checked += 1
    assert checked >= 10


def test_nul_in_a_path_finds_nothing(en_client, world, client):
    en_client.force_login(world.accounts["teacher"])
    assert en_client.get("/staff/students/A%0012345678/").status_code == 404
    answer = client.get("/api/v1/children/A%00123/grades?year=2025/2026&semester=1")
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"


# --- Bodies over the size limit -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/auth/token", "/api/v1/auth/activate", "/api/v1/auth/password/forgot",
                                  "/api/v1/auth/password/reset", "/api/v1/me/children"])
def test_an_api_body_over_the_limit_is_a_413(client, db, settings, path):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(path, data={"username": "x" * 5000}, content_type="application/json")
    assert response.status_code == 413 and response.json()["code"] == "body_too_large"


def test_a_form_over_the_limit_is_a_413_page(en_client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = en_client.post("/account/signin/", {"username": "x" * 5000, "password": "y"})
    assert response.status_code == 413 and b"too large" in response.content


def test_bidi_controls_escaped_in_json_are_removed_too(client, db):
    """`\\u202e` written as an escape in the JSON text is the same control once decoded."""
    response = client.post("/api/v1/auth/password/forgot", data='{"username": "\\u202ealaoui\\u202c"}',
                           content_type="application/json")
    assert response.status_code != 500
    assert "\u202e" not in response.wsgi_request.body.decode("unicode_escape")


def test_a_bidi_control_in_malformed_json_is_the_api_s_validation_error_not_a_500(client, db):
    response = client.post("/api/v1/auth/password/forgot", data='{"username": "\u202eoops',
                           content_type="application/json")
    assert response.status_code in (400, 422)
