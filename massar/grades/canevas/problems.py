"""What an import says back: every problem located by sheet, row and column, the refusal that carries them,
and the summary of an import that went through."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils import get_column_letter

from massar.core.dates import SHORT, datetime_text

from ..models import CanevasImport, GradeSheet


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: int | None  # 1-based
    reason: str

    @property
    def cell(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}" if self.column and self.row else ""

    def __str__(self) -> str:
        if self.row and self.column:
            return _("Sheet %(sheet)s, row %(row)d, column %(column)s: %(reason)s") % {
                "sheet": self.sheet, "row": self.row, "column": get_column_letter(self.column),
                "reason": self.reason}
        if self.row:
            return _("Sheet %(sheet)s, row %(row)d: %(reason)s") % {"sheet": self.sheet, "row": self.row,
                                                                     "reason": self.reason}
        return self.reason


class CanevasRefused(Exception):
    """The file was refused; nothing was written. `problems` lists the reasons found (the first ones, when
    there were many: `more` counts those not listed)."""

    def __init__(self, problems: list[Problem], *, more: int = 0):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        self.more = more

    @property
    def total(self) -> int:
        return len(self.problems) + self.more


@dataclass(frozen=True)
class StaleCell:
    """A cell the upload would change although the sheet changed it after the file was exported."""

    row: int
    column: int  # 1-based
    student: str  # name and Massar code
    test: str
    in_file: str
    now: str
    changed: str  # who and when, as far as the record says


class CanevasStale(CanevasRefused):
    """The sheet changed since this file was exported and the file would overwrite those changes: nothing was
    written; `cells` lists them. Imported anyway only when the teacher confirms (CanevasImporter(confirm=...))."""

    def __init__(self, cells: list[StaleCell], *, exported_at: str, digest: str):
        problems = [Problem("", cell.row, cell.column, _("Changed since this file was exported: %(now)s now, "
                                                          "%(file)s in the file.") % {"now": cell.now,
                                                                                      "file": cell.in_file})
                    for cell in cells]
        super().__init__(problems)
        self.cells = cells
        self.exported_at = exported_at
        self.digest = digest


@dataclass
class ImportSummary:
    sheet: GradeSheet
    rows: int
    cells_changed: int = 0
    remarks_changed: int = 0
    # When the same file was imported before and nothing changed since: that earlier import.
    same_as: CanevasImport | None = None

    def describe(self) -> str:
        """What the import did, in the current language (the page and the command say the same)."""
        if self.same_as is not None:
            when = datetime_text(self.same_as.imported_at, style=SHORT)
            return _("This file was already imported on %(date)s and nothing has changed since: nothing was "
                     "written.") % {"date": when}
        marks = ngettext("%(count)d mark", "%(count)d marks", self.cells_changed) % {"count": self.cells_changed}
        remarks = ngettext("%(count)d remark", "%(count)d remarks", self.remarks_changed) % {
            "count": self.remarks_changed}
        return _("Canevas imported: %(marks)s and %(remarks)s changed.") % {"marks": marks, "remarks": remarks}
