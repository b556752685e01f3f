"""What a person types is kept whole or refused with its reason, never cut: a mark of 21 characters, `1 4`, a
remark, comment or reason over its limit. The message quotes what was typed, shortened for display only."""

from decimal import Decimal

import pytest

from massar.core.errors import Invalid
from massar.grades.error_codes import GradesErrorCode
from massar.grades.models import Mark, MarkEvent, StudentRemark
from massar.grades.rules import grade_rules_seed_year
from massar.grades.services import (
    grade_sheet_open,
    grade_sheet_return,
    grade_sheet_submit,
    mark_correct,
    mark_enter,
    mark_parse,
    remark_set,
)
from massar.schools.models import Subject


def the_sheet(world):
    grade_rules_seed_year(school_year=world.class_a.school_year)
    semester = world.class_a.school_year.semesters.get(number=1)
    return grade_sheet_open(school_class=world.class_a, subject=Subject.objects.get(code="MATH"), semester=semester)


@pytest.mark.parametrize(("typed", "code"), [
    ("20.000000000000000001", GradesErrorCode.OUT_OF_RANGE),
    ("19.999999999999999999", GradesErrorCode.TOO_MANY_DECIMALS),
    ("1 4", GradesErrorCode.NOT_A_NUMBER),
    ("14 , 75", GradesErrorCode.NOT_A_NUMBER),
    ("1" * 200, GradesErrorCode.OUT_OF_RANGE),
])
def test_a_mark_is_read_whole(typed, code):
    with pytest.raises(Invalid) as refused:
        mark_parse(typed)
    assert refused.value.code == code
    assert len(str(refused.value)) < 200, "quoted shortened, for display only"


def test_spaces_around_a_mark_are_forgiven():
    assert mark_parse(" 14,75 ") == Decimal("14.75")


def test_the_grid_refuses_a_long_value_instead_of_saving_its_start(world):
    sheet = the_sheet(world)
    teacher = world.accounts["teacher"]
    with pytest.raises(Invalid):
        mark_enter(sheet=sheet, student=world.student_a, slot=1, value="20.000000000000000001", absent=False,
                   actor=teacher)
    assert not Mark.objects.filter(sheet=sheet, value__isnull=False).exists()


def test_a_correction_with_a_long_value_changes_nothing(world):
    sheet = the_sheet(world)
    teacher, admin = world.accounts["teacher"], world.accounts["school_admin"]
    mark_enter(sheet=sheet, student=world.student_a, slot=1, value="9,25", absent=False, actor=teacher)
    grade_sheet_submit(sheet=sheet, actor=teacher)
    with pytest.raises(Invalid):
        mark_correct(sheet=sheet, student=world.student_a, slot=1, value="20.000000000000000001", absent=False,
                     reason="typo", actor=admin)
    assert Mark.objects.get(sheet=sheet, student=world.student_a, slot=1).value == Decimal("9.25")
    with pytest.raises(Invalid) as refused:
        mark_correct(sheet=sheet, student=world.student_a, slot=1, value="10", absent=False, reason="r" * 301,
                     actor=admin)
    assert refused.value.code == GradesErrorCode.TEXT_TOO_LONG and "301" in str(refused.value)
    assert not MarkEvent.objects.filter(sheet=sheet, reason__startswith="r").exists()


def test_a_long_remark_is_refused_not_cut(world):
    sheet = the_sheet(world)
    with pytest.raises(Invalid) as refused:
        remark_set(sheet=sheet, student=world.student_a, text="x" * 301, actor=world.accounts["teacher"])
    assert refused.value.code == GradesErrorCode.TEXT_TOO_LONG
    assert not StudentRemark.objects.filter(sheet=sheet).exists()
    remark_set(sheet=sheet, student=world.student_a, text="x" * 300, actor=world.accounts["teacher"])
    assert len(StudentRemark.objects.get(sheet=sheet).text) == 300


def test_a_long_comment_when_sending_back_is_refused(world):
    sheet = the_sheet(world)
    grade_sheet_submit(sheet=sheet, actor=world.accounts["teacher"])
    with pytest.raises(Invalid) as refused:
        grade_sheet_return(sheet=sheet, actor=world.accounts["school_admin"], comment="c" * 2001)
    assert refused.value.code == GradesErrorCode.TEXT_TOO_LONG
