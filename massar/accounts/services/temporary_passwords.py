"""Reset by the administration, for an account without a recovery e-mail: a random temporary password,
printed on a slip, valid settings.MASSAR_TEMPORARY_PASSWORD_HOURS for one sign-in (services/sessions.py);
the administrator never chooses it. It ends every session and API token the account had.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import get_random_string

from massar.access.error_codes import AccessErrorCode
from massar.accounts.scopes import accounts_visible_to
from massar.core.errors import NotFound, Refused
from massar.core.roles import Role
from massar.students.models import Enrolment, EnrolmentStatus, Student, StudentGuardian

from ..error_codes import AccountsErrorCode
from ..events import account_event_record
from ..models import AccountEventKind, User
from ..tokens import api_tokens_revoke_all

# Readable on a printed slip and typed on a phone: capitals and digits without 0/O, 1/I (nor l).
TEMPORARY_PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TEMPORARY_PASSWORD_GROUPS = 4
TEMPORARY_PASSWORD_GROUP_LENGTH = 4


def temporary_password_generate() -> str:
    """`K7QD-3MXP-WH9R-TZ4B`: 16 random characters of 32 (80 bits), in groups, hyphens included."""
    return "-".join(get_random_string(TEMPORARY_PASSWORD_GROUP_LENGTH, TEMPORARY_PASSWORD_ALPHABET)
                    for _group in range(TEMPORARY_PASSWORD_GROUPS))


def accounts_resettable_by(actor: User) -> QuerySet[User]:
    """Students and parents of the administrator's school, today: a student enrolled there this year (or
    whose file it opened and who is enrolled nowhere), a parent of such a student. A school that a student
    has left keeps reading their archive but can no longer hand out their credentials."""
    staff_member = actor.staff_member if actor.staff_member_id else None
    school_id = staff_member.school_id if staff_member is not None else None
    if actor.role != Role.SCHOOL_ADMIN or school_id is None:
        return User.objects.none()
    enrolled_now = Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE, school_year__is_current=True)
    students_here = (Q(pk__in=enrolled_now.filter(school_class__school_id=school_id).values("student_id"))
                     | (Q(opened_by_id=school_id) & ~Q(pk__in=enrolled_now.values("student_id"))))
    student_ids = Student.objects.filter(students_here).values("pk")
    guardian_ids = StudentGuardian.objects.filter(student_id__in=student_ids).values("guardian_id")
    return accounts_visible_to(actor).filter(
        Q(role=Role.STUDENT, student_id__in=student_ids) | Q(role=Role.PARENT, guardian_id__in=guardian_ids)
    )


def temporary_password_issue(*, user: User, actor: User, ip_address: str | None = None) -> str:
    """Give `user` a random temporary password and return it (to print, once). Only a school administrator,
    for the students and parents of their school (Refused for other roles, NotFound for other accounts).

    It is valid MASSAR_TEMPORARY_PASSWORD_HOURS for one sign-in; sign-in then sets must_change_password.
    """
    if not getattr(actor, "is_authenticated", False) or actor.role != Role.SCHOOL_ADMIN:
        raise Refused(AccountsErrorCode.NOT_ALLOWED)
    target = accounts_resettable_by(actor).filter(pk=user.pk).first()
    if target is None:
        raise NotFound(AccessErrorCode.NOT_FOUND)
    password = temporary_password_generate()
    target.set_password(password)
    target.temporary_password_expires_at = timezone.now() + datetime.timedelta(
        hours=settings.MASSAR_TEMPORARY_PASSWORD_HOURS)
    target.must_change_password = False
    target.password_changed_at = timezone.now()
    with transaction.atomic():
        target.save(update_fields=["password", "temporary_password_expires_at", "must_change_password",
                                   "password_changed_at"])
        api_tokens_revoke_all(user=target, actor=actor, ip_address=ip_address)
        account_event_record(user=target, kind=AccountEventKind.TEMPORARY_PASSWORD, actor=actor,
                             ip_address=ip_address)
    return password
