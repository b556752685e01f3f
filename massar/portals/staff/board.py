"""The administration's validation board: each class's sheets by subject, and the steps after the teacher's
(send back, validate, publish a class, a level or the whole school, correct a mark with a reason).

Every write goes through massar.grades.services, which decides who may act; these views only find the rows
in the caller's scope (a class outside it is a 404, whatever a form sends)."""

from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from massar.access.gates import MemberRequest, client_ip, roles_required
from massar.core.errors import Invalid
from massar.core.models import Semester
from massar.core.roles import Role
from massar.grades import services
from massar.grades.models import GradeSheet
from massar.grades.selectors import (
    assessment_rule_for,
    class_sheet,
    class_sheets,
    classes_sheets,
    sheet_events,
)
from massar.schools.models import SchoolClass, Subject
from massar.schools.scopes import classes_visible_to
from massar.schools.selectors import class_curriculum
from massar.students.scopes import students_visible_to
from massar.students.selectors import class_students

from ..errors import domain_errors_as_pages
from .sheets import grid_rows, sheet_columns

administration_only = roles_required(Role.SCHOOL_ADMIN)


def _admin_class(request: MemberRequest, class_id: int, semester: int) -> tuple[SchoolClass, Semester]:
    school_class = get_object_or_404(classes_visible_to(request.user).select_related("level", "stream"),
                                     pk=class_id)
    term = get_object_or_404(Semester, school_year_id=school_class.school_year_id, number=semester)
    return school_class, term


@require_safe
@administration_only
def board_index(request: MemberRequest) -> HttpResponse:
    classes = (classes_visible_to(request.user).filter(school_year__is_current=True)
               .select_related("level", "school_year"))
    return render(request, "portals/staff/grades/board_index.html", {"classes": classes})


@require_safe
@administration_only
def board(request: MemberRequest, class_id: int, semester: int) -> HttpResponse:
    school_class, term = _admin_class(request, class_id, semester)
    sheets = class_sheets(school_class=school_class, semester=term)
    rows: list[tuple[Subject, Decimal | None, GradeSheet | None]] = [
        (row.subject, row.continuous_coefficient, sheets.pop(row.subject_id, None))
            for row in class_curriculum(school_class=school_class)]
    # Sheets of subjects outside the curriculum table still show (a subject taught but not yet in the table).
    rows += [(sheet.subject, None, sheet) for sheet in sheets.values()]
    return render(request, "portals/staff/grades/board.html", {
        "school_class": school_class, "semester": term, "rows": rows,
        "semesters": term.school_year.semesters.order_by("number"),
    })


def _admin_sheet(request: MemberRequest, class_id: int, subject: str, semester: int
                 ) -> tuple[SchoolClass, Semester, Subject, GradeSheet | None]:
    school_class, term = _admin_class(request, class_id, semester)
    subject_obj = get_object_or_404(Subject, code=subject)
    sheet = class_sheet(school_class=school_class, subject=subject_obj, semester=term)
    return school_class, term, subject_obj, sheet


def _existing_sheet(request: MemberRequest, class_id: int, subject: str, semester: int) -> GradeSheet:
    sheet = _admin_sheet(request, class_id, subject, semester)[3]
    if sheet is None:
        raise Http404
    return sheet


@require_safe
@administration_only
def board_sheet(request: MemberRequest, class_id: int, subject: str, semester: int) -> HttpResponse:
    return _board_sheet_page(request, class_id, subject, semester)


def _board_sheet_page(request: MemberRequest, class_id: int, subject: str, semester: int, *,
                      correction_error: str = "", status: int = 200) -> HttpResponse:
    school_class, term, subject_obj, sheet = _admin_sheet(request, class_id, subject, semester)
    shown = sheet or GradeSheet(school_class=school_class, subject=subject_obj, semester=term,
                                tests_count=assessment_rule_for(school_class=school_class,
                                                                subject=subject_obj).tests_count)
    students = class_students(school_class=school_class)
    events = sheet_events(sheet=sheet) if sheet else []
    return render(request, "portals/staff/grades/board_sheet.html", {
        "sheet": shown, "exists": sheet is not None, "rows": grid_rows(shown, students),
        "columns": sheet_columns(shown), "students": students, "events": events,
        "correctable": sheet is not None and sheet.status in services.CORRECTABLE,
        "args": {"class_id": school_class.pk, "subject": subject_obj.code, "semester": term.number},
        "correction_error": correction_error, "form": request.POST if correction_error else {},
    }, status=status)


def _board_redirect(sheet: GradeSheet) -> HttpResponse:
    return redirect("portals:grades_board", class_id=sheet.school_class_id, semester=sheet.semester.number)


@require_POST
@administration_only
@domain_errors_as_pages
def board_return(request: MemberRequest, class_id: int, subject: str, semester: int) -> HttpResponseBase:
    sheet = _existing_sheet(request, class_id, subject, semester)
    try:
        services.grade_sheet_return(sheet=sheet, actor=request.user, comment=request.POST.get("comment", ""))
    except Invalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Sheet sent back to the teacher."))
    return _board_redirect(sheet)


@require_POST
@administration_only
@domain_errors_as_pages
def board_validate(request: MemberRequest, class_id: int, subject: str, semester: int) -> HttpResponseBase:
    sheet = _existing_sheet(request, class_id, subject, semester)
    try:
        services.grade_sheet_validate(sheet=sheet, actor=request.user)
    except Invalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Sheet validated."))
    return _board_redirect(sheet)


@require_POST
@administration_only
@domain_errors_as_pages
def board_publish(request: MemberRequest, class_id: int, semester: int) -> HttpResponseBase:
    """Publish the validated sheets of this class, of every class of its level, or of the whole school."""
    school_class, term = _admin_class(request, class_id, semester)
    classes = classes_visible_to(request.user).filter(school_id=school_class.school_id,
                                                      school_year_id=school_class.school_year_id)
    extent = request.POST.get("extent", "class")
    if extent == "class":
        classes = classes.filter(pk=school_class.pk)
    elif extent == "level":
        classes = classes.filter(level_id=school_class.level_id)
    elif extent != "school":
        raise Http404
    sheets = classes_sheets(classes=classes, semester=term)
    count = services.grade_sheets_publish(sheets=list(sheets), actor=request.user)
    messages.success(request, ngettext("%(count)d sheet published.", "%(count)d sheets published.", count)
                     % {"count": count})
    return redirect("portals:grades_board", class_id=school_class.pk, semester=term.number)


@require_POST
@administration_only
@domain_errors_as_pages
def board_correct(request: MemberRequest, class_id: int, subject: str, semester: int) -> HttpResponseBase:
    sheet = _existing_sheet(request, class_id, subject, semester)
    student = get_object_or_404(students_visible_to(request.user), massar_code=request.POST.get("student", ""))
    try:
        slot = int(request.POST.get("slot", ""))
    except ValueError:
        raise Http404 from None
    try:
        services.mark_correct(sheet=sheet, student=student, slot=slot, value=request.POST.get("value", "")[:20],
                              absent=request.POST.get("absent") == "on", reason=request.POST.get("reason", ""),
                              actor=request.user, ip_address=client_ip(request))
    except Invalid as error:
        return _board_sheet_page(request, class_id, subject, semester, correction_error=str(error), status=400)
    messages.success(request, _("Mark corrected."))
    return redirect(reverse("portals:grades_board_sheet", kwargs={"class_id": class_id, "subject": subject,
                                                                  "semester": semester}))
