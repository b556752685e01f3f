"""A parent's view of their children's orientation: each child's window and ranked wishes with the receipt,
read-only (the student ranks them), and the request to sign, printed as a PDF in Arabic or French."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.errors import Invalid
from massar.core.roles import Role
from massar.documents.orientation_request import orientation_request_issue
from massar.students.models import Student
from massar.students.scopes import students_visible_to

from ..student.documents import pdf_answer, print_language
from ..student.orientation import orientation_context

parents_only = roles_required(Role.PARENT)


def _child(request: MemberRequest, massar_code: str) -> Student:
    return get_object_or_404(students_visible_to(request.user), massar_code=massar_code)


@require_safe
@parents_only
def children_orientation(request: MemberRequest) -> HttpResponse:
    children = students_visible_to(request.user).order_by("first_name_latin", "pk")
    return render(request, "portals/parent/orientation_children.html",
                  {"children": [orientation_context(request.user, child) for child in children]})


@require_safe
@parents_only
def child_orientation(request: MemberRequest, massar_code: str) -> HttpResponse:
    context = orientation_context(request.user, _child(request, massar_code))
    return render(request, "portals/parent/orientation.html", {**context, "as_parent": True})


@require_safe
@parents_only
def child_orientation_request(request: MemberRequest, massar_code: str) -> HttpResponseBase:
    """The request to sign: the child's confirmed wishes as a PDF document (with its verifiable reference)."""
    child = _child(request, massar_code)
    try:
        document = orientation_request_issue(viewer=request.user, student=child)
    except Invalid as error:
        messages.error(request, str(error.message))
        return redirect("portals:orientation_child", massar_code=child.massar_code)
    return pdf_answer(document, print_language(request))
