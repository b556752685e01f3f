"""The lesson log: the teacher of a class and subject (or the school's administration) writes what was done in a
session and the homework with its due date; anything wrong is refused with its code and nothing is written;
students and parents read the homework due this week of their own class only."""

import datetime

import pytest

from massar.core.errors import Invalid, Refused
from massar.schools.models import Subject
from massar.staff.models import Position
from massar.testing import factories as make
from massar.timetable import lessons
from massar.timetable.error_codes import TimetableErrorCode as codes
from massar.timetable.models import Lesson, LessonLog
from massar.timetable.scopes import lesson_logs_visible_to, lessons_loggable_by
from massar.timetable.selectors import class_log, homework_due

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 2)
WEDNESDAY = MONDAY + datetime.timedelta(days=2)


def _lesson(school_class, teacher, *, day=1, slot=1, subject="MATH") -> Lesson:
    return Lesson.objects.create(school_class=school_class, day=day, slot=slot,
                                 subject=Subject.objects.get(code=subject), teacher=teacher)


@pytest.fixture
def maths(world) -> Lesson:
    """The world's teacher's Monday mathematics lesson of class_a."""
    return _lesson(world.class_a, world.accounts["teacher"].staff_member)


def write(actor, lesson, **fields):
    values = {"on": MONDAY, "content": "Chapitre 3 : les suites.", "today": MONDAY} | fields
    return lessons.lesson_log_write(actor=actor, lesson=lesson, **values)


def test_the_teacher_writes_the_session_and_its_homework_then_changes_it(world, maths):
    teacher = world.accounts["teacher"]
    log = write(teacher, maths, homework="Exercices 4 à 7 page 52", due_on=WEDNESDAY)
    assert (log.school_class, log.subject.code, log.author) == (world.class_a, "MATH", teacher)
    again = write(teacher, maths, content="Chapitre 3, suite.", homework="", due_on=None)
    assert again.pk == log.pk and LessonLog.objects.count() == 1
    again.refresh_from_db()
    assert (again.content, again.homework, again.homework_due_on) == ("Chapitre 3, suite.", "", None)
    assert again.written_at == log.written_at and again.changed_at >= log.changed_at


@pytest.mark.parametrize(("fields", "code"), [
    ({"content": "   "}, codes.CONTENT_REQUIRED),
    ({"content": "x" * (lessons.CONTENT_MAX_LENGTH + 1)}, codes.CONTENT_TOO_LONG),
    ({"homework": "y" * (lessons.HOMEWORK_MAX_LENGTH + 1), "due_on": WEDNESDAY}, codes.HOMEWORK_TOO_LONG),
    ({"homework": "Exercice 1"}, codes.DUE_DATE_REQUIRED),
    ({"homework": "Exercice 1", "due_on": MONDAY}, codes.DUE_BEFORE_LESSON),
    ({"homework": "Exercice 1", "due_on": MONDAY - datetime.timedelta(days=3)}, codes.DUE_BEFORE_LESSON),
    ({"homework": "Exercice 1", "due_on": MONDAY + datetime.timedelta(days=61)}, codes.DUE_TOO_LATE),
    ({"due_on": WEDNESDAY}, codes.DUE_WITHOUT_HOMEWORK),
    ({"on": MONDAY + datetime.timedelta(days=1)}, codes.WRONG_DAY),
    ({"on": MONDAY + datetime.timedelta(days=14)}, codes.TOO_FAR_AHEAD),
])
def test_bad_input_is_refused_with_its_code_and_nothing_is_written(world, maths, fields, code):
    with pytest.raises(Invalid) as refused:
        write(world.accounts["teacher"], maths, **fields)
    assert refused.value.code == code
    assert not LessonLog.objects.exists()


def test_the_log_of_next_weeks_session_may_be_prepared(world, maths):
    assert write(world.accounts["teacher"], maths, on=MONDAY + datetime.timedelta(days=7)).pk


def test_only_the_teacher_of_the_class_and_subject_or_the_schools_administration_writes(world, maths):
    colleague = make.staff(position=Position.TEACHER, school_=world.school)
    make.teach(teacher=colleague, school_class=world.class_b, subject="PC")
    colleague_account = make.account(colleague)
    for role in ("student", "parent", "directorate_officer", "academy_officer", "ministry_officer"):
        with pytest.raises(Refused) as refused:
            write(world.accounts[role], maths)
        assert refused.value.code == codes.NOT_YOUR_LESSON
    with pytest.raises(Refused):
        write(colleague_account, maths)
    far_admin = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=world.far_school))
    with pytest.raises(Refused):
        write(far_admin, maths)
    assert not LessonLog.objects.exists()
    # The school's administrator may write it; so may the teacher assigned to the class and subject who took
    # over a colleague's slot.
    assert write(world.accounts["school_admin"], maths).author == world.accounts["school_admin"]
    substitute_slot = _lesson(world.class_b, world.accounts["teacher"].staff_member, day=1, slot=2, subject="PC")
    assert write(colleague_account, substitute_slot).pk
    assert set(lessons_loggable_by(colleague_account)) == {substitute_slot}


def test_a_log_is_removed_only_by_who_may_write_it(world, maths):
    log = write(world.accounts["teacher"], maths)
    with pytest.raises(Refused):
        lessons.lesson_log_remove(actor=world.accounts["student"], log=log)
    lessons.lesson_log_remove(actor=world.accounts["teacher"], log=log)
    assert not LessonLog.objects.exists()


def test_students_and_parents_see_the_homework_due_this_week_of_their_own_class(world, maths):
    teacher = world.accounts["teacher"]
    write(teacher, maths, homework="Exercices 4 à 7", due_on=WEDNESDAY)
    write(teacher, maths, on=MONDAY - datetime.timedelta(days=7), homework="Ancien devoir",
          due_on=MONDAY - datetime.timedelta(days=1))  # due yesterday: gone
    write(teacher, maths, on=MONDAY + datetime.timedelta(days=7), homework="Plus tard",
          due_on=MONDAY + datetime.timedelta(days=9))  # due after the week
    other_teacher = make.staff(position=Position.TEACHER, school_=world.school)
    b_lesson = _lesson(world.class_b, other_teacher, day=1, slot=3, subject="PC")
    write(world.accounts["school_admin"], b_lesson, homework="Rapport de TP", due_on=MONDAY + datetime.timedelta(days=4))
    for viewer in ("student", "parent"):
        due = homework_due(student=world.student_a, logs=lesson_logs_visible_to(world.accounts[viewer]), today=MONDAY)
        assert [log.homework for log in due] == ["Exercices 4 à 7"]
    sibling = homework_due(student=world.student_b, logs=lesson_logs_visible_to(world.accounts["parent"]),
                           today=MONDAY)
    assert [log.homework for log in sibling] == ["Rapport de TP"]
    # A student reading another class's homework through their own scope finds nothing.
    assert homework_due(student=world.student_b, logs=lesson_logs_visible_to(world.accounts["student"]),
                        today=MONDAY) == []


def test_the_log_of_a_class_is_read_by_its_teachers_and_administration_only(world, maths):
    write(world.accounts["teacher"], maths, homework="Exercices", due_on=WEDNESDAY)
    write(world.accounts["teacher"], maths, on=MONDAY - datetime.timedelta(days=7))
    for role in ("teacher", "school_admin", "directorate_officer", "academy_officer", "ministry_officer"):
        rows = class_log(school_class=world.class_a, logs=lesson_logs_visible_to(world.accounts[role]))
        assert [log.date for log in rows] == [MONDAY, MONDAY - datetime.timedelta(days=7)], role
    stranger = make.account(make.staff(position=Position.TEACHER, school_=world.school))
    assert class_log(school_class=world.class_a, logs=lesson_logs_visible_to(stranger)) == []
    far_admin = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=world.far_school))
    assert class_log(school_class=world.class_a, logs=lesson_logs_visible_to(far_admin)) == []
