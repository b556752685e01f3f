"""Which staff members and teaching assignments a caller sees (registered in StaffConfig.ready())."""

from typing import Any

from django.db.models import Q, QuerySet

from massar.access.scope import caller_of, territory_q
from massar.core.roles import Role
from massar.schools.models import School
from massar.schools.scopes import classes_visible_to

from .models import StaffMember, TeachingAssignment


def staff_visible_to(user: Any) -> QuerySet[StaffMember]:
    caller = caller_of(user)
    if caller is None:
        return StaffMember.objects.none()
    if caller.sees_whole_schools:
        territory = territory_q(caller)
        if territory is None:
            return StaffMember.objects.all()
        staff_q = Q(school__in=School.objects.filter(territory))
        # Officers also see the staff of their own level (the directorate's or the academy's offices).
        if caller.role == Role.ACADEMY_OFFICER:
            staff_q |= Q(directorate__academy_id=caller.academy_id) | Q(academy_id=caller.academy_id)
        elif caller.role == Role.DIRECTORATE_OFFICER:
            staff_q |= Q(directorate_id=caller.directorate_id)
        return StaffMember.objects.filter(staff_q)
    if caller.staff_member_id:
        return StaffMember.objects.filter(pk=caller.staff_member_id)
    return StaffMember.objects.none()


def assignments_visible_to(user: Any) -> QuerySet[TeachingAssignment]:
    """Classes × subjects: a teacher's own; the administration's for their schools."""
    caller = caller_of(user)
    if caller is None:
        return TeachingAssignment.objects.none()
    if caller.role == Role.TEACHER:
        return TeachingAssignment.objects.filter(teacher_id=caller.staff_member_id)
    if caller.sees_whole_schools:
        return TeachingAssignment.objects.filter(school_class__in=classes_visible_to(user))
    return TeachingAssignment.objects.none()
