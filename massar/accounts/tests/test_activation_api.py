"""Activation, forgotten password and reset link through the API: the same rules and messages as the pages,
and every error response declared in the OpenAPI document."""

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from massar.accounts.models import AccountEvent, AccountEventKind, User

ACTIVATE = "/api/v1/auth/activate"
FORGOT = "/api/v1/auth/password/forgot"
RESET = "/api/v1/auth/password/reset"
NEW_PASSWORD = "blue river under the moon"
MISMATCH = "These details don't match the school's record. Check them with your school's administration."


@pytest.fixture
def api():
    return Client(headers={"accept-language": "en"})


def body(student, **changes) -> dict:
    data = {"massar_code": student.massar_code, "birth_date": student.birth_date.isoformat(),
            "last_name": student.last_name_latin, "password": NEW_PASSWORD, "email": "salma.home@example.ma"}
    data.update(changes)
    return data


def test_activation_gives_201_and_the_sign_in_name(api, world):
    response = api.post(ACTIVATE, body(world.student_b), content_type="application/json")
    assert response.status_code == 201
    assert response.json() == {"username": f"{world.student_b.massar_code}@{settings.SIGNIN_DOMAIN}"}
    account = User.objects.get(student=world.student_b)
    assert account.check_password(NEW_PASSWORD)
    assert AccountEvent.objects.filter(user=account, kind=AccountEventKind.ACTIVATED).exists()
    # The activation notice, and the link that confirms the recovery e-mail.
    assert len(mail.outbox) == 2 and all(NEW_PASSWORD not in m.body for m in mail.outbox)
    assert any("/account/recovery-email/confirm/" in m.body for m in mail.outbox)
    assert account.email_confirmed_at is None


@pytest.mark.parametrize("wrong", [{"massar_code": "F000000001"}, {"birth_date": "2008-03-15"},
                                   {"last_name": "Bennani"}])
def test_wrong_details_give_400_with_the_one_message(api, world, wrong):
    response = api.post(ACTIVATE, body(world.student_b, **wrong), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"code": "details_mismatch", "detail": MISMATCH, "errors": {}}


def test_an_activated_account_gives_400_already_activated(api, world):
    response = api.post(ACTIVATE, body(world.student_a), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "already_activated"
    assert User.objects.filter(student=world.student_a).count() == 1


def test_a_malformed_code_gives_the_format_message(api, world):
    response = api.post(ACTIVATE, body(world.student_b, massar_code="F12345"), content_type="application/json")
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "invalid"
    assert problem["errors"]["massar_code"][0].startswith("This code has 5 digits after the letter")


def test_a_129_character_password_gives_400_with_the_reason(api, world):
    response = api.post(ACTIVATE, body(world.student_b, password="p" * 64 + "q" * 65),
                        content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["password"] == [
        "This password is too long: it has 129 characters; at most 128 are allowed."]


def test_the_record_names_in_the_password_are_said_once_the_details_match(api, world):
    response = api.post(ACTIVATE, body(world.student_b, password="salma goes to school"),
                        content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["password"] == ["The password must not contain your first or last name."]


def test_messages_follow_accept_language(world):
    french = Client(headers={"accept-language": "fr"})
    response = french.post(ACTIVATE, body(world.student_b, password="court"), content_type="application/json")
    assert response.status_code == 400
    assert "trop court" in response.json()["errors"]["password"][0]


def test_a_missing_field_gives_422(api, db):
    response = api.post(ACTIVATE, {"massar_code": "F164115196"}, content_type="application/json")
    assert response.status_code == 422


@override_settings(MASSAR_ACTIVATION_FAILURES_PER_CODE=2)
def test_too_many_attempts_give_429(api, world):
    for day in ("2001-01-01", "2001-01-02"):
        api.post(ACTIVATE, body(world.student_b, birth_date=day), content_type="application/json")
    response = api.post(ACTIVATE, body(world.student_b), content_type="application/json")
    assert response.status_code == 429
    assert response.json()["code"] == "too_many_attempts"


def test_the_operations_declare_every_response(api, db):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/auth/activate"]["post"]["responses"]) == {"201", "400", "422", "429", "503"}
    assert set(paths["/api/v1/auth/password/forgot"]["post"]["responses"]) == {"202", "400", "422", "429", "503"}
    assert set(paths["/api/v1/auth/password/reset"]["post"]["responses"]) == {"200", "400", "422", "503"}
    for path in ("/api/v1/auth/activate", "/api/v1/auth/password/forgot", "/api/v1/auth/password/reset"):
        assert not paths[path]["post"].get("security")


def test_forgot_answers_alike_for_an_account_and_for_nobody(api, world):
    account = world.accounts["student"]
    account.email = "youssef@example.ma"
    account.email_confirmed_at = timezone.now()
    account.save()
    known = api.post(FORGOT, {"username": world.student_a.massar_code}, content_type="application/json")
    unknown = api.post(FORGOT, {"username": "F000000001"}, content_type="application/json")
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert [m.to for m in mail.outbox] == [["youssef@example.ma"]]


def test_reset_through_the_api_works_once(api, world):
    account = world.accounts["student"]
    uid = urlsafe_base64_encode(force_bytes(account.pk))
    token = default_token_generator.make_token(account)
    response = api.post(RESET, {"uid": uid, "token": token, "password": NEW_PASSWORD},
                        content_type="application/json")
    assert response.status_code == 200
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)
    again = api.post(RESET, {"uid": uid, "token": token, "password": "yet another passphrase"},
                     content_type="application/json")
    assert again.status_code == 400 and again.json()["code"] == "link_invalid"


@pytest.mark.parametrize("uid", ["", "!!!", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "bm90LWEtbnVtYmVy"])
def test_a_nonsense_reset_link_gives_400(api, db, uid):
    response = api.post(RESET, {"uid": uid, "token": "abc-def", "password": NEW_PASSWORD},
                        content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "link_invalid"


@pytest.mark.parametrize(("path", "payload"), [
    (ACTIVATE, {"massar_code": "F164115196", "birth_date": "2008-03-14", "last_name": "x",
                "password": "long enough \ud800 password", "email": "a@example.ma"}),
    (FORGOT, {"username": "F164115196\udfff"}),
    (RESET, {"uid": "MQ", "token": "a-b", "password": "long enough \ud800 password"}),
])
def test_text_with_a_lone_surrogate_is_refused_not_a_server_error(api, db, path, payload):
    import json

    response = api.post(path, json.dumps(payload), content_type="application/json")
    assert response.status_code == 422
