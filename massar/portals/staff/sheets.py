"""What the staff's sheet pages share (the teacher's grid, its canevas, the administration's sheet): the
grid's cells and rows as the templates draw them, its columns, the arguments of its URLs, and the teacher's
own sheet, found in their assignments (else 404, whatever a form sends)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from massar.access.gates import MemberRequest
from massar.core.models import Semester
from massar.grades import services
from massar.grades.models import ACTIVITIES_SLOT, GradeSheet, Mark, SheetStatus
from massar.grades.selectors import sheet_rows
from massar.grades.selectors.progress import sheet_progress
from massar.grades.selectors.roster import sheet_students
from massar.staff.scopes import assignments_visible_to
from massar.students.models import Student


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


def mark_typed(mark: Mark | None) -> str:
    """A stored mark as a teacher types it (14,75)."""
    if mark is None or mark.value is None:
        return ""
    return f"{mark.value:.2f}".replace(".", ",")


def grid_rows(sheet: GradeSheet, students: list[Student]) -> list[Row]:
    """The sheet's rows as the grid draws them: a cell per test and the activities, the remark, the average."""
    slots = [*range(1, sheet.tests_count + 1), ACTIVITIES_SLOT]
    rows = []
    for row in sheet_rows(sheet=sheet, students=students):
        cells = [Cell(row.student, slot, mark_typed(row.marks.get(slot)), bool(row.marks.get(slot)
                                                                            and row.marks[slot].absent))
                 for slot in slots]
        rows.append(Row(row.student, cells, row.remark, row.average))
    return rows


def sheet_columns(sheet: GradeSheet) -> list[tuple[int, str]]:
    tests = [(slot, _("Test %(number)d") % {"number": slot}) for slot in range(1, sheet.tests_count + 1)]
    return [*tests, (ACTIVITIES_SLOT, _("Activities"))]


def sheet_args(sheet: GradeSheet) -> dict:
    """The arguments of the sheet's URLs (class, subject code, semester number)."""
    return {"class_id": sheet.school_class_id, "subject": sheet.subject.code, "semester": sheet.semester.number}


def teacher_sheet(request: MemberRequest, class_id: int, subject: str, semester: int) -> GradeSheet:
    """The caller's own sheet, opened (created with the year's number of tests) on first use; else 404."""
    assignment = get_object_or_404(assignments_visible_to(request.user).select_related("school_class", "subject"),
                                   school_class_id=class_id, subject__code=subject)
    term = get_object_or_404(Semester, school_year_id=assignment.school_class.school_year_id, number=semester)
    return services.grade_sheet_open(school_class=assignment.school_class, subject=assignment.subject, semester=term)


def teacher_grid_page(request: MemberRequest, sheet: GradeSheet, status: int = 200, **extra: object) -> HttpResponse:
    """The teacher's grid page for `sheet` (after a canevas upload too, with what the upload says)."""
    return render(request, "portals/staff/grades/teacher_grid.html", {
        "sheet": sheet, "rows": grid_rows(sheet, list(sheet_students(sheet=sheet))),
        "progress": sheet_progress(sheet=sheet),
        "columns": sheet_columns(sheet), "editable": sheet.status == SheetStatus.DRAFT, "args": sheet_args(sheet),
        **extra,
    }, status=status)
