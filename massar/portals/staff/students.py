"""Staff pages on students: the list (searched by code or name) and a student's file, in the caller's scope.

The file shows the whole life of the record on one page: every year's school, class and status, the
semester general averages, ranks and the annual average (the grades report selector, as the caller may see
them), and, for the school's administration, the way to the student's documents. A school the student left
sees only the years the student spent there; the school they are in now sees their whole history."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, staff_required
from massar.accounts.models import User
from massar.core.models import Semester
from massar.grades.selectors import StudentYear, student_year_reports
from massar.schools.scopes import classes_visible_to
from massar.students.models import Enrolment, EnrolmentStatus, Student
from massar.students.scopes import enrolments_visible_to, guardians_visible_to, students_visible_to
from massar.students.selectors import student_list_for

from .attendance import student_file_attendance


@require_safe
@staff_required
def staff_student_list(request: MemberRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    students = student_list_for(actor=request.user, query=query)[:100]
    return render(request, "portals/staff/student_list.html", {"students": students, "query": query})


def record_years(*, viewer: User, student: Student, enrolments: list[Enrolment]) -> list[StudentYear]:
    """Each school year of the record the viewer may read, newest first, with its semester reports and annual
    average: every year for the school the student is in now, only its own years for a school they left."""
    classes = classes_visible_to(viewer)
    own_classes = set(classes.filter(pk__in=[e.school_class_id for e in enrolments]).values_list("pk", flat=True))
    here_now = any(e.status == EnrolmentStatus.ACTIVE and e.school_class_id in own_classes for e in enrolments)
    years = []
    seen = set()
    for enrolment in enrolments:
        year_id = enrolment.school_year_id
        if year_id in seen or not (here_now or enrolment.school_class_id in own_classes):
            continue
        seen.add(year_id)
        semesters = list(Semester.objects.filter(school_year_id=year_id).order_by("number"))
        if not semesters:
            continue
        year = student_year_reports(viewer=viewer, student=student, semesters=semesters)
        # The selector reads the year in the class the student ended it in: a school they left that year
        # does not read the new school's results.
        if here_now or (year.enrolment is not None and year.enrolment.school_class_id in own_classes):
            years.append(year)
    return years


@require_safe
@staff_required
def staff_student_detail(request: MemberRequest, massar_code: str) -> HttpResponse:
    student = get_object_or_404(students_visible_to(request.user), massar_code=massar_code)
    enrolments = list(enrolments_visible_to(request.user).filter(student=student)
                      .select_related("school_class__school", "school_class__level", "school_year")
                      .order_by("-school_year__starts_on", "-enrolled_on"))
    guardians = guardians_visible_to(request.user).filter(student_links__student=student)
    return render(request, "portals/staff/student_detail.html",
                  {"student": student, "enrolments": enrolments, "guardians": guardians,
                   "years": record_years(viewer=request.user, student=student, enrolments=enrolments),
                   **student_file_attendance(request.user, student)})
