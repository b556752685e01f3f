"""A child's week, for their parent."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.roles import Role
from massar.students.scopes import students_visible_to

from ..student.timetable import current_class_week


@require_safe
@roles_required(Role.PARENT)
def child_timetable(request: MemberRequest, massar_code: str) -> HttpResponse:
    child = get_object_or_404(students_visible_to(request.user), massar_code=massar_code)
    enrolment, week = current_class_week(request.user, child)
    return render(request, "portals/timetable/week.html",
                  {"week": week, "enrolment": enrolment, "title": child.full_name, "child": child})
