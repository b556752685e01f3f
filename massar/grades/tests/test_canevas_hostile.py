"""Hostile and careless canevas files: every one is a located refusal (nothing written), never a crash, never a
mark erased as if blank. Errors and formulas without a value are not marks; a formula with its computed value is
read as that value; values nobody can mean (NaN, infinities) are refused; a remark cannot carry a NUL or reverse
what is read; a file far larger than a class is refused before it is read; at most 100 problems are listed."""

import re
import zipfile
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.test.utils import override_settings

from massar.grades.canevas import CanevasImporter, CanevasRefused, canevas_export
from massar.grades.canevas import layout as L
from massar.grades.canevas.formulas import ERROR, FORMULA, cells_without_value
from massar.grades.canevas.importer import MAX_PROBLEMS
from massar.grades.models import Mark, StudentRemark
from massar.grades.services import mark_enter
from massar.testing import factories as make

from .test_canevas_import import edit, refused, row_of


def marks(sheet):
    return sorted(Mark.objects.filter(sheet=sheet).values_list("student_id", "slot", "value", "absent"))


def with_xml(data: bytes, cell: str, xml: str) -> bytes:
    """The file with the cell `cell` of the canevas sheet replaced by raw XML (what another program may write)."""
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = body.decode()
                pattern = re.compile(rf'<c r="{cell}"[^>]*?(?:/>|>.*?</c>)', re.S)
                assert pattern.search(text), f"no cell {cell}"
                text = pattern.sub(xml, text, count=1)
                body = text.encode()
            target.writestr(item, body)
    return out.getvalue()


@pytest.fixture
def entered(world, sheet, teacher):
    """The first student has 20,00 in test 1 and 12,00 in test 2: a blank read instead would erase them."""
    mark_enter(sheet=sheet, student=world.student_a, slot=1, value="20", absent=False, actor=teacher)
    mark_enter(sheet=sheet, student=world.student_a, slot=2, value="12", absent=False, actor=teacher)
    _name, data = canevas_export(sheet=sheet)
    return data, row_of(data, world.student_a.massar_code)


@pytest.mark.parametrize("xml", [
    '<c r="{ref}" t="e"><v>#DIV/0!</v></c>',
    '<c r="{ref}" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
    '<c r="{ref}"><f>1+1</f></c>',
    '<c r="{ref}"><f>1+1</f><v/></c>',
    '<c r="{ref}" t="str"><f>A1</f><v></v></c>',
])
def test_an_error_or_a_formula_without_a_value_is_a_located_refusal_not_a_blank(sheet, teacher, entered, xml):
    data, row = entered
    before = marks(sheet)
    problems = refused(teacher, with_xml(data, f"G{row}", xml.format(ref=f"G{row}")), sheet)
    assert [(r, cell) for r, cell, _ in problems] == [(row, f"G{row}")]
    assert f"row {row}, column G" in problems[0][2] and "not a mark" in problems[0][2]
    assert marks(sheet) == before, "the 20,00 is still there"


def test_a_formula_with_its_computed_value_is_read_as_that_value(world, sheet, teacher, entered):
    data, row = entered
    changed = with_xml(data, f"G{row}", f'<c r="G{row}"><f>7+8.5</f><v>15.5</v></c>')
    CanevasImporter(actor=teacher, sheet=sheet).run(changed)
    assert Mark.objects.get(sheet=sheet, student=world.student_a, slot=1).value == Decimal("15.50")


def test_the_scan_finds_errors_and_valueless_formulas_only(sheet, entered):
    data, row = entered
    data = with_xml(data, f"G{row}", f'<c r="G{row}" t="e"><v>#N/A</v></c>')
    data = with_xml(data, f"I{row}", f'<c r="I{row}"><f>SUM(A1:A2)</f></c>')
    found = cells_without_value(data, L.SHEET_NAME)
    assert found == {(row, 7): ERROR, (row, 9): FORMULA}


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), "NaN", "inf", "-inf", "Infinity",
                                   "1e400", "1E3", "1 4", "14 ,75"])
def test_values_nobody_can_mean_are_refused_where_they_are(sheet, teacher, entered, value):
    data, row = entered
    before = marks(sheet)
    if isinstance(value, float):  # openpyxl cannot write them: the XML a program would write
        text = {"nan": "NaN", "inf": "INF", "-inf": "-INF"}[str(value)]
        data = with_xml(data, f"G{row}", f'<c r="G{row}"><v>{text}</v></c>')
        if str(value) != "nan":
            data = with_xml(data, f"G{row}", f'<c r="G{row}"><v>{"-" if value < 0 else ""}1e400</v></c>')
    else:
        data = edit(data, {f"G{row}": value})
    problems = refused(teacher, data, sheet)
    assert [(r, cell) for r, cell, _ in problems] == [(row, f"G{row}")], problems
    assert marks(sheet) == before


def test_a_nul_in_a_remark_is_refused(world, sheet, teacher, entered):
    data, row = entered
    column = L.FIRST_MARK_COLUMN + 2 * (sheet.tests_count + 1)
    letter = openpyxl.utils.get_column_letter(column)
    problems = refused(teacher, edit(data, {f"{letter}{row}": "_x0000_Bien"}), sheet)
    assert [(r, cell) for r, cell, _ in problems] == [(row, f"{letter}{row}")] and "NUL" in problems[0][2]


def test_bidi_controls_are_removed_from_a_remark(world, sheet, teacher, entered):
    data, row = entered
    letter = openpyxl.utils.get_column_letter(L.FIRST_MARK_COLUMN + 2 * (sheet.tests_count + 1))
    CanevasImporter(actor=teacher, sheet=sheet).run(edit(data, {f"{letter}{row}": "\u202eنتائج 02/12\u202c"}))
    assert StudentRemark.objects.get(sheet=sheet, student=world.student_a).text == "نتائج 02/12"


def test_a_long_remark_is_refused_saying_how_long_it_is(sheet, teacher, entered):
    data, row = entered
    letter = openpyxl.utils.get_column_letter(L.FIRST_MARK_COLUMN + 2 * (sheet.tests_count + 1))
    problems = refused(teacher, edit(data, {f"{letter}{row}": "x" * 301}), sheet)
    assert "at most 300 characters (this one has 301)" in problems[0][2]
    assert not StudentRemark.objects.filter(sheet=sheet).exists()


def test_a_sheet_with_more_rows_than_a_class_is_refused_before_it_is_read(sheet, teacher, entered, settings):
    settings.MASSAR_CANEVAS_MAX_STUDENT_ROWS = 50
    data, _row = entered
    workbook = openpyxl.load_workbook(BytesIO(data))
    workbook[L.SHEET_NAME].cell(L.FIRST_STUDENT_ROW + 80, 2, 1)
    out = BytesIO()
    workbook.save(out)
    problems = refused(teacher, out.getvalue(), sheet)
    assert len(problems) == 1 and "a class's canevas has at most" in problems[0][2]


@override_settings(MASSAR_CANEVAS_MAX_PART_BYTES=20_000)
def test_a_worksheet_far_larger_than_a_class_is_refused_before_parsing(sheet, teacher, entered):
    data, _row = entered
    workbook = openpyxl.load_workbook(BytesIO(data))
    for row in range(200, 1200):
        workbook[L.SHEET_NAME].cell(row, 20, f"noise {row}")
    out = BytesIO()
    workbook.save(out)
    problems = refused(teacher, out.getvalue(), sheet)
    assert "far larger than a class's canevas" in problems[0][2]


def test_a_malformed_sheet_is_a_refusal_not_a_crash(sheet, teacher, entered):
    data, _row = entered
    source, out = zipfile.ZipFile(BytesIO(data)), BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            target.writestr(item, body[: len(body) // 2] if item.filename == "xl/worksheets/sheet1.xml" else body)
    problems = refused(teacher, out.getvalue(), sheet)
    assert "cannot be read" in problems[0][2]


def test_at_most_a_hundred_problems_are_listed_and_the_rest_counted(world, sheet, teacher):
    for _ in range(45):
        make.student(in_class=world.class_a)
    _name, data = canevas_export(sheet=sheet)
    workbook = openpyxl.load_workbook(BytesIO(data))
    ws = workbook[L.SHEET_NAME]
    rows = [r for r in range(L.FIRST_STUDENT_ROW, ws.max_row + 1) if ws.cell(r, 3).value]
    for row in rows:
        for slot in range(sheet.tests_count):
            ws.cell(row, L.FIRST_MARK_COLUMN + 2 * slot, "bad")
    out = BytesIO()
    workbook.save(out)
    expected = len(rows) * sheet.tests_count
    assert expected > MAX_PROBLEMS
    with pytest.raises(CanevasRefused) as caught:
        CanevasImporter(actor=teacher, sheet=sheet).run(out.getvalue())
    assert len(caught.value.problems) == MAX_PROBLEMS and caught.value.total == expected
    assert not Mark.objects.filter(sheet=sheet).exists()


# -- a stale file: exported before the sheet changed ---------------------------------------------------------------


def test_a_stale_file_never_puts_an_old_mark_back_silently(world, sheet, teacher, entered):
    """Downloaded at 20,00, changed to 19,50 on the grid, the old file uploaded: the conflict is shown (file value,
    current value, who and when) and nothing is written until the teacher confirms the file."""
    import hashlib

    from massar.grades.canevas import CanevasStale

    data, row = entered
    mark_enter(sheet=sheet, student=world.student_a, slot=1, value="19,5", absent=False, actor=teacher)
    with pytest.raises(CanevasStale) as stale:
        CanevasImporter(actor=teacher, sheet=sheet).run(data)
    [cell] = stale.value.cells
    assert (cell.row, cell.column) == (row, L.FIRST_MARK_COLUMN)
    assert (cell.in_file, cell.now) == ("20.00", "19.50") and cell.changed
    assert Mark.objects.get(sheet=sheet, student=world.student_a, slot=1).value == Decimal("19.50")
    CanevasImporter(actor=teacher, sheet=sheet, confirm=hashlib.sha256(data).hexdigest()).run(data)
    assert Mark.objects.get(sheet=sheet, student=world.student_a, slot=1).value == Decimal("20.00")


def test_a_stale_file_whose_own_changes_touch_other_cells_imports(world, sheet, teacher, entered):
    """The sheet changed in one cell, the file (exported before) changes another: no conflict, both kept."""
    data, row = entered
    mark_enter(sheet=sheet, student=world.student_a, slot=2, value="13", absent=False, actor=teacher)
    CanevasImporter(actor=teacher, sheet=sheet).run(edit(data, {f"G{row}": 18, f"I{row}": 13}))
    marks_now = dict(Mark.objects.filter(sheet=sheet, student=world.student_a).values_list("slot", "value"))
    assert marks_now[1] == Decimal("18.00") and marks_now[2] == Decimal("13.00")


def test_a_file_exported_before_snapshots_existed_imports_as_before(world, sheet, teacher, entered):
    """A token without the exported marks (files made before this check) is read as it always was."""
    from massar.grades.canevas import token as tokens

    data, _row = entered
    workbook = openpyxl.load_workbook(BytesIO(data))
    hidden = workbook[L.TOKEN_SHEET_NAME]
    rows = [(r[0].value, r[1].value, r[2].value) for r in hidden.iter_rows(min_row=2) if r[0].value]
    hidden["A1"] = tokens.token_sign(tokens.Token(sheet.pk, sheet.school_class_id, sheet.subject_id,
                                                  sheet.semester_id, sheet.tests_count, rows))
    out = BytesIO()
    workbook.save(out)
    mark_enter(sheet=sheet, student=world.student_a, slot=1, value="19,5", absent=False, actor=teacher)
    CanevasImporter(actor=teacher, sheet=sheet).run(out.getvalue())
    assert Mark.objects.get(sheet=sheet, student=world.student_a, slot=1).value == Decimal("20.00")


def test_a_zip_whose_declared_sizes_lie_is_a_refusal_not_a_crash(sheet, teacher, entered):
    """The central directory says the worksheet is 10 bytes; it is not. The size checks trust the directory, so
    the reader meets the lie: it must end in a located refusal, never an exception out of the importer."""
    import struct

    data, _row = entered
    patched = bytearray(data)
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_offset, name_offset in ((b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)):
        start = 0
        while (start := patched.find(signature, start)) >= 0:
            length = struct.unpack_from("<H", patched, start + (28 if signature == b"PK\x01\x02" else 26))[0]
            if patched[start + name_offset:start + name_offset + length] == name:
                struct.pack_into("<I", patched, start + size_offset, 10)
            start += 4
    with pytest.raises(CanevasRefused):
        CanevasImporter(actor=teacher, sheet=sheet).run(bytes(patched))
