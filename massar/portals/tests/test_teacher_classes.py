"""The teacher's "My classes": each class × subject × semester with its sheet's state (not started, being
entered, submitted, returned with the administration's comment, validated, published), as a translated badge;
and the grid page's column headers and its state."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from massar.grades.models import GradeSheet
from massar.grades.services import (
    grade_sheet_open,
    grade_sheet_return,
    grade_sheet_submit,
    grade_sheet_validate,
    grade_sheets_publish,
    mark_enter,
    remark_set,
)
from massar.schools.models import Subject
from massar.staff.models import Position
from massar.testing import factories as make
from massar.testing.grades import sheet_args

BADGE = re.compile(r'<li data-semester="(\d)">.*?data-state="(\w+)">([^<]+)</span>(.*?)</li>', re.S)


def sheet(world, code: str, number: int) -> GradeSheet:
    return grade_sheet_open(school_class=world.class_a, subject=Subject.objects.get(code=code),
                            semester=world.class_a.school_year.semesters.get(number=number))


@pytest.fixture
def every_state(world):
    """class_a in four subjects × two semesters, one sheet in each state (and two ways of not being started)."""
    teacher, admin = world.accounts["teacher"], world.accounts["school_admin"]
    for code in ("FR", "EN", "SVT"):
        make.teach(teacher=teacher.staff_member, school_class=world.class_a, subject=code)
    sheet(world, "MATH", 2)  # opened (the grid was visited) but nothing typed: still not started
    mark_enter(sheet=sheet(world, "FR", 1), student=world.student_a, slot=1, value="12", absent=False, actor=teacher)
    submitted = sheet(world, "FR", 2)
    mark_enter(sheet=submitted, student=world.student_a, slot=1, value="", absent=True, actor=teacher)
    grade_sheet_submit(sheet=submitted, actor=teacher)
    returned = sheet(world, "EN", 1)
    grade_sheet_submit(sheet=returned, actor=teacher)
    grade_sheet_return(sheet=returned, actor=admin, comment="Test 2 is missing for two students")
    validated = sheet(world, "EN", 2)
    grade_sheet_submit(sheet=validated, actor=teacher)
    grade_sheet_validate(sheet=validated, actor=admin)
    published = sheet(world, "SVT", 1)
    grade_sheet_submit(sheet=published, actor=teacher)
    grade_sheet_validate(sheet=published, actor=admin)
    grade_sheets_publish(sheets=[published], actor=admin)
    remark_set(sheet=sheet(world, "SVT", 2), student=world.student_a, text="Absent souvent", actor=teacher)


def states_shown(client: Client) -> dict[tuple[str, int], tuple[str, str, str]]:
    """(subject, semester) → (state, badge text, what follows the badge) as "My classes" shows them."""
    body = client.get(reverse("portals:grades_teacher_classes")).content.decode()
    shown = {}
    for card in body.split('<li class="card"')[1:]:
        found = re.search(r'data-subject="(\w+)"', card)
        assert found is not None
        subject = found.group(1)
        for number, state, label, rest in BADGE.findall(card):
            shown[(subject, int(number))] = (state, label.strip(), rest)
    return shown


def test_my_classes_shows_the_state_of_every_sheet(client, world, every_state):
    client.force_login(world.accounts["teacher"])
    client.cookies["django_language"] = "en"
    shown = states_shown(client)
    assert {key: state for key, (state, _label, _rest) in shown.items()} == {
        ("MATH", 1): "not_started", ("MATH", 2): "not_started",
        ("FR", 1): "being_entered", ("FR", 2): "submitted",
        ("EN", 1): "returned", ("EN", 2): "validated",
        ("SVT", 1): "published", ("SVT", 2): "being_entered",
    }
    assert {key: label for key, (_state, label, _rest) in shown.items()} == {
        ("MATH", 1): "Not started", ("MATH", 2): "Not started",
        ("FR", 1): "Being entered", ("FR", 2): "Submitted",
        ("EN", 1): "Returned", ("EN", 2): "Validated",
        ("SVT", 1): "Published", ("SVT", 2): "Being entered",
    }
    # The comment the sheet came back with, beside the returned sheet only.
    assert "Test 2 is missing for two students" in shown[("EN", 1)][2]
    assert all("Test 2 is missing" not in rest for key, (_s, _l, rest) in shown.items() if key != ("EN", 1))


@pytest.mark.parametrize(("language", "labels"), [
    ("fr", {"not_started": "Pas commencée", "being_entered": "En cours de saisie", "submitted": "Soumise",
            "returned": "Renvoyée", "published": "Publiée"}),
    ("ar", {"not_started": "لم تبدأ بعد", "being_entered": "في طور الإدخال", "submitted": "مرسلة",
            "returned": "أرجعتها الإدارة"}),
])
def test_the_states_are_translated(client, world, every_state, language, labels):
    client.force_login(world.accounts["teacher"])
    client.cookies["django_language"] = language
    shown = {state: label for state, label, _rest in states_shown(client).values()}
    for state, label in labels.items():
        assert shown[state] == label


def test_submitting_again_a_returned_sheet_shows_it_submitted(client, world, every_state):
    returned = GradeSheet.objects.get(school_class=world.class_a, subject__code="EN", semester__number=1)
    grade_sheet_submit(sheet=returned, actor=world.accounts["teacher"])
    client.force_login(world.accounts["teacher"])
    client.cookies["django_language"] = "en"
    state, _label, rest = states_shown(client)[("EN", 1)]
    assert state == "submitted" and "Test 2 is missing" not in rest


def test_my_classes_lists_only_the_callers_classes(client, world):
    other = make.account(make.staff(position=Position.TEACHER, school_=world.school))
    make.teach(teacher=other.staff_member, school_class=world.class_b, subject="FR")
    client.force_login(other)
    shown = states_shown(client)
    assert set(shown) == {("FR", 1), ("FR", 2)}


def test_the_grid_names_each_column_and_shows_the_sheets_state(client, world, every_state):
    client.force_login(world.accounts["teacher"])
    client.cookies["django_language"] = "fr"
    body = client.get(reverse("portals:grades_teacher_grid", kwargs=sheet_args(world.class_a, "EN"))).content.decode()
    headers = re.findall(r'<th scope="col" data-slot="(\w+)">([^<]+)</th>', body)
    tests = GradeSheet.objects.get(school_class=world.class_a, subject__code="EN", semester__number=1).tests_count
    assert headers == [*((str(n), f"Contrôle {n}") for n in range(1, tests + 1)),
                       ("0", "Activités intégrées"), ("remark", "Appréciation")]
    assert 'data-state="returned"' in body and "Test 2 is missing for two students" in body
    # Tab goes from mark to mark: every absence tick is out of the Tab order, reached by its key "a".
    ticks = re.findall(r'<input type="checkbox" name="absent"[^>]*>', body)
    assert ticks and all('tabindex="-1"' in tick for tick in ticks)
    assert body.count('aria-keyshortcuts="a"') == len(ticks)


def test_a_withdrawn_sheet_says_so_on_my_classes(client, world, every_state):
    import datetime

    from django.utils import timezone

    from massar.grades.services import grade_sheets_withdraw

    published = GradeSheet.objects.get(school_class=world.class_a, subject__code="SVT", semester__number=1)
    published.parents_see_from = timezone.now() + datetime.timedelta(days=2)  # within the parents' delay
    published.save(update_fields=["parents_see_from"])
    grade_sheets_withdraw(actor=world.accounts["school_admin"], sheet=published, reason="A mark was wrong")
    client.force_login(world.accounts["teacher"])
    client.cookies["django_language"] = "en"
    assert states_shown(client)[("SVT", 1)][:2] == ("withdrawn", "Withdrawn")
    grid = client.get(reverse("portals:grades_teacher_grid", kwargs=sheet_args(world.class_a, "SVT", 1)))
    assert grid.status_code == 200 and "A mark was wrong" in grid.content.decode()
