"""Documents: the time to print one report card, the report cards of a whole school in one batch (with the
process's peak memory), and the public verification page's req/s at 32 connections.

Runs on the national dataset (`manage.py seed_national`). It takes the school with the most students this year
(at most BENCH_STUDENTS of them, default 1,000; BENCH_CARDS caps the cards printed), and inside a transaction
that is rolled back at the end writes a published first semester for its classes where none exists (two tests
per subject, deterministic marks), closes it for that school, then times one card (cold, then warm) and the
batch (BatchPrinter: each card issued through the grades report selector, each chunk of cards laid out and
written on MASSAR_PRINT_PROCESSES processes — every core by default — while the next ones are issued, then joined
into one PDF), as the worker does. Beside the batch's wall time it prints its CPU seconds (the issuing process's
and the layout processes'), which do not depend on what else shares the cores.
The verification load needs the production server (PostgreSQL and Redis): a few school certificates are issued
and committed for it, and deleted afterwards. Target (issue 14): 1,000 cards
≤ 90 s on 2 cores (60 s aimed for)."""

import os
import random
import resource
import time
from decimal import Decimal

import requests
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "32"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
TARGET_SECONDS, TARGET_CARDS = 90, 1000


class _Rollback(Exception):
    pass


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished children (the layout processes): what
    the batch costs whatever else shares the cores, unlike its wall time."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _school(year):
    from massar.schools.models import School

    return (School.objects.annotate(n=Count("classes__enrolments", filter=Q(
        classes__school_year=year, classes__enrolments__status="active"))).filter(n__gt=0).order_by("-n").first())


def _publish_first_semester(*, school, semester, students: int) -> int:
    """Published sheets (2 tests) and marks for the school's classes that have none, up to `students` students.
    Returns how many students have a full set of marks."""
    from massar.grades.models import GradeSheet, Mark, SheetStatus
    from massar.grades.rules import grade_rules_seed_year
    from massar.schools.models import SchoolClass
    from massar.schools.selectors import class_curriculum
    from massar.students.models import Enrolment, EnrolmentStatus

    grade_rules_seed_year(school_year=semester.school_year)
    now = timezone.now()
    rng = random.Random(14)  # noqa: S311 -- deterministic marks, not a secret
    counted = 0
    for school_class in SchoolClass.objects.filter(school=school, school_year=semester.school_year).order_by("pk"):
        if counted >= students:
            break
        curriculum = class_curriculum(school_class=school_class)
        pupils = list(Enrolment.objects.filter(school_class=school_class, status=EnrolmentStatus.ACTIVE)
                      .values_list("student_id", flat=True))
        if not curriculum or not pupils:
            continue
        existing = set(GradeSheet.objects.filter(school_class=school_class, semester=semester)
                       .values_list("subject_id", flat=True))
        sheets = GradeSheet.objects.bulk_create([
            GradeSheet(school_class=school_class, subject_id=row.subject_id, semester=semester, tests_count=2,
                       status=SheetStatus.PUBLISHED, published_at=now, parents_see_from=now)
            for row in curriculum if row.subject_id not in existing])
        Mark.objects.bulk_create([
            Mark(sheet=sheet, student_id=student_id, slot=slot,
                 value=Decimal(rng.randint(400, 2000)) / 100, absent=False)
            for sheet in sheets for student_id in pupils for slot in (1, 2)])
        GradeSheet.objects.filter(school_class=school_class, semester=semester).update(
            status=SheetStatus.PUBLISHED, published_at=now, parents_see_from=now)
        counted += len(pupils)
    return counted


def _administrator(school):
    from massar.accounts.models import User
    from massar.core.roles import Role
    from massar.staff.models import Position, StaffMember

    member = StaffMember.objects.create(position=Position.SCHOOL_ADMIN, school=school, first_name_ar="م",
                                        last_name_ar="م", first_name_latin="Bench", last_name_latin="Documents")
    return User.objects.create_user("bench-documents@taalim.ma", None, role=Role.SCHOOL_ADMIN, staff_member=member)


def _cards(school, semester, students: int, cards: int) -> dict:
    from massar.documents import services
    from massar.documents.batches import BatchPrinter
    from massar.documents.models import BatchPrint, Document
    from massar.documents.printing import document_pdf
    from massar.grades.close import semester_close
    from massar.schools.models import School
    from massar.students.models import Student

    figures: dict = {}
    try:
        with transaction.atomic():
            figures["students"] = _publish_first_semester(school=school, semester=semester, students=students)
            started = time.perf_counter()
            semester_close(semester=semester, schools=School.objects.filter(pk=school.pk))
            figures["close"] = time.perf_counter() - started
            admin = _administrator(school)
            pupils = list(Student.objects.filter(semester_results__semester=semester,
                                                 semester_results__general_average__isnull=False,
                                                 semester_results__school_class__school=school)[:2])
            for label, pupil in zip(("one card, cold", "one card, warm"), pupils, strict=False):
                started = time.perf_counter()
                document_pdf(services.report_card_issue(viewer=admin, student=pupil, semester=semester), "ar")
                figures[label] = time.perf_counter() - started
            Document.objects.all().filter(issued_by=admin).delete()
            batch = BatchPrint.objects.create(school=school, semester=semester, school_year=semester.school_year,
                                              language="ar", requested_by=admin)
            before = _peak_mib()
            own_cpu, children_cpu = _cpu_seconds()
            started = time.perf_counter()
            printer = BatchPrinter(batch, limit=cards)
            printer.run()
            figures["batch"] = time.perf_counter() - started
            own_after, children_after = _cpu_seconds()
            figures["cpu"] = (own_after - own_cpu, children_after - children_cpu)
            figures["batch_steps"] = printer.seconds
            figures["batch_cards"], figures["batch_skipped"] = batch.printed, batch.skipped
            figures["batch_pdf_mib"] = len(batch.pdf or b"") / 2**20
            figures["peak_mib"], figures["peak_before_mib"] = _peak_mib(), before
            figures["children_peak_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            raise _Rollback
    except _Rollback:
        pass
    return figures


def _verification(school) -> dict | None:
    """req/s of /verify/<reference>/ at CLIENTS connections on the production server (PostgreSQL and Redis)."""
    from bench.server import HEADERS, POOL, WORKERS, load, production_server
    from massar.documents import services
    from massar.documents.models import Document
    from massar.documents.selectors import school_certificate_facts
    from massar.students.models import Student

    if connection.vendor != "postgresql":
        return None
    student = Student.objects.filter(enrolments__school_class__school=school, enrolments__status="active",
                                     enrolments__school_year__is_current=True).first()
    if student is None:
        return None
    facts = school_certificate_facts(student=student)
    enrolment = student.enrolments.select_related("school_class").get(status="active", school_year__is_current=True)
    existing = set(Document.objects.filter(student=student).values_list("pk", flat=True))
    document = services.document_issue(kind="school_certificate", student=student, school=school,
                                       school_year=enrolment.school_class.school_year, semester=None, facts=facts,
                                       actor=None)
    created = document.pk not in existing
    # The throttle would answer 429 after 600 checks: the benchmark measures the page, not the throttle.
    os.environ.setdefault("MASSAR_VERIFY_CHECKS_PER_IP", str(10**9))
    try:
        with production_server(workers=WORKERS, pool=POOL) as base:
            return load(f"{base}/verify/{document.reference}/", HEADERS, clients=CLIENTS, seconds=SECONDS)
    except requests.RequestException as error:  # a loaded machine: the server did not answer in time
        return {"error": f"the production server did not answer: {error}"}
    finally:
        if created:
            Document.objects.filter(pk=document.pk).delete()


def run() -> None:
    from massar.core.models import Semester
    from massar.documents.printing.chunks import processes

    students = int(os.environ.get("BENCH_STUDENTS", "1000"))
    cards = int(os.environ.get("BENCH_CARDS", str(TARGET_CARDS)))
    semester = Semester.objects.filter(school_year__is_current=True, number=1).select_related("school_year").first()
    school = _school(semester.school_year) if semester else None
    if school is None:
        print("Skipped: no school with students this year (run `manage.py seed_national --students N` first).")
        return
    figures = _cards(school, semester, students, cards)
    print(f"school {school.code}: {figures['students']:,} students with a first semester; close "
          f"{figures['close']:.1f} s")
    print()
    print("| measure | value |")
    print("|---|---:|")
    for label in ("one card, cold", "one card, warm"):
        if label in figures:
            print(f"| {label} (issue + PDF, s) | {figures[label]:.2f} |")
    per_card = figures["batch"] / figures["batch_cards"] if figures.get("batch_cards") else 0
    print(f"| batch: report cards printed into one PDF | {figures['batch_cards']:,} "
          f"({figures['batch_skipped']} skipped) |")
    print(f"| batch: seconds | {figures['batch']:.1f} |")
    print(f"| batch: seconds per card | {per_card:.3f} |")
    steps = figures.get("batch_steps", {})
    print(f"| batch: issuing (chunks laid out meanwhile), the last chunks, joining (s) | {steps.get('issue', 0):.1f}, "
          f"{steps.get('layout', 0):.1f}, {steps.get('write', 0):.1f} |")
    print(f"| batch: processes laying out (MASSAR_PRINT_PROCESSES) | {processes()} |")
    own_cpu, children_cpu = figures.get("cpu", (0.0, 0.0))
    print(f"| batch: CPU seconds, issuing process + layout processes (per card, ms) | {own_cpu:.1f} + "
          f"{children_cpu:.1f} ({(own_cpu + children_cpu) / max(1, figures['batch_cards']) * 1000:.0f}) |")
    print(f"| batch: PDF size (MiB) | {figures['batch_pdf_mib']:.1f} |")
    print(f"| process peak memory (MiB), before → after the batch | {figures['peak_before_mib']:.0f} → "
          f"{figures['peak_mib']:.0f} |")
    print(f"| largest layout process's peak memory (MiB) | {figures.get('children_peak_mib', 0):.0f} |")
    projected = per_card * TARGET_CARDS
    print(f"| projected for {TARGET_CARDS:,} cards (s; target ≤ {TARGET_SECONDS}) | {projected:.0f} |")
    verification = _verification(school)
    if verification is None:
        print("\nverification page: skipped (needs PostgreSQL and Redis for the production server)")
    elif "error" in verification:
        print(f"\nverification page: not measured, {verification['error']}")
    else:
        print(f"\nverification page at {CLIENTS} connections: {verification['rps']:.0f} req/s, p50 "
              f"{verification['p50']:.0f} ms, p99 {verification['p99']:.0f} ms, answers {verification['statuses']}")
