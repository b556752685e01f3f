"""A parent's children: "add a child" with the child's Massar code and birth date (exact match, one answer for
every mismatch, throttled), and the guardians the school records or links from the student file. The
guardian records themselves are written by massar.students.services.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from massar.core.errors import Invalid, Refused, Throttled
from massar.core.roles import Role
from massar.students.codes import massar_code_normalize, massar_code_problem
from massar.students.models import Student, StudentGuardian
from massar.students.scopes import students_visible_to
from massar.students.services import guardian_add as students_guardian_add
from massar.students.services import guardian_checked, guardian_link, relation_check

from ..error_codes import AccountsErrorCode
from ..events import account_event_record
from ..models import AccountEventKind, User
from ..throttles import throttle_count, throttle_hit


def child_no_match_message() -> str:
    # One message whatever was wrong: it never tells whether the code exists or which field differs.
    return _("These details don't match a student's record. Check the Massar code and the birth date on a "
             "school document (report card, school certificate), or ask your child's school.")


def child_throttled_message() -> str:
    return _("Too many unsuccessful attempts: to protect children's records, adding a child is paused for up to "
             "%(minutes)d minutes. Check the details with your child's school meanwhile.") % {
        "minutes": child_link_retry_after_seconds() // 60}


def child_link_retry_after_seconds() -> int:
    return settings.MASSAR_CHILD_LINK_WINDOW_SECONDS


def _child_link_counters(parent: User, ip_address: str | None) -> list[tuple[str, int]]:
    counters = [(f"massar:child-link:account:{parent.pk}", settings.MASSAR_CHILD_LINK_FAILURE_LIMIT)]
    if ip_address:
        counters.append((f"massar:child-link:ip:{ip_address}", settings.MASSAR_CHILD_LINK_IP_FAILURE_LIMIT))
    return counters


def child_link_throttled(*, parent: User, ip_address: str | None = None) -> bool:
    """Whether this parent (or this address) used up its failed attempts for the current window."""
    return any(throttle_count(key) >= limit for key, limit in _child_link_counters(parent, ip_address))


def _child_link_failure_count(parent: User, ip_address: str | None) -> None:
    for key, _limit in _child_link_counters(parent, ip_address):
        throttle_hit(key, window_seconds=settings.MASSAR_CHILD_LINK_WINDOW_SECONDS)


@dataclass(frozen=True)
class ChildLinked:
    student: Student
    link: StudentGuardian
    created: bool


def child_link(*, parent: User, massar_code: str, birth_date: datetime.date, relation: str,
               ip_address: str | None = None) -> ChildLinked:
    """Link a child to a parent's account when the Massar code and the birth date match the record exactly.

    A malformed code is a ValidationError located on `massar_code` (it reveals nothing, and costs no
    attempt). A wrong code or birth date is Invalid(CHILD_NO_MATCH), and counts against the parent's and
    the address's attempts; once they are used up, Throttled(CHILD_LINK_THROTTLED), even for correct details.
    Linking a child already linked changes nothing (`created` is False)."""
    if parent.role != Role.PARENT or parent.guardian_id is None or not parent.is_active:
        raise Refused(AccountsErrorCode.NOT_A_PARENT, _("Only a parent's account adds children."))
    code = massar_code_normalize(massar_code)
    problem = massar_code_problem(code)
    if problem:
        raise ValidationError({"massar_code": ValidationError(problem, code=AccountsErrorCode.MASSAR_CODE_FORMAT)})
    relation_check(relation)
    if child_link_throttled(parent=parent, ip_address=ip_address):
        raise Throttled(AccountsErrorCode.CHILD_LINK_THROTTLED, child_throttled_message(),
                        retry_after_seconds=child_link_retry_after_seconds())
    student = Student.objects.filter(massar_code=code, birth_date=birth_date).first()
    if student is None:
        _child_link_failure_count(parent, ip_address)
        raise Invalid(AccountsErrorCode.CHILD_NO_MATCH, child_no_match_message())
    guardian = parent.guardian
    assert guardian is not None  # a parent account always has its guardian record
    with transaction.atomic():
        existing = StudentGuardian.objects.filter(student=student, guardian=guardian).first()
        if existing is not None:
            return ChildLinked(student=student, link=existing, created=False)
        link = guardian_link(student=student, guardian=guardian, relation=relation)
        account_event_record(user=parent, kind=AccountEventKind.CHILD_LINKED, actor=parent, ip_address=ip_address,
                             detail=f"{student.massar_code} ({relation})")
    return ChildLinked(student=student, link=link, created=True)


# --- Guardians linked by the school --------------------------------------------------------------------------


def _school_admin_check(actor: User, student: Student) -> None:
    """Only the administration of the student's school links guardians (the scope layer decides)."""
    if actor.role != Role.SCHOOL_ADMIN or not students_visible_to(actor).filter(pk=student.pk).exists():
        raise Refused(AccountsErrorCode.NOT_ALLOWED)


@transaction.atomic
def guardian_add(*, student: Student, actor: User, first_name_latin: str, last_name_latin: str,
                 first_name_ar: str, last_name_ar: str, relation: str, phone: str = "", email: str = "",
                 ip_address: str | None = None) -> StudentGuardian:
    """The school records a guardian (without an account) on the student's file. Nothing is written when
    anything is invalid; errors are located on their field."""
    _school_admin_check(actor, student)
    guardian = guardian_checked(first_name_latin=first_name_latin, last_name_latin=last_name_latin,
                                first_name_ar=first_name_ar, last_name_ar=last_name_ar, phone=phone, email=email)
    return students_guardian_add(student=student, guardian=guardian, relation=relation)


@transaction.atomic
def guardian_account_link(*, student: Student, actor: User, email: str, relation: str,
                          ip_address: str | None = None) -> tuple[StudentGuardian, bool]:
    """The school links an existing parent account, found by its e-mail, to the student. Returns the link
    and whether it is new (linking twice changes nothing)."""
    _school_admin_check(actor, student)
    relation_check(relation)
    address = email.strip().lower()
    accounts = list(User.objects.filter(Q(username__iexact=address) | Q(email__iexact=address),
                                        role=Role.PARENT, is_active=True).select_related("guardian")[:2])
    if not address or len(accounts) != 1:
        raise ValidationError({"email": ValidationError(
            _("No active parent account uses this e-mail. The parent first signs up and confirms their "
              "e-mail; then link their account here."), code=AccountsErrorCode.PARENT_ACCOUNT_NOT_FOUND)})
    account = accounts[0]
    guardian = account.guardian
    assert guardian is not None  # a parent account always has its guardian record
    existing = StudentGuardian.objects.filter(student=student, guardian=guardian).first()
    if existing is not None:
        return existing, False
    link = guardian_link(student=student, guardian=guardian, relation=relation)
    account_event_record(user=account, kind=AccountEventKind.CHILD_LINKED, actor=actor, ip_address=ip_address,
                         detail=f"{student.massar_code} ({relation}) by the school")
    return link, True
