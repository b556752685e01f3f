"""The orientation API: the student reads and ranks their wishes, the parent reads them; the answers are the
pages' read (selectors.student_orientation)."""

import pytest

from massar.accounts.tokens import api_token_issue
from massar.orientation.models import WishList
from massar.testing.orientation import annual_marks

pytestmark = pytest.mark.django_db


def bearer(account) -> dict:
    return {"authorization": f"Bearer {api_token_issue(user=account)[1]}"}


def put(client, account, wishes, version):
    return client.put("/api/v1/me/orientation", {"wishes": wishes, "version": version},
                      content_type="application/json", headers=bearer(account))


def test_the_student_reads_their_window_streams_formulas_and_scores(client, ow):
    annual_marks(school_class=ow.tc_class, marks={ow.student: {"MATH": ("16", "14"), "PC": ("12", "10")}})
    body = client.get("/api/v1/me/orientation", headers=bearer(ow.student_account)).json()
    assert body["window"]["state"] == "open" and body["window"]["max_wishes"] == 3
    assert body["window"]["national"] is True
    sm = next(stream for stream in body["streams"] if stream["offer_id"] == ow.sm.pk)
    assert sm["capacity"] == 40 and sm["score"] == "13.67"
    assert sm["formula"] == [{"subject": "MATH", "weight": "2.00"}, {"subject": "PC", "weight": "1.00"}]
    assert ow.other_sm.pk not in {stream["offer_id"] for stream in body["streams"]}
    assert body["wishes"] == [] and body["receipt"] is None and body["version"] == 0


def test_the_student_ranks_wishes_and_the_parent_reads_them(client, ow):
    answer = put(client, ow.student_account, [{"rank": 1, "offer_id": ow.se.pk}, {"rank": 2, "offer_id": ow.sm.pk}], 0)
    assert answer.status_code == 200
    body = answer.json()
    assert [(w["rank"], w["offer_id"]) for w in body["wishes"]] == [(1, ow.se.pk), (2, ow.sm.pk)]
    assert body["receipt"]["number"] == WishList.objects.get().receipt and body["version"] == 1
    child = client.get(f"/api/v1/children/{ow.student.massar_code}/orientation",
                       headers=bearer(ow.parent_account)).json()
    assert child["wishes"] == body["wishes"] and child["receipt"] == body["receipt"]


def test_a_stale_version_is_a_conflict_naming_the_current_one(client, ow):
    put(client, ow.student_account, [{"rank": 1, "offer_id": ow.se.pk}], 0)
    answer = put(client, ow.student_account, [{"rank": 1, "offer_id": ow.sm.pk}], 0)
    assert answer.status_code == 409
    assert answer.json()["code"] == "stale_wishes" and answer.json()["version"] == 1


@pytest.mark.parametrize(("wishes", "code"), [
    ([], "no_wishes"),
    ([{"rank": 1, "offer_id": "sm"}, {"rank": 2, "offer_id": "sm"}], "duplicate_wish"),
    ([{"rank": 1, "offer_id": "sm"}, {"rank": 3, "offer_id": "se"}], "ranks_not_contiguous"),
    ([{"rank": 1, "offer_id": "other_sm"}], "unknown_offer"),
    ([{"rank": n, "offer_id": o} for n, o in enumerate(("sm", "se", "lettres", "other_sm"), start=1)],
     "too_many_wishes"),
])
def test_bad_wishes_are_refused_with_their_code_and_nothing_is_saved(client, ow, wishes, code):
    sent = [{"rank": w["rank"], "offer_id": getattr(ow, w["offer_id"]).pk} for w in wishes]
    answer = put(client, ow.student_account, sent, 0)
    assert answer.status_code == 400 and answer.json()["code"] == code
    assert not WishList.objects.exists()


def test_malformed_wishes_are_a_validation_error(client, ow):
    answer = put(client, ow.student_account, [{"rank": 0, "offer_id": "x"}], "v")
    assert answer.status_code == 422
    assert not WishList.objects.exists()


def test_a_parent_cannot_put_wishes(client, ow):
    answer = put(client, ow.parent_account, [{"rank": 1, "offer_id": ow.sm.pk}], 0)
    assert answer.status_code == 403 and answer.json()["code"] == "not_a_student"


def test_a_parent_does_not_read_another_childs_orientation(client, world, ow):
    answer = client.get(f"/api/v1/children/{ow.classmate.massar_code}/orientation",
                        headers=bearer(ow.parent_account))
    assert answer.status_code == 404
    assert ow.classmate.massar_code not in answer.content.decode()
