"""The student's grades page, and what the parent's pages share with it: the semester reports of a student
(massar.grades.selectors.student_current_year, the same read as the API), the semester shown, the chart."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.accounts.models import User
from massar.core.roles import Role
from massar.grades.selectors import SemesterReport, student_current_year
from massar.students.models import Student

from .chart import averages_chart


def student_grades(viewer: User, student: Student) -> dict:
    """The page context of `student`'s grades in their current class, as `viewer` may see them."""
    year = student_current_year(viewer=viewer, student=student)
    if year is None:
        return {"student": student, "enrolment": None, "reports": []}
    return {"student": student, "enrolment": year.enrolment, "reports": year.reports,
            "chart": averages_chart(year.reports), "annual_average": year.annual_average}


def semester_chosen(request: HttpRequest, context: dict) -> dict:
    """The context with the semester to show (`?semester=`): else the latest with something published, else
    the first."""
    reports: list[SemesterReport] = context["reports"]
    wanted = request.GET.get("semester", "")
    chosen = next((r for r in reports if str(r.semester.number) == wanted), None)
    if chosen is None and reports:
        chosen = next((r for r in reversed(reports) if r.lines), reports[0])
    return {**context, "current": chosen}


@require_safe
@roles_required(Role.STUDENT)
def my_grades(request: MemberRequest) -> HttpResponse:
    student = request.user.student
    if student is None:
        raise Http404
    context = semester_chosen(request, student_grades(request.user, student))
    return render(request, "portals/student/grades.html", context)
