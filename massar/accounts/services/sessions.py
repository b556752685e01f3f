"""What a signed-in session is allowed: how long it lasts, and the one sign-in a temporary password gives.

The page that signs a session in (massar/portals/account) applies these rules; the back office's own login
page consumes a temporary password too (authentication.temporary_password_consume_on_login).
"""

from typing import Any

from django.conf import settings
from django.db import transaction

from massar.core.roles import STAFF_ROLES, Role

from ..models import User
from ..tokens import api_tokens_revoke_all

REMEMBER_DEVICE_ROLES = frozenset({Role.STUDENT, Role.PARENT})
# Seconds since the epoch of the last request of a staff session (the idle time-out counts from it).
LAST_ACTIVITY_SESSION_KEY = "massar_last_activity"


def is_staff_session(user: Any) -> bool:
    return bool(user.is_superuser or user.is_staff or user.role in STAFF_ROLES)


def session_seconds(*, user: User, remember_device: bool) -> int:
    """How long the session lives: a remembered device of a student or a parent for
    MASSAR_REMEMBER_DEVICE_SECONDS; any other until the browser closes (0), staff sessions also ending after
    MASSAR_IDLE_TIMEOUT_SECONDS idle."""
    if remember_device and user.role in REMEMBER_DEVICE_ROLES:
        return int(settings.MASSAR_REMEMBER_DEVICE_SECONDS)
    return 0


@transaction.atomic
def temporary_password_consume(*, user: User, ip_address: str | None = None) -> bool:
    """The one sign-in a temporary password allows has happened: from now on only this session holds, and it
    leads to "choose your new password". Tokens the account had are ended with the old password."""
    if user.temporary_password_expires_at is None:
        return False
    user.set_unusable_password()
    user.temporary_password_expires_at = None
    user.must_change_password = True
    user.save(update_fields=["password", "temporary_password_expires_at", "must_change_password"])
    api_tokens_revoke_all(user=user, actor=user, ip_address=ip_address)
    return True
