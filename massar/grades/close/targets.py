"""Who may close a semester, and over what: a school administrator their school; directorate, academy and
ministry officers a school or a directorate of their territory, an academy officer their academy, the ministry
the nation. A domain rule, read by the close page to offer its choices and to check what a form sends."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from massar.accounts.models import User
from massar.core.errors import NotFound
from massar.core.roles import Role
from massar.schools.models import Academy, Directorate, School
from massar.schools.scopes import academies_visible_to, directorates_visible_to, schools_visible_to

from ..error_codes import GradesErrorCode

CLOSER_ROLES = frozenset({Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER, Role.ACADEMY_OFFICER, Role.MINISTRY_OFFICER})


@dataclass(frozen=True)
class CloseTarget:
    """What a close covers, as the task takes it: ("school", code), ("directorate", code), ("academy", code)
    or ("nation", None)."""

    kind: str
    code: str | None
    label: str

    @property
    def value(self) -> str:
        return f"{self.kind}:{self.code}" if self.code else self.kind


def _closes_nation(user: User) -> bool:
    return user.role == Role.MINISTRY_OFFICER or user.is_superuser


def _closes_academies(user: User) -> bool:
    return user.role in (Role.ACADEMY_OFFICER, Role.MINISTRY_OFFICER) or user.is_superuser


def close_targets_for(*, user: User) -> list[CloseTarget]:
    """The closes this user may start: their school (an administrator); a school or a directorate of their
    territory (officers); the nation (the ministry). The ministry picks a directorate or the nation (listing
    every school of the country would not make a usable form; a school code is still accepted)."""
    targets: list[CloseTarget] = []
    if _closes_nation(user):
        targets.append(CloseTarget("nation", None, _("The whole country")))
    if _closes_academies(user):
        targets += [CloseTarget("academy", a.code, _("Academy: %(name)s") % {"name": a.name})
                    for a in academies_visible_to(user).order_by("code")]
    if user.role != Role.SCHOOL_ADMIN:
        targets += [CloseTarget("directorate", d.code, _("Directorate: %(name)s") % {"name": d.name})
                    for d in directorates_visible_to(user).order_by("code")]
    if user.role != Role.MINISTRY_OFFICER:
        targets += [CloseTarget("school", s.code, _("School: %(name)s") % {"name": s.name})
                    for s in schools_visible_to(user).order_by("code")]
    return targets


def close_target_from(*, user: User, value: str) -> CloseTarget:
    """The posted target if this user may close it; anything else is NotFound (a forged form included)."""
    kind, _sep, code = (value or "").partition(":")
    if kind == "nation" and not code and _closes_nation(user):
        return CloseTarget("nation", None, _("The whole country"))
    found: Academy | Directorate | School | None = None
    if kind == "academy" and code and _closes_academies(user):
        found = academies_visible_to(user).filter(code=code).first()
    elif kind == "directorate" and code and user.role != Role.SCHOOL_ADMIN:
        found = directorates_visible_to(user).filter(code=code).first()
    elif kind == "school" and code:
        found = schools_visible_to(user).filter(code=code).first()
    if found is None:
        raise NotFound(GradesErrorCode.NOT_FOUND)
    return CloseTarget(kind, found.code, found.name)
