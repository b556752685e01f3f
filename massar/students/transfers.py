"""Transfers (DOMAIN §9): a student moves to another school.

    requested ──certificate──▶ certificate issued ──accept──▶ accepted
        │  ╲                          │
     cancel  refuse                 refuse
        ▼      ▼                      ▼
    cancelled  refused             refused

- A parent linked to the child (from the parent space) or the origin school's administration asks, naming the
  destination and a reason.
- The origin school issues the leaving certificate: its enrolment ends (status TRANSFERRED, `left_on` today)
  and the existing leaving certificate of massar.documents is issued for it, in the same transaction: the
  certificate exists exactly when the enrolment has ended.
- The receiving school accepts by placing the student in one of its classes of the same level this year (a new
  ACTIVE enrolment). From then on it reads the student's whole record, and the origin school only what it
  produced while the student was there (students.scopes).
- Either school may refuse with a reason (the origin school only before its certificate). A refusal after the
  certificate gives the student back to the class they left and revokes the certificate with that reason, so
  that no student is left without a school by a refusal.
- Whoever asked may cancel before the certificate.

Every step locks the request row (`select_for_update`): of two accepts, or an accept racing a cancel, one wins
and the other finds the request closed (TRANSFER_CLOSED). The student and their parents are told at each step
(transfer_events, after the commit).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massar.accounts.models import User
from massar.core.errors import Conflict, Invalid, NotFound, Refused
from massar.core.roles import Role
from massar.core.text import bidi_controls_removed
from massar.documents.services import document_revoke, leaving_certificate_issue
from massar.schools.models import School, SchoolClass

from . import transfer_events
from .error_codes import StudentsErrorCode as codes
from .models import (
    Enrolment,
    EnrolmentStatus,
    Student,
    StudentGuardian,
    TransferAskedBy,
    TransferRequest,
    TransferState,
)

REASON_MAX_LENGTH = 300


def reason_cleaned(text: str, *, field: str = "reason") -> str:
    """One line of text as a person typed it, without direction controls; required, at most 300 characters."""
    cleaned = " ".join(bidi_controls_removed(text or "").split())
    if not cleaned:
        raise Invalid(codes.REASON_REQUIRED, _("Give the reason."), field=field)
    if len(cleaned) > REASON_MAX_LENGTH:
        raise Invalid(codes.REASON_TOO_LONG,
                      _("The reason is %(length)d characters long; at most %(limit)d are kept.")
                      % {"length": len(cleaned), "limit": REASON_MAX_LENGTH}, field=field)
    return cleaned


def _admin_school_id(actor: User) -> int | None:
    """The school whose administration `actor` is, or None."""
    if actor.role != Role.SCHOOL_ADMIN or actor.staff_member is None:
        return None
    return actor.staff_member.school_id


def _parent_of(actor: User, student_id: int) -> bool:
    return (actor.role == Role.PARENT and actor.guardian_id is not None
            and StudentGuardian.objects.filter(guardian_id=actor.guardian_id, student_id=student_id).exists())


def _current_enrolment(student: Student) -> Enrolment | None:
    return (Enrolment.objects.select_for_update().select_related("school_class")
            .filter(student=student, status=EnrolmentStatus.ACTIVE, school_year__is_current=True).first())


def _locked(request: TransferRequest) -> TransferRequest:
    return TransferRequest.objects.select_for_update().get(pk=request.pk)


def _still_open(request: TransferRequest) -> None:
    if not request.is_open:
        raise Conflict(codes.TRANSFER_CLOSED, _("This transfer request is already %(state)s.")
                       % {"state": request.get_state_display().lower()})


def _after_commit(request: TransferRequest) -> None:
    """Tell the family once the step has committed, about the state this step reached (a later step in the
    same transaction is told on its own)."""
    request_id, state = request.pk, request.state
    transaction.on_commit(lambda: transfer_events.transfer_state_changed(request_id=request_id, state=state))


@transaction.atomic
def transfer_request(*, actor: User, student: Student, to_school: School | None, reason: str) -> TransferRequest:
    """Ask for `student` to move to `to_school`: a parent of the child, or the administration of the school
    the student is in this year."""
    Student.objects.select_for_update().filter(pk=student.pk).first()  # one request at a time per student
    enrolment = _current_enrolment(student)
    if actor.role == Role.PARENT:
        if not _parent_of(actor, student.pk):
            raise NotFound(codes.TRANSFER_NOT_FOUND, _("No such student."))
        asked_by = TransferAskedBy.PARENT
    elif actor.role == Role.SCHOOL_ADMIN:
        if enrolment is None or enrolment.school_class.school_id != _admin_school_id(actor):
            raise NotFound(codes.TRANSFER_NOT_FOUND, _("No such student in your school this year."))
        asked_by = TransferAskedBy.SCHOOL
    else:
        raise Refused(codes.TRANSFER_NOT_ALLOWED, _("A parent or the school's administration asks for a transfer."))
    if enrolment is None:
        raise Invalid(codes.NOT_ENROLLED_NOW, _("This student is not enrolled in a class this year."))
    if to_school is None:
        raise Invalid(codes.DESTINATION_UNKNOWN, _("Choose the destination school."), field="to_school")
    if to_school.pk == enrolment.school_class.school_id:
        raise Invalid(codes.SAME_SCHOOL, _("The student is already in this school."), field="to_school")
    cleaned = reason_cleaned(reason)
    if TransferRequest.objects.filter(student=student, state__in=(TransferState.REQUESTED,
                                                                   TransferState.CERTIFICATE_ISSUED)).exists():
        raise Conflict(codes.TRANSFER_ALREADY_OPEN, _("A transfer of this student is already under way."))
    request = TransferRequest.objects.create(
        student=student, from_school_id=enrolment.school_class.school_id, to_school=to_school,
        school_year_id=enrolment.school_year_id, from_enrolment=enrolment, asked_by=asked_by, reason=cleaned,
        requested_by=actor)
    _after_commit(request)
    return request


@transaction.atomic
def transfer_certificate_issue(*, actor: User, request: TransferRequest) -> TransferRequest:
    """The origin school lets the student go: their enrolment ends today (TRANSFERRED) and the leaving
    certificate is issued for it (`request.certificate`, the document of massar.documents)."""
    request = _locked(request)
    if _admin_school_id(actor) != request.from_school_id:
        raise Refused(codes.TRANSFER_NOT_ALLOWED, _("Only the origin school's administration issues the certificate."))
    _still_open(request)
    if request.state != TransferState.REQUESTED:
        raise Conflict(codes.CERTIFICATE_ALREADY_ISSUED, _("The leaving certificate was already issued."))
    enrolment = Enrolment.objects.select_for_update().get(pk=request.from_enrolment_id)
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise Invalid(codes.NOT_ENROLLED_NOW, _("This student is no longer enrolled in the class they were in."))
    today = timezone.localdate()
    enrolment.status = EnrolmentStatus.TRANSFERRED
    enrolment.left_on = max(today, enrolment.enrolled_on)
    enrolment.save(update_fields=["status", "left_on"])
    certificate = leaving_certificate_issue(actor=actor, student=request.student)
    request.state = TransferState.CERTIFICATE_ISSUED
    request.certificate = certificate
    request.certificate_issued_by = actor
    request.certificate_issued_at = timezone.now()
    request.save(update_fields=["state", "certificate", "certificate_issued_by", "certificate_issued_at"])
    _after_commit(request)
    return request


def classes_for_transfer(*, request: TransferRequest):
    """The classes the receiving school may place the student in: its classes of the level they left, in the
    year of the request."""
    level_id = request.from_enrolment.school_class.level_id
    return (SchoolClass.objects.filter(school_id=request.to_school_id, school_year_id=request.school_year_id,
                                       level_id=level_id)
            .select_related("level", "stream").order_by("code"))


@transaction.atomic
def transfer_accept(*, actor: User, request: TransferRequest, school_class: SchoolClass) -> TransferRequest:
    """The receiving school places the student in `school_class` (one of its classes of the student's level this
    year): a new active enrolment from today."""
    request = _locked(request)
    if _admin_school_id(actor) != request.to_school_id:
        raise Refused(codes.TRANSFER_NOT_ALLOWED, _("Only the receiving school's administration accepts."))
    _still_open(request)
    if request.state != TransferState.CERTIFICATE_ISSUED:
        raise Invalid(codes.CERTIFICATE_NOT_ISSUED,
                      _("The origin school has not issued the leaving certificate yet."))
    if school_class.school_id != request.to_school_id or school_class.school_year_id != request.school_year_id:
        raise Invalid(codes.CLASS_NOT_OFFERED, _("Choose one of your classes of this year."), field="school_class")
    if school_class.level_id != request.from_enrolment.school_class.level_id:
        raise Invalid(codes.CLASS_WRONG_LEVEL, _("Choose a class of the level the student was in."),
                      field="school_class")
    left = Enrolment.objects.get(pk=request.from_enrolment_id)
    enrolment = Enrolment.objects.create(student_id=request.student_id, school_class=school_class,
                                         status=EnrolmentStatus.ACTIVE,
                                         enrolled_on=max(timezone.localdate(), left.left_on or left.enrolled_on))
    request.state = TransferState.ACCEPTED
    request.to_enrolment = enrolment
    request.closed_by = actor
    request.closed_at = timezone.now()
    request.save(update_fields=["state", "to_enrolment", "closed_by", "closed_at"])
    _after_commit(request)
    return request


@transaction.atomic
def transfer_refuse(*, actor: User, request: TransferRequest, reason: str) -> TransferRequest:
    """Either school says no, with a reason: the origin school before its certificate, the receiving school
    until it accepts. After the certificate the student goes back to the class they left and the certificate
    is revoked with the same reason."""
    request = _locked(request)
    school_id = _admin_school_id(actor)
    if school_id not in (request.from_school_id, request.to_school_id):
        raise Refused(codes.TRANSFER_NOT_ALLOWED, _("Only the two schools' administrations refuse a transfer."))
    _still_open(request)
    if school_id == request.from_school_id and request.state != TransferState.REQUESTED:
        raise Conflict(codes.CERTIFICATE_ALREADY_ISSUED,
                       _("The leaving certificate was already issued: the receiving school decides now."))
    cleaned = reason_cleaned(reason)
    if request.state == TransferState.CERTIFICATE_ISSUED:
        enrolment = Enrolment.objects.select_for_update().get(pk=request.from_enrolment_id)
        enrolment.status = EnrolmentStatus.ACTIVE
        enrolment.left_on = None
        enrolment.save(update_fields=["status", "left_on"])
        if request.certificate is not None and request.certificate.revoked_at is None:
            document_revoke(document=request.certificate, actor=actor, reason=cleaned)
    request.state = TransferState.REFUSED
    request.refusal_reason = cleaned
    request.refused_by_school_id = school_id
    request.closed_by = actor
    request.closed_at = timezone.now()
    request.save(update_fields=["state", "refusal_reason", "refused_by_school", "closed_by", "closed_at"])
    _after_commit(request)
    return request


@transaction.atomic
def transfer_cancel(*, actor: User, request: TransferRequest) -> TransferRequest:
    """Whoever asked withdraws the request before the certificate: a parent of the child when a parent asked,
    the origin school's administration when it asked."""
    request = _locked(request)
    asked_here = (_parent_of(actor, request.student_id) if request.asked_by == TransferAskedBy.PARENT
                  else _admin_school_id(actor) == request.from_school_id)
    if not asked_here:
        raise Refused(codes.TRANSFER_NOT_ALLOWED, _("Only whoever asked for the transfer cancels it."))
    _still_open(request)
    if request.state != TransferState.REQUESTED:
        raise Conflict(codes.CERTIFICATE_ALREADY_ISSUED,
                       _("The leaving certificate was already issued: the request can no longer be cancelled."))
    request.state = TransferState.CANCELLED
    request.closed_by = actor
    request.closed_at = timezone.now()
    request.save(update_fields=["state", "closed_by", "closed_at"])
    _after_commit(request)
    return request
