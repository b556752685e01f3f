"""The semester close stores what calculations.py computes, exactly (the exact value rounded once to 12
decimals): the class min/mean/max of each sheet, the general average over the class's curriculum (published
sheets only), the missing subjects, ranks where ties share a place; and it is all-or-nothing. Runs on SQLite
(Python path) and PostgreSQL (SQL in integers: close/sql.py)."""

import os
import threading
from decimal import Decimal
from fractions import Fraction
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from massar.grades import calculations as calc
from massar.grades.close import semester_close
from massar.grades.models import ACTIVITIES_SLOT, GradeSheet, Mark, SemesterResult, SheetResult, SheetStatus
from massar.grades.selectors import assessment_rule_for, marks_visible_to
from massar.grades.services import (
    grade_sheet_open,
)
from massar.grades.tasks import close_progress, semester_close_task
from massar.schools.models import School, Subject
from massar.staff.models import Position
from massar.students.models import Enrolment, EnrolmentStatus
from massar.testing import factories as make
from massar.testing.grades import SUBJECTS, Grades


def reference(grades: Grades) -> tuple[dict, dict, dict, dict]:
    """calculations.py on the marks as stored: (subject averages, class statistics, general averages, ranks)."""
    averages: dict[str, dict[int, Fraction | None]] = {}
    statistics = {}
    enrolled = set(Enrolment.objects.filter(school_class=grades.school_class, status=EnrolmentStatus.ACTIVE)
                   .values_list("student_id", flat=True))
    for code, sheet in grades.sheets.items():
        rule = assessment_rule_for(school_class=grades.school_class, subject=sheet.subject)
        weighting = calc.Weighting(rule.tests_weight, rule.activities_weight, rule.plain_mean_of_tests)
        rows: dict[int, dict[int, Decimal | None]] = {}
        for mark in Mark.objects.filter(sheet=sheet, slot__lte=sheet.tests_count, student_id__in=enrolled):
            rows.setdefault(mark.student_id, {})[mark.slot] = None if mark.absent else mark.value
        averages[code] = {
            student: calc.subject_average(calc.SubjectMarks(
                tests=[v for s, v in slots.items() if s != ACTIVITIES_SLOT], activities=slots.get(ACTIVITIES_SLOT)),
                weighting)
            for student, slots in rows.items()}
        statistics[code] = calc.class_statistics(averages[code].values())
    published = {code for code, sheet in grades.sheets.items()
                 if GradeSheet.objects.get(pk=sheet.pk).status == SheetStatus.PUBLISHED}
    generals = {}
    for student in grades.students:
        if student.pk not in enrolled:
            continue
        own = {code: averages[code].get(student.pk) if code in published else None for code in SUBJECTS}
        generals[student.pk] = calc.general_average(own, SUBJECTS)
    return averages, statistics, generals, calc.ranks(generals)


def assert_same(stored: Decimal | None, exact: Fraction | None) -> None:
    """Stored = the exact value rounded once, to odd, to 12 decimals (and so the same 2-decimal figure under
    either rounding mode)."""
    if exact is None:
        assert stored is None
        return
    assert stored == calc.stored(exact)
    for mode in calc.ROUNDINGS:
        assert calc.decide(stored, rounding=mode) == calc.decide(exact, rounding=mode)


def assert_close_matches_reference(grades: Grades) -> None:
    _averages, statistics, generals, ranks = reference(grades)
    for code, sheet in grades.sheets.items():
        stats, stored = statistics[code], SheetResult.objects.filter(sheet=sheet).first()
        if stats is None:
            assert stored is None
            continue
        assert stored is not None
        assert stored.averages_count == stats.count
        assert_same(stored.class_minimum, stats.minimum)
        assert_same(stored.class_mean, stats.mean)
        assert_same(stored.class_maximum, stats.maximum)
    ranked = sum(1 for rank in ranks.values() if rank is not None)
    results = {r.student_id: r for r in SemesterResult.objects.filter(semester=grades.semester,
                                                                     school_class=grades.school_class)}
    assert set(results) == set(generals)
    for student, exact in generals.items():
        assert_same(results[student].general_average, exact)
        assert results[student].rank == ranks.get(student)
        assert results[student].ranked_in_class == ranked


@pytest.fixture
def grades(world):
    return Grades(world)


def test_close_stores_what_calculations_compute(grades):
    a, b, c, d = grades.students
    for code in SUBJECTS:
        grades.enter(code, a, 1, "14,75")
        grades.enter(code, a, 2, "11")
        grades.enter(code, a, ACTIVITIES_SLOT, "17.5")
        grades.enter(code, b, 1, "9.33")
        grades.enter(code, b, 2, "0")  # a real zero
        grades.enter(code, b, 3, "20", absent=True)  # absent: does not count
        grades.enter(code, c, 1, "12")
        grades.enter(code, d, 1, None)  # nothing entered: no average
    grades.publish(*SUBJECTS)
    summary = grades.close()
    # class_b (same school, same curriculum, no sheets) is closed too: its student has no general average.
    assert summary.sheets == 4 and summary.semester_results == 5 and summary.general_averages == 3
    assert_close_matches_reference(grades)
    result = SemesterResult.objects.get(student=d, semester=grades.semester)
    assert result.general_average is None and result.rank is None
    assert result.missing_subjects == sorted(SUBJECTS)


def test_unpublished_sheets_do_not_count_and_are_listed_missing(grades):
    a = grades.students[0]
    for code in SUBJECTS:
        grades.enter(code, a, 1, "15")
    grades.publish("MATH", "PC")
    grades.close()
    result = SemesterResult.objects.get(student=a, semester=grades.semester)
    assert result.general_average is None
    assert result.missing_subjects == ["EN", "SVT"]
    # The class statistics of unpublished sheets are computed (for the administration), never counted.
    assert SheetResult.objects.get(sheet=grades.sheets["EN"]).class_mean == Decimal(15)
    assert_close_matches_reference(grades)


def test_ties_share_a_rank_on_the_rounded_average(grades):
    a, b, c, d = grades.students
    # 14.745 and 14.75 both show 14,75 (half up): they share rank 1; then 3.
    for code in SUBJECTS:
        grades.enter(code, a, 1, "14.75")
        grades.enter(code, b, 1, "14.74")
        grades.enter(code, b, 2, "14.75")
        grades.enter(code, c, 1, "14.75")
        grades.enter(code, d, 1, "10")
    grades.publish(*SUBJECTS)
    grades.close()
    ranks = dict(SemesterResult.objects.filter(semester=grades.semester, school_class=grades.school_class)
                 .values_list("student_id", "rank"))
    assert [ranks[s.pk] for s in (a, b, c, d)] == [1, 1, 1, 4]
    assert_close_matches_reference(grades)


def test_close_again_replaces_the_results(grades):
    a = grades.students[0]
    for code in SUBJECTS:
        grades.enter(code, a, 1, "12")
    grades.enter("PC", grades.students[1], 1, "8")
    grades.publish(*SUBJECTS)
    grades.close()
    assert SheetResult.objects.get(sheet=grades.sheets["PC"]).averages_count == 2
    Mark.objects.filter(sheet=grades.sheets["PC"], student=grades.students[1]).delete()
    Mark.objects.filter(sheet=grades.sheets["PC"], student=a).update(value=Decimal("13"))
    Mark.objects.filter(sheet=grades.sheets["SVT"]).delete()
    grades.close()
    pc = SheetResult.objects.get(sheet=grades.sheets["PC"])
    assert (pc.averages_count, pc.class_minimum, pc.class_maximum) == (1, Decimal(13), Decimal(13))
    assert not SheetResult.objects.filter(sheet=grades.sheets["SVT"]).exists()
    assert SemesterResult.objects.get(student=a, semester=grades.semester).missing_subjects == ["SVT"]
    assert_close_matches_reference(grades)


def test_statistics_and_ranks_count_the_students_enrolled_when_the_close_runs(world, grades):
    """One rule for both: a student who left the class counts neither in its statistics nor in its ranks; their
    marks stay on their record, and their new school reads them."""
    a, leaver, c, d = grades.students
    for code in SUBJECTS:
        grades.enter(code, a, 1, "12")
        grades.enter(code, leaver, 1, "20")
        grades.enter(code, c, 1, "8")
        grades.enter(code, d, 1, "10")
    grades.publish(*SUBJECTS)
    make.transfer(student=leaver, to_class=world.other_class)
    grades.close()
    math = SheetResult.objects.get(sheet=grades.sheets["MATH"])
    assert (math.averages_count, math.class_minimum, math.class_mean, math.class_maximum) == (
        3, Decimal(8), Decimal(10), Decimal(12))
    results = {r.student_id: r for r in SemesterResult.objects.filter(semester=grades.semester,
                                                                     school_class=grades.school_class)}
    assert leaver.pk not in results
    assert [(results[s.pk].rank, results[s.pk].ranked_in_class) for s in (a, c, d)] == [(1, 3), (3, 3), (2, 3)]
    assert_close_matches_reference(grades)
    assert Mark.objects.filter(student=leaver, sheet__school_class=grades.school_class).count() == len(SUBJECTS)
    new_school = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=world.other_school))
    assert marks_visible_to(viewer=new_school).filter(student=leaver).count() == len(SUBJECTS)
    assert not marks_visible_to(viewer=new_school).filter(student=a).exists()


def test_close_is_all_or_nothing(grades):
    for code in SUBJECTS:
        grades.enter(code, grades.students[0], 1, "12")
    grades.publish(*SUBJECTS)
    failure = mock.Mock(side_effect=lambda step, *args: (_ for _ in ()).throw(RuntimeError("disk full"))
                        if step == "subject_results" else None)
    with pytest.raises(RuntimeError, match="disk full"):
        grades.close(progress=failure)
    assert failure.call_count == 3  # the failure came after the subject results were written
    assert not SheetResult.objects.exists()
    assert not SemesterResult.objects.exists()


def test_close_covers_only_its_scope(world, grades):
    other_sheet = grade_sheet_open(school_class=world.other_class, subject=Subject.objects.get(code="PC"),
                                   semester=grades.semester)
    Mark.objects.create(sheet=other_sheet, student=world.other_student, slot=1, value=Decimal(10))
    grades.enter("PC", grades.students[0], 1, "12")
    grades.close()
    assert not SheetResult.objects.filter(sheet=other_sheet).exists()
    assert not SemesterResult.objects.filter(student=world.other_student).exists()
    semester_close(semester=grades.semester, schools=School.objects.filter(directorate=world.other_directorate))
    assert SheetResult.objects.get(sheet=other_sheet).class_mean == Decimal(10)
    # The first school's results are untouched by the second close.
    assert SheetResult.objects.filter(sheet=grades.sheets["PC"]).exists()


def test_task_records_progress_and_returns_the_summary(grades):
    grades.enter("MATH", grades.students[0], 1, "12")
    result = semester_close_task.enqueue(grades.semester.pk, "school", grades.world.school.code)
    assert result.return_value["subject_results"] == 1
    progress = close_progress(result.id)
    assert progress["state"] == "done" and progress["done"] == progress["total"] == 4
    assert cache.get(f"massar:close:{result.id}")["summary"]["sheets"] == 4


def test_command_closes_a_school(grades, capsys):
    grades.enter("MATH", grades.students[0], 1, "12")
    call_command("semester_close", "--semester", "1", "--school", grades.world.school.code)
    assert "closed in" in capsys.readouterr().out
    assert SheetResult.objects.count() == 1


cell = st.one_of(st.none(), st.decimals(min_value=0, max_value=20, places=2))


@settings(max_examples=int(os.environ.get("MASSAR_CLOSE_EXAMPLES", "15")), deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_close_equals_the_python_reference_for_random_marks(world, data):
    """Random marks (blanks, zeros, absences, activities or not, 1 to 12 tests, marks left in columns beyond the
    sheet's tests) for N students × K subjects, one of whom left the class: the close stores exactly what
    calculations.py computes."""
    SheetResult.objects.all().delete()
    SemesterResult.objects.all().delete()
    grades = getattr(world, "_close_grades", None)
    if grades is None:
        grades = world._close_grades = Grades(world, extra_students=5)
        grades.publish(*list(SUBJECTS)[:3])  # EN stays a draft: nobody has a general average... sometimes
        # The last student left the class: their marks stay and count nowhere.
        make.transfer(student=grades.students[-1], to_class=world.other_class)
    published = data.draw(st.booleans())
    if published and grades.sheets["EN"].status != SheetStatus.PUBLISHED:
        grades.publish("EN")
        grades.sheets["EN"].refresh_from_db()
    Mark.objects.filter(sheet__in=grades.sheets.values()).delete()
    rows = []
    for sheet in grades.sheets.values():
        stored_slots = data.draw(st.integers(min_value=1, max_value=12))
        sheet.tests_count = data.draw(st.integers(min_value=1, max_value=12))
        GradeSheet.objects.filter(pk=sheet.pk).update(tests_count=sheet.tests_count)
        for student in grades.students:
            for slot in range(stored_slots + 1):
                value = data.draw(cell)
                absent = data.draw(st.booleans()) if value is not None else False
                rows.append(Mark(sheet=sheet, student=student, slot=slot, value=value, absent=absent))
    Mark.objects.bulk_create(rows)
    grades.close()
    assert_close_matches_reference(grades)


def test_an_academy_close_covers_its_schools_only(world):
    from massar.grades.close import scope_schools

    schools = set(scope_schools(academy=world.academy.code))
    assert schools == {world.school, world.other_school}
    assert world.far_school not in schools


@pytest.mark.django_db(transaction=True)
def test_school_closes_run_side_by_side_and_a_wider_close_waits_for_them(world):
    """Results eve: every school administration closes its own school. On PostgreSQL those closes share the
    semester (each holds its own school); a directorate close waits until they are done."""
    from django.db import OperationalError, connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("the closes' locks are PostgreSQL advisory locks (SQLite runs one writer at a time)")
    grades = Grades(world)
    grades.enter("MATH", grades.students[0], 1, "12")
    scope_reached, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def in_thread(name, schools, *, progress=None, lock_timeout=None):
        try:
            if lock_timeout:
                with connection.cursor() as cursor:
                    cursor.execute(f"SET lock_timeout = '{lock_timeout}'")
            outcome[name] = semester_close(semester=grades.semester, schools=schools, progress=progress)
        except OperationalError as error:
            outcome[name] = error
        finally:
            connections.close_all()

    def pause(step, *args):
        if step == "scope":
            scope_reached.set()
            release.wait(10)

    first = threading.Thread(target=in_thread, args=("school", School.objects.filter(pk=world.school.pk)),
                             kwargs={"progress": pause})
    first.start()
    assert scope_reached.wait(10)
    try:
        other = threading.Thread(target=in_thread, args=("other school",
                                                         School.objects.filter(pk=world.other_school.pk)))
        other.start()
        other.join(10)
        assert not other.is_alive() and not isinstance(outcome["other school"], Exception)
        wider = threading.Thread(target=in_thread, args=("directorate", School.objects.filter(
            directorate=world.school.directorate)), kwargs={"lock_timeout": "300ms"})
        wider.start()
        wider.join(10)
        assert isinstance(outcome["directorate"], OperationalError)  # it waited for the school's close
    finally:
        release.set()
        first.join(10)
    assert outcome["school"].sheets == len(SUBJECTS)
    assert SheetResult.objects.filter(sheet=grades.sheets["MATH"]).exists()
