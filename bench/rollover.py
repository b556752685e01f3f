"""The year rollover (massar.students.rollover) of a school of 1,500 students and of a directorate of several
schools, on the configured database (SQLite or PostgreSQL: `DATABASE_URL=postgres://… python -m bench rollover`).

Self-contained: it builds its own years (2090/2091 → 2091/2092, far from any real one), academy, directorate
and collèges set-based (bulk_create), every student with a published council decision (4 in 5 promoted, the
rest repeating, 1 in 40 dismissed), times the preview, the run and a second run (which must change nothing),
and rolls everything back at the end. The baseline, measured in the same run, is the naive way: one student at
a time through the ORM (read the decision, end the enrolment with save(), get_or_create the class, enrol) on a
sample, extrapolated to the school. Sizes: BENCH_ROLLOVER_STUDENTS (1500), BENCH_ROLLOVER_SCHOOLS (8) ×
BENCH_ROLLOVER_SCHOOL_SIZE (600), BENCH_ROLLOVER_SAMPLE (150)."""

import datetime
import os
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

STUDENTS = int(os.environ.get("BENCH_ROLLOVER_STUDENTS", "1500"))
SCHOOLS = int(os.environ.get("BENCH_ROLLOVER_SCHOOLS", "8"))
SCHOOL_SIZE = int(os.environ.get("BENCH_ROLLOVER_SCHOOL_SIZE", "600"))
SAMPLE = int(os.environ.get("BENCH_ROLLOVER_SAMPLE", "150"))
TARGET_SECONDS = 5.0  # "a school of 1,500 students rolls over in seconds"


class Rollback(Exception):
    pass


def _territory():
    from massar.core.models import SchoolYear
    from massar.schools.models import Academy, Directorate

    year = SchoolYear.objects.create(label="2090/2091", starts_on=datetime.date(2090, 9, 1),
                                     ends_on=datetime.date(2091, 6, 30))
    SchoolYear.objects.create(label="2091/2092", starts_on=datetime.date(2091, 9, 1),
                              ends_on=datetime.date(2092, 6, 30))
    academy = Academy.objects.create(code="BENCH-ROLL", code_letter="Z", name_ar="أكاديمية", name_fr="Académie",
                                     name_en="Bench academy")
    directorate = Directorate.objects.create(academy=academy, code="BENCH-ROLL", name_ar="مديرية",
                                             name_fr="Direction", name_en="Bench directorate")
    return year, directorate


def _school(directorate, n: int):
    from massar.schools.models import School

    taken = set(School.objects.filter(code__startswith="9").values_list("code", flat=True))
    number = 99999 - n
    while f"{number:05d}R" in taken:
        number -= 100
    return School.objects.create(code=f"{number:05d}R", directorate=directorate, name_ar=f"إعدادية {n}",
                                 name_fr=f"Collège {n}", name_en=f"Bench collège {n}")


def _timed(function):
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        value = function()
    return value, time.perf_counter() - started, len(queries)


def _naive(school, year, following, sample: int) -> float:
    """The per-student way on `sample` students of `school`, inside a savepoint rolled back: seconds taken."""
    from massar.exams.models import YearDecision
    from massar.schools.models import Level, SchoolClass
    from massar.students.models import Enrolment, EnrolmentStatus

    enrolments = list(Enrolment.objects.filter(school_class__school=school, school_year=year,
                                               status=EnrolmentStatus.ACTIVE).select_related("school_class")[:sample])
    started = time.perf_counter()
    try:
        with transaction.atomic():
            for enrolment in enrolments:
                decision = YearDecision.objects.get(student_id=enrolment.student_id, school_year=year).decision
                enrolment.status = EnrolmentStatus.WITHDRAWN if decision == "dismissed" else EnrolmentStatus.COMPLETED
                enrolment.left_on = year.ends_on
                enrolment.save()
                if decision == "dismissed":
                    continue
                old = enrolment.school_class
                level = Level.objects.get(order=old.level.order + (1 if decision == "promoted" else 0))
                new_class, _created = SchoolClass.objects.get_or_create(
                    school=school, school_year=following, level=level, stream=None, option="", section=old.section,
                    defaults={"code": SchoolClass.build_code(level.code, "", "", old.section)})
                Enrolment(student_id=enrolment.student_id, school_class=new_class, school_year=following,
                          enrolled_on=following.starts_on).save()
            raise Rollback
    except Rollback:
        pass
    return time.perf_counter() - started


def _measure() -> list[tuple[str, str, str, str]]:
    from massar.students.rollover import YearRollover, directorate_rollover
    from massar.testing.rollover import decided_school

    rows = []
    started = time.perf_counter()
    year, directorate = _territory()
    school = decided_school(students=STUDENTS, year=year, school=_school(directorate, 0),
                            classes_per_level=max(1, STUDENTS // 80))
    rows.append((f"build a collège of {STUDENTS} students (bulk_create)", f"{time.perf_counter() - started:.2f}",
                 "", ""))
    rollover = YearRollover(school=school, from_year=year)
    following = rollover.to_year
    naive = _naive(school, year, following, SAMPLE)
    per_student = naive / SAMPLE
    rows.append((f"baseline: per-student ORM loop, {SAMPLE} students", f"{naive:.2f}", "", ""))
    rows.append((f"baseline extrapolated to {STUDENTS} students", f"{per_student * STUDENTS:.2f}", "", "1.0×"))
    plan, seconds, queries = _timed(rollover.preview)
    rows.append((f"preview ({len(plan.moves)} moves)", f"{seconds:.2f}", str(queries),
                 f"{per_student * STUDENTS / seconds:.0f}×"))
    result, seconds, queries = _timed(rollover.run)
    rows.append((f"run ({result.enrolments_created} enrolled, {result.classes_created} classes)", f"{seconds:.2f}",
                 str(queries), f"{per_student * STUDENTS / seconds:.0f}× {'✓' if seconds <= TARGET_SECONDS else '✗'}"))
    again, seconds, queries = _timed(YearRollover(school=school, from_year=year).run)
    rows.append((f"second run ({'nothing changed' if not again.changed else 'CHANGED'})", f"{seconds:.2f}",
                 str(queries), ""))
    for n in range(1, SCHOOLS + 1):
        decided_school(students=SCHOOL_SIZE, year=year, school=_school(directorate, n), start=STUDENTS + n * SCHOOL_SIZE,
                       classes_per_level=max(1, SCHOOL_SIZE // 80))
    outcomes, seconds, queries = _timed(lambda: directorate_rollover(directorate=directorate, from_year=year))
    enrolled = sum(o.result.enrolments_created for o in outcomes if o.result)
    rows.append((f"directorate: {len(outcomes)} schools, {enrolled} enrolled "
                 f"({sum(1 for o in outcomes if o.ok)} ok)", f"{seconds:.2f}", str(queries), ""))
    return rows


def run() -> None:
    rows: list[tuple[str, str, str, str]] = []
    try:
        with transaction.atomic():
            rows = _measure()
            raise Rollback
    except Rollback:
        pass
    print(f"database: {connection.vendor}; target: a school of {STUDENTS} students ≤ {TARGET_SECONDS:.0f} s\n")
    print(f"| {'step':<62} | {'seconds':>7} | {'queries':>7} | {'vs baseline':>11} |")
    print(f"|{'-' * 64}|{'-' * 9}|{'-' * 9}|{'-' * 13}|")
    for step, seconds, queries, ratio in rows:
        print(f"| {step:<62} | {seconds:>7} | {queries:>7} | {ratio:>11} |")
