"""A student's school life: absences and lateness of the year with the semester totals, and behaviour entries.
The parent's pages show the same for each child (parent/attendance.py)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.accounts.models import User
from massar.attendance import selectors
from massar.attendance.scopes import absences_visible_to, behaviour_visible_to
from massar.core.roles import Role
from massar.students.models import Enrolment, Student


def school_life(viewer: User, student: Student) -> dict:
    """The page context of `student`'s attendance and behaviour this year, as `viewer` may see them."""
    enrolment = (Enrolment.objects.filter(student=student).select_related("school_class__school_year")
                 .order_by("-school_year__starts_on").first())
    if enrolment is None:
        return {"student": student, "enrolment": None, "totals": [], "year_total": None, "absences": [],
                "behaviour": []}
    year = enrolment.school_class.school_year
    totals = selectors.student_semester_totals(student=student, school_year_id=year.pk)
    return {"student": student, "enrolment": enrolment, "totals": totals,
            "year_total": selectors.year_absence_totals(totals),
            "absences": selectors.student_absences(absences=absences_visible_to(viewer), student=student,
                                                   start=year.starts_on, end=year.ends_on),
            "behaviour": selectors.student_behaviour(entries=behaviour_visible_to(viewer), student=student)}


@require_safe
@roles_required(Role.STUDENT)
def my_attendance(request: MemberRequest) -> HttpResponse:
    student = request.user.student
    if student is None:
        raise Http404
    return render(request, "portals/attendance/school_life.html", school_life(request.user, student))
