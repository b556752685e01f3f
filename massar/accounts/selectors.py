"""Reads on accounts: sign-in names, and the lists the administration's pages show (rows from the scope layer)."""

import enum

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from massar.core.roles import Role
from massar.staff.models import Position, StaffMember
from massar.staff.scopes import staff_visible_to
from massar.students.codes import MASSAR_CODE_PATTERN, massar_code_normalize
from massar.students.models import Student, StudentGuardian
from massar.students.scopes import students_visible_to
from massar.students.selectors import student_list_for

from .models import AccountEvent, AccountEventKind, User


def signin_name_normalize(raw: str) -> str:
    """`  f164115196 ` → `F164115196@taalim.ma`; any other name is only stripped of surrounding spaces."""
    name = (raw or "").strip()
    if MASSAR_CODE_PATTERN.match(massar_code_normalize(name)):
        return f"{massar_code_normalize(name)}@{settings.SIGNIN_DOMAIN}"
    return name


def student_signin_name(massar_code: str) -> str:
    return f"{massar_code}@{settings.SIGNIN_DOMAIN}"


def school_student_accounts(*, actor: User, query: str = "") -> QuerySet[Student]:
    """The students in the administrator's scope, each with its account if one exists."""
    return student_list_for(actor=actor, query=query).select_related("account")


def school_parent_accounts(*, actor: User, query: str = "") -> QuerySet[User]:
    """Parent accounts linked to a student in the administrator's scope, each with those children only."""
    students = students_visible_to(actor)
    parents = User.objects.filter(role=Role.PARENT, guardian__student_links__student__in=students)
    if query:
        parents = parents.filter(
            Q(username__icontains=query) | Q(guardian__last_name_latin__icontains=query)
            | Q(guardian__first_name_latin__icontains=query) | Q(guardian__last_name_ar__contains=query)
            | Q(guardian__first_name_ar__contains=query)
            | Q(guardian__student_links__student__massar_code__iexact=query,
                guardian__student_links__student__in=students))
    children = StudentGuardian.objects.filter(student__in=students).select_related("student")
    return (User.objects.filter(pk__in=parents.values("pk")).select_related("guardian")
            .prefetch_related(Prefetch("guardian__student_links", queryset=children, to_attr="children_in_scope"))
            .order_by("guardian__last_name_latin", "guardian__first_name_latin", "pk"))


# --- Staff accounts -----------------------------------------------------------------------------------------

# Who creates whose account: each level of the administration for the level it oversees (and its peers).
MANAGED_POSITIONS: dict[str, frozenset[str]] = {
    Role.SCHOOL_ADMIN: frozenset({Position.TEACHER}),
    Role.DIRECTORATE_OFFICER: frozenset({Position.SCHOOL_ADMIN, Position.DIRECTORATE_OFFICER}),
    Role.ACADEMY_OFFICER: frozenset({Position.SCHOOL_ADMIN, Position.DIRECTORATE_OFFICER,
                                     Position.ACADEMY_OFFICER}),
    Role.MINISTRY_OFFICER: frozenset({Position.SCHOOL_ADMIN, Position.DIRECTORATE_OFFICER,
                                      Position.ACADEMY_OFFICER, Position.MINISTRY_OFFICER}),
}


class StaffAccountStatus(enum.StrEnum):
    NONE = "none"
    INVITED = "invited"
    ACTIVE = "active"


def staff_manageable_by(actor: User) -> QuerySet[StaffMember]:
    """The staff members whose accounts `actor` creates and re-invites: in their scope, at the levels they
    oversee. Anyone else's staff member is not found (a 404, even for a forged POST)."""
    if not actor.is_authenticated or not actor.is_active:
        return StaffMember.objects.none()
    positions = MANAGED_POSITIONS.get(Role.MINISTRY_OFFICER if actor.is_superuser else actor.role)
    if not positions:
        return StaffMember.objects.none()
    return staff_visible_to(actor).filter(position__in=positions)


def staff_account_list(*, actor: User, query: str = "") -> QuerySet[StaffMember]:
    """The manageable staff with their account (if any) and when they were last invited."""
    staff = staff_manageable_by(actor)
    if query:
        staff = staff.filter(Q(last_name_latin__icontains=query) | Q(first_name_latin__icontains=query)
                             | Q(last_name_ar__contains=query) | Q(first_name_ar__contains=query)
                             | Q(account__username__icontains=query))
    invited = (AccountEvent.objects.filter(user__staff_member=OuterRef("pk"), kind=AccountEventKind.INVITED)
               .order_by("-at").values("at")[:1])
    return (staff.select_related("account", "school", "directorate", "academy")
            .annotate(last_invited_at=Subquery(invited))
            .order_by("last_name_latin", "first_name_latin", "pk"))


def staff_account_of(staff_member: StaffMember) -> User | None:
    try:
        return staff_member.account
    except User.DoesNotExist:
        return None


def staff_account_status(staff_member: StaffMember) -> StaffAccountStatus:
    account = staff_account_of(staff_member)
    if account is None:
        return StaffAccountStatus.NONE
    return StaffAccountStatus.ACTIVE if account.has_usable_password() else StaffAccountStatus.INVITED
