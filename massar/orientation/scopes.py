"""Which orientation rows a caller sees (registered in OrientationConfig.ready()).

- Scoring formulas and their weights are national reference data, published by the ministry: every signed-in
  account reads them (they are shown to students beside each stream).
- Windows: a national window (no academy) is read by every signed-in account; an academy's window by the
  accounts of that academy (its officers, its directorates' and schools' staff, its students and their
  parents) and the ministry.
- Stream offers (a school's streams and capacities) are read by every signed-in account of the offering
  school's academy, and the ministry.
- Wish lists and wishes: a student their own, a parent their linked children's, the administration those of
  the students of its territory's schools (through the students' scope); teachers none.
Who may change what is decided by the services (windows, offers) and the back office's role matrix."""

from typing import Any

from django.db.models import Q, QuerySet

from massar.access import registry
from massar.access.scope import Caller, caller_of
from massar.core.roles import Role
from massar.schools.models import Directorate, School
from massar.schools.scopes import classes_visible_to
from massar.students.models import StudentGuardian
from massar.students.scopes import students_visible_to

from .models import OrientationWindow, ScoringFormula, ScoringWeight, StreamOffer, Wish, WishList


def _academies(user: Any, caller: Caller) -> Any:
    """The ids of the academies the caller belongs to (a values() queryset or a list); None: every academy."""
    if caller.nationwide:
        return None
    if caller.role == Role.ACADEMY_OFFICER:
        return [caller.academy_id] if caller.academy_id else []
    if caller.role == Role.DIRECTORATE_OFFICER:
        if not caller.directorate_id:
            return []
        return Directorate.objects.filter(pk=caller.directorate_id).values("academy_id")
    if caller.school_id:  # a school's administrator or teacher
        return School.objects.filter(pk=caller.school_id).values("directorate__academy_id")
    if caller.role in (Role.STUDENT, Role.PARENT):
        return classes_visible_to(user).values("school__directorate__academy_id")
    return []


def windows_visible_to(user: Any) -> QuerySet[OrientationWindow]:
    caller = caller_of(user)
    if caller is None:
        return OrientationWindow.objects.none()
    academies = _academies(user, caller)
    if academies is None:
        return OrientationWindow.objects.all()
    return OrientationWindow.objects.filter(Q(academy__isnull=True) | Q(academy_id__in=academies))


def offers_visible_to(user: Any) -> QuerySet[StreamOffer]:
    caller = caller_of(user)
    if caller is None:
        return StreamOffer.objects.none()
    academies = _academies(user, caller)
    if academies is None:
        return StreamOffer.objects.all()
    return StreamOffer.objects.filter(school__directorate__academy_id__in=academies)


def formulas_visible_to(user: Any) -> QuerySet[ScoringFormula]:
    return registry.reference_visible_to(user, ScoringFormula)


def weights_visible_to(user: Any) -> QuerySet[ScoringWeight]:
    return registry.reference_visible_to(user, ScoringWeight)


def wish_lists_visible_to(user: Any) -> QuerySet[WishList]:
    caller = caller_of(user)
    if caller is None:
        return WishList.objects.none()
    if caller.role == Role.STUDENT:
        return WishList.objects.filter(student_id=caller.student_id) if caller.student_id else WishList.objects.none()
    if caller.role == Role.PARENT:
        if not caller.guardian_id:
            return WishList.objects.none()
        return WishList.objects.filter(student_id__in=StudentGuardian.objects.filter(
            guardian_id=caller.guardian_id).values("student_id"))
    if caller.sees_whole_schools:
        if caller.nationwide:
            return WishList.objects.all()
        return WishList.objects.filter(student__in=students_visible_to(user))
    return WishList.objects.none()


def wishes_visible_to(user: Any) -> QuerySet[Wish]:
    return Wish.objects.filter(wish_list__in=wish_lists_visible_to(user))


def register_wish_side() -> None:
    """The wish side's scopes (windows, offers, formulas, wish lists), registered by OrientationConfig.ready()."""
    registry.register_reference(ScoringFormula, ScoringWeight)
    registry.register(OrientationWindow, windows_visible_to)
    registry.register(StreamOffer, offers_visible_to)
    registry.register(WishList, wish_lists_visible_to)
    registry.register(Wish, wishes_visible_to)
