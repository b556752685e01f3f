"""Getting back into an account, and changing its password.

- Self-service: a single-use link to the recovery e-mail once it is confirmed (recovery_email.py), valid
  settings.PASSWORD_RESET_TIMEOUT. Django's token generator makes it single-use: its hash covers the password
  hash and the last sign-in, so it stops working once the password changes. Links are built from
  settings.SITE_URL, never from the Host header.
- By the administration (no recovery e-mail): a random temporary password, printed on a slip, valid
  settings.MASSAR_TEMPORARY_PASSWORD_HOURS; the administrator never chooses it.
- Any new password ends every other session (Django's session hash covers the password hash) and revokes
  every API token; the change is recorded and a notice goes to the recovery e-mail.
"""

import datetime

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from massar.accounts.scopes import accounts_visible_to
from massar.core.roles import Role
from massar.students.models import Enrolment, EnrolmentStatus, Student, StudentGuardian

from .activation import throttle_count, throttle_hit
from .models import AccountEventKind, User
from .notices import email_send, message_language, moment_display, recovery_address
from .selectors import signin_name_normalize
from .services import account_event_record, client_ip
from .tasks import reset_link_email_send
from .tokens import api_tokens_revoke_all

# Readable on a printed slip and typed on a phone: capitals and digits without 0/O, 1/I (nor l).
TEMPORARY_PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TEMPORARY_PASSWORD_GROUPS = 4
TEMPORARY_PASSWORD_GROUP_LENGTH = 4

RESET_REQUESTS_THROTTLED = "too_many_requests"
LINK_INVALID = "link_invalid"


def reset_request_answer() -> str:
    """The one answer to "I forgot my password", whether or not the account exists or has an e-mail."""
    return _("If an account with a recovery e-mail matches this name, a link to choose a new password was sent "
             "to that e-mail; it works once, for one hour. If nothing arrives (check the spam folder), ask "
             "your school's administration for a temporary password.")


def reset_requests_throttled_message() -> str:
    return _("Too many requests from your network. Wait an hour and try again, or ask your school's "
             "administration.")


def link_invalid_message() -> str:
    return _("This link has expired or was already used. Ask for a new one.")


def password_changed_message() -> str:
    return _("Your password was changed. Other devices signed in to your account were signed out.")


# --- Self-service reset ---------------------------------------------------------------------------------


def password_reset_request(*, signin_name: str, request: HttpRequest | None = None) -> bool:
    """Queue the reset e-mail for whatever name was typed; False when this address asked too often.

    The page does the same work whether or not the account exists: the lookup happens in the task, so the
    answer, its status and its timing say nothing about the account.
    """
    ip = client_ip(request)
    if ip:
        key = f"massar:reset:ip:{ip}"
        if throttle_count(key) >= settings.MASSAR_RESET_REQUESTS_PER_IP:
            return False
        throttle_hit(key, window_seconds=settings.MASSAR_RESET_WINDOW_SECONDS)
    reset_link_email_send.enqueue((signin_name or "")[:150], translation.get_language() or "")
    return True


def account_for_reset(signin_name: str) -> User | None:
    name = signin_name_normalize(signin_name)
    if not name:
        return None
    return User.objects.filter(username__iexact=name, is_active=True).first()


def password_reset_url(user: User) -> str:
    path = reverse("accounts:password_reset", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    })
    return settings.SITE_URL + path


def password_reset_email_send(*, signin_name: str, language: str = "") -> bool:
    """Send the reset link if the name is an active account with a confirmed recovery e-mail (at most
    MASSAR_RESET_EMAILS_PER_ACCOUNT per window, so a mailbox cannot be flooded). True when sent.

    An unconfirmed address may be a typo, somebody else's mailbox: it gets nothing, and the page that asked
    says the same as for any other name."""
    user = account_for_reset(signin_name)
    address = recovery_address(user) if user else ""
    if user is None or not address or user.email_confirmed_at is None:
        return False
    key = f"massar:reset:account:{user.pk}"
    if throttle_count(key) >= settings.MASSAR_RESET_EMAILS_PER_ACCOUNT:
        return False
    throttle_hit(key, window_seconds=settings.MASSAR_RESET_WINDOW_SECONDS)
    with translation.override(message_language(user, language)):
        valid_until = timezone.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
        email_send(to=address, subject=_("Choose a new password"), template="accounts/email/password_reset",
                   context={"name": user.display_name, "username": user.username,
                            "reset_url": password_reset_url(user), "valid_until": moment_display(valid_until)})
    return True


def account_from_uidb64(uidb64: str) -> User | None:
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    if not 0 < pk < 2**63:  # beyond any database's integer: not an account
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def reset_link_account(*, uidb64: str, token: str) -> User | None:
    """The account a reset link opens, or None when the link is unknown, used or expired."""
    user = account_from_uidb64(uidb64)
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


# --- Any new password -----------------------------------------------------------------------------------


def password_set(*, user: User, password: str, kind: str, request: HttpRequest | None = None,
                 actor: User | None = None) -> None:
    """Give `user` the (already validated) `password`: ends any temporary password and the obligation to
    choose one, every other session (through the session hash) and every API token; recorded, and noticed."""
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.must_change_password = False
    user.temporary_password_expires_at = None
    with transaction.atomic():
        user.save(update_fields=["password", "password_changed_at", "must_change_password",
                                 "temporary_password_expires_at"])
        api_tokens_revoke_all(user=user, actor=actor or user, request=request)
        account_event_record(user=user, kind=kind, actor=actor or user, request=request)


# --- Reset by the administration ------------------------------------------------------------------------


def temporary_password_generate() -> str:
    """`K7QD-3MXP-WH9R-TZ4B`: 16 random characters of 32 (80 bits), in groups, hyphens included."""
    return "-".join(get_random_string(TEMPORARY_PASSWORD_GROUP_LENGTH, TEMPORARY_PASSWORD_ALPHABET)
                    for _group in range(TEMPORARY_PASSWORD_GROUPS))


def accounts_resettable_by(actor: User) -> QuerySet[User]:
    """Students and parents of the administrator's school, today: a student enrolled there this year (or
    whose file it opened and who is enrolled nowhere), a parent of such a student. A school that a student
    has left keeps reading their archive but can no longer hand out their credentials."""
    school_id = actor.staff_member.school_id if actor.staff_member_id else None
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


def temporary_password_issue(*, user: User, actor: User, request: HttpRequest | None = None) -> str:
    """Give `user` a random temporary password and return it (to print, once). Only a school administrator,
    for the students and parents of their school (PermissionDenied for other roles, 404 for other accounts).

    It is valid MASSAR_TEMPORARY_PASSWORD_HOURS for one sign-in; sign-in then sets must_change_password.
    """
    if not getattr(actor, "is_authenticated", False) or actor.role != Role.SCHOOL_ADMIN:
        raise PermissionDenied
    target = accounts_resettable_by(actor).filter(pk=user.pk).first()
    if target is None:
        raise Http404
    password = temporary_password_generate()
    target.set_password(password)
    target.temporary_password_expires_at = timezone.now() + datetime.timedelta(
        hours=settings.MASSAR_TEMPORARY_PASSWORD_HOURS)
    target.must_change_password = False
    target.password_changed_at = timezone.now()
    with transaction.atomic():
        target.save(update_fields=["password", "temporary_password_expires_at", "must_change_password",
                                   "password_changed_at"])
        api_tokens_revoke_all(user=target, actor=actor, request=request)
        account_event_record(user=target, kind=AccountEventKind.TEMPORARY_PASSWORD, actor=actor,
                             request=request)
    return password
