"""Reading a filled canevas back (python-calamine) and writing its marks, all or nothing.

`CanevasImporter(actor=..., sheet=...).run(data)`:
1. refuses oversized files, non-xlsx and zip bombs before parsing (safety.py);
2. finds the table by its labels (`ID` in column B, test columns by their `الفرض ...` headers);
3. ties the file to its sheet: by our integrity token when there is one (token.py), else by the header block
   (school code, class, subject, semester) and the Massar codes, as in a file laid out like the ministry's;
4. validates every cell and collects every problem, located by sheet, row and column;
5. writes nothing unless the file is valid, then only the cells that changed, in one transaction, through
   the teacher permission check of the grade services (only the sheet's teacher, only while draft), and
   records the import (CanevasImport: who, when, what changed, the file's SHA-256).

The same bytes imported again into a sheet whose marks have not changed since (its marks_version) are
recognised by their SHA-256 after step 1 and change nothing, without being parsed and without writing
anything: the teacher's permission is still checked.
"""

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from python_calamine import CalamineWorkbook

from massar.accounts.models import User
from massar.core.dates import datetime_text
from massar.core.errors import Invalid, NotFound, Refused
from massar.core.text import bidi_controls_removed, has_nul
from massar.schools.models import SchoolClass, Subject
from massar.students.codes import massar_code_normalize
from massar.students.models import Enrolment, EnrolmentStatus, Student

from ..models import ACTIVITIES_SLOT, CanevasImport, GradeSheet, Mark, MarkEvent
from ..services import grade_sheet_check_teacher, grade_sheet_open, mark_cell_text, sheet_marks_changed
from . import layout as L
from .cells import cell_int, cell_text, cell_whole, grid_at, mark_cents
from .formulas import cells_without_value
from .problems import CanevasRefused, CanevasStale, ImportSummary, Problem, StaleCell
from .safety import file_problems
from .token import Token, token_read
from .writing import Cells, sheet_cells_write

REMARK_MAX = 300
MAX_PROBLEMS = 100
VALUELESS = gettext_lazy("A formula with no value, or an error such as #DIV/0!, is not a mark: type the mark itself, or "
                        "leave the cell blank if it is not entered.")
VALUELESS_REMARK = gettext_lazy("A formula with no value, or an error such as #DIV/0!, is not a remark: type the text.")
HEADER_SEARCH_ROWS = 40

@dataclass
class _Table:
    header_row: int  # 1-based
    code_column: int | None = None
    slot_columns: dict[int, int] = field(default_factory=dict)  # slot → mark column (absence is the next)
    remark_column: int | None = None


@dataclass
class _Row:
    number: int
    internal_id: object
    code: str
    cells: list


class CanevasImporter:
    """Import one canevas file for `actor` (a teacher). With `sheet`, the file must be that sheet's
    (a web upload from the sheet's page); without, the file says which sheet it is (token or header block)."""

    def __init__(self, *, actor: User, sheet: GradeSheet | None = None, confirm: str = ""):
        self.actor = actor
        self.expected = sheet
        # The SHA-256 of a file the teacher confirmed after being shown what it would overwrite.
        self.confirm = confirm
        self.problems: list[Problem] = []
        self.more_problems = 0
        self.valueless: dict[tuple[int, int], str] = {}

    # -- steps -------------------------------------------------------------------------------------

    def run(self, data: bytes) -> ImportSummary:
        # One transaction for the whole file: a refused file leaves nothing behind, not even the sheet
        # opened for a tokenless file.
        with transaction.atomic():
            return self._run(data)

    def _run(self, data: bytes) -> ImportSummary:
        refused = file_problems(data)
        if refused:
            raise CanevasRefused([Problem("", None, None, reason) for reason in refused])
        digest = hashlib.sha256(data).hexdigest()
        again = self._imported_before(digest)
        if again is not None:
            return again
        try:
            workbook = CalamineWorkbook.from_filelike(BytesIO(data))
        except Exception:  # calamine raises its own error types for every kind of damage
            raise CanevasRefused([Problem("", None, None, _("This Excel file cannot be read."))]) from None
        if L.SHEET_NAME not in workbook.sheet_names:
            raise CanevasRefused([Problem("", None, None, _("The workbook has no sheet named “%(name)s”.")
                                          % {"name": L.SHEET_NAME})])
        grid = self._grid(workbook, L.SHEET_NAME)
        self.valueless = cells_without_value(data, L.SHEET_NAME)
        token = self._token(workbook)
        table = self._table(grid)
        if table is None:
            raise self._refused()
        rows = self._rows(grid, table)
        sheet = self._sheet(grid, token)
        if sheet is None:
            raise self._refused()
        self._permission(sheet)
        students = self._students(sheet, rows, token)
        cells, remarks = self._cells(sheet, table, rows, students)
        if self.problems:
            raise self._refused()
        if token is not None and self.confirm != digest:
            self._stale_check(sheet, token, cells, table, rows, students, digest)
        return self._write(sheet, cells, remarks, len(rows), digest)

    def _stale_check(self, sheet: GradeSheet, token: Token, cells: Cells, table: _Table, rows: list[_Row],
                     students: dict[int, int], digest: str) -> None:
        """The file was exported before the sheet's last change (its marks version): each cell the file would
        change although the sheet changed it since the export is shown, and nothing is written until the
        teacher confirms this file. Cells only the file changed (the teacher's work in it) are no conflict."""
        if token.version is None or token.snapshot is None:
            return  # a file made before exports carried their marks: read as before
        current_version = GradeSheet.objects.filter(pk=sheet.pk).values_list("marks_version", flat=True).first()
        if current_version == token.version:
            return
        now: dict[tuple[int, int], tuple[int | None, bool]] = {
            (student, slot): (None if value is None else int(value * 100), absent)
            for student, slot, value, absent in Mark.objects.filter(sheet=sheet).values_list(
                "student_id", "slot", "value", "absent")}
        row_of = {student: number for number, student in students.items()}
        names = dict(Student.objects.filter(pk__in=row_of).values_list("pk", "massar_code"))
        stale = []
        for (student, slot), in_file in sorted(cells.items(), key=lambda item: (row_of.get(item[0][0], 0),
                                                                                 item[0][1] or 99)):
            held, exported = now.get((student, slot), (None, False)), token.snapshot.get((student, slot),
                                                                                          (None, False))
            if held != exported and in_file != held:
                stale.append(StaleCell(
                    row=row_of.get(student, 0), column=table.slot_columns[slot], student=names.get(student, ""),
                    test=L.test_label(slot) if slot else L.ACTIVITIES_LABEL, in_file=_cell_words(in_file),
                    now=_cell_words(held), changed=_last_change(sheet, student, slot, token.exported_at)))
        if stale:
            raise CanevasStale(stale, exported_at=token.exported_at or "", digest=digest)

    def _grid(self, workbook: CalamineWorkbook, name: str) -> list[list]:
        """The cells of sheet `name`, refused before they become Python objects when the sheet has more rows
        than a class's canevas could (the size checks bounded the file; this bounds the work and memory)."""
        try:
            sheet = workbook.get_sheet_by_name(name)
            limit = L.FIRST_STUDENT_ROW + settings.MASSAR_CANEVAS_MAX_STUDENT_ROWS
            if sheet.total_height > limit:
                raise CanevasRefused([Problem(name, None, None, _(
                    "This sheet has %(rows)s rows; a class's canevas has at most %(limit)s: export the canevas "
                    "again.") % {"rows": f"{sheet.total_height:,}".replace(",", " "), "limit": limit})])
            return sheet.to_python(skip_empty_area=False)
        except CanevasRefused:
            raise
        except Exception:  # calamine reads a sheet's XML only now, and raises its own errors for its damage
            raise CanevasRefused([Problem(name, None, None, _("This Excel file cannot be read."))]) from None

    def _imported_before(self, digest: str) -> ImportSummary | None:
        """The same file, imported into a sheet whose marks and tests have not changed since: nothing to do."""
        earlier = CanevasImport.objects.filter(digest=digest)
        if self.expected is not None:
            earlier = earlier.filter(sheet=self.expected)
        last = earlier.order_by("-pk").first()
        if last is None:
            return None
        sheet = GradeSheet.objects.select_for_update().select_related(
            "school_class__school", "subject", "semester").get(pk=last.sheet_id)
        if (sheet.marks_version, sheet.tests_count) != (last.sheet_version, last.tests_count):
            return None
        self._permission(sheet)
        return ImportSummary(sheet=sheet, rows=last.rows, same_as=last)

    def _record(self, sheet: GradeSheet, digest: str, summary: ImportSummary, version: int) -> None:
        CanevasImport.objects.create(sheet=sheet, digest=digest, sheet_version=version, tests_count=sheet.tests_count,
                                     rows=summary.rows, cells_changed=summary.cells_changed,
                                     remarks_changed=summary.remarks_changed, imported_by=self.actor)

    def _problem(self, row: int | None, column: int | None, reason: str, sheet: str = L.SHEET_NAME) -> None:
        """Keep the first MAX_PROBLEMS problems and count the others: a file of a million wrong rows is answered
        with a page a person can read, not a million lines."""
        if len(self.problems) >= MAX_PROBLEMS:
            self.more_problems += 1
        else:
            self.problems.append(Problem(sheet, row, column, reason))

    def _refused(self) -> CanevasRefused:
        return CanevasRefused(self.problems, more=self.more_problems)

    def _token(self, workbook: CalamineWorkbook) -> Token | None:
        if L.TOKEN_SHEET_NAME not in workbook.sheet_names:
            return None  # a file laid out like the ministry's: matched by its header block and codes
        grid = self._grid(workbook, L.TOKEN_SHEET_NAME)
        try:
            signed = str(grid[0][0])
            rows = [(cell_whole(r[0]), cell_whole(r[1]), str(r[2])) for r in grid[1:] if r and r[0] != ""]
        except (IndexError, ValueError, TypeError):
            signed, rows = "", []
        token = token_read(signed, rows) if signed else None
        if token is None:
            self._problem(1, 1, _("The integrity mark of this file was altered: export the canevas again."),
                          sheet=L.TOKEN_SHEET_NAME)
        return token

    def _table(self, grid: list[list]) -> _Table | None:
        header = next((i for i, row in enumerate(grid[:HEADER_SEARCH_ROWS])
                       if len(row) > 1 and cell_text(row[1]) == L.ID_LABEL), None)
        if header is None:
            self._problem(None, None, _("The table header (“ID” in column B) was not found: the layout of the "
                                        "file was changed. Export the canevas again."))
            return None
        table = _Table(header_row=header + 1)
        labels = grid[header]
        sub = grid[header + 1] if header + 1 < len(grid) else []
        for index, raw in enumerate(labels):
            label = cell_text(raw)
            column = index + 1
            if label == L.CODE_LABEL:
                table.code_column = column
            elif label == L.REMARK_LABEL:
                table.remark_column = column
            elif (slot := ACTIVITIES_SLOT if label == L.ACTIVITIES_LABEL else L.test_number(label)) is not None:
                if slot in table.slot_columns:
                    self._problem(table.header_row, column, _("This column appears twice."))
                table.slot_columns[slot] = column
                under = [cell_text(sub[i]) if i < len(sub) else "" for i in (index, index + 1)]
                if under != [L.MARK_LABEL, L.ABSENCE_LABEL]:
                    self._problem(table.header_row + 1, column,
                                  _("Expected “%(mark)s” and “%(absence)s” under “%(label)s”: the header was "
                                    "changed.") % {"mark": L.MARK_LABEL, "absence": L.ABSENCE_LABEL,
                                                   "label": label})
        if table.code_column is None:
            self._problem(table.header_row, None, _("No “%(label)s” column (Massar codes).")
                          % {"label": L.CODE_LABEL})
        if not any(slot != ACTIVITIES_SLOT for slot in table.slot_columns):
            self._problem(table.header_row, None, _("No test column (“%(label)s”).") % {"label": L.test_label(1)})
        return table if table.code_column else None

    def _rows(self, grid: list[list], table: _Table) -> list[_Row]:
        rows: list[_Row] = []
        if table.code_column is None:
            return rows
        for index in range(table.header_row + 1, len(grid)):
            cells = grid[index]
            internal_id, code = cells[L.ID_COLUMN - 1], cell_text(cells[table.code_column - 1])
            if internal_id == "" and not code:
                break  # students run until the first empty ID
            rows.append(_Row(index + 1, internal_id, massar_code_normalize(code), cells))
        return rows

    def _sheet(self, grid: list[list], token: Token | None) -> GradeSheet | None:
        """The sheet the file is for, and a problem per header cell that says otherwise."""
        header = {key: cell_text(grid_at(grid, row, column)) for key, (row, column) in L.HEADER_CELLS.items()}
        if token is not None:
            sheet = GradeSheet.objects.filter(pk=token.sheet_id).select_related(
                "school_class__school", "subject", "semester").first()
            if sheet is None or (sheet.school_class_id, sheet.subject_id, sheet.semester_id) != (
                    token.class_id, token.subject_id, token.semester_id):
                self._problem(None, None, _("This file was exported for a sheet that no longer exists."))
                return None
            if token.tests_count != sheet.tests_count:
                self._problem(None, None, _("The number of tests of this sheet changed since the export: "
                                            "export the canevas again."))
            self._header_matches(header, sheet, edited=True)
        else:
            known = len(self.problems)
            sheet = self._sheet_from_header(header)
            if self.expected is not None:
                del self.problems[known:]  # said below, against the expected sheet
        if self.expected is not None:
            self._for_expected(header, sheet)
            return self.expected
        return sheet

    def _header_matches(self, header: dict, sheet: GradeSheet, *, edited: bool) -> bool:
        """Compare the header block with `sheet`; report each cell that differs."""
        expected = _identity(sheet)
        ok = True
        for key in ("class", "subject", "semester"):
            if not _same(key, header[key], sheet, expected[key]):
                ok = False
                row, column = L.HEADER_CELLS[key]
                reason = (_("The header block was edited (“%(found)s” instead of “%(expected)s”).") if edited
                          else _("This file is for “%(found)s”, not “%(expected)s”."))
                self._problem(row, column, reason % {"found": header[key], "expected": expected[key]})
        return ok

    def _for_expected(self, header: dict, sheet: GradeSheet | None) -> None:
        expected = self.expected
        if expected is None:
            return
        if sheet is None or sheet.pk == expected.pk:
            if sheet is None:  # unresolvable header: say which header cells disagree
                self._header_matches(header, expected, edited=False)
            return
        checks = (("class", sheet.school_class_id != expected.school_class_id),
                  ("subject", sheet.subject_id != expected.subject_id),
                  ("semester", sheet.semester_id != expected.semester_id))
        found, wanted = _identity(sheet), _identity(expected)
        for key, differs in checks:
            if differs:
                row, column = L.HEADER_CELLS[key]
                self._problem(row, column, _("This file is for “%(found)s”, not “%(expected)s”.")
                              % {"found": found[key], "expected": wanted[key]})

    def _sheet_from_header(self, header: dict) -> GradeSheet | None:
        school_code = re.search(r"\(([^()]+)\)\s*$", header["school"])
        semester = {name: number for number, name in L.SEMESTER_NAMES.items()}.get(header["semester"])
        school_class = SchoolClass.objects.filter(
            code=header["class"], school__code=school_code.group(1).strip() if school_code else "",
            school_year__label=header["year"]).select_related("school_year").first()
        subject = next((s for s in Subject.objects.all()
                        if header["subject"] in (s.code, L.subject_file_name(s.name_fr))), None)
        if school_class is None or subject is None or semester is None:
            for key, missing in (("class", school_class is None), ("subject", subject is None),
                                 ("semester", semester is None)):
                if missing:
                    row, column = L.HEADER_CELLS[key]
                    self._problem(row, column, _("“%(value)s” is not known here: this file does not say which "
                                                 "sheet it is for.") % {"value": header[key]})
            return None
        sheet = GradeSheet.objects.filter(school_class=school_class, subject=subject,
                                          semester__number=semester).first()
        if sheet is None and self.expected is None and school_class.assignments.filter(
                subject=subject, teacher__account=self.actor).exists():
            sheet = grade_sheet_open(school_class=school_class, subject=subject,
                                     semester=school_class.school_year.semesters.get(number=semester))
        if sheet is None and self.expected is None:
            self._problem(None, None, _("You have no grade sheet for this class and subject."))
        return sheet

    def _permission(self, sheet: GradeSheet) -> None:
        try:
            grade_sheet_check_teacher(sheet=sheet, actor=self.actor)
        except NotFound:
            raise CanevasRefused([*self.problems, Problem("", None, None, _(
                "You do not teach this subject in this class: the file cannot be imported."))]) from None
        except Refused as denied:
            raise CanevasRefused([*self.problems, Problem("", None, None, str(denied))]) from None

    def _students(self, sheet: GradeSheet, rows: list[_Row], token: Token | None) -> dict[int, int]:
        """Sheet row → student id, reporting rows that do not belong."""
        enrolled = dict(Enrolment.objects.filter(school_class_id=sheet.school_class_id,
                                                 status=EnrolmentStatus.ACTIVE)
                        .values_list("student__massar_code", "student_id"))
        code_column = L.CODE_COLUMN
        students: dict[int, int] = {}
        if token is not None and token.sheet_id != sheet.pk:
            return students  # a file for another sheet: already reported from its header block
        if token is not None:
            expected_rows = {row: (student, code) for row, student, code in token.rows}
            seen = set()
            for row in rows:
                listed = expected_rows.get(row.number)
                if listed is None:
                    self._problem(row.number, L.ID_COLUMN, _("A row was added to the protected table (%(code)s): "
                                                             "export the canevas again.") % {"code": row.code})
                elif (cell_int(row.internal_id), row.code) != listed:
                    self._problem(row.number, code_column, _(
                        "The rows were reordered or edited: %(code)s was expected on this row.")
                        % {"code": listed[1]})
                else:
                    seen.add(row.number)
                    if enrolled.get(row.code) != listed[0]:
                        self._problem(row.number, code_column, _("%(code)s is not in this class.")
                                      % {"code": row.code})
                    else:
                        students[row.number] = listed[0]
            for number, (_student, code) in sorted(expected_rows.items()):
                if number not in seen and not any(r.number == number for r in rows):
                    self._problem(number, code_column, _("The row of %(code)s was removed from the protected "
                                                         "table.") % {"code": code})
            return students
        seen_codes: dict[str, int] = {}
        for row in rows:
            if row.code in seen_codes:
                self._problem(row.number, code_column, _("%(code)s already appears on row %(row)d.")
                              % {"code": row.code, "row": seen_codes[row.code]})
            elif row.code in enrolled:
                students[row.number] = enrolled[row.code]
            else:
                # One message whether the code exists elsewhere or not at all: an upload is no way to learn
                # which codes other schools' students have.
                self._problem(row.number, code_column, _("%(code)s is not in this class.") % {"code": row.code})
            seen_codes.setdefault(row.code, row.number)
        return students

    def _cells(self, sheet: GradeSheet, table: _Table, rows: list[_Row], students: dict[int, int]):
        cells: dict[tuple[int, int], tuple[int | None, bool]] = {}  # marks in hundredths
        remarks: dict[int, str] = {}
        for row in rows:
            student = students.get(row.number)
            values = row.cells
            for slot, column in table.slot_columns.items():
                raw, absence = values[column - 1], values[column] if column < len(values) else ""
                if slot > sheet.tests_count:
                    if cell_text(raw) or cell_text(absence):
                        self._problem(row.number, column, ngettext(
                            "This sheet has %(count)d test.", "This sheet has %(count)d tests.", sheet.tests_count)
                            % {"count": sheet.tests_count})
                    continue
                unreadable = [c for c in (column, column + 1) if (row.number, c) in self.valueless]
                if unreadable:
                    for cell in unreadable:
                        self._problem(row.number, cell, str(VALUELESS))
                    continue
                try:
                    value = mark_cents(raw, sheet.out_of)
                except Invalid as error:
                    self._problem(row.number, column, str(error))
                    continue
                if student is not None:
                    cells[(student, slot)] = (value, bool(cell_text(absence)))
            if table.remark_column and student is not None:
                text = cell_text(values[table.remark_column - 1]) if table.remark_column <= len(values) else ""
                text = bidi_controls_removed(text)
                if (row.number, table.remark_column) in self.valueless:
                    self._problem(row.number, table.remark_column, str(VALUELESS_REMARK))
                elif has_nul(text):
                    self._problem(row.number, table.remark_column, _(
                        "This remark contains a NUL character (\\0), which cannot be stored: remove it."))
                elif len(text) > REMARK_MAX:
                    self._problem(row.number, table.remark_column, _(
                        "A remark has at most %(max)d characters (this one has %(count)d).")
                        % {"max": REMARK_MAX, "count": len(text)})
                remarks[student] = text
        return cells, remarks

    def _write(self, sheet: GradeSheet, cells: Cells, remarks: dict[int, str], row_count: int,
               digest: str) -> ImportSummary:
        summary = ImportSummary(sheet=sheet, rows=row_count)
        with transaction.atomic():
            locked = GradeSheet.objects.select_for_update().get(pk=sheet.pk)
            self._permission(locked)
            summary.cells_changed, summary.remarks_changed = sheet_cells_write(sheet=locked, cells=cells,
                                                                               remarks=remarks)
            version = locked.marks_version
            if summary.cells_changed or summary.remarks_changed:
                sheet_marks_changed(sheet=locked)
                version += 1
            self._record(locked, digest, summary, version)
        return summary


def _cell_words(cell: tuple[int | None, bool]) -> str:
    cents, absent = cell
    return mark_cell_text(None if cents is None else Decimal(cents).scaleb(-2), absent)


def _last_change(sheet: GradeSheet, student: int, slot: int, since: str | None) -> str:
    """Who changed the cell and when, when the record knows (a correction); else when the sheet last changed."""
    event = MarkEvent.objects.filter(sheet=sheet, student_id=student, slot=slot).order_by("-pk").first()
    if event is not None and (since is None or event.at.isoformat() > since):
        return _("%(who)s, %(when)s") % {"who": event.actor.display_name if event.actor else "",
                                         "when": datetime_text(event.at)}
    imported = CanevasImport.objects.filter(sheet=sheet).order_by("-pk").first()
    if imported is not None and (since is None or imported.imported_at.isoformat() > since):
        return _("a canevas imported by %(who)s, %(when)s") % {
            "who": imported.imported_by.display_name if imported.imported_by else "",
            "when": datetime_text(imported.imported_at)}
    return _("on the grid, after the export")


def _identity(sheet: GradeSheet) -> dict[str, str]:
    return {"class": sheet.school_class.code, "subject": L.subject_file_name(sheet.subject.name_fr),
            "semester": L.SEMESTER_NAMES[sheet.semester.number]}


def _same(key: str, found: str, sheet: GradeSheet, expected: str) -> bool:
    if key == "subject":
        return found in (expected, sheet.subject.code)
    return found == expected
