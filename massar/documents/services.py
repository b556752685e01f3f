"""Issuing, revoking and verifying documents.

Issuing is idempotent by content: the facts of a document (selectors.py) are digested; the same facts give back
the current document (same reference, same PDF), different facts (the data behind it changed, e.g. a mark
corrected after publication) make a new document that supersedes the previous one, which the verification page
then says. A revoked document is never given back: the next issue makes a new one."""

import hashlib
import json
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massar.accounts.models import User
from massar.accounts.throttles import throttle_count, throttle_hit
from massar.core.errors import Conflict, Invalid, Refused, Throttled
from massar.core.models import SchoolYear, Semester
from massar.core.roles import Role
from massar.core.text import bidi_controls_removed
from massar.exams.models import ExamSession
from massar.schools.models import School
from massar.students.models import Student

from . import selectors
from .error_codes import DocumentsErrorCode
from .models import REFERENCE_LENGTH, Document, DocumentKind
from .selectors import REFERENCE_ALPHABET

REASON_MAX_LENGTH = 300


def facts_digest(facts: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
                          .encode("utf-8")).hexdigest()


def reference_new() -> str:
    """12 characters of Crockford's base 32 from the system's random source: 60 bits, so that references
    cannot be enumerated (a billion guesses find one of a million documents with odds of one in a thousand)."""
    while True:
        reference = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if not Document.objects.filter(reference=reference).exists():
            return reference


@transaction.atomic
def document_issue(*, kind: str, student: Student, school: School, school_year: SchoolYear,
                   semester: Semester | None, facts: dict[str, Any], actor: User | None,
                   exam_session: ExamSession | None = None) -> Document:
    """The current document stating `facts`: the one already issued when its facts are the same, else a new one
    superseding the previous current one (of the same kind, student, year and semester — and exam session, for
    a transcript: a year may hold two exams, each with its own transcript)."""
    Student.objects.select_for_update().filter(pk=student.pk).first()  # one issue at a time per student
    digest = facts_digest(facts)
    current = (Document.objects.select_for_update()
               .filter(kind=kind, student=student, school_year=school_year, semester=semester,
                       exam_session=exam_session, superseded_by__isnull=True, revoked_at__isnull=True)
               .order_by("-issued_at", "-pk").first())
    if current is not None and current.digest == digest:
        return current
    issued = Document.objects.create(reference=reference_new(), kind=kind, student=student, school=school,
                                     school_year=school_year, semester=semester, exam_session=exam_session,
                                     facts=facts, digest=digest, issued_by=actor)
    if current is not None:
        current.superseded_by = issued
        current.superseded_at = issued.issued_at
        current.save(update_fields=["superseded_by", "superseded_at"])
    return issued


def _school_of(facts: dict[str, Any]) -> School:
    return School.objects.get(code=facts["school"]["code"])


def report_card_issue(*, viewer: User, student: Student, semester: Semester) -> Document:
    """The report card of `student` for `semester`, as `viewer` may see it (NOT_YET_AVAILABLE before)."""
    facts = selectors.report_card_facts(viewer=viewer, student=student, semester=semester)
    return document_issue(kind=DocumentKind.REPORT_CARD, student=student, school=_school_of(facts),
                          school_year=semester.school_year, semester=semester, facts=facts, actor=viewer)


def annual_report_card_issue(*, viewer: User, student: Student, school_year: SchoolYear) -> Document:
    facts = selectors.annual_report_card_facts(viewer=viewer, student=student, school_year=school_year)
    return document_issue(kind=DocumentKind.ANNUAL_REPORT_CARD, student=student, school=_school_of(facts),
                          school_year=school_year, semester=None, facts=facts, actor=viewer)


def school_certificate_issue(*, actor: User, student: Student) -> Document:
    """A school certificate of the student's enrolment this year. The administration issues it for the
    students enrolled in its own school only (a school certifies its own students)."""
    facts = selectors.school_certificate_facts(student=student)
    school = _school_of(facts)
    if actor.role == Role.SCHOOL_ADMIN and (actor.staff_member is None or actor.staff_member.school_id != school.pk):
        raise Invalid(DocumentsErrorCode.NOT_ENROLLED, _("This student is not enrolled in your school this year."))
    year = SchoolYear.objects.get(label=facts["year"])
    return document_issue(kind=DocumentKind.SCHOOL_CERTIFICATE, student=student, school=school,
                          school_year=year, semester=None, facts=facts, actor=actor)


def leaving_certificate_issue(*, actor: User, student: Student) -> Document:
    """A leaving certificate, issued by the administration of the school the student left."""
    staff = actor.staff_member
    if actor.role != Role.SCHOOL_ADMIN or staff is None or staff.school is None:
        raise Refused(DocumentsErrorCode.NOT_FOUND, _("Only the school's administration issues this certificate."))
    facts = selectors.leaving_certificate_facts(student=student, school=staff.school)
    year = SchoolYear.objects.get(label=facts["year"])
    return document_issue(kind=DocumentKind.LEAVING_CERTIFICATE, student=student, school=staff.school,
                          school_year=year, semester=None, facts=facts, actor=actor)


@transaction.atomic
def document_revoke(*, document: Document, actor: User, reason: str) -> Document:
    """Revoke `document` with a reason the verification page shows; the school's administration only (the
    caller's scope decided `document`)."""
    reason = " ".join(bidi_controls_removed(reason).split())
    if not reason:
        raise Invalid(DocumentsErrorCode.REASON_REQUIRED, _("Say why the document is revoked."))
    if len(reason) > REASON_MAX_LENGTH:
        raise Invalid(DocumentsErrorCode.TEXT_TOO_LONG,
                      _("The reason is %(length)d characters long; at most %(limit)d are kept.")
                      % {"length": len(reason), "limit": REASON_MAX_LENGTH})
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if locked.revoked_at is not None:
        raise Conflict(DocumentsErrorCode.ALREADY_REVOKED, _("This document was already revoked."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.revoked_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    return locked


def _verify_keys(ip_address: str) -> tuple[str, str]:
    return f"massar:verify:{ip_address}:checks", f"massar:verify:{ip_address}:misses"


def document_verify(*, reference: str, ip_address: str | None) -> Document | None:
    """The document of `reference` for the public verification page, or None when no document has it.

    Throttled per network address, like the sign-in: every check counts against a generous limit (a school
    checking a pile of documents shares one address), and references that match nothing against a much lower
    one, so that guessing references is slow as well as hopeless (60 bits each)."""
    checks_key, misses_key = _verify_keys(ip_address or "unknown")
    window = settings.MASSAR_VERIFY_WINDOW_SECONDS
    if (throttle_count(checks_key) >= settings.MASSAR_VERIFY_CHECKS_PER_IP
            or throttle_count(misses_key) >= settings.MASSAR_VERIFY_MISSES_PER_IP):
        raise Throttled(DocumentsErrorCode.TOO_MANY_CHECKS,
                        _("Too many checks from your network. Try again in a few minutes."),
                        retry_after_seconds=window)
    throttle_hit(checks_key, window_seconds=window)
    normalized = selectors.reference_normalized(reference)
    document = None if normalized is None else (
        Document.objects.select_related("school", "school_year", "semester", "superseded_by")
        .filter(reference=normalized).first())
    if document is None:
        throttle_hit(misses_key, window_seconds=window)
    return document
