"""The timetable pages and API: the administration places lessons (a clash re-shows the form with its message),
each student, parent (per child) and teacher reads their own week."""

import pytest
from django.urls import reverse

from massar.accounts.tokens import api_token_issue
from massar.schools.models import Subject
from massar.staff.models import Position
from massar.testing import factories as make
from massar.timetable.models import Lesson

pytestmark = pytest.mark.django_db


def _lesson(world, school_class=None, day=1, slot=1, teacher=None, room=""):
    teacher = teacher or world.accounts["teacher"].staff_member
    return Lesson.objects.create(school_class=school_class or world.class_a, day=day, slot=slot,
                                 subject=Subject.objects.get(code="MATH"), teacher=teacher, room=room)


def test_the_administration_places_a_lesson_and_a_clash_is_named(en_client, world):
    teacher = world.accounts["teacher"].staff_member
    _lesson(world, day=2, slot=3)
    en_client.force_login(world.accounts["school_admin"])
    url = reverse("portals:timetable_staff_lesson_add", kwargs={"class_id": world.class_b.pk})
    clash = en_client.post(url, {"day": "2", "slot": "3", "subject": "PC", "teacher": str(teacher.pk), "room": ""})
    assert clash.status_code == 409
    assert f"already teaches {world.class_a.code}" in clash.content.decode()
    placed = en_client.post(url, {"day": "2", "slot": "4", "subject": "PC", "teacher": str(teacher.pk),
                                  "room": "B2"})
    assert placed.status_code == 302
    assert Lesson.objects.filter(school_class=world.class_b, day=2, slot=4, room="B2").exists()
    week = en_client.get(reverse("portals:timetable_staff_class", kwargs={"class_id": world.class_b.pk}))
    assert "B2" in week.content.decode()


def test_the_administration_cannot_touch_another_schools_week(en_client, world):
    far_teacher = make.staff(position=Position.TEACHER, school_=world.far_school)
    far = _lesson(world, school_class=world.far_class, teacher=far_teacher)
    en_client.force_login(world.accounts["school_admin"])
    add = reverse("portals:timetable_staff_lesson_add", kwargs={"class_id": world.far_class.pk})
    assert en_client.post(add, {"day": "1", "slot": "2", "subject": "MATH",
                                "teacher": str(far_teacher.pk)}).status_code == 404
    remove = reverse("portals:timetable_staff_lesson_remove", kwargs={"class_id": world.far_class.pk,
                                                                      "lesson_id": far.pk})
    assert en_client.post(remove).status_code == 404
    # A teacher of another school is not offered, and a forged one is refused.
    assert en_client.post(reverse("portals:timetable_staff_lesson_add", kwargs={"class_id": world.class_a.pk}),
                          {"day": "1", "slot": "2", "subject": "MATH", "teacher": str(far_teacher.pk)}
                          ).status_code == 400
    assert Lesson.objects.count() == 1


def test_each_reads_their_own_week(en_client, world):
    # Rooms named so that no random token of the page (CSRF) can contain them.
    _lesson(world, day=1, slot=1, room="Room-A1")
    other_teacher = make.staff(position=Position.TEACHER, school_=world.school)
    _lesson(world, school_class=world.class_b, day=3, slot=6, teacher=other_teacher, room="Room-Z9")
    en_client.force_login(world.accounts["student"])
    mine = en_client.get(reverse("portals:timetable_mine")).content.decode()
    assert "Room-A1" in mine and "Room-Z9" not in mine
    en_client.force_login(world.accounts["parent"])
    child_b = en_client.get(reverse("portals:timetable_child", kwargs={"massar_code": world.student_b.massar_code}))
    assert "Room-Z9" in child_b.content.decode()
    assert en_client.get(reverse("portals:timetable_child", kwargs={
        "massar_code": world.far_student.massar_code})).status_code == 404
    en_client.force_login(world.accounts["teacher"])
    week = en_client.get(reverse("portals:timetable_teacher")).content.decode()
    assert world.class_a.code in week and "Room-Z9" not in week


def test_the_api_serves_a_week_to_the_student_their_parent_and_the_teacher(client, world):
    _lesson(world, day=4, slot=5, room="L3")

    def get(role, path):
        token = api_token_issue(user=world.accounts[role])[1]
        return client.get(path, headers={"authorization": f"Bearer {token}"})

    student = get("student", "/api/v1/me/timetable").json()
    assert [(x["day"], x["slot"], x["room"], x["starts_at"]) for x in student["lessons"]] == [(4, 5, "L3", "14:00")]
    child = get("parent", f"/api/v1/children/{world.student_a.massar_code}/timetable").json()
    assert child["lessons"] == student["lessons"]
    teacher = get("teacher", "/api/v1/me/timetable").json()
    assert [x["class_code"] for x in teacher["lessons"]] == [world.class_a.code]
    assert get("parent", f"/api/v1/children/{world.far_student.massar_code}/timetable").status_code == 404


def test_a_teachers_week_is_read_in_a_fixed_number_of_queries(en_client, world, django_assert_max_num_queries):
    teacher = world.accounts["teacher"].staff_member
    for section in range(3, 9):
        school_class = make.school_class(school_=world.school, section=section)
        for day in range(1, 7):
            _lesson(world, school_class=school_class, day=day, slot=section - 2, teacher=teacher)
    en_client.force_login(world.accounts["teacher"])
    with django_assert_max_num_queries(12):
        page = en_client.get(reverse("portals:timetable_teacher"))
    assert page.content.decode().count("<li><span class=\"time\">") == 36
