"""The parent's school-life pages: each linked child's semester totals, and a child's absences and behaviour."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.roles import Role
from massar.students.scopes import students_visible_to

from ..student.attendance import school_life

parents_only = roles_required(Role.PARENT)


@require_safe
@parents_only
def children_attendance(request: MemberRequest) -> HttpResponse:
    cards = [school_life(request.user, child)
             for child in students_visible_to(request.user).order_by("first_name_latin")]
    return render(request, "portals/attendance/children.html", {"cards": cards})


@require_safe
@parents_only
def child_attendance(request: MemberRequest, massar_code: str) -> HttpResponse:
    child = get_object_or_404(students_visible_to(request.user), massar_code=massar_code)
    return render(request, "portals/attendance/school_life.html",
                  {**school_life(request.user, child), "as_parent": True})
