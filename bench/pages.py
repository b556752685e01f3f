"""What a student's grades cost next to the cheapest possible request: the production server (granian, 2
workers) on the national dataset answers 32 concurrent clients on `/db` (one random row → JSON, same
middleware, bench/urls.py), the student's grades API (one student rereading: the kept report; then each
request another student's first read), the student's grades page and the health check, in the same run; then the queries each request makes (measured in-process) and the capacity plan this implies for
results day: 500,000 sign-ins and 2,000,000 grade reads within an hour."""

import os
import statistics
import time

from django.db import connection
from django.test import Client

from bench.server import HEADERS, POOL, WORKERS, load, production_server, queries_twice

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "32"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
SIGN_INS, GRADE_READS = 500_000, 2_000_000
FIRST_READERS = int(os.environ.get("BENCH_FIRST_READERS", "3000"))


def _student_with_grades():
    """A student of a class whose first semester is published and closed, with an account and a token, and the
    year's label; the set-up is the semester close benchmark's (published sheets and marks, written once)."""
    from bench.semester_close import published_semester
    from massar.accounts.tokens import api_token_issue

    found = published_semester()
    if found is None:
        return None
    semester, _params = found
    student = _graded_students(semester, 1)[:1]
    if not student:
        return None
    account = student_account(student[0])
    _, token = api_token_issue(user=account, name="bench")
    return account, token, semester.school_year.label


def student_account(student, accounts: dict | None = None):
    """The student's account (from `accounts`, by student id, when given), made without a password if none."""
    from massar.accounts.models import User
    from massar.core.roles import Role

    found = accounts.get(student.pk) if accounts is not None else User.objects.filter(student=student).first()
    return found or User.objects.create_user(f"{student.massar_code}@taalim.ma", None, role=Role.STUDENT,
                                             student=student)


def _graded_students(semester, count: int) -> list:
    """Up to `count` students of classes with published sheets in `semester`, their schools closed (committed,
    as on results day: their general averages and ranks are there to read)."""
    from django.db.models import Exists, OuterRef

    from massar.grades.close import semester_close
    from massar.grades.models import GradeSheet, SemesterResult, SheetStatus
    from massar.schools.models import School
    from massar.students.models import Enrolment, EnrolmentStatus, Student

    graded = GradeSheet.objects.filter(status=SheetStatus.PUBLISHED, semester=semester).values("school_class_id")
    enrolled = Enrolment.objects.filter(student=OuterRef("pk"), status=EnrolmentStatus.ACTIVE,
                                        school_class_id__in=graded)
    students = list(Student.objects.filter(Exists(enrolled)).order_by("pk")[:count])
    schools = School.objects.filter(classes__enrolments__student__in=students).distinct()
    unclosed = schools.exclude(Exists(SemesterResult.objects.filter(semester=semester,
                                                                    school_class__school=OuterRef("pk"))))
    if unclosed.exists():
        semester_close(semester=semester, schools=unclosed)
    return students


def _first_readers(year: str, count: int) -> list[str]:
    """Tokens of up to `count` students of classes with published grades (accounts made for them if needed):
    each reads their grades once, so every read is a first read (nothing kept yet)."""
    from massar.accounts.models import User
    from massar.accounts.tokens import api_token_issue
    from massar.core.models import Semester

    semester = Semester.objects.get(school_year__label=year, number=1)
    students = _graded_students(semester, count)
    accounts = {user.student_id: user for user in User.objects.filter(student__in=students)}
    tokens = []
    for student in students:
        account = student_account(student, accounts)
        tokens.append(api_token_issue(user=account, name="bench first read")[1])
    return tokens


def _queries(path: str, *, user=None, token: str | None = None) -> tuple[int, int]:
    """The queries of a first read and of a reread of `path`."""
    client = Client(HTTP_HOST="127.0.0.1", headers={"authorization": f"Bearer {token}"} if token else {})
    if user is not None:
        client.force_login(user)
    return queries_twice(client, path)


def _verify_seconds() -> float:
    from django.contrib.auth.hashers import make_password

    from massar.accounts.hashers import MassarArgon2PasswordHasher

    hasher = MassarArgon2PasswordHasher()
    encoded = make_password("a bench password of some length", hasher="argon2")
    times = []
    for _ in range(10):
        started = time.perf_counter()
        hasher.verify("a bench password of some length", encoded)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run() -> None:
    if connection.vendor != "postgresql":
        print("Skipped: the pages benchmark needs PostgreSQL with the national dataset (manage.py seed_national).")
        return
    found = _student_with_grades()
    if found is None:
        print("Skipped: no enrolled student (run `manage.py seed_national --students N` first).")
        return
    account, token, year = found
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["_auth_user_id"] = str(account.pk)
    session["_auth_user_backend"] = "massar.accounts.authentication.SignInBackend"
    session["_auth_user_hash"] = account.get_session_auth_hash()
    session.create()
    api = f"/api/v1/me/grades?year={year}&semester=1"
    bearer = {**HEADERS, "Authorization": f"Bearer {token}"}
    first_readers = [{**HEADERS, "Authorization": f"Bearer {token}"}
                     for token in _first_readers(year, FIRST_READERS)]
    with production_server(workers=WORKERS, pool=POOL, settings_module="bench.settings") as base:
        results = {
            "/db (baseline)": load(f"{base}/db", HEADERS, clients=CLIENTS, seconds=SECONDS),
            # One student again and again: their report is kept after the first read (the results-day peak).
            "GET /api/v1/me/grades": load(f"{base}{api}", bearer, clients=CLIENTS, seconds=SECONDS),
            # Each request another student's first read: computed, then kept.
            "GET /api/v1/me/grades (first reads)": load(f"{base}{api}", first_readers, clients=CLIENTS,
                                                        seconds=SECONDS),
            # The cookie is Secure (the proxy speaks TLS): sent as a header to the plain-HTTP server.
            "/me/grades/ (page)": load(f"{base}/me/grades/", {**HEADERS, "Cookie": f"sessionid={session.session_key}"},
                                         clients=CLIENTS, seconds=SECONDS),
            "GET /api/v1/health": load(f"{base}/api/v1/health", HEADERS, clients=CLIENTS, seconds=SECONDS),
        }
    api_first, api_kept = _queries(api, token=token)
    page_first, page_kept = _queries("/me/grades/", user=account)
    queries = {"GET /api/v1/me/grades": api_kept, "GET /api/v1/me/grades (first reads)": api_first,
               "/me/grades/ (page)": f"{page_kept} (first read {page_first})"}
    baseline = results["/db (baseline)"]["rps"] or 1
    print(f"granian: {WORKERS} workers × {POOL} threads on {os.cpu_count()} cores; {CLIENTS} clients × "
          f"{SECONDS:g} s per row, same run\n")
    print("| request | req/s | ratio to /db | p50 (ms) | p99 (ms) | answers | queries |")
    print("|---|---:|---:|---:|---:|---|---:|")
    for label, result in results.items():
        print(f"| {label} | {result['rps']:.0f} | {result['rps'] / baseline:.2f}× | {result['p50']:.1f} | "
              f"{result['p99']:.1f} | {result['statuses']} | {queries.get(label, '')} |")
    verify = _verify_seconds()
    # Half the reads are a student's first (computed), half a reread (kept): per core, each at its own rate.
    kept_per_core = results["GET /api/v1/me/grades"]["rps"] / (os.cpu_count() or 1)
    first_per_core = results["GET /api/v1/me/grades (first reads)"]["rps"] / (os.cpu_count() or 1)
    sign_in_cores = SIGN_INS * verify / 3600
    grade_cores = (GRADE_READS / 2 / max(first_per_core, 1e-9) + GRADE_READS / 2 / max(kept_per_core, 1e-9)) / 3600
    print(f"\ncapacity plan for one hour of results day: {SIGN_INS:,} sign-ins × {verify * 1000:.0f} ms of Argon2 "
          f"= {sign_in_cores:.1f} cores; {GRADE_READS:,} grade reads, half first reads at {first_per_core:.0f} "
          f"req/s per core and half rereads at {kept_per_core:.0f} = {grade_cores:.1f} cores; web cores needed ≈ "
          f"{sign_in_cores + grade_cores:.1f} (plus headroom)")
