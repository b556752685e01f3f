"""Activation: a student proves who they are with the school's record, then sets a password and a recovery
e-mail (stored unconfirmed: a confirmation link is mailed to it, see recovery_email.py). One account per
student, ever.

The answer to wrong details is one message whichever field was wrong, and whether or not the code exists;
"already activated" is said only once the details match (it would otherwise tell that a code exists).
"""

import contextlib
import datetime
import re

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massar.core.errors import Invalid, Throttled
from massar.core.roles import Role
from massar.students.codes import massar_code_normalize, massar_code_problem
from massar.students.models import Student

from ..error_codes import AccountsErrorCode
from ..events import account_event_record
from ..models import AccountEventKind, User
from ..passwords import text_fold
from ..selectors import student_signin_name
from ..throttles import throttle_count, throttle_hit

_SEPARATORS = re.compile(r"[\s\-'’.]+")


def details_mismatch_message() -> str:
    return _("These details don't match the school's record. Check them with your school's administration.")


def already_activated_message() -> str:
    return _("This account is already activated: sign in, or reset your password if you forgot it.")


def too_many_attempts_message() -> str:
    return _("Too many attempts. Wait an hour and try again, or check your details with your school's "
             "administration.")


def _throttle_keys(code: str, ip_address: str | None) -> list[tuple[str, int]]:
    keys = [(f"massar:activation:code:{code}", settings.MASSAR_ACTIVATION_FAILURES_PER_CODE)]
    if ip_address:
        keys.append((f"massar:activation:ip:{ip_address}", settings.MASSAR_ACTIVATION_FAILURES_PER_IP))
    return keys


# --- Matching the record --------------------------------------------------------------------------------


def last_name_fold(name: str) -> str:
    """A last name as compared with the record: case, accents, Arabic diacritics, spaces, hyphens and
    apostrophes do not count (`  el-amrani ` = `El Amrani`, `العمرانى` = `العمراني`)."""
    return _SEPARATORS.sub("", text_fold(name))


def student_record_matches(student: Student, *, birth_date: datetime.date, last_name: str) -> bool:
    typed = last_name_fold(last_name)
    names = {last_name_fold(student.last_name_latin), last_name_fold(student.last_name_ar)}
    return bool(typed) and student.birth_date == birth_date and typed in names


# --- The service ----------------------------------------------------------------------------------------


def student_account_activate(*, massar_code: str, birth_date: datetime.date, last_name: str, password: str,
                             email: str, language: str = "", ip_address: str | None = None) -> User:
    """Create the student's account once their details match the record.

    Raises Invalid (DETAILS_MISMATCH, ALREADY_ACTIVATED), Throttled (TOO_MANY_ATTEMPTS), or ValidationError
    for a malformed code or a refused password (said only once the details match: the password rules
    mention the record's names).
    """
    code = massar_code_normalize(massar_code)
    problem = massar_code_problem(code)
    if problem:
        raise ValidationError({"massar_code": [problem]})
    keys = _throttle_keys(code, ip_address)
    if any(throttle_count(key) >= limit for key, limit in keys):
        raise Throttled(AccountsErrorCode.TOO_MANY_ATTEMPTS, too_many_attempts_message())

    student = Student.objects.filter(massar_code=code).first()
    if student is None or not student_record_matches(student, birth_date=birth_date, last_name=last_name):
        for key, _limit in keys:
            throttle_hit(key, window_seconds=settings.MASSAR_ACTIVATION_WINDOW_SECONDS)
        raise Invalid(AccountsErrorCode.DETAILS_MISMATCH, details_mismatch_message())
    if User.objects.filter(student=student).exists():
        raise Invalid(AccountsErrorCode.ALREADY_ACTIVATED, already_activated_message())

    from .recovery_email import recovery_email_confirmation_queue

    now = timezone.now()
    account = User(username=student_signin_name(student.massar_code), role=Role.STUDENT, student=student,
                   email=email.strip(), activated_at=now, password_changed_at=now,
                   preferred_language=language if language in dict(settings.LANGUAGES) else "")
    try:
        validate_password(password, account)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from error
    account.set_password(password)
    try:
        # A concurrent activation of the same student loses on the unique student (and sign-in name):
        # it gets "already activated", never a second account or a server error.
        with transaction.atomic():
            account.save()
            account_event_record(user=account, kind=AccountEventKind.ACTIVATED, actor=account, ip_address=ip_address)
            if account.email:
                # Stored unconfirmed: reset links wait until the link sent now is used. Past the hourly limit
                # (a reused account number's counter) the student sends it again from the recovery e-mail page.
                with contextlib.suppress(ValidationError):
                    recovery_email_confirmation_queue(user=account)
    except IntegrityError:
        raise Invalid(AccountsErrorCode.ALREADY_ACTIVATED, already_activated_message()) from None
    return account
