"""Staff pages on students: the list (searched by code or name) and a student's file, in the caller's scope."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, staff_required
from massar.students.scopes import enrolments_visible_to, guardians_visible_to, students_visible_to
from massar.students.selectors import student_list_for


@require_safe
@staff_required
def staff_student_list(request: MemberRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    students = student_list_for(actor=request.user, query=query)[:100]
    return render(request, "portals/staff/student_list.html", {"students": students, "query": query})


@require_safe
@staff_required
def staff_student_detail(request: MemberRequest, massar_code: str) -> HttpResponse:
    student = get_object_or_404(students_visible_to(request.user), massar_code=massar_code)
    enrolments = (enrolments_visible_to(request.user).filter(student=student)
                  .select_related("school_class__school", "school_class__level", "school_year"))
    guardians = guardians_visible_to(request.user).filter(student_links__student=student)
    return render(request, "portals/staff/student_detail.html",
                  {"student": student, "enrolments": enrolments, "guardians": guardians})
