"""Exam marks from Excel through the canevas engine: located problems, all or nothing, anonymous numbers only."""

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from massar.core.errors import Invalid
from massar.exams.marks_import import ExamMarksImporter, exam_marks_sheet
from massar.exams.models import Copy
from massar.grades.canevas.problems import CanevasRefused


@pytest.fixture
def paper(bac, world):
    bac.mark(bac.national, world.student_a, {})  # opens the marking
    return Copy.objects.select_related("paper__session", "paper__subject").filter(
        paper__session=bac.national, paper__subject__code="MATH", candidate__student=world.student_a).get().paper


def workbook(rows: list[list], sheet: str = "Notes") -> bytes:
    book = Workbook()
    active = book.active
    active.title = sheet
    active.append(["2BAC"])
    active.append([])
    active.append(["رقم الإخفاء", "النقطة", "غائب"])
    for row in rows:
        active.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def numbers(paper) -> list[str]:
    return list(Copy.objects.filter(paper=paper).order_by("anonymous_number").values_list("anonymous_number", flat=True))


def test_the_blank_sheet_lists_anonymous_numbers_and_no_name(paper, world):
    sheet = load_workbook(BytesIO(exam_marks_sheet(paper=paper)))["Notes"]
    values = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert set(numbers(paper)) <= set(values)
    for student in (world.student_a, world.student_b, world.other_student, world.far_student):
        assert not any(student.massar_code in v or student.last_name_latin in v for v in values)


def test_a_filled_sheet_is_imported(paper, bac):
    first, *others = numbers(paper)
    data = workbook([[first, "14,75", None], *[[n, 12, None] for n in others[:-1]], [others[-1], None, "x"]])
    assert ExamMarksImporter(actor=bac.ministry, paper=paper).run(data) == len(others) + 1
    marks = dict(Copy.objects.filter(paper=paper).values_list("anonymous_number", "mark"))
    assert str(marks[first]) == "14.75" and marks[others[-1]] is None
    assert Copy.objects.get(paper=paper, anonymous_number=others[-1]).absent


def test_every_problem_is_located_and_nothing_is_written(paper, bac):
    first, second, third, fourth = numbers(paper)[:4]
    data = workbook([[first, 25, None], [second, "douze", None], ["99999999", 12, None], [third, 12, None],
                     [third, 13, None], [None, 14, None], [fourth, 15, None]])
    with pytest.raises(CanevasRefused) as refused:
        ExamMarksImporter(actor=bac.ministry, paper=paper).run(data)
    assert [problem.cell for problem in refused.value.problems] == ["B4", "B5", "A6", "A8", "A9"]
    assert not Copy.objects.filter(paper=paper, mark__isnull=False).exists()


@pytest.mark.parametrize("data", [b"not a workbook", workbook([], sheet="Other")])
def test_a_file_that_is_not_a_marks_sheet_is_refused(paper, bac, data):
    with pytest.raises(CanevasRefused):
        ExamMarksImporter(actor=bac.ministry, paper=paper).run(data)


def test_only_the_owning_body_while_marking(paper, bac, world):
    data = workbook([[numbers(paper)[0], 12, None]])
    from massar.core.errors import Refused

    with pytest.raises(Refused):
        ExamMarksImporter(actor=world.accounts["academy_officer"], paper=paper).run(data)
    bac.lock(bac.national)
    with pytest.raises(Invalid):
        ExamMarksImporter(actor=bac.ministry, paper=paper).run(data)
    assert not Copy.objects.filter(paper=paper, mark__isnull=False).exists()
