"""Reads on grades, by concern: marks (rules, rounding, visibility), sheets (the staff's rows) and reports
(the student's semester report and annual average, one read for pages and API)."""

from .marks import (
    assessment_rule_for,
    mark_scale_for,
    marks_visible_to,
    published_sheets_q,
    sheet_row_average,
    weighting_for,
    year_rounding,
)
from .reports import (
    ClassFigures,
    MarkCell,
    SemesterReport,
    SubjectLine,
    annual_average_for,
    student_annual_average,
    student_semester_report,
)
from .sheets import (
    PUBLISHABLE,
    ClassPublication,
    SheetRow,
    class_sheet,
    class_sheets,
    classes_sheets,
    publication_plan,
    sheet_events,
    sheet_rows,
    sheet_students_without_marks,
    sheet_withdrawals,
    student_row_average,
)

__all__ = [
    "PUBLISHABLE",
    "ClassFigures",
    "ClassPublication",
    "MarkCell",
    "SemesterReport",
    "SheetRow",
    "SubjectLine",
    "annual_average_for",
    "assessment_rule_for",
    "class_sheet",
    "class_sheets",
    "classes_sheets",
    "mark_scale_for",
    "marks_visible_to",
    "publication_plan",
    "published_sheets_q",
    "sheet_events",
    "sheet_row_average",
    "sheet_rows",
    "sheet_students_without_marks",
    "sheet_withdrawals",
    "student_annual_average",
    "student_row_average",
    "student_semester_report",
    "weighting_for",
    "year_rounding",
]
