"""The account behind an API token is kept in the shared cache: a reread reads no token row, and whatever
changes the account, its person or the token reaches the next call at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from massar.accounts.models import ApiToken
from massar.accounts.token_cache import STALE, token_cached, token_keep
from massar.accounts.tokens import (
    api_token_authenticate,
    api_token_issue,
    api_token_revoke,
    api_token_row,
    token_digest,
)

ME = "/api/v1/me"


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def student_token(world) -> str:
    return api_token_issue(user=world.accounts["student"], name="phone")[1]


def _token_queries(client, token: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(ME, **bearer(token)).status_code == 200
    return [q["sql"] for q in captured.captured_queries if "accounts_apitoken" in q["sql"]]


def test_a_reread_reads_no_token_row(en_client, student_token):
    assert _token_queries(en_client, student_token), "the first call reads the token from the database"
    assert _token_queries(en_client, student_token) == []


def test_a_staff_member_moved_to_another_school_is_scoped_there_at_once(world):
    teacher = world.accounts["teacher"]
    token = api_token_issue(user=teacher)[1]
    assert api_token_authenticate(token).user.staff_member.school_id == world.school.pk
    member = teacher.staff_member
    member.school = world.other_school
    member.save()
    assert api_token_authenticate(token).user.staff_member.school_id == world.other_school.pk


def test_a_student_record_changed_is_read_again(world, student_token):
    api_token_authenticate(student_token)
    student = world.accounts["student"].student
    student.first_name_latin = "Yassine"
    student.save()
    assert token_cached(token_digest(student_token)) == STALE
    assert api_token_authenticate(student_token).user.student.first_name_latin == "Yassine"


def test_a_read_in_flight_during_a_revocation_cannot_put_the_token_back(world, student_token):
    # A request read the row from the database just before the revocation, and keeps it just after.
    read_before = api_token_row(token_digest(student_token), timezone.now())
    api_token_revoke(api_token=ApiToken.objects.get(), actor=world.accounts["student"])
    token_keep(read_before)
    assert token_cached(token_digest(student_token)) == STALE
    assert api_token_authenticate(student_token) is None


def test_a_deleted_account_s_tokens_stop_at_once(world):
    parent = world.accounts["parent"]
    token = api_token_issue(user=parent)[1]
    assert api_token_authenticate(token) is not None
    ApiToken.objects.filter(user=parent).delete()
    parent.guardian.student_links.all().delete()
    parent.delete()
    assert api_token_authenticate(token) is None


def test_a_sign_in_stamp_keeps_the_entry(world, student_token):
    account = world.accounts["student"]
    api_token_authenticate(student_token)
    account.save(update_fields=["last_login"])
    assert isinstance(token_cached(token_digest(student_token)), ApiToken)


def test_no_password_hash_is_kept_in_the_cache(world, student_token):
    api_token_authenticate(student_token)
    kept = token_cached(token_digest(student_token))
    assert isinstance(kept, ApiToken)
    assert "password" not in kept.user.__dict__
    assert kept.user.check_password("wrong") is False  # read from the database when it is needed
