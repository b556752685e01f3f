"""Where an account is locked and unlocked: the one module to read for it.

- Locking is django-axes's: AXES_FAILURE_LIMIT failed sign-ins lock a sign-in name for AXES_COOLOFF_TIME
  (settings.py), unknown names included, so that a lock never reveals whether an account exists. axes counts
  against `axes_username` (every spelling of one account shares a counter) and keeps our own answer to a
  locked sign-in (`axes_lockout_response`).
- When a lock ends is computed here from axes's rows (`lock_ends_at`, `locked_accounts_for`).
- Unlocking early is `account_unlock`, by the administration of the account's scope (`may_unlock_accounts`);
  a successful sign-in (web or API) clears the count too (`lockout_clear`).

The per-network limit is not a lock on any account: see throttles.py.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from massar.accounts.scopes import accounts_visible_to
from massar.core.roles import Role

from ..events import account_event_record
from ..models import AccountEventKind, User
from ..selectors import signin_name_normalize

UNLOCK_ROLES = frozenset({Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER, Role.ACADEMY_OFFICER, Role.MINISTRY_OFFICER})


def axes_username(request: Any, credentials: dict | None) -> str:
    """AXES_USERNAME_CALLABLE: the name django-axes counts failures against, canonical and case-folded, so that
    every spelling of one account (`f164115196 `, `F164115196@TAALIM.MA`) shares one counter. axes hands in
    the request it was given by `authenticate()` (typed Any: this module never handles a request itself)."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return signin_name_normalize(str(raw)).lower()


def axes_username_of(user: User) -> str:
    return signin_name_normalize(user.username).lower()


def axes_lockout_response(request: Any, original_response: Any = None, credentials: Any = None) -> Any:
    """AXES_LOCKOUT_CALLABLE: our sign-in page and API already answer a locked account (with its unlock
    time, in the page's language), so axes keeps that answer instead of its own."""
    return original_response


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


def accounts_locked_until(*, users: Iterable[User]) -> dict[int, datetime]:
    """When each of `users` that is locked now unlocks, by account id (an account not locked is absent):
    one query for a page of accounts."""
    ids_by_name = {axes_username_of(user): user.pk for user in users}
    if not ids_by_name:
        return {}
    cool_off, limit, now = get_cool_off(), settings.AXES_FAILURE_LIMIT, timezone.now()
    locked = {}
    for name, attempts in _attempts_by_name(list(ids_by_name)).items():
        unlock = _unlock_time(attempts, limit, cool_off)
        if unlock and unlock > now:
            locked[ids_by_name[name]] = unlock
    return locked


@dataclass(frozen=True)
class LockedAccount:
    user: User
    unlocks_at: datetime


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


def lockout_clear(*, user: User) -> int:
    """Forget the account's failed sign-ins (after a successful one). Returns the attempts reset."""
    return AxesProxyHandler.reset_attempts(username=axes_username_of(user))


@transaction.atomic
def account_unlock(*, user: User, actor: User, ip_address: str | None = None) -> int:
    """Lift the lock at once (the actor has already found `user` in their scope). Returns the attempts reset."""
    count = lockout_clear(user=user)
    account_event_record(user=user, kind=AccountEventKind.UNLOCKED, actor=actor, ip_address=ip_address)
    return count
