"""Sign-in: who is trying, whether their account is locked, and whether their network is throttled.

Three limits, from the narrowest:
- per account (django-axes, services/lockout.py): AXES_FAILURE_LIMIT failures lock the sign-in name;
- per network address (throttles.py): MASSAR_IP_FAILURE_LIMIT failures in MASSAR_IP_FAILURE_WINDOW_SECONDS
  refuse further attempts from that address, without touching any account;
- temporary passwords: valid until `temporary_password_expires_at`, for one sign-in.

Pages and the API call `signin_attempt`; the page then signs the session in. The answer to a wrong password
and to an unknown name is the same, and costs the same: Django's ModelBackend hashes the password for
unknown names too.
"""

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from massar.core.dates import SHORT, datetime_text, time_text

from ..error_codes import AccountsErrorCode
from ..models import User
from ..selectors import signin_name_normalize
from ..throttles import network_failure_record, network_wait_seconds
from .lockout import lock_ends_at


@dataclass(frozen=True)
class SignInResult:
    user: User | None = None
    error: AccountsErrorCode | None = None
    unlocks_at: datetime | None = None
    retry_after_seconds: int | None = None


def signin_attempt(*, request: Any, ip_address: str | None, username: str, password: str) -> SignInResult:
    """Check a sign-in name and password against every limit. Does not sign in.

    `request` is only handed on to Django's `authenticate()`, for django-axes (which counts and locks per
    request) and the backend; the network limit counts `ip_address`."""
    wait = network_wait_seconds(ip_address=ip_address)
    if wait is not None:
        # Refused before any password check: no account is touched, locked or counted.
        return SignInResult(error=AccountsErrorCode.NETWORK_THROTTLED, retry_after_seconds=wait)
    name = signin_name_normalize(username)
    user = authenticate(request, username=name, password=password)
    if isinstance(user, User):
        return SignInResult(user=user)
    network_failure_record(ip_address=ip_address)
    if getattr(request, "axes_locked_out", False):
        return SignInResult(error=AccountsErrorCode.ACCOUNT_LOCKED, unlocks_at=lock_ends_at(name))
    if getattr(request, "massar_temporary_password_expired", False):
        return SignInResult(error=AccountsErrorCode.TEMPORARY_PASSWORD_EXPIRED)
    return SignInResult(error=AccountsErrorCode.INVALID_CREDENTIALS)


# --- Messages -------------------------------------------------------------------------------------------------


def local_time_text(moment: datetime) -> str:
    """A moment in local time, in the active language: the time alone when it is today."""
    if timezone.localtime(moment).date() == timezone.localdate():
        return time_text(moment)
    return datetime_text(moment, style=SHORT)


def _minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def locked_until_template() -> str:
    """The locked-account sentence with a `%(time)s` placeholder (the page isolates the time in RTL text)."""
    return _("This account is temporarily locked after too many failed sign-in attempts. It unlocks at "
             "%(time)s.")


def signin_error_text(result: SignInResult) -> str:
    """The refusal as people read it, in the active language (the API's `detail`)."""
    if result.error == AccountsErrorCode.ACCOUNT_LOCKED:
        if result.unlocks_at is None:
            return _("This account is temporarily locked after too many failed sign-in attempts. Try again in "
                     "a few minutes.")
        return locked_until_template() % {"time": local_time_text(result.unlocks_at)}
    if result.error == AccountsErrorCode.NETWORK_THROTTLED:
        minutes = _minutes(result.retry_after_seconds or 60)
        return ngettext(
            "Too many sign-in attempts from this network. Try again in %(minutes)s minute.",
            "Too many sign-in attempts from this network. Try again in %(minutes)s minutes.",
            minutes) % {"minutes": minutes}
    if result.error == AccountsErrorCode.TEMPORARY_PASSWORD_EXPIRED:
        return _("This temporary password has expired. Ask your school's administration for a new one.")
    return _("The sign-in name or the password is not right. Check them and try again (the password is "
             "case-sensitive).")
