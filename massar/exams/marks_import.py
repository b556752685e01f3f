"""Exam marks from Excel, with the grades' canevas engine (massar/grades/canevas), called, not copied: its
checks before parsing (safety.file_problems: size, xlsx, zip bombs), its reader (python-calamine), its cell
readers (cells.mark_cents: "14,75" and 14.75 alike, 0–scale, two decimals), its located problems and its
all-or-nothing refusal (problems.Problem, CanevasRefused).

A paper's marks sheet (`exam_marks_sheet` writes the blank one) lists the copies by anonymous number, never a
name: sheet "Notes", a header row holding "رقم الإخفاء" (anonymous number), "النقطة" (mark) and "غائب"
(absent, any text marks it) — found by its labels, not by its position. Every problem is reported at once with
its row and column (an unknown or repeated number, a mark outside 0–20, text in a mark cell, a copy missing
from the file is not a problem: it stays as it is); nothing is written until the whole file is valid, then
every mark goes through the marking service (copy_mark_enter: the owner's check, the session's state)."""

from io import BytesIO

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from massar.accounts.models import User
from massar.core.errors import Invalid
from massar.grades.canevas.cells import cell_text, grid_at, mark_cents
from massar.grades.canevas.problems import CanevasRefused, Problem
from massar.grades.canevas.safety import file_problems

from .models import Copy, ExamPaper
from .services import copy_mark_enter

SHEET_NAME = "Notes"
NUMBER_LABEL, MARK_LABEL, ABSENT_LABEL = "رقم الإخفاء", "النقطة", "غائب"
HEADER_SEARCH_ROWS = 20
MAX_ROWS = 5000
MAX_PROBLEMS = 100


def exam_marks_sheet(*, paper: ExamPaper) -> bytes:
    """The blank marks sheet of `paper`: its anonymous numbers, right to left, with the marks typed so far."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    sheet.sheet_view.rightToLeft = True
    sheet["A1"] = f"{paper.session} · {paper.subject.name_ar}"
    sheet.append([])
    sheet.append([NUMBER_LABEL, MARK_LABEL, ABSENT_LABEL])
    for copy in Copy.objects.filter(paper=paper).order_by("anonymous_number"):
        sheet.append([copy.anonymous_number, None if copy.mark is None else float(copy.mark),
                      ABSENT_LABEL if copy.absent else None])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


class ExamMarksImporter:
    """Import one marks sheet into `paper` for `actor` (an officer of the owning body). `run` returns how many
    copies were written, or raises CanevasRefused with every problem located."""

    def __init__(self, *, actor: User, paper: ExamPaper) -> None:
        self.actor, self.paper = actor, paper
        self.problems: list[Problem] = []

    def _problem(self, row: int | None, column: int | None, reason: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(SHEET_NAME, row, column, reason))

    def run(self, data: bytes) -> int:
        refused = file_problems(data)
        if refused:
            raise CanevasRefused([Problem("", None, None, reason) for reason in refused])
        try:
            workbook = CalamineWorkbook.from_filelike(BytesIO(data))
            if SHEET_NAME not in workbook.sheet_names:
                raise CanevasRefused([Problem("", None, None, _("The workbook has no sheet named “%(name)s”.")
                                              % {"name": SHEET_NAME})])
            worksheet = workbook.get_sheet_by_name(SHEET_NAME)
            if worksheet.total_height > MAX_ROWS:
                raise CanevasRefused([Problem(SHEET_NAME, None, None, _("This sheet has too many rows."))])
            grid = worksheet.to_python(skip_empty_area=False)
        except CanevasRefused:
            raise
        except Exception:  # calamine raises its own error types for every kind of damage
            raise CanevasRefused([Problem("", None, None, _("This Excel file cannot be read."))]) from None
        marks = self._marks(grid)
        if self.problems:
            raise CanevasRefused(self.problems)
        with transaction.atomic():
            for number, (value, absent) in marks.items():
                copy_mark_enter(paper=self.paper, anonymous_number=number, value=value, absent=absent,
                                actor=self.actor)
        return len(marks)

    def _header(self, grid: list[list]) -> tuple[int, int, int, int | None] | None:
        for row in range(1, min(len(grid), HEADER_SEARCH_ROWS) + 1):
            labels = {cell_text(value): column for column, value in enumerate(grid[row - 1], start=1)}
            if NUMBER_LABEL in labels and MARK_LABEL in labels:
                return row, labels[NUMBER_LABEL], labels[MARK_LABEL], labels.get(ABSENT_LABEL)
        self._problem(None, None, _("No header row with “%(number)s” and “%(mark)s” was found.")
                      % {"number": NUMBER_LABEL, "mark": MARK_LABEL})
        return None

    def _marks(self, grid: list[list]) -> dict[str, tuple[str | None, bool]]:
        header = self._header(grid)
        if header is None:
            return {}
        header_row, number_column, mark_column, absent_column = header
        known = set(Copy.objects.filter(paper=self.paper).values_list("anonymous_number", flat=True))
        marks: dict[str, tuple[str | None, bool]] = {}
        for row in range(header_row + 1, len(grid) + 1):
            number = cell_text(grid_at(grid, row, number_column))
            raw = grid_at(grid, row, mark_column)
            absent = bool(absent_column and cell_text(grid_at(grid, row, absent_column)))
            if not number:
                if cell_text(raw):
                    self._problem(row, number_column, _("A mark without an anonymous number."))
                continue
            if number not in known:
                self._problem(row, number_column, _("No copy of this paper has the number %(number)s.")
                              % {"number": number})
                continue
            if number in marks:
                self._problem(row, number_column, _("The number %(number)s is in the file twice.")
                              % {"number": number})
                continue
            try:
                cents = mark_cents(raw, self.paper.session.out_of)
            except Invalid as problem:
                self._problem(row, mark_column, str(problem.message))
                continue
            marks[number] = (None if cents is None else f"{cents // 100}.{cents % 100:02d}", absent)
        return marks
