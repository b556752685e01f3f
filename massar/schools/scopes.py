"""Which academies, directorates, schools and classes a caller sees (registered in SchoolsConfig.ready()).

Teachers reach classes through their teaching assignments, students and parents through enrolments: both
are followed as relations of SchoolClass (`assignments`, `enrolments`), so this app imports neither."""

from typing import Any

from django.db.models import QuerySet

from massar.access import registry
from massar.access.scope import caller_of, territory_q
from massar.core.roles import Role

from .models import Academy, Directorate, School, SchoolClass, SubjectCoefficient


def schools_visible_to(user: Any) -> QuerySet[School]:
    caller = caller_of(user)
    if caller is None:
        return School.objects.none()
    if caller.sees_whole_schools:
        territory = territory_q(caller)
        return School.objects.all() if territory is None else School.objects.filter(territory)
    if caller.is_teacher:
        return School.objects.filter(pk__in=classes_visible_to(user).values("school_id"))
    return School.objects.none()


def classes_visible_to(user: Any) -> QuerySet[SchoolClass]:
    caller = caller_of(user)
    if caller is None:
        return SchoolClass.objects.none()
    if caller.sees_whole_schools:
        territory = territory_q(caller, "school")
        return SchoolClass.objects.all() if territory is None else SchoolClass.objects.filter(territory)
    if caller.is_teacher:
        taught = SchoolClass.objects.filter(assignments__teacher_id=caller.staff_member_id).values("pk")
        return SchoolClass.objects.filter(pk__in=taught)
    if caller.role == Role.STUDENT and caller.student_id:
        attended = SchoolClass.objects.filter(enrolments__student_id=caller.student_id).values("pk")
        return SchoolClass.objects.filter(pk__in=attended)
    if caller.role == Role.PARENT and caller.guardian_id:
        children = SchoolClass.objects.filter(
            enrolments__student__guardian_links__guardian_id=caller.guardian_id).values("pk")
        return SchoolClass.objects.filter(pk__in=children)
    return SchoolClass.objects.none()


def academies_visible_to(user: Any) -> QuerySet[Academy]:
    """An officer's own academy (even before it has schools); others the academies of the schools they see."""
    caller = caller_of(user)
    if caller is None:
        return Academy.objects.none()
    if caller.nationwide:
        return Academy.objects.all()
    if caller.role == Role.ACADEMY_OFFICER:
        return Academy.objects.filter(pk=caller.academy_id) if caller.academy_id else Academy.objects.none()
    return Academy.objects.filter(pk__in=directorates_visible_to(user).values("academy_id"))


def directorates_visible_to(user: Any) -> QuerySet[Directorate]:
    """An academy officer: every directorate of the academy, including one just created with no school yet."""
    caller = caller_of(user)
    if caller is None:
        return Directorate.objects.none()
    if caller.nationwide:
        return Directorate.objects.all()
    if caller.role == Role.ACADEMY_OFFICER:
        return (Directorate.objects.filter(academy_id=caller.academy_id) if caller.academy_id
                else Directorate.objects.none())
    if caller.role == Role.DIRECTORATE_OFFICER:
        return (Directorate.objects.filter(pk=caller.directorate_id) if caller.directorate_id
                else Directorate.objects.none())
    return Directorate.objects.filter(pk__in=schools_visible_to(user).values("directorate_id"))


def coefficients_visible_to(user: Any) -> QuerySet[SubjectCoefficient]:
    return registry.reference_visible_to(user, SubjectCoefficient)
