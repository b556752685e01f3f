"""Which accounts, account events and API tokens a caller sees (registered in AccountsConfig.ready())."""

from typing import Any

from django.db.models import QuerySet

from massar.access.scope import caller_of
from massar.staff.scopes import staff_visible_to
from massar.students.scopes import guardians_visible_to, students_visible_to

from .models import AccountEvent, ApiToken, User


def accounts_visible_to(user: Any) -> QuerySet[User]:
    """The accounts of the people in scope; everyone sees their own."""
    caller = caller_of(user)
    if caller is None:
        return User.objects.none()
    if caller.nationwide:
        return User.objects.all()
    if caller.sees_whole_schools:
        # The UNION of four halves, each read from its own unique index (student, guardian, staff member):
        # written as an OR, PostgreSQL would read every account of the nation to test each one.
        own = User.objects.filter(pk=caller.user_id).values("pk")
        students = User.objects.filter(student__in=students_visible_to(user)).values("pk")
        guardians = User.objects.filter(guardian__in=guardians_visible_to(user)).values("pk")
        staff = User.objects.filter(staff_member__in=staff_visible_to(user)).values("pk")
        return User.objects.filter(pk__in=own.union(students, guardians, staff, all=True))
    return User.objects.filter(pk=caller.user_id)


def account_events_visible_to(user: Any) -> QuerySet[AccountEvent]:
    """The history of the accounts in scope."""
    return AccountEvent.objects.filter(user__in=accounts_visible_to(user))


def api_tokens_visible_to(user: Any) -> QuerySet[ApiToken]:
    """One's own tokens; the ministry sees every token (never its secret: only a digest is stored)."""
    caller = caller_of(user)
    if caller is None:
        return ApiToken.objects.none()
    if caller.nationwide:
        return ApiToken.objects.all()
    return ApiToken.objects.filter(user_id=caller.user_id)
