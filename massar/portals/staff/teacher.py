"""The teacher's grade pages: their classes, and the grade-entry grid of a sheet (one htmx request per cell).

Every write goes through massar.grades.services, which decides who may act; these views only find the rows
in the caller's scope (a sheet outside it is a 404, whatever a form sends)."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.errors import Invalid, Refused
from massar.core.models import Semester
from massar.core.roles import Role
from massar.grades import services
from massar.grades.models import GradeSheet
from massar.grades.selectors import student_row_average
from massar.grades.selectors.progress import NOT_STARTED, SheetProgress, sheets_progress
from massar.staff.scopes import assignments_visible_to
from massar.students.models import Student
from massar.students.scopes import students_visible_to

from ..errors import domain_errors_as_pages
from .sheets import Cell, Row, mark_typed, sheet_args, teacher_grid_page, teacher_sheet

teacher_only = roles_required(Role.TEACHER)


@dataclass(frozen=True)
class SheetLink:
    """One semester of a class × subject on "My classes": where its sheet stands, and the way to its grid."""

    semester: Semester
    progress: SheetProgress


@require_safe
@teacher_only
def teacher_classes(request: MemberRequest) -> HttpResponse:
    """The teacher's classes × subjects, each semester with its sheet's state (returned: with the comment)."""
    assignments = list(assignments_visible_to(request.user)
                       .select_related("school_class__school_year", "school_class__school", "subject")
                       .order_by("school_class__code", "subject__code"))
    states = sheets_progress(teaching=[(a.school_class_id, a.subject_id) for a in assignments])
    semesters: dict[int, list[Semester]] = {}
    for term in Semester.objects.filter(school_year_id__in={a.school_class.school_year_id for a in assignments}
                                        ).order_by("number"):
        semesters.setdefault(term.school_year_id, []).append(term)
    rows = [(a, [SheetLink(term, states.get((a.school_class_id, a.subject_id, term.number), NOT_STARTED))
                 for term in semesters.get(a.school_class.school_year_id, [])]) for a in assignments]
    return render(request, "portals/staff/grades/teacher_classes.html", {"rows": rows})


@require_safe
@teacher_only
@domain_errors_as_pages
def teacher_grid(request: MemberRequest, class_id: int, subject: str, semester: int) -> HttpResponseBase:
    return teacher_grid_page(request, teacher_sheet(request, class_id, subject, semester))


def _cell_student(request: MemberRequest) -> Student:
    return get_object_or_404(students_visible_to(request.user), massar_code=request.POST.get("student", ""))


@require_POST
@teacher_only
@domain_errors_as_pages
def teacher_cell(request: MemberRequest, class_id: int, subject: str, semester: int) -> HttpResponseBase:
    """Save one cell; answer with the cell again (flagged in place when invalid) and the row's new average."""
    sheet = teacher_sheet(request, class_id, subject, semester)
    student = _cell_student(request)
    try:
        slot = int(request.POST.get("slot", ""))
    except ValueError:
        raise Http404 from None
    raw = request.POST.get("value", "")  # whole: a value too long is refused by the service, never cut
    absent = request.POST.get("absent") == "on"
    cell = Cell(student, slot, raw, absent)
    try:
        mark = services.mark_enter(sheet=sheet, student=student, slot=slot, value=raw, absent=absent,
                                   actor=request.user)
    except Invalid as error:
        cell.error = str(error)
    else:
        cell.value, cell.saved = mark_typed(mark), True
    return render(request, "portals/staff/grades/cell.html", {
        "cell": cell, "sheet": sheet, "args": sheet_args(sheet), "editable": True,
        "oob_average": True, "average": student_row_average(sheet=sheet, student=student),
    })


@require_POST
@teacher_only
@domain_errors_as_pages
def teacher_remark(request: MemberRequest, class_id: int, subject: str, semester: int) -> HttpResponseBase:
    sheet = teacher_sheet(request, class_id, subject, semester)
    student = _cell_student(request)
    error = ""
    text = request.POST.get("remark", "")
    try:
        text = services.remark_set(sheet=sheet, student=student, text=text, actor=request.user).text
    except Invalid as failure:
        error = str(failure)
    return render(request, "portals/staff/grades/remark.html", {
        "row": Row(student, remark=text), "args": sheet_args(sheet), "editable": True, "error": error,
        "saved": not error})


@require_POST
@teacher_only
@domain_errors_as_pages
def teacher_submit(request: MemberRequest, class_id: int, subject: str, semester: int) -> HttpResponseBase:
    sheet: GradeSheet = teacher_sheet(request, class_id, subject, semester)
    try:
        services.grade_sheet_submit(sheet=sheet, actor=request.user)
    except (Invalid, Refused) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Sheet submitted to the administration."))
    return redirect("portals:grades_teacher_grid", **sheet_args(sheet))
