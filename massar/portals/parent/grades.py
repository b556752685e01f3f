"""The parent's grade pages: a card per linked child, and a child's grades page (the student's page, read as
their parent: sheets show from `parents_see_from`)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.roles import Role
from massar.students.scopes import students_visible_to

from ..student.grades import semester_chosen, student_grades

parents_only = roles_required(Role.PARENT)


@require_safe
@parents_only
def children_grades(request: MemberRequest) -> HttpResponse:
    """A card per child: the latest semester's published subjects and, when available, the general average."""
    cards = [semester_chosen(request, student_grades(request.user, child))
             for child in students_visible_to(request.user).order_by("first_name_latin")]
    return render(request, "portals/parent/children_grades.html", {"cards": cards})


@require_safe
@parents_only
def child_grades(request: MemberRequest, massar_code: str) -> HttpResponse:
    child = get_object_or_404(students_visible_to(request.user), massar_code=massar_code)
    context = semester_chosen(request, student_grades(request.user, child))
    return render(request, "portals/student/grades.html", {**context, "as_parent": True})
