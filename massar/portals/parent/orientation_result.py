"""The parent's orientation results: a card per linked child (their published stream), and a child's result
with its explanation (the student's page, read for that child)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.roles import Role
from massar.students.scopes import students_visible_to

from ..student.orientation_result import orientation_result_context

parents_only = roles_required(Role.PARENT)


@require_safe
@parents_only
def children_orientation_results(request: MemberRequest) -> HttpResponse:
    children = students_visible_to(request.user).order_by("first_name_latin")
    return render(request, "portals/parent/orientation_results.html",
                  {"children": [orientation_result_context(request.user, child) for child in children]})


@require_safe
@parents_only
def child_orientation_result(request: MemberRequest, massar_code: str) -> HttpResponse:
    child = get_object_or_404(students_visible_to(request.user), massar_code=massar_code)
    return render(request, "portals/parent/orientation_result.html",
                  {**orientation_result_context(request.user, child), "as_parent": True})
