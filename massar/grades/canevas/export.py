"""Writing the canevas of a grade sheet: the ministry's "NotesCC" layout, right-to-left, protected except
for the cells a teacher fills, with an integrity token tying an upload to this export."""

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from massar.core.dates import SHORT, date_text

from ..models import ACTIVITIES_SLOT, GradeSheet, Mark, StudentRemark
from ..selectors.roster import sheet_students
from . import layout as L
from .token import Token, token_sign

ABSENT_MARKER = "غ"
UNLOCKED = Protection(locked=False)
BOLD = Font(bold=True)


def canevas_students(sheet: GradeSheet) -> list[tuple[int, str, str, str]]:
    """(id, code, name, birth date) of the students enrolled in the sheet's class, in the sheet's row order
    (the grid's: selectors.roster)."""
    students = sheet_students(sheet=sheet).values_list("pk", "massar_code", "last_name_ar", "first_name_ar",
                                                       "birth_date")
    return [(pk, code, f"{last} {first}".strip(), date_text(born, style=SHORT))
            for pk, code, last, first, born in students]


def canevas_file_name(sheet: GradeSheet, now=None) -> str:
    stamp = timezone.localtime(now or timezone.now()).strftime("%d%m%Y%H%M%S")
    school_class = sheet.school_class
    return (f"Export_{school_class.school.code}_{school_class.code}_"
            f"{L.subject_file_name(sheet.subject.name_fr)}_{stamp}.xlsx")


def _header_rows(sheet: GradeSheet) -> list[list]:
    school_class = sheet.school_class
    school = school_class.school
    teacher = sheet.teacher
    values = {
        "academy": L.ACADEMY_LABEL + school.directorate.academy.name_ar,
        "directorate": L.DIRECTORATE_LABEL + school.directorate.name_ar,
        "school": f"{L.SCHOOL_LABEL}{school.name_ar} ({school.code})",
        "level": school_class.level.name_ar, "class": school_class.code,
        "teacher": f"{teacher.last_name_ar} {teacher.first_name_ar}" if teacher else "",
        "year": school_class.school_year.label, "semester": L.SEMESTER_NAMES[sheet.semester.number],
        "subject": L.subject_file_name(sheet.subject.name_fr),
    }
    rows: list[list] = [[None] * 16 for _ in range(L.TABLE_HEADER_ROW - 1)]
    rows[0][5] = L.TITLE
    for (row, column), label in L.HEADER_LABEL_CELLS.items():
        rows[row - 1][column - 1] = label
    for key, (row, column) in L.HEADER_CELLS.items():
        rows[row - 1][column - 1] = values[key]
    rows[L.SCALE_LABEL_CELL[0] - 1][L.SCALE_LABEL_CELL[1] - 1] = L.SCALE_LABEL
    rows[L.SCALE_CELL[0] - 1][L.SCALE_CELL[1] - 1] = sheet.out_of
    return rows


def canevas_export(*, sheet: GradeSheet) -> tuple[str, bytes]:
    """The canevas of `sheet` as (file name, xlsx bytes), with the marks and remarks already entered."""
    sheet = GradeSheet.objects.select_related(
        "school_class__school__directorate__academy", "school_class__level", "school_class__school_year",
        "subject", "semester", "teacher").get(pk=sheet.pk)
    students = canevas_students(sheet)
    marks = {(student, slot): (value, absent) for student, slot, value, absent
             in Mark.objects.filter(sheet=sheet).values_list("student_id", "slot", "value", "absent")}
    remarks = dict(StudentRemark.objects.filter(sheet=sheet).values_list("student_id", "text"))
    slots = [*range(1, sheet.tests_count + 1), ACTIVITIES_SLOT]
    remark_column = L.FIRST_MARK_COLUMN + 2 * len(slots)

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(L.SHEET_NAME)
    ws.sheet_view.rightToLeft = True
    ws.protection.sheet = True  # structure locked; only marks, absences and remarks are unlocked below
    ws.protection.formatRows = ws.protection.formatColumns = False  # widening a column stays possible
    for column, width in {1: 3, 2: 11, 3: 14, 4: 26, 6: 12, remark_column: 34}.items():
        ws.column_dimensions[get_column_letter(column)].width = width

    for row in _header_rows(sheet):
        ws.append([_cell(ws, value) for value in row])
    header: list[str | None] = [None, L.ID_LABEL, L.CODE_LABEL, L.NAME_LABEL, None, L.BIRTH_LABEL]
    sub_header: list[str | None] = [None] * 6
    for slot in slots:
        header += [L.test_label(slot) if slot else L.ACTIVITIES_LABEL, None]
        sub_header += [L.MARK_LABEL, L.ABSENCE_LABEL]
    header.append(L.REMARK_LABEL)
    ws.append([WriteOnlyCell(ws, value) if value is None else _bold(ws, value) for value in header])
    ws.append([WriteOnlyCell(ws, value) if value is None else _bold(ws, value) for value in sub_header])

    token_rows = []
    for index, (pk, code, name, born) in enumerate(students):
        row_number = L.FIRST_STUDENT_ROW + index
        token_rows.append((row_number, pk, code))
        cells: list = [None, pk, _cell(ws, code), _cell(ws, name), None, _cell(ws, born)]
        for slot in slots:
            value, absent = marks.get((pk, slot), (None, False))
            cells += [_unlocked(ws, value), _unlocked(ws, ABSENT_MARKER if absent else None)]
        cells.append(_unlocked(ws, remarks.get(pk) or None))
        ws.append(cells)

    last_row = L.FIRST_STUDENT_ROW + len(students) - 1
    if students:
        validation = DataValidation(type="decimal", operator="between", formula1="0", formula2=str(sheet.out_of),
                                    allow_blank=True, showErrorMessage=True, errorTitle=f"0 – {sheet.out_of}",
                                    error=f"النقطة بين 0 و {sheet.out_of}")
        for position in range(len(slots)):
            letter = get_column_letter(L.FIRST_MARK_COLUMN + 2 * position)
            validation.add(f"{letter}{L.FIRST_STUDENT_ROW}:{letter}{last_row}")
        ws.data_validations.append(validation)
    for position in range(len(slots)):
        first = get_column_letter(L.FIRST_MARK_COLUMN + 2 * position)
        second = get_column_letter(L.FIRST_MARK_COLUMN + 2 * position + 1)
        ws.merged_cells.add(f"{first}{L.TABLE_HEADER_ROW}:{second}{L.TABLE_HEADER_ROW}")

    hidden = workbook.create_sheet(L.TOKEN_SHEET_NAME)
    hidden.sheet_state = "hidden"
    hidden.protection.sheet = True
    snapshot = {(student, slot): (None if value is None else int(value * 100), absent)
                for (student, slot), (value, absent) in marks.items() if value is not None or absent}
    hidden.append([token_sign(Token(sheet.pk, sheet.school_class_id, sheet.subject_id, sheet.semester_id,
                                    sheet.tests_count, token_rows, version=sheet.marks_version,
                                    exported_at=timezone.now().isoformat(), snapshot=snapshot))])
    for token_row in token_rows:
        hidden.append(list(token_row))

    buffer = BytesIO()
    workbook.save(buffer)
    return canevas_file_name(sheet), buffer.getvalue()


def _cell(ws, value) -> WriteOnlyCell:
    """A cell holding `value`; a text is always written as text, never as a formula: a remark typed as
    `=HYPERLINK(…)` or `=cmd|' /C calc'!A0` must reach the next reader as the characters typed."""
    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _unlocked(ws, value) -> WriteOnlyCell:
    cell = _cell(ws, value)
    cell.protection = UNLOCKED
    return cell


def _bold(ws, value) -> WriteOnlyCell:
    cell = _cell(ws, value)
    cell.font = BOLD
    cell.alignment = Alignment(horizontal="center")
    return cell
