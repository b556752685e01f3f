"""Two sessions saving one cell, interleaved: each save carries the cell as its page read it, so the second one
is refused with what the cell holds now, never applied blindly (100 of 100 pairs lost a value before)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from massar.core.errors import Conflict
from massar.grades.error_codes import GradesErrorCode
from massar.grades.models import Mark
from massar.grades.rules import grade_rules_seed_year
from massar.grades.services import grade_sheet_open, mark_enter
from massar.schools.models import Subject
from massar.testing.grades import sheet_args


@pytest.fixture
def sheet(world):
    grade_rules_seed_year(school_year=world.class_a.school_year)
    return grade_sheet_open(school_class=world.class_a, subject=Subject.objects.get(code="MATH"),
                            semester=world.class_a.school_year.semesters.get(number=1))


def test_the_later_of_two_saves_read_at_the_same_state_is_refused(world, sheet):
    teacher, student = world.accounts["teacher"], world.student_a
    read = (None, False)  # both tabs read the cell empty
    mark_enter(sheet=sheet, student=student, slot=1, value="12,5", absent=False, actor=teacher, expected=read)
    with pytest.raises(Conflict) as refused:
        mark_enter(sheet=sheet, student=student, slot=1, value="14", absent=False, actor=teacher, expected=read)
    assert refused.value.code == GradesErrorCode.CHANGED_MEANWHILE
    assert refused.value.details["current_value"] == Decimal("12.50")
    assert Mark.objects.get(sheet=sheet, student=student, slot=1).value == Decimal("12.50")
    # Keeping mine: saved against what the cell now holds.
    mark_enter(sheet=sheet, student=student, slot=1, value="14", absent=False, actor=teacher,
               expected=(Decimal("12.50"), False))
    assert Mark.objects.get(sheet=sheet, student=student, slot=1).value == Decimal("14.00")


def test_the_same_value_saved_twice_is_no_conflict(world, sheet):
    teacher, student = world.accounts["teacher"], world.student_a
    for _ in range(2):
        mark_enter(sheet=sheet, student=student, slot=1, value="12,5", absent=False, actor=teacher,
                   expected=(None, False))
    assert Mark.objects.get(sheet=sheet, student=student, slot=1).value == Decimal("12.50")


def test_an_absence_ticked_meanwhile_is_a_change_too(world, sheet):
    teacher, student = world.accounts["teacher"], world.student_a
    mark_enter(sheet=sheet, student=student, slot=2, value="", absent=True, actor=teacher, expected=(None, False))
    with pytest.raises(Conflict):
        mark_enter(sheet=sheet, student=student, slot=2, value="9", absent=False, actor=teacher,
                   expected=(None, False))


def test_two_sessions_interleaved_through_the_page(world, sheet):
    teacher = world.accounts["teacher"]
    tabs = [Client(headers={"accept-language": "en"}) for _ in range(2)]
    for tab in tabs:
        tab.force_login(teacher)
    url = reverse("portals:grades_teacher_cell", kwargs=sheet_args(world.class_a))
    cell = {"student": world.student_a.massar_code, "slot": "1", "was": "", "was_absent": ""}
    lost = 0
    for n in range(20):  # pairs of saves, each tab having read the cell as the other left it before
        first, second = f"{10 + n % 5},{n % 10}0", f"{5 + n % 5},25"
        read = cell["was"]
        one = tabs[0].post(url, {**cell, "value": first, "was": read})
        two = tabs[1].post(url, {**cell, "value": second, "was": read})
        assert "Saved" in one.content.decode()
        body = two.content.decode()
        stored = Mark.objects.get(sheet=sheet, student=world.student_a, slot=1).value
        if "Changed meanwhile" not in body:
            lost += 1
        assert f"{stored:.2f}".replace(".", ",") == first, "the first save stays"
        assert 'name="was" value="' + first + '"' in body, "the refused tab now knows what the cell holds"
        cell["was"] = first
    assert lost == 0


def test_a_page_without_the_read_value_saves_as_before(world, sheet, client):
    """API-like posts that do not say what they read (older pages) are not refused."""
    client.force_login(world.accounts["teacher"])
    url = reverse("portals:grades_teacher_cell", kwargs=sheet_args(world.class_a))
    client.post(url, {"student": world.student_a.massar_code, "slot": "1", "value": "11"})
    assert Mark.objects.get(sheet=sheet, student=world.student_a, slot=1).value == Decimal("11.00")


def test_a_correction_confirmed_after_another_one_is_refused(world, sheet):
    from massar.grades.models import MarkEvent
    from massar.grades.services import grade_sheet_submit, mark_correct

    teacher, admin = world.accounts["teacher"], world.accounts["school_admin"]
    mark_enter(sheet=sheet, student=world.student_a, slot=1, value="9,25", absent=False, actor=teacher)
    grade_sheet_submit(sheet=sheet, actor=teacher)
    seen = (Decimal("9.25"), False)  # both administrators' confirmation pages show 9,25
    mark_correct(sheet=sheet, student=world.student_a, slot=1, value="10", absent=False, reason="typo",
                 actor=admin, expected=seen)
    with pytest.raises(Conflict) as refused:
        mark_correct(sheet=sheet, student=world.student_a, slot=1, value="11", absent=False, reason="recount",
                     actor=admin, expected=seen)
    assert refused.value.code == GradesErrorCode.CHANGED_MEANWHILE
    assert Mark.objects.get(sheet=sheet, student=world.student_a, slot=1).value == Decimal("10.00")
    assert MarkEvent.objects.filter(sheet=sheet).count() == 1


def test_the_correction_page_sends_what_its_confirmation_showed(world, sheet):
    from massar.grades.services import grade_sheet_submit

    teacher, admin = world.accounts["teacher"], world.accounts["school_admin"]
    mark_enter(sheet=sheet, student=world.student_a, slot=1, value="9,25", absent=False, actor=teacher)
    grade_sheet_submit(sheet=sheet, actor=teacher)
    client = Client(headers={"accept-language": "en"})
    client.force_login(admin)
    url = reverse("portals:grades_board_correct", kwargs={**sheet_args(world.class_a)})
    fields = {"student": world.student_a.massar_code, "slot": "1", "value": "10", "reason": "typo"}
    confirmation = client.get(url, fields).content.decode()
    assert 'name="was" value="9.25"' in confirmation
    mark = Mark.objects.get(sheet=sheet, student=world.student_a, slot=1)
    mark.value = Decimal("12")  # another administrator's correction lands first
    mark.save()
    answer = client.post(url, {**fields, "was": "9.25", "was_absent": ""}, follow=True)
    assert "changed meanwhile" in answer.content.decode()
    assert Mark.objects.get(pk=mark.pk).value == Decimal("12.00")
