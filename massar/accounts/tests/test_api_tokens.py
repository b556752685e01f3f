"""API tokens: obtained like a sign-in (same lockout and throttle), used as Bearer, listed, revoked."""

import hashlib
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from massar.accounts.models import AccountEvent, AccountEventKind, ApiToken
from massar.accounts.services import lock_ends_at
from massar.accounts.tokens import api_token_issue, api_token_revoke, api_tokens_revoke_all
from massar.testing.accounts import (
    TEMPORARY,
    code_for,
    give_temporary_password,
    many_failures,
    wrong_code_for,
)
from massar.testing.factories import PASSWORD

TOKEN = "/api/v1/auth/token"
TOKENS = "/api/v1/auth/tokens"
ME = "/api/v1/me"


def obtain(client, username: str, password: str = PASSWORD, **fields):
    return client.post(TOKEN, {"username": username, "password": password, **fields},
                       content_type="application/json")


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def student_token(en_client, world) -> str:
    response = obtain(en_client, world.student_a.massar_code)
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_a_token_is_shown_once_and_stored_only_as_a_digest(en_client, world):
    before = timezone.now()
    response = obtain(en_client, f"  {world.student_a.massar_code.lower()} ", name="My phone")
    assert response.status_code == 200
    body = response.json()
    token = body["token"]
    assert len(token) >= 43 and set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    stored = ApiToken.objects.get(user=world.accounts["student"])
    assert stored.digest == hashlib.sha256(token.encode()).hexdigest()
    assert stored.prefix == token[:8] == body["prefix"] and stored.name == "My phone"
    assert token not in str(list(ApiToken.objects.values()))
    expected = before + timedelta(days=settings.MASSAR_API_TOKEN_DAYS)
    assert abs(stored.expires_at - expected) < timedelta(minutes=1)
    assert AccountEvent.objects.filter(user=stored.user, kind=AccountEventKind.TOKEN_CREATED).exists()


def test_every_call_needs_a_live_bearer_token(en_client, student_token):
    assert en_client.get(ME, **bearer(student_token)).status_code == 200
    assert en_client.get(ME).status_code == 401
    assert en_client.get(ME, **bearer(student_token[:-1] + "x")).status_code == 401
    assert en_client.get(ME, HTTP_AUTHORIZATION=f"Token {student_token}").status_code == 401
    assert en_client.get("/api/v1/health").status_code == 200, "health stays public"


def test_a_session_does_not_open_the_api(en_client, world):
    en_client.force_login(world.accounts["student"])
    assert en_client.get(ME).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(en_client, student_token):
    stored = ApiToken.objects.get()
    assert stored.last_used_at is None
    en_client.get(ME, **bearer(student_token))
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    en_client.get(ME, **bearer(student_token))
    assert ApiToken.objects.get().last_used_at == first
    two_minutes_ago = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.update(last_used_at=two_minutes_ago)
    cache.clear()  # two minutes later the token's cache entry (60 s) has expired too
    en_client.get(ME, **bearer(student_token))
    assert ApiToken.objects.get().last_used_at > two_minutes_ago


def test_tokens_are_listed_and_revoked_by_prefix(en_client, world, student_token):
    other = obtain(en_client, world.student_a.massar_code, name="laptop").json()
    listed = en_client.get(TOKENS, **bearer(student_token)).json()
    assert {t["prefix"] for t in listed} == {student_token[:8], other["prefix"]}
    assert [t["current"] for t in listed if t["prefix"] == student_token[:8]] == [True]
    assert set(listed[0]) == {"prefix", "name", "created_at", "expires_at", "last_used_at", "current"}

    assert en_client.delete(f"{TOKENS}/{other['prefix']}", **bearer(student_token)).status_code == 204
    assert en_client.get(ME, **bearer(other["token"])).status_code == 401
    assert en_client.delete(f"{TOKENS}/{other['prefix']}", **bearer(student_token)).status_code == 404
    assert en_client.get(ME, **bearer(student_token)).status_code == 200


def test_another_accounts_token_cannot_be_revoked(en_client, world, student_token):
    teacher_token = obtain(en_client, world.accounts["teacher"].username).json()
    response = en_client.delete(f"{TOKENS}/{teacher_token['prefix']}", **bearer(student_token))
    assert response.status_code == 404
    assert en_client.get(ME, **bearer(teacher_token["token"])).status_code == 200


def test_odd_prefixes_are_simply_not_found(en_client, student_token):
    for prefix in ("%00", "..", "a" * 300, "%F0%9F%98%80"):
        assert en_client.delete(f"{TOKENS}/{prefix}", **bearer(student_token)).status_code == 404


def test_logout_revokes_the_token_making_the_request(en_client, student_token):
    assert en_client.post("/api/v1/auth/logout", **bearer(student_token)).status_code == 204
    assert en_client.get(ME, **bearer(student_token)).status_code == 401


def test_revoked_expired_and_inactive_are_refused(en_client, world, student_token, monkeypatch):
    account = world.accounts["student"]
    assert en_client.get(ME, **bearer(student_token)).status_code == 200  # the token is now kept in the cache
    after_expiry = timezone.now() + timedelta(days=settings.MASSAR_API_TOKEN_DAYS, seconds=1)
    with monkeypatch.context() as later:
        later.setattr(timezone, "now", lambda: after_expiry)
        assert en_client.get(ME, **bearer(student_token)).status_code == 401
    account.is_active = False
    account.save(update_fields=["is_active"])
    assert en_client.get(ME, **bearer(student_token)).status_code == 401
    account.is_active = True
    account.save(update_fields=["is_active"])
    assert en_client.get(ME, **bearer(student_token)).status_code == 200
    api_token_revoke(api_token=ApiToken.objects.get(), actor=account)
    assert en_client.get(ME, **bearer(student_token)).status_code == 401


def test_a_password_change_ends_every_token(en_client, world, student_token):
    student = world.accounts["student"]
    assert en_client.get(ME, **bearer(student_token)).status_code == 200
    assert api_tokens_revoke_all(user=student) == 1
    assert en_client.get(ME, **bearer(student_token)).status_code == 401


def test_a_token_older_than_the_last_password_change_is_refused(en_client, world, student_token):
    account = world.accounts["student"]
    assert en_client.get(ME, **bearer(student_token)).status_code == 200
    account.password_changed_at = timezone.now()
    account.save(update_fields=["password_changed_at"])
    assert en_client.get(ME, **bearer(student_token)).status_code == 401


# --- Obtaining a token: the same rules as the sign-in page ----------------------------------------------------


def test_wrong_credentials_get_one_401_whether_the_account_exists_or_not(en_client, world):
    wrong = obtain(en_client, world.student_a.massar_code, "not-the-password")
    unknown = obtain(en_client, "Z999999999", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "invalid_credentials"


def test_a_129_character_password_is_a_401_not_a_500(en_client, world):
    response = obtain(en_client, world.student_a.massar_code, "é" * 129)
    assert response.status_code == 401 and response.json()["code"] == "invalid_credentials"


@pytest.mark.parametrize("body", ["{not json", "", "[1, 2]", '{"username": "x"}', '{"username": 5, "password": "x"}',
                                  '{"username": "a\\u0000b", "password": "x"}'])
def test_a_malformed_body_is_a_422(en_client, db, body):
    response = en_client.post(TOKEN, body, content_type="application/json")
    assert response.status_code == 422 and isinstance(response.json()["detail"], list)


def test_the_lockout_applies_to_the_api_and_says_when_it_ends(en_client, world):
    code = world.student_a.massar_code
    for _ in range(4):
        assert obtain(en_client, code, "not-the-password").status_code == 401
    locked = obtain(en_client, code, "not-the-password")
    assert locked.status_code == 403 and locked.json()["code"] == "account_locked"
    right = obtain(en_client, code, PASSWORD)
    assert right.status_code == 403
    body = right.json()
    assert body["code"] == "account_locked" and "temporarily locked" in body["detail"]
    unlocks_at = lock_ends_at(code)
    assert abs(timezone.datetime.fromisoformat(body["unlocks_at"]) - unlocks_at) < timedelta(seconds=1)
    # The web and the API share one counter.
    from massar.testing.accounts import sign_in

    assert "temporarily locked" in sign_in(en_client, code).content.decode()


@override_settings(MASSAR_IP_FAILURE_LIMIT=2)
def test_the_network_throttle_applies_to_the_api(en_client, world):
    obtain(en_client, "Z999999991", "x")
    obtain(en_client, "Z999999992", "x")
    throttled = obtain(en_client, world.student_a.massar_code)
    assert throttled.status_code == 429 and throttled.json()["code"] == "network_throttled"
    assert int(throttled["Retry-After"]) == throttled.json()["retry_after_seconds"] > 0


def test_a_temporary_password_is_for_the_website_and_stays_unused(en_client, world):
    student = world.accounts["student"]
    give_temporary_password(student)
    response = obtain(en_client, student.username, TEMPORARY)
    assert response.status_code == 403 and response.json()["code"] == "password_change_required"
    student.refresh_from_db()
    assert student.has_usable_password() and student.temporary_password_expires_at is not None


def test_administrators_send_their_two_factor_code(en_client, world):
    admin = world.accounts["school_admin"]
    without_device = obtain(en_client, admin.username)
    assert without_device.status_code == 403
    assert without_device.json()["code"] == "two_factor_enrolment_required"

    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    assert obtain(en_client, admin.username).json()["code"] == "otp_required"
    wrong = obtain(en_client, admin.username, otp=wrong_code_for(device))
    assert wrong.status_code == 401 and wrong.json()["code"] == "otp_invalid"
    many_failures(device)
    throttled = obtain(en_client, admin.username, otp=code_for(device))
    assert throttled.status_code == 429 and throttled.json()["code"] == "otp_throttled"
    device.refresh_from_db()
    device.throttle_reset()
    accepted = obtain(en_client, admin.username, otp=code_for(device))
    assert accepted.status_code == 200
    assert en_client.get(ME, **bearer(accepted.json()["token"])).json()["role"] == "school_admin"


def test_a_teacher_with_two_factor_on_sends_the_code_too(en_client, world):
    teacher = world.accounts["teacher"]
    assert obtain(en_client, teacher.username).status_code == 200
    device = TOTPDevice.objects.create(user=teacher, name="phone", confirmed=True)
    assert obtain(en_client, teacher.username).json()["code"] == "otp_required"
    assert obtain(en_client, teacher.username, otp=code_for(device)).status_code == 200


def test_the_security_page_lists_active_tokens_and_revokes_one(en_client, world):
    student = world.accounts["student"]
    kept, _ = api_token_issue(user=student, name="phone")
    dropped, _ = api_token_issue(user=student, name="laptop")
    en_client.force_login(student)
    page = en_client.get("/account/security/").content.decode()
    assert f"{kept.prefix}…" in page and f"{dropped.prefix}…" in page
    assert en_client.post(f"/account/security/tokens/{dropped.pk}/revoke/").status_code == 302
    dropped.refresh_from_db()
    kept.refresh_from_db()
    assert dropped.revoked_at is not None and kept.revoked_at is None


def test_another_accounts_token_cannot_be_revoked_from_the_security_page(en_client, world):
    teacher_token, _ = api_token_issue(user=world.accounts["teacher"])
    en_client.force_login(world.accounts["student"])
    assert en_client.post(f"/account/security/tokens/{teacher_token.pk}/revoke/").status_code == 404
    teacher_token.refresh_from_db()
    assert teacher_token.revoked_at is None


def test_the_openapi_document_declares_every_error(en_client, db):
    document = en_client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    paths = document.json()["paths"]
    expected = {
        ("post", "/api/v1/auth/token"): {"200", "401", "403", "422", "429", "503"},
        ("get", "/api/v1/auth/tokens"): {"200", "401", "503"},
        ("delete", "/api/v1/auth/tokens/{prefix}"): {"204", "401", "404", "503"},
        ("post", "/api/v1/auth/logout"): {"204", "401", "503"},
        ("get", "/api/v1/me"): {"200", "401", "503"},
    }
    for (method, path), codes in expected.items():
        operation = paths[path][method]
        assert set(operation["responses"]) == codes, path  # 503: the database was lost (config/database_loss.py)
        for code in codes - {"204"}:
            assert "schema" in operation["responses"][code]["content"]["application/json"], (path, code)
    token = paths["/api/v1/auth/token"]["post"]
    assert "security" not in token and "otp" in str(token["requestBody"])
    assert paths["/api/v1/me"]["get"]["security"] == [{"ApiTokenAuth": []}]
    assert "security" not in paths["/api/v1/health"]["get"]
