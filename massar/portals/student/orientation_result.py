"""The student's orientation result: once the council has published it, the stream they got (or none) and why
— for each wish ranked above it, the offer's capacity, its last admitted score and their own score; a wish
without a score, skipped; the council's reason when it changed the pre-selection. Nothing before publication.
One read (massar.orientation.results.student_orientation_result) for this page, the parent's and the API."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.accounts.models import User
from massar.core.roles import Role
from massar.orientation.results import student_orientation_result
from massar.students.models import Student


def orientation_result_context(viewer: User, student: Student) -> dict:
    return {"student": student, "result": student_orientation_result(viewer=viewer, student=student)}


@require_safe
@roles_required(Role.STUDENT)
def my_orientation_result(request: MemberRequest) -> HttpResponse:
    student = request.user.student
    if student is None:
        raise Http404
    return render(request, "portals/student/orientation_result.html",
                  orientation_result_context(request.user, student))
