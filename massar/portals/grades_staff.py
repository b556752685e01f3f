"""Grade pages for staff: the teacher's classes and grade-entry grid (one htmx request per cell), and the
administration's validation board (send back, validate, publish, correct with a reason).

Every write goes through massar.grades.services, which decides who may act; these views only find the rows
in the caller's scope (a sheet outside it is a 404, whatever a form sends)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from massar.core.models import Semester
from massar.core.roles import Role
from massar.grades import services
from massar.grades.calculations import Weighting, decide
from massar.grades.models import ACTIVITIES_SLOT, GradeSheet, Mark, MarkEvent, SheetStatus, StudentRemark
from massar.grades.selectors import assessment_rule_for, sheet_row_average, weighting_for
from massar.schools.models import SchoolClass, Subject, SubjectCoefficient
from massar.schools.scopes import classes_visible_to
from massar.staff.scopes import assignments_visible_to
from massar.students.models import EnrolmentStatus, Student
from massar.students.scopes import students_visible_to


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


def row_average(marks: dict[int, Mark], tests_count: int, weighting: Weighting) -> Decimal | None:
    """A student's subject average from their cells, rounded for display."""
    average = sheet_row_average(marks, tests_count, weighting)
    return None if average is None else decide(average)


def class_students(school_class: SchoolClass) -> list[Student]:
    return list(Student.objects.filter(enrolments__school_class=school_class,
                                       enrolments__status=EnrolmentStatus.ACTIVE)
                .order_by("last_name_latin", "first_name_latin", "massar_code").distinct())


@dataclass
class Cell:
    student: Student
    slot: int
    value: str = ""
    absent: bool = False
    error: str = ""
    saved: bool = False


@dataclass
class Row:
    student: Student
    cells: list[Cell] = field(default_factory=list)
    remark: str = ""
    average: Decimal | None = None


def sheet_rows(sheet: GradeSheet, students: list[Student]) -> list[Row]:
    slots = [*range(1, sheet.tests_count + 1), ACTIVITIES_SLOT]
    marks: dict[int, dict[int, Mark]] = {}
    for mark in Mark.objects.filter(sheet=sheet) if sheet.pk else []:
        marks.setdefault(mark.student_id, {})[mark.slot] = mark
    remarks = dict(StudentRemark.objects.filter(sheet=sheet).values_list("student_id", "text")) if sheet.pk else {}
    weighting = weighting_for(school_class=sheet.school_class, subject=sheet.subject)
    rows = []
    for student in students:
        own = marks.get(student.pk, {})
        cells = [Cell(student, slot, _typed(own.get(slot)), bool(own.get(slot) and own[slot].absent))
                 for slot in slots]
        rows.append(Row(student, cells, remarks.get(student.pk, ""), row_average(own, sheet.tests_count, weighting)))
    return rows


def _typed(mark: Mark | None) -> str:
    if mark is None or mark.value is None:
        return ""
    return f"{mark.value:.2f}".replace(".", ",")


def _columns(sheet: GradeSheet) -> list[tuple[int, str]]:
    tests = [(slot, _("Test %(number)d") % {"number": slot}) for slot in range(1, sheet.tests_count + 1)]
    return [*tests, (ACTIVITIES_SLOT, _("Activities"))]


# --- Teacher -------------------------------------------------------------------------------------------


def _teacher_only(request: HttpRequest) -> None:
    if request.user.role != Role.TEACHER:
        raise Http404


@require_safe
@login_required
def teacher_classes(request: HttpRequest) -> HttpResponse:
    _teacher_only(request)
    assignments = (assignments_visible_to(request.user)
                   .select_related("school_class__school_year", "school_class__school", "subject")
                   .order_by("school_class__code", "subject__code"))
    rows = [(a, a.school_class.school_year.semesters.order_by("number")) for a in assignments]
    return render(request, "portals/grades/teacher_classes.html", {"rows": rows})


def _teacher_sheet(request: HttpRequest, class_id: int, subject: str, semester: int) -> GradeSheet:
    """The caller's own sheet, opened (created with the year's number of tests) on first use; else 404."""
    _teacher_only(request)
    assignment = get_object_or_404(assignments_visible_to(request.user).select_related("school_class", "subject"),
                                   school_class_id=class_id, subject__code=subject)
    term = get_object_or_404(Semester, school_year_id=assignment.school_class.school_year_id, number=semester)
    return services.grade_sheet_open(school_class=assignment.school_class, subject=assignment.subject, semester=term)


def _sheet_args(sheet: GradeSheet) -> dict:
    return {"class_id": sheet.school_class_id, "subject": sheet.subject.code, "semester": sheet.semester.number}


@require_safe
@login_required
def teacher_grid(request: HttpRequest, class_id: int, subject: str, semester: int) -> HttpResponse:
    sheet = _teacher_sheet(request, class_id, subject, semester)
    return render(request, "portals/grades/teacher_grid.html", {
        "sheet": sheet, "rows": sheet_rows(sheet, class_students(sheet.school_class)), "columns": _columns(sheet),
        "editable": sheet.status == SheetStatus.DRAFT, "args": _sheet_args(sheet),
    })


def _cell_student(request: HttpRequest, sheet: GradeSheet) -> Student:
    return get_object_or_404(students_visible_to(request.user), massar_code=request.POST.get("student", ""))


@require_POST
@login_required
def teacher_cell(request: HttpRequest, class_id: int, subject: str, semester: int) -> HttpResponse:
    """Save one cell; answer with the cell again (flagged in place when invalid) and the row's new average."""
    sheet = _teacher_sheet(request, class_id, subject, semester)
    student = _cell_student(request, sheet)
    try:
        slot = int(request.POST.get("slot", ""))
    except ValueError:
        raise Http404 from None
    raw = request.POST.get("value", "")[:20]
    absent = request.POST.get("absent") == "on"
    cell = Cell(student, slot, raw, absent)
    try:
        mark = services.mark_enter(sheet=sheet, student=student, slot=slot, value=raw, absent=absent,
                                   actor=request.user)
    except ValidationError as error:
        cell.error = _message(error)
    else:
        cell.value, cell.saved = _typed(mark), True
    marks = {m.slot: m for m in Mark.objects.filter(sheet=sheet, student=student)}
    average = row_average(marks, sheet.tests_count, weighting_for(school_class=sheet.school_class,
                                                                  subject=sheet.subject))
    return render(request, "portals/grades/cell.html", {
        "cell": cell, "sheet": sheet, "args": _sheet_args(sheet), "editable": True,
        "oob_average": True, "average": average,
    })


@require_POST
@login_required
def teacher_remark(request: HttpRequest, class_id: int, subject: str, semester: int) -> HttpResponse:
    sheet = _teacher_sheet(request, class_id, subject, semester)
    student = _cell_student(request, sheet)
    error = ""
    text = request.POST.get("remark", "")
    try:
        text = services.remark_set(sheet=sheet, student=student, text=text, actor=request.user).text
    except ValidationError as failure:
        error = _message(failure)
    row = Row(student, remark=text)
    return render(request, "portals/grades/remark.html", {"row": row, "args": _sheet_args(sheet), "editable": True,
                                                         "error": error, "saved": not error})


@require_POST
@login_required
def teacher_submit(request: HttpRequest, class_id: int, subject: str, semester: int) -> HttpResponse:
    sheet = _teacher_sheet(request, class_id, subject, semester)
    try:
        services.grade_sheet_submit(sheet=sheet, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("Sheet submitted to the administration."))
    return redirect("portals:grades_teacher_grid", **_sheet_args(sheet))


# --- Administration ------------------------------------------------------------------------------------


def _admin_only(request: HttpRequest) -> None:
    if request.user.role != Role.SCHOOL_ADMIN:
        raise Http404


def _admin_class(request: HttpRequest, class_id: int, semester: int) -> tuple[SchoolClass, Semester]:
    _admin_only(request)
    school_class = get_object_or_404(classes_visible_to(request.user).select_related("level", "stream"),
                                     pk=class_id)
    term = get_object_or_404(Semester, school_year_id=school_class.school_year_id, number=semester)
    return school_class, term


def curriculum(school_class: SchoolClass) -> list[SubjectCoefficient]:
    """The subjects the class's level × stream studies this year, with their continuous-assessment weight."""
    rows = SubjectCoefficient.objects.filter(school_year_id=school_class.school_year_id,
                                             level_id=school_class.level_id).select_related("subject")
    rows = rows.filter(stream_id=school_class.stream_id) if school_class.stream_id else rows.filter(stream__isnull=True)
    return list(rows.order_by("subject__code"))


@require_safe
@login_required
def board_index(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    classes = (classes_visible_to(request.user).filter(school_year__is_current=True)
               .select_related("level", "school_year"))
    return render(request, "portals/grades/board_index.html", {"classes": classes})


@require_safe
@login_required
def board(request: HttpRequest, class_id: int, semester: int) -> HttpResponse:
    school_class, term = _admin_class(request, class_id, semester)
    sheets = {s.subject_id: s for s in GradeSheet.objects.filter(school_class=school_class, semester=term)
              .select_related("subject")}
    rows = []
    for coefficient in curriculum(school_class):
        rows.append((coefficient.subject, coefficient.continuous_coefficient, sheets.pop(coefficient.subject_id, None)))
    # Sheets of subjects outside the curriculum table still show (a subject taught but not yet in the table).
    rows += [(sheet.subject, None, sheet) for sheet in sheets.values()]
    return render(request, "portals/grades/board.html", {
        "school_class": school_class, "semester": term, "rows": rows,
        "semesters": term.school_year.semesters.order_by("number"),
    })


def _admin_sheet(request: HttpRequest, class_id: int, subject: str, semester: int
                 ) -> tuple[SchoolClass, Semester, Subject, GradeSheet | None]:
    school_class, term = _admin_class(request, class_id, semester)
    subject_obj = get_object_or_404(Subject, code=subject)
    sheet = GradeSheet.objects.filter(school_class=school_class, subject=subject_obj, semester=term).first()
    return school_class, term, subject_obj, sheet


@require_safe
@login_required
def board_sheet(request: HttpRequest, class_id: int, subject: str, semester: int) -> HttpResponse:
    return _board_sheet_page(request, class_id, subject, semester)


def _board_sheet_page(request: HttpRequest, class_id: int, subject: str, semester: int, *,
                      correction_error: str = "", status: int = 200) -> HttpResponse:
    school_class, term, subject_obj, sheet = _admin_sheet(request, class_id, subject, semester)
    shown = sheet or GradeSheet(school_class=school_class, subject=subject_obj, semester=term,
                                tests_count=assessment_rule_for(school_class=school_class,
                                                                subject=subject_obj).tests_count)
    students = class_students(school_class)
    events = (MarkEvent.objects.filter(sheet=sheet).select_related("student", "actor") if sheet else [])
    return render(request, "portals/grades/board_sheet.html", {
        "sheet": shown, "exists": sheet is not None, "rows": sheet_rows(shown, students),
        "columns": _columns(shown), "students": students, "events": events,
        "correctable": sheet is not None and sheet.status in services.CORRECTABLE,
        "args": {"class_id": school_class.pk, "subject": subject_obj.code, "semester": term.number},
        "correction_error": correction_error, "form": request.POST if correction_error else {},
    }, status=status)


def _board_redirect(sheet: GradeSheet) -> HttpResponse:
    return redirect("portals:grades_board", class_id=sheet.school_class_id, semester=sheet.semester.number)


@require_POST
@login_required
def board_return(request: HttpRequest, class_id: int, subject: str, semester: int) -> HttpResponse:
    _c, _t, _s, sheet = _admin_sheet(request, class_id, subject, semester)
    if sheet is None:
        raise Http404
    try:
        services.grade_sheet_return(sheet=sheet, actor=request.user, comment=request.POST.get("comment", ""))
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("Sheet sent back to the teacher."))
    return _board_redirect(sheet)


@require_POST
@login_required
def board_validate(request: HttpRequest, class_id: int, subject: str, semester: int) -> HttpResponse:
    _c, _t, _s, sheet = _admin_sheet(request, class_id, subject, semester)
    if sheet is None:
        raise Http404
    try:
        services.grade_sheet_validate(sheet=sheet, actor=request.user)
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("Sheet validated."))
    return _board_redirect(sheet)


@require_POST
@login_required
def board_publish(request: HttpRequest, class_id: int, semester: int) -> HttpResponse:
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
    sheets = GradeSheet.objects.filter(school_class__in=classes, semester=term)
    count = services.grade_sheets_publish(sheets=list(sheets), actor=request.user)
    messages.success(request, ngettext("%(count)d sheet published.", "%(count)d sheets published.", count) % {"count": count})
    return redirect("portals:grades_board", class_id=school_class.pk, semester=term.number)


@require_POST
@login_required
def board_correct(request: HttpRequest, class_id: int, subject: str, semester: int) -> HttpResponse:
    _c, _t, _s, sheet = _admin_sheet(request, class_id, subject, semester)
    if sheet is None:
        raise Http404
    student = get_object_or_404(students_visible_to(request.user), massar_code=request.POST.get("student", ""))
    try:
        slot = int(request.POST.get("slot", ""))
    except ValueError:
        raise Http404 from None
    try:
        services.mark_correct(sheet=sheet, student=student, slot=slot, value=request.POST.get("value", "")[:20],
                              absent=request.POST.get("absent") == "on", reason=request.POST.get("reason", ""),
                              actor=request.user, request=request)
    except ValidationError as error:
        return _board_sheet_page(request, class_id, subject, semester, correction_error=_message(error),
                                 status=400)
    messages.success(request, _("Mark corrected."))
    return redirect(reverse("portals:grades_board_sheet", kwargs={"class_id": class_id, "subject": subject,
                                                                  "semester": semester}))

