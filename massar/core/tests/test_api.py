"""The API root: the health probe and the OpenAPI document that describes it."""

import json

import pytest

HEALTH_URL = "/api/v1/health"
OPENAPI_URL = "/api/v1/openapi.json"


@pytest.mark.django_db
def test_health_is_ok_when_database_and_cache_answer(client):
    response = client.get(HEALTH_URL)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_health_is_503_and_names_the_cache_when_the_cache_does_not_answer(client, monkeypatch):
    from massar.core import api

    monkeypatch.setattr(api.cache, "get", lambda *args, **kwargs: None)
    response = client.get(HEALTH_URL)
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_openapi_document_is_openapi_3_1(client):
    response = client.get(OPENAPI_URL)
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.1")


def test_openapi_declares_the_health_503(client):
    document = json.loads(client.get(OPENAPI_URL).content)
    operation = document["paths"][HEALTH_URL]["get"]
    assert {"200", "503"} <= set(operation["responses"])
    health_schema = "#/components/schemas/Health"
    unavailable = operation["responses"]["503"]["content"]["application/json"]["schema"]
    assert unavailable == {"$ref": health_schema}
    assert set(document["components"]["schemas"]["Health"]["properties"]) == {"status", "database", "cache"}
