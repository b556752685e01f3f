"""The student's exam results page: their published results (massar.exams.selectors.student_results, the same
read as the API), each with its explanation, and the exam calendar of their level this year (where each
result comes from and when it appears)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.accounts.models import User
from massar.core.roles import Role
from massar.exams.labels import result_explained
from massar.exams.scopes import year_decisions_visible_to
from massar.exams.selectors import exam_calendar, student_results
from massar.students.models import Enrolment, EnrolmentStatus, Student


def results_context(viewer: User, student: Student) -> dict:
    enrolment = (Enrolment.objects.filter(student=student, status=EnrolmentStatus.ACTIVE, school_year__is_current=True)
                 .select_related("school_class__level", "school_class__school_year").first())
    calendar = (list(exam_calendar(school_year=enrolment.school_class.school_year, level=enrolment.school_class.level))
                if enrolment else [])
    decisions = (year_decisions_visible_to(viewer).filter(student=student, published_at__isnull=False)
                 .select_related("school_year", "school_class").order_by("-school_year__starts_on"))
    return {"student": student, "results": [result_explained(r) for r in student_results(student=student)],
            "calendar": calendar, "decisions": list(decisions)}


@require_safe
@roles_required(Role.STUDENT)
def my_results(request: MemberRequest) -> HttpResponse:
    student = request.user.student
    if student is None:
        raise Http404
    return render(request, "portals/results/list.html", results_context(request.user, student))
