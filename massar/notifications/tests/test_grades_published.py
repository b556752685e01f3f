"""Grades published: one message per publication per child (not per mark, not per subject); the parent's from
the parents' delay on; nobody else's child."""

import datetime

from django.utils import timezone

from massar.grades.models import GradeSheet, YearGradeRules
from massar.notifications.events import grades_published
from massar.notifications.models import Kind, Notification
from massar.notifications.parts import part_render
from massar.notifications.scopes import notifications_visible_to
from massar.testing import factories as make
from massar.testing.grades import Grades


def published(grades: Grades, *codes: str) -> list[GradeSheet]:
    for code in codes:
        for slot in (1, 2):
            grades.enter(code, grades.world.student_a, slot, "14.5")
    grades.publish(*codes)
    return list(GradeSheet.objects.filter(pk__in=[grades.sheets[c].pk for c in codes]))


def test_one_message_per_child_for_a_publication_of_several_subjects(world):
    grades = Grades(world, extra_students=2)
    sheets = published(grades, "MATH", "PC", "SVT")
    at = sheets[0].published_at
    created = grades_published(sheets=sheets, published_at=at)
    # 3 students of class_a (student_a has an account, the others none) + student_a's parent
    assert created == 2
    student_messages = Notification.objects.filter(recipient=world.accounts["student"], kind=Kind.GRADES_PUBLISHED)
    [message] = student_messages
    body = part_render(message.body, language="en")
    subjects = [sheet.subject for sheet in sorted(sheets, key=lambda sheet: sheet.subject.code)]
    assert body.endswith(", ".join(subject.name_en or subject.name_fr for subject in subjects) + ".")
    assert message.link == "/me/grades/"
    [parents] = Notification.objects.filter(recipient=world.accounts["parent"])
    assert parents.student == world.student_a
    assert parents.link == f"/children/grades/{world.student_a.massar_code}/"
    assert grades_published(sheets=sheets, published_at=at) == 0  # the same publication again: nothing more


def test_other_families_and_staff_hear_nothing(world):
    stranger = make.account(make.guardian(children=(world.far_student,)))
    grades = Grades(world, extra_students=1)
    sheets = published(grades, "MATH")
    grades_published(sheets=sheets, published_at=sheets[0].published_at)
    assert not stranger.notifications.exists()
    for role in ("teacher", "school_admin", "directorate_officer", "academy_officer", "ministry_officer"):
        assert not world.accounts[role].notifications.exists()


def test_parents_see_it_after_the_delay(world):
    grades = Grades(world, extra_students=0)
    YearGradeRules.objects.filter(school_year=world.class_a.school_year).update(parents_delay_days=2)
    sheets = published(grades, "MATH")
    at = sheets[0].published_at
    grades_published(sheets=sheets, published_at=at)
    parent = world.accounts["parent"]
    message = Notification.objects.get(recipient=parent)
    assert message.visible_from == sheets[0].parents_see_from == at + datetime.timedelta(days=2)
    assert not notifications_visible_to(parent).exists()  # not before parents may see the grades
    assert notifications_visible_to(world.accounts["student"]).count() == 1


def test_a_second_publication_is_a_second_message(world):
    grades = Grades(world, extra_students=0)
    first = published(grades, "MATH")
    grades_published(sheets=first, published_at=first[0].published_at)
    second = published(grades, "PC")
    assert second[0].published_at != first[0].published_at
    grades_published(sheets=second, published_at=second[0].published_at)
    assert Notification.objects.filter(recipient=world.accounts["student"]).count() == 2


def test_sheets_not_published_at_that_moment_are_not_announced(world):
    grades = Grades(world, extra_students=0)
    sheets = published(grades, "MATH")
    assert grades_published(sheets=sheets, published_at=timezone.now() + datetime.timedelta(hours=1)) == 0


def test_the_publication_queues_the_messages_for_after_its_commit(world, django_capture_on_commit_callbacks):
    from massar.notifications.events import grades_published_later

    grades = Grades(world, extra_students=0)
    sheets = published(grades, "MATH", "PC")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        grades_published_later(sheets=iter(sheets), published_at=sheets[0].published_at)
    assert not Notification.objects.exists()  # nothing inside the publishing transaction
    for callback in callbacks:
        callback()  # the tests' backend runs the task at once
    assert Notification.objects.filter(kind=Kind.GRADES_PUBLISHED).count() == 2  # the student and the parent


def test_a_sheet_withdrawn_before_parents_see_it_leaves_their_message(world):
    from massar.grades.services import grade_sheets_withdraw
    grades = Grades(world, extra_students=0)
    YearGradeRules.objects.filter(school_year=world.class_a.school_year).update(parents_delay_days=2)
    sheets = published(grades, "MATH", "PC")
    at = sheets[0].published_at
    grades_published(sheets=sheets, published_at=at)
    math = next(sheet for sheet in sheets if sheet.subject.code == "MATH")
    grade_sheets_withdraw(actor=grades.admin, sheet=math, reason="Wrong test")  # calls grades_withdrawn
    parents = Notification.objects.get(recipient=world.accounts["parent"])
    physics = next(sheet for sheet in sheets if sheet.subject.code == "PC").subject
    assert part_render(parents.body, language="fr").endswith(f": {physics.name_fr}.")
    students = Notification.objects.get(recipient=world.accounts["student"])
    assert "," in part_render(students.body, language="fr")  # already shown: left as it was
    pc = next(sheet for sheet in sheets if sheet.subject.code == "PC")
    grade_sheets_withdraw(actor=grades.admin, sheet=pc, reason="Wrong test")
    assert not Notification.objects.filter(recipient=world.accounts["parent"]).exists()
