"""Sign-in: who is trying, whether their account is locked, and whether their network is throttled.

Three limits, from the narrowest:
- per account (django-axes): AXES_FAILURE_LIMIT failures lock the sign-in name for AXES_COOLOFF_TIME, unknown
  names included, so that a lock never reveals whether an account exists;
- per IP address (the Django cache, shared by every process): MASSAR_IP_FAILURE_LIMIT failures in
  MASSAR_IP_FAILURE_WINDOW_SECONDS refuse further attempts from that address, without touching any account;
- temporary passwords: valid until `temporary_password_expires_at`, for one sign-in.

Pages and the API call `signin_attempt`, then (web) `signin_complete`. The answer to a wrong password and to an
unknown name is the same, and costs the same: Django's ModelBackend hashes the password for unknown names too.
"""

import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate, login, update_session_auth_hash
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db import transaction
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from massar.accounts.scopes import accounts_visible_to
from massar.core.roles import STAFF_ROLES, Role

from .models import AccountEventKind, User
from .selectors import signin_name_normalize
from .services import account_event_record, client_ip

# The backend to name when logging a user in by code (`login(request, user, backend=SIGNIN_BACKEND)`).
SIGNIN_BACKEND = "massar.accounts.authentication.SignInBackend"
REMEMBER_DEVICE_ROLES = frozenset({Role.STUDENT, Role.PARENT})
# Seconds since the epoch of the last request of a staff session (see middleware.IdleTimeoutMiddleware).
LAST_ACTIVITY_SESSION_KEY = "massar_last_activity"


class SignInError:
    """Why a sign-in was refused (pages and the API show these; tests assert on them)."""

    INVALID = "invalid_credentials"
    LOCKED = "account_locked"
    NETWORK_THROTTLED = "network_throttled"
    TEMPORARY_PASSWORD_EXPIRED = "temporary_password_expired"


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The name django-axes counts failures against: canonical and case-folded, so that every spelling of
    one account (`f164115196 `, `F164115196@TAALIM.MA`) shares one counter."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return signin_name_normalize(str(raw)).lower()


def axes_username_of(user: User) -> str:
    return signin_name_normalize(user.username).lower()


def axes_lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: our sign-in page and API already answer a locked account (with its unlock
    time, in the page's language), so axes keeps that answer instead of its own."""
    return original_response


def temporary_password_expired(user: User) -> bool:
    expires = user.temporary_password_expires_at
    return expires is not None and expires <= timezone.now()


class SignInBackend(ModelBackend):
    """Django's ModelBackend (it hashes for unknown names too), with the sign-in name normalised (a bare Massar
    code works) and an expired temporary password refused, whichever page or API signs in."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None:
            username = signin_name_normalize(str(username))
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and temporary_password_expired(user):
            if request is not None:
                # Only someone who typed the right (expired) password learns this.
                request.massar_temporary_password_expired = True
            return None
        return user


# --- Per-IP throttle ------------------------------------------------------------------------------------------


def _ip_keys(ip: str) -> tuple[str, str]:
    return f"massar:signin-ip:{ip}:failures", f"massar:signin-ip:{ip}:ends"


def network_wait_seconds(request: HttpRequest) -> int | None:
    """Seconds until the caller's address may try again, or None when it is under the limit."""
    ip = client_ip(request)
    if not ip:
        return None
    failures_key, ends_key = _ip_keys(ip)
    if (cache.get(failures_key) or 0) < settings.MASSAR_IP_FAILURE_LIMIT:
        return None
    ends = cache.get(ends_key) or time.time() + settings.MASSAR_IP_FAILURE_WINDOW_SECONDS
    return max(1, math.ceil(ends - time.time()))


def network_failure_record(request: HttpRequest) -> None:
    """Count a failed attempt against the caller's address, in a fixed window opened by its first failure."""
    ip = client_ip(request)
    if not ip:
        return
    window = settings.MASSAR_IP_FAILURE_WINDOW_SECONDS
    failures_key, ends_key = _ip_keys(ip)
    cache.add(ends_key, time.time() + window, window)
    cache.add(failures_key, 0, window)
    try:
        cache.incr(failures_key)
    except ValueError:  # expired between add() and incr()
        cache.set(failures_key, 1, window)


# --- Per-account lockout (django-axes) ------------------------------------------------------------------------


def _unlock_time(attempts: list[tuple[datetime, int]], limit: int, cool_off: timedelta) -> datetime | None:
    """axes counts every failure of a row while the row's latest failure is within the cool-off: the lock ends
    when enough rows, newest first, have aged out for the remaining failures to fall under the limit."""
    total = 0
    for attempt_time, failures in sorted(attempts, reverse=True):
        total += failures
        if total >= limit:
            return attempt_time + cool_off
    return None


def _attempts_by_name(names: list[str] | None = None) -> dict[str, list[tuple[datetime, int]]]:
    cool_off = get_cool_off()
    rows = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
    if names is not None:
        rows = rows.filter(username__in=names)
    by_name: dict[str, list[tuple[datetime, int]]] = {}
    for username, attempt_time, failures in rows.values_list("username", "attempt_time", "failures_since_start"):
        by_name.setdefault(username, []).append((attempt_time, failures))
    return by_name


def lock_ends_at(name: str) -> datetime | None:
    """When the sign-in name `name` (as axes counts it) unlocks; None when it is not locked."""
    key = signin_name_normalize(name).lower()
    attempts = _attempts_by_name([key]).get(key, [])
    unlock = _unlock_time(attempts, settings.AXES_FAILURE_LIMIT, get_cool_off())
    return unlock if unlock and unlock > timezone.now() else None


@dataclass(frozen=True)
class LockedAccount:
    user: User
    unlocks_at: datetime


UNLOCK_ROLES = frozenset({Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER, Role.ACADEMY_OFFICER, Role.MINISTRY_OFFICER})


def may_unlock_accounts(actor: User) -> bool:
    return actor.is_authenticated and (actor.is_superuser or actor.role in UNLOCK_ROLES)


def locked_accounts_for(actor: User) -> list[LockedAccount]:
    """The accounts in the actor's scope that are locked now, soonest unlock first (a school administrator:
    their school's students, their students' parents, their school's staff)."""
    if not may_unlock_accounts(actor):
        return []
    cool_off, limit, now = get_cool_off(), settings.AXES_FAILURE_LIMIT, timezone.now()
    unlocks = {}
    for name, attempts in _attempts_by_name().items():
        unlock = _unlock_time(attempts, limit, cool_off)
        if unlock and unlock > now:
            unlocks[name] = unlock
    if not unlocks:
        return []
    accounts = (accounts_visible_to(actor).annotate(signin_key=Lower("username"))
                .filter(signin_key__in=list(unlocks)).select_related("student", "guardian", "staff_member"))
    locked = [LockedAccount(user=user, unlocks_at=unlocks[user.signin_key]) for user in accounts]
    return sorted(locked, key=lambda item: (item.unlocks_at, item.user.username))


@transaction.atomic
def account_unlock(*, user: User, actor: User, request: HttpRequest | None = None) -> int:
    """Lift the lock at once (the actor has already found `user` in their scope). Returns the attempts reset."""
    count = AxesProxyHandler.reset_attempts(username=axes_username_of(user))
    account_event_record(user=user, kind=AccountEventKind.UNLOCKED, actor=actor, request=request)
    return count


# --- Signing in -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignInResult:
    user: User | None = None
    error: str | None = None
    unlocks_at: datetime | None = None
    retry_after_seconds: int | None = None


def signin_attempt(*, request: HttpRequest, username: str, password: str) -> SignInResult:
    """Check a sign-in name and password against every limit. Does not sign in (see `signin_complete`)."""
    wait = network_wait_seconds(request)
    if wait is not None:
        # Refused before any password check: no account is touched, locked or counted.
        return SignInResult(error=SignInError.NETWORK_THROTTLED, retry_after_seconds=wait)
    name = signin_name_normalize(username)
    user = authenticate(request, username=name, password=password)
    if user is not None:
        return SignInResult(user=user)
    network_failure_record(request)
    if getattr(request, "axes_locked_out", False):
        return SignInResult(error=SignInError.LOCKED, unlocks_at=lock_ends_at(name))
    if getattr(request, "massar_temporary_password_expired", False):
        return SignInResult(error=SignInError.TEMPORARY_PASSWORD_EXPIRED)
    return SignInResult(error=SignInError.INVALID)


@transaction.atomic
def temporary_password_consume(*, user: User, request: HttpRequest | None = None) -> bool:
    """The one sign-in a temporary password allows has happened: from now on only this session holds, and it
    leads to "choose your new password". Tokens the account had are ended with the old password."""
    if user.temporary_password_expires_at is None:
        return False
    from .tokens import api_tokens_revoke_all

    user.set_unusable_password()
    user.temporary_password_expires_at = None
    user.must_change_password = True
    user.save(update_fields=["password", "temporary_password_expires_at", "must_change_password"])
    api_tokens_revoke_all(user=user, actor=user, request=request)
    return True


def _session_length_set(request: HttpRequest, user: User, remember_device: bool) -> None:
    if remember_device and user.role in REMEMBER_DEVICE_ROLES:
        request.session.set_expiry(settings.MASSAR_REMEMBER_DEVICE_SECONDS)
    else:
        # Ends when the browser closes; staff sessions also end after MASSAR_IDLE_TIMEOUT_SECONDS idle.
        request.session.set_expiry(0)


def signin_complete(*, request: HttpRequest, user: User, remember_device: bool = False) -> None:
    """Sign `user` in on this request (a new session key: Django's login() cycles it)."""
    # Before login(), so that the session's hash is the new (unusable) password's and the session survives.
    temporary_password_consume(user=user, request=request)
    login(request, user, backend=SIGNIN_BACKEND)
    _session_length_set(request, user, remember_device)
    request.session[LAST_ACTIVITY_SESSION_KEY] = int(time.time())


def _consume_on_any_login(sender, request, user, **kwargs) -> None:
    """Any other way in (the back office's login page) consumes a temporary password too; the session's hash is
    then renewed so that this session, and only this one, goes on."""
    if getattr(user, "temporary_password_expires_at", None) is not None and request is not None:
        temporary_password_consume(user=user, request=request)
        update_session_auth_hash(request, user)


user_logged_in.connect(_consume_on_any_login, dispatch_uid="massar_temporary_password_consume")


def is_staff_session(user: User) -> bool:
    return user.is_superuser or user.is_staff or user.role in STAFF_ROLES


# --- Messages -------------------------------------------------------------------------------------------------


def local_time_text(moment: datetime) -> str:
    """A moment in local time, in the active language: the time alone when it is today."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return formats.time_format(local, "TIME_FORMAT")
    return formats.date_format(local, "SHORT_DATETIME_FORMAT")


def _minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def _locked_until_template() -> str:
    return _("This account is temporarily locked after too many failed sign-in attempts. It unlocks at "
             "%(time)s.")


def signin_error_text(result: SignInResult) -> str:
    """The refusal as people read it, in the active language (the API's `detail`)."""
    if result.error == SignInError.LOCKED:
        if result.unlocks_at is None:
            return _("This account is temporarily locked after too many failed sign-in attempts. Try again in "
                     "a few minutes.")
        return _locked_until_template() % {"time": local_time_text(result.unlocks_at)}
    if result.error == SignInError.NETWORK_THROTTLED:
        minutes = _minutes(result.retry_after_seconds or 60)
        return ngettext(
            "Too many sign-in attempts from this network. Try again in %(minutes)s minute.",
            "Too many sign-in attempts from this network. Try again in %(minutes)s minutes.",
            minutes) % {"minutes": minutes}
    if result.error == SignInError.TEMPORARY_PASSWORD_EXPIRED:
        return _("This temporary password has expired. Ask your school's administration for a new one.")
    return _("The sign-in name or the password is not right. Check them and try again (the password is "
             "case-sensitive).")


def signin_error_message(result: SignInResult) -> SafeString:
    """The same refusal for a page: the unlock time is isolated (`<bdi>`) inside right-to-left text."""
    if result.error == SignInError.LOCKED and result.unlocks_at is not None:
        time_html = format_html('<bdi dir="ltr">{}</bdi>', local_time_text(result.unlocks_at))
        # The sentence is escaped first, then the (escaped) time put in its place.
        return mark_safe(conditional_escape(_locked_until_template()) % {"time": time_html})  # noqa: S308
    return conditional_escape(signin_error_text(result))
