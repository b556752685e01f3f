"""The orientation request a parent signs: what it states (the confirmed wishes in both languages, the receipt),
the same whoever prints it, and not available before the student confirmed wishes."""

import io

import pdfplumber
import pytest

from massar.core.errors import Invalid
from massar.documents.error_codes import DocumentsErrorCode
from massar.documents.orientation_request import orientation_request_facts, orientation_request_issue
from massar.documents.printing import document_pdf
from massar.orientation.services import wishes_save
from massar.testing.orientation import orientation_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def ow(world):
    return orientation_world(world)


def test_the_request_states_the_confirmed_wishes_in_both_languages(ow):
    saved = wishes_save(actor=ow.student_account, student=ow.student, ranked=[(1, ow.sm.pk), (2, ow.lettres.pk)],
                        version=0)
    facts = orientation_request_facts(viewer=ow.parent_account, student=ow.student)
    assert facts["receipt"] == saved.receipt and facts["student"]["code"] == ow.student.massar_code
    assert [(w["rank"], w["stream_code"]) for w in facts["wishes"]] == [(1, "SM"), (2, "L")]
    assert facts["wishes"][0]["stream"] == {"ar": ow.sm.stream.name_ar, "fr": ow.sm.stream.name_fr}
    assert facts == orientation_request_facts(viewer=ow.student_account, student=ow.student)


def test_the_student_and_the_parent_print_the_same_document(ow):
    wishes_save(actor=ow.student_account, student=ow.student, ranked=[(1, ow.se.pk)], version=0)
    by_parent = orientation_request_issue(viewer=ow.parent_account, student=ow.student)
    assert orientation_request_issue(viewer=ow.student_account, student=ow.student) == by_parent
    with pdfplumber.open(io.BytesIO(document_pdf(by_parent, "ar"))) as pdf:
        text = pdf.pages[0].extract_text()
    assert by_parent.facts["receipt"] in text and by_parent.reference in text


def test_no_request_before_wishes_are_confirmed(ow):
    with pytest.raises(Invalid) as refused:
        orientation_request_issue(viewer=ow.parent_account, student=ow.student)
    assert refused.value.code == DocumentsErrorCode.NOT_YET_AVAILABLE
