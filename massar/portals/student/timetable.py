"""The student's week: their current class's timetable."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.accounts.models import User
from massar.core.roles import Role
from massar.students.models import Enrolment, EnrolmentStatus, Student
from massar.timetable.scopes import lessons_visible_to
from massar.timetable.selectors import Week, class_week


def current_class_week(viewer: User, student: Student) -> tuple[Enrolment | None, Week | None]:
    """The student's current class (their active enrolment of the latest year) and its week, as `viewer` sees it."""
    enrolment = (Enrolment.objects.filter(student=student, status=EnrolmentStatus.ACTIVE)
                 .select_related("school_class__school", "school_class__school_year")
                 .order_by("-school_year__starts_on").first())
    if enrolment is None:
        return None, None
    return enrolment, class_week(school_class=enrolment.school_class, lessons=lessons_visible_to(viewer))


@require_safe
@roles_required(Role.STUDENT)
def my_timetable(request: MemberRequest) -> HttpResponse:
    student = request.user.student
    if student is None:
        raise Http404
    enrolment, week = current_class_week(request.user, student)
    return render(request, "portals/timetable/week.html",
                  {"week": week, "enrolment": enrolment, "title": _("My timetable")})
