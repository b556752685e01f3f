"""What a student's grades cost next to the cheapest possible request: the production server (granian, 2
workers) on the national dataset answers 32 concurrent clients on `/db` (one random row → JSON, same
middleware, bench/urls.py), the student's grades API, the student's grades page and the health check, in the
same run; then the queries each request makes (measured in-process) and the capacity plan this implies for
results day: 500,000 sign-ins and 2,000,000 grade reads within an hour."""

import os
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.server import HEADERS, load, production_server

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "32"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
WORKERS, POOL = 2, 8
SIGN_INS, GRADE_READS = 500_000, 2_000_000


def _student_with_grades():
    from massar.accounts.models import User
    from massar.accounts.tokens import api_token_issue
    from massar.core.roles import Role
    from massar.grades.models import GradeSheet, SheetStatus
    from massar.students.models import EnrolmentStatus, Student

    sheet = (GradeSheet.objects.filter(status=SheetStatus.PUBLISHED, semester__school_year__is_current=True)
             .select_related("semester__school_year").first())
    enrolled = Student.objects.filter(enrolments__status=EnrolmentStatus.ACTIVE)
    student = (enrolled.filter(enrolments__school_class_id=sheet.school_class_id).first() if sheet
               else enrolled.first())
    if student is None:
        return None
    account = User.objects.filter(student=student).first() or User.objects.create_user(
        f"{student.massar_code}@taalim.ma", None, role=Role.STUDENT, student=student)
    _, token = api_token_issue(user=account, name="bench")
    year = (sheet.semester.school_year.label if sheet else
            student.enrolments.select_related("school_year").first().school_year.label)
    return account, token, year


def _queries(path: str, *, user=None, token: str | None = None) -> int:
    client = Client(HTTP_HOST="127.0.0.1", headers={"authorization": f"Bearer {token}"} if token else {})
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured.captured_queries)


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
    with production_server(workers=WORKERS, pool=POOL, settings_module="bench.settings") as base:
        results = {
            "/db (baseline)": load(f"{base}/db", HEADERS, clients=CLIENTS, seconds=SECONDS),
            "GET /api/v1/me/grades": load(f"{base}{api}", bearer, clients=CLIENTS, seconds=SECONDS),
            # The cookie is Secure (the proxy speaks TLS): sent as a header to the plain-HTTP server.
            "/me/grades/ (page)": load(f"{base}/me/grades/", {**HEADERS, "Cookie": f"sessionid={session.session_key}"},
                                         clients=CLIENTS, seconds=SECONDS),
            "GET /api/v1/health": load(f"{base}/api/v1/health", HEADERS, clients=CLIENTS, seconds=SECONDS),
        }
    queries = {"GET /api/v1/me/grades": _queries(api, token=token),
               "/me/grades/ (page)": _queries("/me/grades/", user=account)}
    baseline = results["/db (baseline)"]["rps"] or 1
    print(f"granian: {WORKERS} workers × {POOL} threads on {os.cpu_count()} cores; {CLIENTS} clients × "
          f"{SECONDS:g} s per row, same run\n")
    print("| request | req/s | ratio to /db | p50 (ms) | p99 (ms) | answers | queries |")
    print("|---|---:|---:|---:|---:|---|---:|")
    for label, result in results.items():
        print(f"| {label} | {result['rps']:.0f} | {result['rps'] / baseline:.2f}× | {result['p50']:.1f} | "
              f"{result['p99']:.1f} | {result['statuses']} | {queries.get(label, '')} |")
    verify = _verify_seconds()
    grades_per_core = results["GET /api/v1/me/grades"]["rps"] / (os.cpu_count() or 1)
    sign_in_cores = SIGN_INS * verify / 3600
    grade_cores = GRADE_READS / 3600 / max(grades_per_core, 1e-9)
    print(f"\ncapacity plan for one hour of results day: {SIGN_INS:,} sign-ins × {verify * 1000:.0f} ms of Argon2 "
          f"= {sign_in_cores:.1f} cores; {GRADE_READS:,} grade reads at {grades_per_core:.0f} req/s per core "
          f"= {grade_cores:.1f} cores; web cores needed ≈ {sign_in_cores + grade_cores:.1f} (plus headroom)")
