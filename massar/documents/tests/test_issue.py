"""Issuing is idempotent by content, supersedes after a change, and never hands out a card before the selector
gives the viewer the general average (students at publication, parents after their delay)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from massar.core.errors import Conflict, Invalid
from massar.documents import services
from massar.documents.error_codes import DocumentsErrorCode
from massar.documents.models import Document, DocumentFile
from massar.documents.printing import document_pdf
from massar.grades.models import GradeSheet
from massar.grades.services import mark_correct
from massar.testing.documents import certificate_issued, graded_class


def test_the_same_facts_give_back_the_same_document_and_its_pdf(world, graded):
    first = services.report_card_issue(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    pdf = document_pdf(first, "ar")
    again = services.report_card_issue(viewer=world.accounts["student"], student=world.student_a,
                                       semester=graded.semester)
    parent = services.report_card_issue(viewer=world.accounts["parent"], student=world.student_a,
                                        semester=graded.semester)
    assert first.pk == again.pk == parent.pk
    assert document_pdf(again, "ar") == pdf
    assert DocumentFile.objects.filter(document=first).count() == 1
    assert len(first.reference) == 12 and first.reference.isalnum()


def test_a_card_issued_after_a_correction_supersedes_the_previous_one(world, graded):
    first = services.report_card_issue(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    mark_correct(sheet=graded.sheets["MATH"], student=world.student_a, slot=1, value="16", absent=False,
                 reason="Erreur de saisie", actor=graded.admin)
    second = services.report_card_issue(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    assert second.pk != first.pk and second.reference != first.reference
    first.refresh_from_db()
    assert first.superseded_by == second and first.superseded_at is not None and not first.is_current
    assert next(line for line in second.facts["lines"] if line["subject"] == "MATH")["average"] == "15.50"


def test_a_revoked_document_is_never_given_back(world, graded):
    first = services.report_card_issue(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    services.document_revoke(document=first, actor=graded.admin, reason="Imprimé par erreur")
    again = services.report_card_issue(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    assert again.pk != first.pk and again.is_current


def test_revoking_needs_a_reason_and_happens_once(world):
    document = certificate_issued(world.student_a)
    admin = world.accounts["school_admin"]
    with pytest.raises(Invalid) as missing:
        services.document_revoke(document=document, actor=admin, reason="   ")
    assert missing.value.code == DocumentsErrorCode.REASON_REQUIRED
    with pytest.raises(Invalid) as long:
        services.document_revoke(document=document, actor=admin, reason="x" * 301)
    assert long.value.code == DocumentsErrorCode.TEXT_TOO_LONG
    document.refresh_from_db()
    assert document.revoked_at is None
    services.document_revoke(document=document, actor=admin, reason="Remplacé  par\u202e un autre")
    document.refresh_from_db()
    assert document.revoked_reason == "Remplacé par un autre" and document.revoked_by == admin
    with pytest.raises(Conflict) as twice:
        services.document_revoke(document=document, actor=admin, reason="encore")
    assert twice.value.code == DocumentsErrorCode.ALREADY_REVOKED


@pytest.mark.parametrize("role", ["student", "parent", "school_admin"])
def test_nothing_before_publication(world, role):
    grades = graded_class(world, publish=False)
    with pytest.raises(Invalid) as refused:
        services.report_card_issue(viewer=world.accounts[role], student=world.student_a, semester=grades.semester)
    assert refused.value.code == DocumentsErrorCode.NOT_YET_AVAILABLE
    assert not Document.objects.exists()


def test_published_but_not_closed_is_not_a_report_card_yet(world):
    grades = graded_class(world, close=False)
    with pytest.raises(Invalid) as refused:
        services.report_card_issue(viewer=world.accounts["student"], student=world.student_a,
                                   semester=grades.semester)
    assert refused.value.code == DocumentsErrorCode.NOT_YET_AVAILABLE


def test_parents_wait_for_their_delay(world, graded):
    GradeSheet.objects.filter(school_class=world.class_a).update(
        parents_see_from=timezone.now() + timedelta(days=2))
    student_card = services.report_card_issue(viewer=world.accounts["student"], student=world.student_a,
                                              semester=graded.semester)
    assert student_card.facts["general_average"] == "14.02"
    with pytest.raises(Invalid) as refused:
        services.report_card_issue(viewer=world.accounts["parent"], student=world.student_a,
                                   semester=graded.semester)
    assert refused.value.code == DocumentsErrorCode.NOT_YET_AVAILABLE


def test_a_school_certificate_needs_a_class_this_year(world):
    from massar.students.models import Enrolment

    Enrolment.objects.filter(student=world.student_a).update(status="withdrawn", left_on=timezone.localdate())
    with pytest.raises(Invalid) as refused:
        services.school_certificate_issue(actor=world.accounts["student"], student=world.student_a)
    assert refused.value.code == DocumentsErrorCode.NOT_ENROLLED


def test_a_leaving_certificate_is_for_a_student_who_left(world):
    with pytest.raises(Invalid) as refused:
        services.leaving_certificate_issue(actor=world.accounts["school_admin"], student=world.student_a)
    assert refused.value.code == DocumentsErrorCode.STILL_ENROLLED


def test_the_administration_certifies_only_its_own_students(world):
    from massar.staff.models import Position
    from massar.testing import factories as make

    other_admin = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=world.other_school))
    with pytest.raises(Invalid) as refused:
        services.school_certificate_issue(actor=other_admin, student=world.student_a)
    assert refused.value.code == DocumentsErrorCode.NOT_ENROLLED
