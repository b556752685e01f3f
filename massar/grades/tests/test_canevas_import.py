"""Importing a filled canevas: all or nothing, every problem located, the workflow respected, a re-import
changes nothing, and a process killed mid-import leaves nothing behind."""

import hashlib
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from unittest import mock

import openpyxl
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from massar.grades.canevas import CanevasImporter, CanevasRefused, canevas_export
from massar.grades.canevas import layout as L
from massar.grades.models import CanevasImport, GradeSheet, Mark, SheetStatus, StudentRemark
from massar.grades.rules import grade_rules_seed_year
from massar.grades.services import grade_sheet_open, mark_enter, remark_set
from massar.schools.models import SchoolClass, Subject
from massar.staff.models import Position
from massar.students.models import Student
from massar.testing import factories as make

FIXTURE = Path("/work/shared/fixtures/Export_28847E_2APIC-1_LANGUE FRANCAISE_21012026210439.xlsx")
if not FIXTURE.exists():
    FIXTURE = Path(settings.BASE_DIR).parent / "shared" / "fixtures" / FIXTURE.name


def open_sheet(school_class, subject="MATH", semester=1) -> GradeSheet:
    return grade_sheet_open(school_class=school_class, subject=Subject.objects.get(code=subject),
                            semester=school_class.school_year.semesters.get(number=semester))


def edit(data: bytes, cells: dict[str, object], *, drop_token: bool = False, token_sheet: dict | None = None) -> bytes:
    """The file after a teacher (or a tamperer) edited it in a spreadsheet program."""
    workbook = openpyxl.load_workbook(BytesIO(data))
    for ref, value in cells.items():
        workbook[L.SHEET_NAME][ref] = value
    for ref, value in (token_sheet or {}).items():
        workbook[L.TOKEN_SHEET_NAME][ref] = value
    if drop_token:
        del workbook[L.TOKEN_SHEET_NAME]
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def row_of(data: bytes, code: str) -> int:
    ws = openpyxl.load_workbook(BytesIO(data))[L.SHEET_NAME]
    return next(r for r in range(18, ws.max_row + 1) if ws.cell(r, 3).value == code)


def refused(teacher, data: bytes, sheet=None) -> list[tuple[int | None, str, str]]:
    with pytest.raises(CanevasRefused) as caught:
        CanevasImporter(actor=teacher, sheet=sheet).run(data)
    return [(p.row, p.cell, str(p)) for p in caught.value.problems]


def nothing_written():
    return Mark.objects.count() == 0 and StudentRemark.objects.count() == 0


# -- the round trip ------------------------------------------------------------------------------------------

def test_round_trip_stores_exact_marks(world, sheet, teacher):
    _name, data = canevas_export(sheet=sheet)
    row = row_of(data, world.student_a.massar_code)
    other = 37 - row  # rows 18 and 19
    activities = get_letter(7 + 2 * sheet.tests_count)
    remark = get_letter(9 + 2 * sheet.tests_count)
    filled = edit(data, {f"G{row}": 14.75, f"I{row}": "13,25", f"J{row}": "غ", f"{activities}{row}": "0",
                         f"{remark}{row}": "Très bien", f"G{other}": "8.5", f"H{other}": "x"})
    summary = CanevasImporter(actor=teacher, sheet=sheet).run(filled)
    assert summary.cells_changed == 4 and summary.remarks_changed == 1
    marks = {(m.student_id, m.slot): (m.value, m.absent) for m in Mark.objects.filter(sheet=sheet)}
    pupil = world.student_a.pk
    assert marks[(pupil, 1)] == (Decimal("14.75"), False)
    assert marks[(pupil, 2)] == (Decimal("13.25"), True)
    assert marks[(pupil, 0)] == (Decimal("0.00"), False)  # 0 is a real mark
    assert len(marks) == 4 and (pupil, 3) not in marks  # blank = not entered
    assert StudentRemark.objects.get(sheet=sheet, student=world.student_a).text == "Très bien"


def test_reimporting_the_same_file_writes_nothing(world, sheet, teacher):
    _name, data = canevas_export(sheet=sheet)
    filled = edit(data, {"G18": 12, "I19": "9,5", "K18": 20})
    CanevasImporter(actor=teacher, sheet=sheet).run(filled)
    before = list(Mark.objects.order_by("pk").values_list("pk", "value", "absent"))
    with CaptureQueriesContext(connection) as queries:
        summary = CanevasImporter(actor=teacher, sheet=sheet).run(filled)
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == [] and summary.cells_changed == 0 and summary.remarks_changed == 0
    assert list(Mark.objects.order_by("pk").values_list("pk", "value", "absent")) == before


def test_the_same_file_again_is_recognised_without_reading_it(world, sheet, teacher):
    _name, data = canevas_export(sheet=sheet)
    filled = edit(data, {"G18": 12, "I19": "9,5"})
    first = CanevasImporter(actor=teacher, sheet=sheet).run(filled)
    record = CanevasImport.objects.get()
    assert (record.sheet_id, record.cells_changed, record.imported_by) == (sheet.pk, 2, teacher)
    assert record.digest == hashlib.sha256(filled).hexdigest() and first.same_as is None
    with mock.patch("massar.grades.canevas.importer.CalamineWorkbook.from_filelike",
                    side_effect=AssertionError("the file was parsed")):
        again = CanevasImporter(actor=teacher, sheet=sheet).run(filled)
        again_from_the_command_line = CanevasImporter(actor=teacher).run(filled)
    assert again.same_as == record and again_from_the_command_line.same_as == record
    assert again.cells_changed == 0 and "already imported" in again.describe()
    assert CanevasImport.objects.count() == 1


def test_the_same_file_after_a_change_in_the_grid_shows_the_conflict_then_imports_when_confirmed(world, sheet,
                                                                                                  teacher):
    """Not recognised as already imported (the sheet changed), and not written blindly either: the file's 12
    would undo the grid's 7, so it is shown and written only once the teacher confirms this very file."""
    import hashlib

    from massar.grades.canevas import CanevasStale

    _name, data = canevas_export(sheet=sheet)
    filled = edit(data, {"G18": 12})
    CanevasImporter(actor=teacher, sheet=sheet).run(filled)
    student = Student.objects.get(massar_code=openpyxl.load_workbook(BytesIO(filled))[L.SHEET_NAME]["C18"].value)
    mark_enter(sheet=sheet, student=student, slot=1, value="7", absent=False, actor=teacher)
    with pytest.raises(CanevasStale) as stale:
        CanevasImporter(actor=teacher, sheet=sheet).run(filled)
    [cell] = stale.value.cells
    assert (cell.row, cell.column, cell.in_file, cell.now) == (18, 7, "12.00", "7.00")
    assert Mark.objects.get(sheet=sheet, student=student, slot=1).value == Decimal(7)
    digest = hashlib.sha256(filled).hexdigest()
    summary = CanevasImporter(actor=teacher, sheet=sheet, confirm=digest).run(filled)
    assert summary.same_as is None and summary.cells_changed == 1  # the file's 12 is back, as confirmed
    assert Mark.objects.get(sheet=sheet, student=student, slot=1).value == Decimal(12)


def test_every_change_of_a_sheet_counts_in_its_version(world, sheet, teacher):
    def version() -> int:
        return GradeSheet.objects.get(pk=sheet.pk).marks_version

    mark_enter(sheet=sheet, student=world.student_a, slot=1, value="10", absent=False, actor=teacher)
    assert version() == 1
    remark_set(sheet=sheet, student=world.student_a, text="Bien", actor=teacher)
    assert version() == 2
    _name, data = canevas_export(sheet=sheet)
    CanevasImporter(actor=teacher, sheet=sheet).run(data)  # the same marks: nothing changes
    assert version() == 2
    CanevasImporter(actor=teacher, sheet=sheet).run(edit(data, {f"G{row_of(data, world.student_a.massar_code)}": 11}))
    assert version() == 3


def test_the_same_file_into_a_submitted_sheet_is_refused(world, sheet, teacher):
    _name, data = canevas_export(sheet=sheet)
    filled = edit(data, {"G18": 12})
    CanevasImporter(actor=teacher, sheet=sheet).run(filled)
    GradeSheet.objects.filter(pk=sheet.pk).update(status=SheetStatus.SUBMITTED)
    assert "submitted" in refused(teacher, filled, sheet)[-1][2]


def test_a_cleared_cell_is_no_longer_entered(world, sheet, teacher):
    _name, data = canevas_export(sheet=sheet)
    CanevasImporter(actor=teacher, sheet=sheet).run(edit(data, {"G18": 12, "G19": 11}))
    _name, again = canevas_export(sheet=sheet)
    summary = CanevasImporter(actor=teacher, sheet=sheet).run(edit(again, {"G18": None}))
    assert summary.cells_changed == 1
    assert Mark.objects.filter(sheet=sheet, slot=1).count() == 1


def test_the_ministry_layout_is_read_by_its_headers(world):
    """The fixture (no token, 4 tests, marks as numbers and as `13,25`) against a class with its codes."""
    year = world.class_a.school_year
    grade_rules_seed_year(school_year=year)
    school = make.school(directorate_=world.directorate, cycles=("college",))
    type(school).objects.filter(pk=school.pk).update(code="28847E")
    school.refresh_from_db()
    school_class = make.school_class(school_=school, level="2AC", stream=None)
    SchoolClass.objects.filter(pk=school_class.pk).update(code="2APIC-1")
    school_class.refresh_from_db()
    teacher_member = make.staff(position=Position.TEACHER, school_=school)
    make.teach(teacher=teacher_member, school_class=school_class, subject="FR")
    account = make.account(teacher_member)
    grid = openpyxl.load_workbook(FIXTURE)[L.SHEET_NAME]
    codes = [grid.cell(r, 3).value for r in range(18, grid.max_row + 1) if grid.cell(r, 3).value]
    for code in codes:
        student = make.student(in_class=school_class)
        Student.objects.filter(pk=student.pk).update(massar_code=code)
    # Refused while a student of the file is not in the class: not even an empty sheet is left behind.
    Student.objects.filter(massar_code="F144984372").update(massar_code="Z000000001")
    with pytest.raises(CanevasRefused):
        CanevasImporter(actor=account).run(FIXTURE.read_bytes())
    assert not GradeSheet.objects.filter(school_class=school_class).exists()
    Student.objects.filter(massar_code="Z000000001").update(massar_code="F144984372")

    sheet = open_sheet(school_class, subject="FR")
    GradeSheet.objects.filter(pk=sheet.pk).update(tests_count=4)

    summary = CanevasImporter(actor=account).run(FIXTURE.read_bytes())
    assert summary.sheet == sheet and summary.rows == len(codes) == 34
    first = Student.objects.get(massar_code="F144984372")
    marks = {m.slot: (m.value, m.absent) for m in Mark.objects.filter(sheet=sheet, student=first)}
    assert marks == {1: (Decimal("13.25"), False), 2: (Decimal("7.75"), False), 3: (None, True),
                     0: (Decimal("12.00"), False)}
    assert StudentRemark.objects.get(sheet=sheet, student=first).text == "Travail faible, fais attention"
    # The same file again changes nothing.
    assert CanevasImporter(actor=account).run(FIXTURE.read_bytes()).cells_changed == 0


# -- refused before parsing -------------------------------------------------------------------------------

@override_settings(MASSAR_CANEVAS_MAX_BYTES=2000)
def test_an_oversized_file_is_refused(world, sheet, teacher):
    _name, data = canevas_export(sheet=sheet)
    problems = refused(teacher, data, sheet)
    assert "too large" in problems[0][2] and nothing_written()


def test_a_file_that_is_not_a_zip_is_refused(world, sheet, teacher):
    problems = refused(teacher, b"ID;code;mark\n1;F123456789;12\n", sheet)
    assert "not an Excel workbook" in problems[0][2] and nothing_written()


def test_a_zip_that_is_not_a_workbook_is_refused(world, sheet, teacher):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert "not an Excel workbook" in refused(teacher, out.getvalue(), sheet)[0][2]


def test_a_zip_bomb_is_refused_without_inflating_it(world, sheet, teacher):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    problems = refused(teacher, out.getvalue(), sheet)
    assert "zip bomb" in problems[0][2] and nothing_written()


# -- refused after validation, every problem located -----------------------------------------------------

def test_a_file_for_another_class_is_refused(world, sheet, teacher):
    make.teach(teacher=make.staff(school_=world.school), school_class=world.class_b)
    _name, data = canevas_export(sheet=open_sheet(world.class_b))
    problems = refused(teacher, data, sheet)
    assert [(row, cell) for row, cell, _ in problems] == [(9, "I9")]
    assert world.class_b.code in problems[0][2] and nothing_written()


def test_a_file_for_another_subject_is_refused(world, sheet, teacher):
    _name, data = canevas_export(sheet=open_sheet(world.class_a, subject="FR"))
    problems = refused(teacher, data, sheet)
    assert [(row, cell) for row, cell, _ in problems] == [(11, "O11")] and nothing_written()


def test_a_file_for_another_semester_is_refused(world, sheet, teacher):
    _name, data = canevas_export(sheet=open_sheet(world.class_a, semester=2))
    problems = refused(teacher, data, sheet)
    assert [(row, cell) for row, cell, _ in problems] == [(11, "I11")] and nothing_written()


def test_an_unknown_code_is_refused(world, sheet, teacher):
    _name, data = canevas_export(sheet=sheet)
    problems = refused(teacher, edit(data, {"C19": "Z999999999", "G18": 12}, drop_token=True), sheet)
    assert [(row, cell) for row, cell, _ in problems] == [(19, "C19")]
    assert "Z999999999 is not in this class" in problems[0][2] and "row 19, column C" in problems[0][2]
    assert nothing_written()


def test_the_upload_is_no_oracle_for_other_schools_codes(world, sheet, teacher):
    """A code of another school's student and a code nobody has get the same words."""
    _name, data = canevas_export(sheet=sheet)
    messages = []
    for code in (world.far_student.massar_code, "Z999999999"):
        [(_row, _cell, message)] = refused(teacher, edit(data, {"C19": code, "G18": 12}, drop_token=True), sheet)
        messages.append(message.replace(code, "CODE"))
    assert messages[0] == messages[1]
    assert nothing_written()


def test_a_student_of_another_class_is_refused(world, sheet, teacher):
    _name, data = canevas_export(sheet=sheet)
    tampered = edit(data, {"C18": world.other_student.massar_code, "G19": 12}, drop_token=True)
    problems = refused(teacher, tampered, sheet)
    assert [(row, cell) for row, cell, _ in problems] == [(18, "C18")]
    assert "not in this class" in problems[0][2] and nothing_written()


def test_every_bad_mark_is_reported_at_once(world, sheet, teacher):
    _name, data = canevas_export(sheet=sheet)
    problems = refused(teacher, edit(data, {"G18": 21, "I19": "abc", "G19": "-1", "I18": "12.5"}), sheet)
    located = {cell: message for _row, cell, message in problems}
    assert set(located) == {"G18", "I19", "G19"}
    assert "between 0 and 20" in located["G18"] and "row 18, column G" in located["G18"]
    assert "not a mark" in located["I19"]
    assert nothing_written()


def test_a_tampered_token_is_refused(world, sheet, teacher):
    _name, data = canevas_export(sheet=sheet)
    problems = refused(teacher, edit(data, {"G18": 12}, token_sheet={"A2": 19}), sheet)
    assert any(cell == "A1" and "integrity" in message for _row, cell, message in problems)
    assert nothing_written()


def test_reordered_rows_are_refused(world, sheet, teacher):
    _name, data = canevas_export(sheet=sheet)
    ws = openpyxl.load_workbook(BytesIO(data))[L.SHEET_NAME]
    swap = {f"{c}{r}": ws[f"{c}{37 - r}"].value for r in (18, 19) for c in "BCDF"}
    problems = refused(teacher, edit(data, {**swap, "G18": 10}), sheet)
    assert {cell for _row, cell, _ in problems} == {"C18", "C19"}
    assert all("reordered" in message for *_rest, message in problems) and nothing_written()


def test_an_added_row_is_refused(world, sheet, teacher):
    _name, data = canevas_export(sheet=sheet)
    problems = refused(teacher, edit(data, {"B20": 99999, "C20": world.student_b.massar_code, "G20": 12}), sheet)
    assert [(row, cell) for row, cell, _ in problems] == [(20, "B20")] and nothing_written()


# -- the workflow ------------------------------------------------------------------------------------------

def test_a_submitted_sheet_is_not_changed_by_an_import(world, sheet, teacher):
    _name, data = canevas_export(sheet=sheet)
    GradeSheet.objects.filter(pk=sheet.pk).update(status=SheetStatus.SUBMITTED)
    problems = refused(teacher, edit(data, {"G18": 12}), sheet)
    assert "submitted" in problems[-1][2] and nothing_written()


def test_another_teacher_cannot_import_into_the_sheet(world, sheet):
    _name, data = canevas_export(sheet=sheet)
    stranger = make.account(make.staff(school_=world.school))
    problems = refused(stranger, edit(data, {"G18": 12}))
    assert "do not teach" in problems[-1][2] and nothing_written()


# -- the commands ------------------------------------------------------------------------------------------

def test_commands_export_then_import(world, sheet, teacher, tmp_path):
    target = tmp_path / "canevas.xlsx"
    call_command("grades_export", "--class", world.class_a.code, "--school", world.school.code, "--subject", "MATH",
                 "--semester", "1", "-o", str(target), stdout=io.StringIO())
    target.write_bytes(edit(target.read_bytes(), {"G18": "15,5"}))
    out = io.StringIO()
    call_command("grades_import", str(target), "--as", teacher.username, stdout=out)
    assert "2 rows. Canevas imported: 1 mark and 0 remarks changed." in out.getvalue()
    assert Mark.objects.get().value == Decimal("15.50")
    out = io.StringIO()
    call_command("grades_import", str(target), "--as", teacher.username, stdout=out)
    assert "already imported on" in out.getvalue() and "nothing was written" in out.getvalue()


def test_the_import_command_prints_every_problem_and_fails(world, sheet, teacher, tmp_path):
    _name, data = canevas_export(sheet=sheet)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(edit(data, {"G18": 21, "I19": "abc"}))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("grades_import", str(bad), "--as", teacher.username, stderr=err)
    assert "row 18, column G" in err.getvalue() and "row 19, column I" in err.getvalue()
    assert nothing_written()


# -- a process killed mid-import -----------------------------------------------------------------------------

def child_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_mid_file_writes_nothing(world, tmp_path):
    grade_rules_seed_year(school_year=world.class_a.school_year)
    for n in range(30):
        make.student(in_class=world.class_a, first_name_latin=f"Pupil{n}")
    sheet = open_sheet(world.class_a)
    _name, data = canevas_export(sheet=sheet)
    file = tmp_path / "filled.xlsx"
    file.write_bytes(edit(data, {f"{col}{row}": 12 for row in range(18, 49) for col in "GIK"}))
    paused = tmp_path / "writing-started"
    env = {**os.environ, "DATABASE_URL": child_database_url(), "DJANGO_SETTINGS_MODULE": "config.settings"}
    child = subprocess.Popen([sys.executable, "-m", "massar.testing.paused_import", str(paused), str(file), "--as",
                              world.accounts["teacher"].username], cwd=settings.BASE_DIR, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not paused.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert paused.exists(), child.communicate(timeout=10)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert Mark.objects.filter(sheet=sheet).count() == 0


def get_letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)
