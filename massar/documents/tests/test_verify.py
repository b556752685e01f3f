"""The public verification page: genuine, superseded, revoked (with the school's reason) and unknown
references; only what the document states; throttled per network address."""

import pytest
from django.test import Client, override_settings

from massar.documents import services
from massar.grades.services import mark_correct
from massar.testing.documents import certificate_issued


def verify(client: Client, reference: str):
    return client.get(f"/verify/{reference}/")


def test_a_genuine_report_card_shows_what_it_states(world, graded, en_client):
    document = services.report_card_issue(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    response = verify(en_client, document.reference)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-state="valid"' in html
    for stated in (world.student_a.massar_code, world.school.name_ar, world.school.name_fr, "2025/2026",
                   "14.02/20", "14.88/20", world.class_a.code):
        assert stated in html, stated
    # Nothing beyond the document: no other student, no guardian, no mark of a test.
    assert "Pupil0" not in html and world.guardian.phone not in html and "14.75" not in html
    assert response["X-Robots-Tag"] == "noindex"


def test_a_reference_is_read_as_typed(world, en_client):
    document = certificate_issued(world.student_a)
    typed = f"{document.reference[:4].lower()}-{document.reference[4:8]} {document.reference[8:]}"
    assert 'data-state="valid"' in verify(en_client, typed.replace(" ", "%20")).content.decode()


def test_a_superseded_report_card_says_so(world, graded, en_client):
    first = services.report_card_issue(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    mark_correct(sheet=graded.sheets["MATH"], student=world.student_a, slot=1, value="16", absent=False,
                 reason="Erreur de saisie", actor=graded.admin)
    second = services.report_card_issue(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    html = verify(en_client, first.reference).content.decode()
    assert 'data-state="superseded"' in html
    assert second.reference not in html  # the new document is its holder's to show
    assert 'data-state="valid"' in verify(en_client, second.reference).content.decode()


def test_a_revoked_document_says_so_with_the_schools_reason(world, en_client):
    document = certificate_issued(world.student_a)
    services.document_revoke(document=document, actor=world.accounts["school_admin"],
                             reason="Delivered by mistake")
    html = verify(en_client, document.reference).content.decode()
    assert 'data-state="revoked"' in html and "Delivered by mistake" in html


@pytest.mark.parametrize("reference", ["ZZZZZZZZZZZZ", "not-a-reference", "0" * 200, "%3Cscript%3E"])
def test_an_unknown_reference_is_not_found(world, en_client, reference):
    response = verify(en_client, reference)
    assert response.status_code == 404
    assert 'data-state="unknown"' in response.content.decode()


@override_settings(MASSAR_VERIFY_MISSES_PER_IP=3, MASSAR_VERIFY_CHECKS_PER_IP=1000)
def test_guessing_references_is_throttled(world, en_client):
    document = certificate_issued(world.student_a)
    for guess in ("AAAAAAAAAAAA", "BBBBBBBBBBBB", "CCCCCCCCCCCC"):
        assert verify(en_client, guess).status_code == 404
    throttled = verify(en_client, document.reference)
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0
    other_network = Client(REMOTE_ADDR="10.0.0.9", headers={"accept-language": "en"})
    assert verify(other_network, document.reference).status_code == 200


@override_settings(MASSAR_VERIFY_CHECKS_PER_IP=5)
def test_checks_are_throttled_even_when_genuine(world, en_client):
    document = certificate_issued(world.student_a)
    answers = [verify(en_client, document.reference).status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]


def test_the_page_reads_in_arabic(world, graded):
    document = services.report_card_issue(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    html = Client(headers={"accept-language": "ar"}).get(f"/verify/{document.reference}/").content.decode()
    assert 'lang="ar"' in html and world.student_a.first_name_ar in html
    assert '<bdi dir="ltr" class="num">14,02/20</bdi>' in html
