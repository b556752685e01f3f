"""The canevas we export: the ministry's NotesCC layout, protected, with an integrity token."""

import re
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from massar.grades.canevas import canevas_export
from massar.grades.canevas import layout as L
from massar.grades.models import Mark, StudentRemark
from massar.grades.rules import grade_rules_seed_year
from massar.grades.services import grade_sheet_open
from massar.schools.models import Subject
from massar.testing import factories as make


@pytest.fixture
def sheet(world):
    grade_rules_seed_year(school_year=world.class_a.school_year)
    make.student(in_class=world.class_a, first_name_latin="Amine")
    semester = world.class_a.school_year.semesters.get(number=1)
    return grade_sheet_open(school_class=world.class_a, subject=Subject.objects.get(code="MATH"), semester=semester)


def open_export(sheet):
    name, data = canevas_export(sheet=sheet)
    return name, data, openpyxl.load_workbook(BytesIO(data))


def test_file_name_follows_the_ministry_pattern(sheet):
    name, _data, _wb = open_export(sheet)
    school, code = sheet.school_class.school.code, sheet.school_class.code
    assert re.fullmatch(rf"Export_{school}_{code}_MATHEMATIQUES_\d{{14}}\.xlsx", name), name


def test_layout_matches_the_fixture(sheet):
    _name, _data, wb = open_export(sheet)
    ws = wb[L.SHEET_NAME]
    assert ws.sheet_view.rightToLeft
    assert ws["B16"].value == "ID" and ws["C16"].value == L.CODE_LABEL and ws["D16"].value == L.NAME_LABEL
    assert ws["F16"].value == L.BIRTH_LABEL and ws["G16"].value == "الفرض الأول"
    assert [ws.cell(17, c).value for c in (7, 8)] == [L.MARK_LABEL, L.ABSENCE_LABEL]
    tests = sheet.tests_count
    assert ws.cell(16, 7 + 2 * tests).value == L.ACTIVITIES_LABEL
    assert ws.cell(16, 9 + 2 * tests).value == L.REMARK_LABEL
    assert ws["I9"].value == sheet.school_class.code and ws["I11"].value == "الدورة الأولى"
    assert ws["O11"].value == "MATHEMATIQUES" and ws["D11"].value == "2025/2026"
    assert f"({sheet.school_class.school.code})" in ws["B7"].value
    assert wb[L.TOKEN_SHEET_NAME].sheet_state == "hidden"


def test_one_row_per_enrolled_student_by_name_with_existing_marks(sheet, world):
    Mark.objects.create(sheet=sheet, student=world.student_a, slot=1, value=Decimal("14.75"))
    Mark.objects.create(sheet=sheet, student=world.student_a, slot=2, absent=True)
    StudentRemark.objects.create(sheet=sheet, student=world.student_a, text="Bien")
    _name, _data, wb = open_export(sheet)
    ws = wb[L.SHEET_NAME]
    codes = [ws.cell(r, 3).value for r in range(18, 20)]
    assert set(codes) == set(world.class_a.enrolments.values_list("student__massar_code", flat=True))
    assert ws.cell(20, 2).value is None
    row = 18 + codes.index(world.student_a.massar_code)
    assert ws.cell(row, 2).value == world.student_a.pk
    assert ws.cell(row, 7).value == pytest.approx(14.75) and ws.cell(row, 10).value == "غ"
    assert ws.cell(row, 9 + 2 * sheet.tests_count).value == "Bien"


def test_only_marks_absences_and_remarks_are_unlocked_and_marks_are_validated(sheet):
    _name, _data, wb = open_export(sheet)
    ws = wb[L.SHEET_NAME]
    assert ws.protection.sheet
    assert ws["C18"].protection.locked and ws["B16"].protection.locked
    last = 9 + 2 * sheet.tests_count
    assert all(not ws.cell(18, c).protection.locked for c in range(7, last + 1))
    validation = ws.data_validations.dataValidation[0]
    assert (validation.type, validation.formula1, validation.formula2) == ("decimal", "0", "20")
    assert "G18:G19" in str(validation.sqref)


def test_calamine_reads_the_export(sheet):
    _name, data, _wb = open_export(sheet)
    grid = CalamineWorkbook.from_filelike(BytesIO(data)).get_sheet_by_name(L.SHEET_NAME).to_python(
        skip_empty_area=False)
    assert grid[15][1] == "ID"


@pytest.mark.parametrize("typed", ["=HYPERLINK(\"http://evil.example\",\"Bien\")", "=cmd|' /C calc'!A0", "+1+1",
                                   "@SUM(A1)", "-2+3"])
def test_a_remark_or_a_name_is_written_as_text_never_as_a_formula(sheet, world, typed):
    import zipfile

    StudentRemark.objects.create(sheet=sheet, student=world.student_a, text=typed)
    student = world.student_a
    student.last_name_ar = "=1+1"
    student.save(update_fields=["last_name_ar"])
    _name, data, wb = open_export(sheet)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        xml = "".join(archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml, "no cell of the canevas holds a formula"
    ws = wb[L.SHEET_NAME]
    values = {ws.cell(row, column).value for row in range(18, 21) for column in range(1, 20)}
    assert typed in values and any(isinstance(v, str) and v.startswith("=1+1") for v in values)
