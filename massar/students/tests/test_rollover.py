from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from massar.accounts.models import User
from massar.core.errors import Invalid
from massar.core.models import SchoolYear
from massar.exams.calculations import Decision
from massar.orientation.models import RunState
from massar.schools.models import SchoolClass
from massar.staff.models import Position
from massar.students.models import Enrolment, EnrolmentStatus, Student, StudentGuardian
from massar.students.rollover import YearRollover, directorate_rollover
from massar.students.rollover_plan import MoveKind
from massar.testing import factories as make
from massar.testing.rollover import (
    RolloverWorld,
    decided_school,
    decision_published,
    exam_result_published,
    orientation_published,
)

pytestmark = pytest.mark.django_db


def next_class(student: Student, year: SchoolYear) -> SchoolClass | None:
    enrolment = Enrolment.objects.filter(student=student, school_year=year, status=EnrolmentStatus.ACTIVE).first()
    return enrolment.school_class if enrolment else None


def status_of(student: Student, year: SchoolYear) -> str:
    return Enrolment.objects.get(student=student, school_year=year).status


def snapshot() -> tuple:
    """Everything a rollover may write, to compare before and after."""
    return (sorted(Enrolment.objects.values_list("pk", "student_id", "school_class_id", "status", "left_on")),
            sorted(SchoolClass.objects.values_list("pk", "code", "school_year_id")))


@pytest.fixture
def world() -> RolloverWorld:
    return RolloverWorld()


def test_the_preview_lists_every_move_with_where_and_why(world):
    college = {m.massar_code: m for m in YearRollover(school=world.college).preview().moves}
    assert college[world.promoted.massar_code].kind == MoveKind.PROMOTED
    assert college[world.promoted.massar_code].target.code == "2AC-2"
    assert college[world.repeater.massar_code].target.code == "1AC-2"
    assert college[world.dismissed.massar_code].kind == MoveKind.DISMISSED
    away = college[world.oriented_away.massar_code]
    assert (away.kind, away.other_school, away.target.school_code, away.target.code) == (
        MoveKind.ORIENTED, True, world.lycee.code, "TCS-1")
    assert world.lycee.code in away.reason and "Admitted" in away.reason
    lycee = {m.massar_code: m for m in YearRollover(school=world.lycee).preview().moves}
    assert lycee[world.oriented_here.massar_code].target.code == "1BACSEF-1"
    assert not lycee[world.oriented_here.massar_code].other_school
    assert lycee[world.continuing.massar_code].target.code == "2BACLA-1"
    assert lycee[world.graduate.massar_code].kind == MoveKind.GRADUATES
    assert lycee[world.failed.massar_code].kind == MoveKind.REPEATS
    assert lycee[world.failed.massar_code].target.code == "2BACSPF-1"
    assert not Enrolment.objects.filter(school_year=world.next_year).exists()  # a preview writes nothing


def test_the_run_promotes_keeps_repeaters_orients_graduates_and_lets_the_dismissed_leave(world):
    YearRollover(school=world.college).run()
    YearRollover(school=world.lycee).run()
    following = world.next_year
    assert next_class(world.promoted, following).code == "2AC-2"
    assert next_class(world.repeater, following).code == "1AC-2"
    assert next_class(world.dismissed, following) is None
    assert status_of(world.dismissed, world.year) == EnrolmentStatus.WITHDRAWN
    moved = next_class(world.oriented_away, following)
    assert (moved.school, moved.code, moved.stream.code) == (world.lycee, "TCS-1", "S")
    assert next_class(world.oriented_here, following).code == "1BACSEF-1"
    assert next_class(world.continuing, following).code == "2BACLA-1"
    assert next_class(world.graduate, following) is None
    assert status_of(world.graduate, world.year) == EnrolmentStatus.COMPLETED
    assert next_class(world.failed, following).code == "2BACSPF-1"
    assert not Enrolment.objects.filter(school_year=world.year, status=EnrolmentStatus.ACTIVE).exists()
    ended = Enrolment.objects.filter(school_year=world.year).exclude(student=world.dismissed)
    assert set(ended.values_list("status", flat=True)) == {EnrolmentStatus.COMPLETED}
    assert set(ended.values_list("left_on", flat=True)) == {world.year.ends_on}
    assert set(Enrolment.objects.filter(school_year=following).values_list("enrolled_on", flat=True)) == {
        following.starts_on}


def test_the_run_does_what_the_preview_said(world):
    for school in (world.college, world.lycee):
        rollover = YearRollover(school=school)
        preview = rollover.preview()
        result = rollover.run()
        assert result.counts == preview.counts()
        for move in preview.moves:
            placed = next_class(Student(pk=move.student_id), world.next_year)
            expected = (move.target.school_id, move.target.code) if move.target else None
            assert ((placed.school_id, placed.code) if placed else None) == expected, move


def test_running_it_again_changes_nothing(world):
    first = YearRollover(school=world.college).run()
    assert first.changed and first.classes_created == 2 + 1  # 2AC-2, 1AC-2; TCS-1 at the lycée
    before = snapshot()
    again = YearRollover(school=world.college)
    assert again.preview().moves == []
    second = again.run()
    assert not second.changed
    assert snapshot() == before


def test_a_student_already_enrolled_next_year_is_not_enrolled_twice(world):
    elsewhere = make.school_class(school_=world.college, level="2AC", stream=None, section=9, year=world.next_year)
    Enrolment.objects.create(student=world.promoted, school_class=elsewhere, enrolled_on=world.next_year.starts_on)
    moves = {m.massar_code: m for m in YearRollover(school=world.college).preview().moves}
    assert moves[world.promoted.massar_code].kind == MoveKind.ALREADY_ENROLLED
    YearRollover(school=world.college).run()
    assert next_class(world.promoted, world.next_year) == elsewhere
    assert status_of(world.promoted, world.year) == EnrolmentStatus.COMPLETED


def test_a_student_without_a_decision_blocks_the_rollover_naming_them_and_nothing_is_written(world):
    undecided = make.student(in_class=world.first_ac, first_name_latin="Undecided", last_name_latin="Tazi")
    before = snapshot()
    plan = YearRollover(school=world.college).preview()
    assert [m.massar_code for m in plan.blocked] == [undecided.massar_code]
    with pytest.raises(Invalid) as refused:
        YearRollover(school=world.college).run()
    assert refused.value.code == "rollover_blocked"
    assert undecided.massar_code in str(refused.value) and "TAZI Undecided" in str(refused.value)
    assert refused.value.details["students"] == [undecided.massar_code]
    assert snapshot() == before
    decision_published(undecided, "repeats")
    YearRollover(school=world.college).run()
    assert next_class(undecided, world.next_year).code == "1AC-2"


def test_what_is_not_published_does_not_count(world):
    unpublished = make.student(in_class=world.first_ac, first_name_latin="Draft")
    decision = decision_published(unpublished, "promoted")
    decision.published_at = None
    decision.save()
    draft_run = make.student(in_class=world.tc, first_name_latin="DraftRun")
    decision_published(draft_run, "promoted")
    orientation_published(draft_run, school=world.lycee, stream="SE", to_level="1BAC", state=RunState.DONE)
    blocked = {m.massar_code: m.reason for m in YearRollover(school=world.college).preview().blocked}
    assert "No published end-of-year decision" in blocked[unpublished.massar_code]
    blocked = {m.massar_code: m.reason for m in YearRollover(school=world.lycee).preview().blocked}
    assert "no published orientation" in blocked[draft_run.massar_code]


def test_the_second_session_decides_once_published(world):
    waiting = make.student(in_class=world.second_bac, first_name_latin="Waiting")
    exam_result_published(waiting, Decision.SECOND_SESSION)
    moves = {m.massar_code: m for m in YearRollover(school=world.lycee).preview().moves}
    assert moves[waiting.massar_code].kind == MoveKind.BLOCKED
    assert "second session" in moves[waiting.massar_code].reason
    exam_result_published(waiting, Decision.ADMITTED, number=2)
    moves = {m.massar_code: m for m in YearRollover(school=world.lycee).preview().moves}
    assert moves[waiting.massar_code].kind == MoveKind.GRADUATES


def test_an_error_midway_writes_nothing(world):
    before = snapshot()
    with mock.patch.object(Enrolment.objects, "bulk_create", side_effect=RuntimeError("disk full")), \
            pytest.raises(RuntimeError):
        YearRollover(school=world.college).run()
    assert snapshot() == before  # not the new classes, not the ended enrolments


def test_without_next_year_the_rollover_says_which_year_is_missing(world):
    world.next_year.delete()
    with pytest.raises(Invalid) as refused:
        YearRollover(school=world.college)
    assert refused.value.code == "next_year_missing" and "2026/2027" in str(refused.value)


def test_accounts_and_parent_links_are_kept(world):
    accounts = sorted(User.objects.values_list("pk", "username", "student_id", "guardian_id", "is_active"))
    links = sorted(StudentGuardian.objects.values_list("student_id", "guardian_id", "relation"))
    YearRollover(school=world.college).run()
    assert sorted(User.objects.values_list("pk", "username", "student_id", "guardian_id", "is_active")) == accounts
    assert sorted(StudentGuardian.objects.values_list("student_id", "guardian_id", "relation")) == links


def test_a_directorate_rolls_over_school_by_school_each_all_or_nothing(world):
    undecided = make.student(in_class=world.tc, first_name_latin="Undecided")
    steps = []
    outcomes = directorate_rollover(directorate=world.directorate, progress=lambda d, t: steps.append((d, t)))
    by_code = {o.school_code: o for o in outcomes}
    assert by_code[world.college.code].ok and by_code[world.college.code].result.enrolments_created == 3
    assert not by_code[world.lycee.code].ok and undecided.massar_code in by_code[world.lycee.code].error
    assert steps == [(1, 2), (2, 2)]
    assert status_of(world.graduate, world.year) == EnrolmentStatus.ACTIVE  # the lycée: nothing written
    assert next_class(world.oriented_away, world.next_year).school == world.lycee  # the collège's move


def test_a_school_rolls_over_in_a_few_queries_whatever_its_size():
    year = make.school_year("2025/2026")
    following = make.school_year("2026/2027", current=False)
    counts = []
    for students, start in ((160, 1), (400, 1000)):  # every class has a dismissed student
        school = decided_school(students=students, year=year, start=start, classes_per_level=2)
        with CaptureQueriesContext(connection) as queries:
            result = YearRollover(school=school).run()
        assert result.enrolments_created == Enrolment.objects.filter(school_year=following,
                                                                      school_class__school=school).count()
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[1] <= 24  # savepoints included


def test_who_ran_a_rollover_is_logged_once_it_committed(world, caplog, django_capture_on_commit_callbacks):
    runner = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=world.college))
    with caplog.at_level("INFO", logger="massar.students.rollover"), \
            django_capture_on_commit_callbacks(execute=True):
        YearRollover(school=world.college).run(actor=runner)
        YearRollover(school=world.college).run(actor=runner)  # nothing changed: nothing to log
    lines = [record.getMessage() for record in caplog.records if record.name == "massar.students.rollover"]
    assert len(lines) == 1
    assert world.college.code in lines[0] and f"by account {runner.pk}" in lines[0] and "'promoted': 1" in lines[0]


def test_a_primary_school_promotes_inside_the_cycle_and_lets_6ap_complete_it(world):
    fifth = make.primary_class(level="5AP", section=3, year=world.year)
    sixth = make.primary_class(school_=fifth.school, level="6AP", year=world.year)
    pupil, leaver = make.student(in_class=fifth), make.student(in_class=sixth)
    decision_published(pupil, "promoted")
    exam_result_published(leaver, Decision.ADMITTED)
    moves = {m.massar_code: m for m in YearRollover(school=fifth.school).preview().moves}
    assert moves[pupil.massar_code].target.code == "6AP-3"
    assert moves[leaver.massar_code].kind == MoveKind.COMPLETES_CYCLE
    assert "1AC is not taught here" in moves[leaver.massar_code].reason
    YearRollover(school=fifth.school).run()
    assert next_class(leaver, world.next_year) is None
    assert status_of(leaver, world.year) == EnrolmentStatus.COMPLETED


def test_repeating_wins_over_an_orientation_and_a_council_without_a_stream_blocks(world):
    failed = make.student(in_class=world.third_ac, first_name_latin="Failed")
    exam_result_published(failed, Decision.FAILED)
    orientation_published(failed, school=world.lycee, stream="S", to_level="TC")
    no_stream = make.student(in_class=world.tc, first_name_latin="NoStream")
    decision_published(no_stream, "promoted")
    undecided = orientation_published(no_stream, school=world.lycee, stream="SE", to_level="1BAC")
    undecided.decided = None  # the council removed the pre-selection
    undecided.save()
    college = {m.massar_code: m for m in YearRollover(school=world.college).preview().moves}
    assert (college[failed.massar_code].kind, college[failed.massar_code].target.code) == (MoveKind.REPEATS, "3AC-1")
    lycee = {m.massar_code: m for m in YearRollover(school=world.lycee).preview().moves}
    assert lycee[no_stream.massar_code].kind == MoveKind.BLOCKED
    assert "gave no stream of 1BAC" in lycee[no_stream.massar_code].reason


def test_a_class_the_school_already_opened_for_next_year_is_used_not_duplicated(world):
    opened = make.school_class(school_=world.college, level="2AC", stream=None, section=2, year=world.next_year)
    result = YearRollover(school=world.college).run()
    assert result.classes_created == 2  # 1AC-2 at the collège, TCS-1 at the lycée
    assert next_class(world.promoted, world.next_year) == opened
    assert SchoolClass.objects.filter(school=world.college, school_year=world.next_year, code="2AC-2").count() == 1
