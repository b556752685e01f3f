"""Who the caller is (DOMAIN §4): their role, the person they sign in for and their territory.

The rows each role sees are decided by each domain app, in its `scopes.py`, from this: a student sees
only themself, a parent their linked children (read-only), a teacher the students of the classes they teach,
a school administrator their school, a directorate or academy officer the schools of their territory, the
ministry (and a superuser) everything. This module knows no domain model: it reads the account's attributes
and builds filters on field paths.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from massar.core.roles import ADMINISTRATION_ROLES, Role


@dataclass(frozen=True)
class Caller:
    """A signed-in, active account as the scope layer sees it."""

    user_id: int
    role: str
    is_superuser: bool
    student_id: int | None
    guardian_id: int | None
    staff_member_id: int | None
    school_id: int | None
    directorate_id: int | None
    academy_id: int | None

    @property
    def nationwide(self) -> bool:
        """The ministry (and a superuser) see every school."""
        return self.is_superuser or self.role == Role.MINISTRY_OFFICER

    @property
    def sees_whole_schools(self) -> bool:
        """The administration: their school, their territory's schools, or every school."""
        return self.is_superuser or self.role in ADMINISTRATION_ROLES

    @property
    def is_teacher(self) -> bool:
        return self.role == Role.TEACHER and self.staff_member_id is not None


def caller_of(user: Any) -> Caller | None:
    """The caller behind `user` (an account or Django's anonymous user); None for nobody or an inactive account."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    staff = user.staff_member if user.staff_member_id else None
    return Caller(user_id=user.pk, role=user.role, is_superuser=user.is_superuser, student_id=user.student_id,
                  guardian_id=user.guardian_id, staff_member_id=user.staff_member_id,
                  school_id=staff.school_id if staff else None,
                  directorate_id=staff.directorate_id if staff else None,
                  academy_id=staff.academy_id if staff else None)


NOTHING = Q(pk__in=[])


def territory_q(caller: Caller, school: str = "") -> Q | None:
    """A filter on the schools an administrator or officer sees, as reached through the field path `school`
    ("" for School itself, "school" for a class, "school_class__school" for an enrolment). None means every
    school (the ministry); a staff role without a territory sees none."""
    if caller.nationwide:
        return None
    prefix = f"{school}__" if school else ""
    if caller.role == Role.SCHOOL_ADMIN and caller.school_id:
        return Q(**{school or "pk": caller.school_id})
    if caller.role == Role.DIRECTORATE_OFFICER and caller.directorate_id:
        return Q(**{f"{prefix}directorate_id": caller.directorate_id})
    if caller.role == Role.ACADEMY_OFFICER and caller.academy_id:
        return Q(**{f"{prefix}directorate__academy_id": caller.academy_id})
    return NOTHING
