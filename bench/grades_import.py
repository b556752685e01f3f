"""How long a canevas import takes: a 40-row class sheet, a 100,000-row file, and identical re-imports
(which must write nothing). Targets from the grades issue: ≤ 100 ms, ≤ 10 s, ≤ 1 s.

Runs in a throw-away test database (SQLite by default; set DATABASE_URL for PostgreSQL). No real class
has 100,000 students: the large case is one synthetic class built with bulk inserts, so that a single file
carries 100,000 rows (the worst case for one all-or-nothing transaction). The file size limit is raised for
it, as a real upload of that size would be refused by MASSAR_CANEVAS_MAX_BYTES. Each file is made by
exporting the sheet with its marks already entered, then deleting those marks, so the timed import
writes every cell and the re-import writes none (the same bytes into an unchanged sheet are recognised by
their SHA-256 and not read again: massar/grades/canevas/importer.py).
"""

import datetime
import os
import random
import time
from decimal import Decimal

from django.db import connection
from django.test.utils import override_settings

LARGE_ROWS = int(os.environ.get("BENCH_ROWS", "100000"))  # CI runs it small, so its set-up cannot rot


def _sheet_with_students(count: int, *, bulk: bool):
    from massar.grades.rules import grade_rules_seed_year
    from massar.grades.services import grade_sheet_open
    from massar.schools.models import Subject
    from massar.staff.models import Position
    from massar.students.models import Enrolment, Student
    from massar.testing import factories as make

    year = make.school_year()
    grade_rules_seed_year(school_year=year)
    school = make.school()
    school_class = make.school_class(school_=school, year=year)
    teacher = make.staff(position=Position.TEACHER, school_=school)
    make.teach(teacher=teacher, school_class=school_class, subject="MATH")
    if bulk:
        students = Student.objects.bulk_create(
            [Student(massar_code=f"B{n:09d}", first_name_ar="سارة", last_name_ar=f"بنعلي {n}",
                     first_name_latin="Sara", last_name_latin=f"Benali {n}", birth_date=datetime.date(2010, 1, 1),
                     birth_place_ar="فاس", birth_place_latin="Fes", gender="F", opened_by=school)
             for n in range(count)], batch_size=5000)
        Enrolment.objects.bulk_create(
            [Enrolment(student=s, school_class=school_class, school_year=year, enrolled_on=year.starts_on)
             for s in students], batch_size=5000)
    else:
        for _ in range(count):
            make.student(in_class=school_class)
    sheet = grade_sheet_open(school_class=school_class, subject=Subject.objects.get(code="MATH"),
                             semester=year.semesters.get(number=1))
    return sheet, make.account(teacher)


def _filled_file(sheet) -> bytes:
    from massar.grades.canevas import canevas_export
    from massar.grades.models import Mark
    from massar.students.models import Enrolment

    rng = random.Random(7)  # noqa: S311 -- made-up marks, not secrets
    students = Enrolment.objects.filter(school_class=sheet.school_class).values_list("student_id", flat=True)
    Mark.objects.bulk_create([Mark(sheet=sheet, student_id=s, slot=slot, value=Decimal(rng.randint(0, 2000)).scaleb(-2))
                              for s in students for slot in range(sheet.tests_count + 1)], batch_size=5000)
    _name, data = canevas_export(sheet=sheet)
    Mark.objects.filter(sheet=sheet).delete()
    return data


def _timed(importer, data: bytes) -> tuple[float, int]:
    started = time.perf_counter()
    summary = importer.run(data)
    return time.perf_counter() - started, summary.cells_changed


def run() -> None:
    from massar.grades.canevas import CanevasImporter

    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        rows = []
        sheet, teacher = _sheet_with_students(40, bulk=False)
        small = _filled_file(sheet)
        importer = CanevasImporter(actor=teacher)
        rows.append(("40-row sheet, first import", *_timed(importer, small), 0.1))
        rows.append(("40-row sheet, identical re-import", *_timed(importer, small), 1.0))

        started = time.perf_counter()
        sheet, teacher = _sheet_with_students(LARGE_ROWS, bulk=True)
        large = _filled_file(sheet)
        setup = time.perf_counter() - started
        # Past every bound a real class's file has (size, rows): this case measures the import itself.
        with override_settings(MASSAR_CANEVAS_MAX_BYTES=len(large) + 1, MASSAR_CANEVAS_MAX_PART_BYTES=1 << 31,
                               MASSAR_CANEVAS_MAX_STUDENT_ROWS=LARGE_ROWS, MASSAR_CANEVAS_MAX_UNCOMPRESSED_BYTES=1 << 31):
            importer = CanevasImporter(actor=teacher)
            rows.append((f"{LARGE_ROWS:,}-row file, first import", *_timed(importer, large), 10.0))
            rows.append((f"{LARGE_ROWS:,}-row file, identical re-import", *_timed(importer, large), 1.0))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"database: {connection.vendor} ({test_name}); large file {len(large) / 1e6:.1f} MB, "
          f"{sheet.tests_count} tests + activities per row, built in {setup:.0f} s\n")
    print("| case | time (s) | cells written | target (s) | |")
    print("|---|---:|---:|---:|---|")
    for label, seconds, cells, target in rows:
        print(f"| {label} | {seconds:.3f} | {cells:,} | ≤ {target:g} | {'ok' if seconds <= target else 'MISSED'} |")
