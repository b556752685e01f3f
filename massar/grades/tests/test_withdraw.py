"""Withdrawing a published sheet: with a reason, logged, only until parents may see it; a withdrawn sheet is
seen by nobody outside the school until it is published again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from massar.core.errors import Conflict, Invalid, NotFound
from massar.grades.error_codes import GradesErrorCode
from massar.grades.models import SheetStatus, SheetWithdrawal, YearGradeRules
from massar.grades.selectors import marks_visible_to, publication_plan
from massar.grades.services import (
    grade_sheet_submit,
    grade_sheet_validate,
    grade_sheets_publish,
    grade_sheets_withdraw,
    mark_correct,
    mark_enter,
)
from massar.schools.models import SchoolClass
from massar.testing.grades import Grades


@pytest.fixture
def grades(world):
    return Grades(world, extra_students=1)


def published(grades, *, delay_days: int, now=None):
    YearGradeRules.objects.filter(school_year=grades.school_class.school_year).update(parents_delay_days=delay_days)
    sheet = grades.sheets["MATH"]
    grades.enter("MATH", grades.world.student_a, 1, "14,75")
    grade_sheet_submit(sheet=sheet, actor=grades.teacher)
    grade_sheet_validate(sheet=sheet, actor=grades.admin)
    grade_sheets_publish(sheets=[sheet], actor=grades.admin, now=now)
    sheet.refresh_from_db()
    return sheet


def test_a_withdrawn_sheet_is_hidden_from_students_and_parents_and_logged(grades, world):
    sheet = published(grades, delay_days=2)
    student, parent = world.accounts["student"], world.accounts["parent"]
    assert marks_visible_to(viewer=student).filter(sheet=sheet).exists()
    withdrawal = grade_sheets_withdraw(actor=grades.admin, sheet=sheet, reason=" Wrong test entered ",
                                       ip_address="10.0.0.7")
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.WITHDRAWN
    assert (withdrawal.actor, withdrawal.actor_role, withdrawal.reason, withdrawal.ip_address) == (
        grades.admin, "school_admin", "Wrong test entered", "10.0.0.7")
    assert withdrawal.published_at == sheet.published_at
    later = timezone.now() + timedelta(days=3)
    assert not marks_visible_to(viewer=student).filter(sheet=sheet).exists()
    assert not marks_visible_to(viewer=parent, now=later).filter(sheet=sheet).exists()


def test_a_withdrawn_sheet_is_corrected_then_published_again(grades, world):
    sheet = published(grades, delay_days=1)
    grade_sheets_withdraw(actor=grades.admin, sheet=sheet, reason="Test 1 was the wrong one")
    mark_correct(sheet=sheet, student=world.student_a, slot=1, value="12", absent=False, reason="Right test",
                 actor=grades.admin)
    plan = publication_plan(classes=SchoolClass.objects.filter(pk=grades.school_class.pk),
                            semester=grades.semester)
    assert [s.pk for s in plan[0].sheets] == [sheet.pk]
    assert grade_sheets_publish(sheets=plan[0].sheets, actor=grades.admin) == 1
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PUBLISHED
    assert str(marks_visible_to(viewer=world.accounts["student"]).get(sheet=sheet, slot=1).value) == "12.00"


def test_withdrawing_after_the_parents_delay_is_refused(grades):
    sheet = published(grades, delay_days=0)
    with pytest.raises(Conflict) as refused:
        grade_sheets_withdraw(actor=grades.admin, sheet=sheet, reason="too late")
    assert refused.value.code == GradesErrorCode.PARENTS_SEE_IT
    assert "can no longer be withdrawn" in str(refused.value)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PUBLISHED and not SheetWithdrawal.objects.exists()


def test_the_window_ends_exactly_when_parents_may_see_the_sheet(grades):
    now = timezone.now()
    sheet = published(grades, delay_days=2, now=now)
    with pytest.raises(Conflict):
        grade_sheets_withdraw(actor=grades.admin, sheet=sheet, reason="late", now=now + timedelta(days=2))
    grade_sheets_withdraw(actor=grades.admin, sheet=sheet, reason="in time", now=now + timedelta(days=2, seconds=-1))


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_withdrawal_needs_a_reason(grades, reason):
    sheet = published(grades, delay_days=1)
    with pytest.raises(Invalid) as refused:
        grade_sheets_withdraw(actor=grades.admin, sheet=sheet, reason=reason)
    assert refused.value.code == GradesErrorCode.REASON_REQUIRED


def test_only_a_published_sheet_is_withdrawn(grades, world):
    sheet = grades.sheets["MATH"]
    mark_enter(sheet=sheet, student=world.student_a, slot=1, value="10", absent=False, actor=grades.teacher)
    with pytest.raises(Invalid) as refused:
        grade_sheets_withdraw(actor=grades.admin, sheet=sheet, reason="why")
    assert refused.value.code == GradesErrorCode.WRONG_STATUS


@pytest.mark.parametrize("role", ["teacher", "student", "parent", "directorate_officer"])
def test_only_the_schools_administration_withdraws(grades, world, role):
    sheet = published(grades, delay_days=1)
    with pytest.raises(NotFound):
        grade_sheets_withdraw(actor=world.accounts[role], sheet=sheet, reason="not mine")
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PUBLISHED


def test_a_reason_is_stored_without_nul_characters(grades):
    sheet = published(grades, delay_days=1)
    with pytest.raises(Invalid):
        grade_sheets_withdraw(actor=grades.admin, sheet=sheet, reason="\x00 \x00")
    withdrawal = grade_sheets_withdraw(actor=grades.admin, sheet=sheet, reason="wrong\x00 test")
    assert withdrawal.reason == "wrong test"
