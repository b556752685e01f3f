import pytest

from massar.schools.scopes import classes_visible_to, schools_visible_to
from massar.staff.scopes import assignments_visible_to
from massar.students.scopes import enrolments_visible_to, students_visible_to


def codes(queryset):
    return set(queryset.values_list("massar_code", flat=True))


def test_student_sees_only_self(world):
    assert codes(students_visible_to(world.accounts["student"])) == {world.student_a.massar_code}


def test_parent_sees_only_linked_children(world):
    assert codes(students_visible_to(world.accounts["parent"])) == {
        world.student_a.massar_code, world.student_b.massar_code}


def test_teacher_sees_only_students_of_their_classes(world):
    teacher = world.accounts["teacher"]
    assert codes(students_visible_to(teacher)) == {world.student_a.massar_code}
    assert set(classes_visible_to(teacher)) == {world.class_a}


def test_school_admin_sees_only_their_school(world):
    admin = world.accounts["school_admin"]
    assert codes(students_visible_to(admin)) == {world.student_a.massar_code, world.student_b.massar_code}
    assert set(schools_visible_to(admin)) == {world.school}
    assert set(classes_visible_to(admin)) == {world.class_a, world.class_b}


def test_directorate_officer_sees_their_directorate(world):
    officer = world.accounts["directorate_officer"]
    assert set(schools_visible_to(officer)) == {world.school}
    assert world.other_student not in students_visible_to(officer)


def test_academy_officer_sees_their_academy_not_another(world):
    officer = world.accounts["academy_officer"]
    assert set(schools_visible_to(officer)) == {world.school, world.other_school}
    assert codes(students_visible_to(officer)) == {
        world.student_a.massar_code, world.student_b.massar_code, world.other_student.massar_code}


def test_ministry_sees_everything(world):
    assert students_visible_to(world.accounts["ministry_officer"]).count() == 4


@pytest.mark.parametrize("role", ["student", "parent", "teacher", "school_admin"])
def test_inactive_account_sees_nothing(world, role):
    user = world.accounts[role]
    user.is_active = False
    assert not students_visible_to(user).exists()
    assert not classes_visible_to(user).exists()


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not students_visible_to(AnonymousUser()).exists()
    assert not schools_visible_to(AnonymousUser()).exists()


def test_transferred_student_history_is_readable_by_the_new_school(world):
    from massar.students.models import EnrolmentStatus
    from massar.students.services import student_enrol
    from massar.testing import factories as make

    enrolment = world.other_student.enrolments.get()
    enrolment.status = EnrolmentStatus.TRANSFERRED
    enrolment.save()
    student_enrol(student=world.other_student, school_class=world.class_b,
                  enrolled_on=world.class_b.school_year.starts_on)
    admin = world.accounts["school_admin"]
    assert world.other_student in students_visible_to(admin)
    history = enrolments_visible_to(admin).filter(student=world.other_student)
    assert {e.school_class for e in history} == {world.other_class, world.class_b}
    assert make  # factories importable from tests


def test_teacher_sees_only_their_own_assignments(world):
    teacher = world.accounts["teacher"]
    assert {a.school_class for a in assignments_visible_to(teacher)} == {world.class_a}
