"""The back office's enrolment register: the enrolments of the caller's own classes, newest classes first, read
from the classes' index; a transferred student's earlier enrolment elsewhere is on their page and at its address
(the scope allows it), not in the territory's register."""

import datetime

from massar.students.models import Enrolment, EnrolmentStatus
from massar.students.scopes import enrolments_registered_in, enrolments_visible_to
from massar.students.services import student_enrol


def transferred_in(world) -> tuple[Enrolment, Enrolment]:
    """far_student moves into student_a's academy: their old enrolment stays with the far school."""
    old = world.far_student.enrolments.get()
    old.status = EnrolmentStatus.TRANSFERRED
    old.save()
    new = student_enrol(student=world.far_student, school_class=world.class_b, enrolled_on=datetime.date(2026, 2, 1))
    return old, new


def listed(client, url, **params) -> list[Enrolment]:
    page = client.get(url(Enrolment), params)
    assert page.status_code == 200
    return list(page.context["cl"].result_list)


def test_the_register_holds_the_territory_s_classes_only(world, as_role, url):
    old, new = transferred_in(world)
    client = as_role("academy_officer")
    rows = listed(client, url)
    assert new in rows and old not in rows
    assert {row.school_class.school.directorate.academy_id for row in rows} == {world.school.directorate.academy_id}
    # Still readable, as the scope says: at its address and on the student's page.
    assert client.get(url(Enrolment, "change", old.pk)).status_code == 200


def test_the_register_is_a_subset_of_the_scope_for_every_role(world):
    transferred_in(world)
    for role, account in world.accounts.items():
        registered = set(enrolments_registered_in(account).values_list("pk", flat=True))
        visible = set(enrolments_visible_to(account).values_list("pk", flat=True))
        assert registered <= visible, role


def test_the_ministry_s_register_is_every_enrolment(world, as_role, url):
    transferred_in(world)
    rows = listed(as_role("ministry_officer"), url)
    assert {row.pk for row in rows} == set(Enrolment.objects.values_list("pk", flat=True))


def test_newest_classes_first(world, as_role, url):
    rows = listed(as_role("ministry_officer"), url)
    keys = [(row.school_class_id, row.pk) for row in rows]
    assert keys == sorted(keys, reverse=True)


def test_a_search_finds_a_student_or_a_class(world, as_role, url):
    client = as_role("ministry_officer")
    by_name = listed(client, url, q=world.student_a.last_name_latin[:4].lower())
    assert world.student_a.pk in {row.student_id for row in by_name}
    by_code = listed(client, url, q=world.student_a.massar_code.lower())
    assert {row.student_id for row in by_code} == {world.student_a.pk}
    by_class = listed(client, url, q=world.class_a.code)
    assert by_class and {row.school_class_id for row in by_class} >= {world.class_a.pk}
