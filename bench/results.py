"""Results day: a published bac national session for the current year's 2BAC students of the national dataset,
then what reading one result costs beside the cheapest possible request. The production server (granian, 2
workers, Redis) answers 32 concurrent clients on `/db` (one random row → JSON, same middleware, bench/urls.py)
and on `GET /api/v1/me/results` on a cache miss (a server whose results cache keeps nothing:
MASSAR_RESULTS_CACHE_SECONDS=0) and on a hit, in the same run; then the queries of each (in-process) and the
publication's time (every candidate's result computed and stored in one transaction) beside one hand-written
SQL statement computing the same final marks, checked equal to the stored ones (bench/results_sql.py: the set-up
gives every candidate the three components of the bac mark — annual average, regional exam, national exam).
The publication is the production one (publication.session_publish: set-based on PostgreSQL,
publication_sql.py); its rate is projected linearly to 500,000 results (the issue's target: ≤ 60 s).

Runs on PostgreSQL with `manage.py seed_national`; the first run COMMITS its session (candidates, marks,
results) and later runs reuse it (BENCH_REBUILD=1 builds it again; BENCH_REPUBLISH=1 publishes the existing
session again, timed, and rolls that back). BENCH_REFERENCE=1 also times the Python reference publisher on the same session (rolled back);
BENCH_PUBLICATION_ONLY=1 skips the server part."""

import os
import time
from contextlib import contextmanager

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.results_sql import agreement, final_marks_sql
from bench.server import HEADERS, POOL, WORKERS, load, production_server

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "32"))
CROWD = int(os.environ.get("BENCH_CROWD", "500"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
TARGETS = {"miss": 1.5, "hit": 2.5}
P99_MS = 100
TARGET_RESULTS, TARGET_SECONDS = 500_000, 60
PROJECTED_FROM = 20_000  # candidates: below, the statements' fixed cost dominates


def _session():
    from massar.exams.models import ExamKind, ExamSession, SessionState

    return (ExamSession.objects.filter(school_year__is_current=True, kind=ExamKind.BAC_NATIONAL, number=1,
                                       state=SessionState.PUBLISHED).order_by("-pk").first())


def _set_up() -> tuple[int, float]:
    """A national session with every 2BAC student of the current year as a candidate, their copies marked at
    random, locked and published. Returns the candidates and the publication's seconds."""
    from massar.accounts.models import User
    from massar.core.models import SchoolYear
    from massar.core.roles import Role
    from massar.exams.models import Candidate, ExamKind, SessionState
    from massar.exams.publication import session_publish
    from massar.exams.rules import result_rules_seed_year
    from massar.exams.services import exam_session_open, school_candidates_register
    from massar.students.models import Enrolment, EnrolmentStatus

    from .results_sql import continuous_assessment, regional_exam

    year = SchoolYear.objects.get(is_current=True)
    result_rules_seed_year(school_year=year)
    ministry = User.objects.filter(role=Role.MINISTRY_OFFICER, is_active=True).first() or User.objects.create_user(
        "bench.ministry@taalim.ma", None, role=Role.MINISTRY_OFFICER)
    with transaction.atomic():
        session = exam_session_open(school_year=year, kind=ExamKind.BAC_NATIONAL)
        candidates = school_candidates_register(session=session, actor=ministry)
        with connection.cursor() as cursor:  # every copy marked at random, 4.00 to 20.00, in one statement
            cursor.execute("UPDATE exams_copy SET mark = (400 + floor(random() * 1601)) / 100 "
                           "WHERE paper_id IN (SELECT id FROM exams_exampaper WHERE session_id = %s)", [session.pk])
        national = list(Candidate.objects.filter(session=session).select_related("stream"))
        continuous_assessment(year=year, student_classes=dict(Enrolment.objects.filter(
            school_year=year, status=EnrolmentStatus.ACTIVE, student__in=[c.student_id for c in national])
            .values_list("student_id", "school_class_id")))
        regional_exam(year=year, candidates=national)
        session.state = SessionState.LOCKED
        session.save(update_fields=["state"])
    with connection.cursor() as cursor:  # as autovacuum would have, in the days the marks were entered
        cursor.execute("VACUUM ANALYZE exams_candidate, exams_copy, grades_semesterresult")
    started = time.perf_counter()
    session_publish(session=session, actor=ministry)
    return candidates, time.perf_counter() - started


def _republish() -> tuple[int, float]:
    """The published session published again (back to locked first), timed, then rolled back."""
    from massar.accounts.models import User
    from massar.core.roles import Role
    from massar.exams.models import ExamResult, SessionState
    from massar.exams.publication import session_publish

    session = _session()
    ministry = User.objects.filter(role=Role.MINISTRY_OFFICER, is_active=True).first()
    with transaction.atomic():
        type(session).objects.filter(pk=session.pk).update(state=SessionState.LOCKED)
        ExamResult.objects.filter(session=session).delete()  # timed as the first publication it was
        started = time.perf_counter()
        with connection.execute_wrapper(_timed):
            count = session_publish(session=session, actor=ministry)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return count, seconds


STATEMENTS: dict[str, float] = {}


def _timed(execute, sql, params, many, context):
    """Seconds per kind of statement (its first words), to print where a publication's time goes."""
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        words = " ".join(sql.split()[:5])
        STATEMENTS[words] = STATEMENTS.get(words, 0.0) + time.perf_counter() - started


def _statements_line() -> str:
    slowest = sorted(STATEMENTS.items(), key=lambda item: -item[1])[:6]
    return "  where it went: " + "; ".join(f"{words[:40]}… {seconds:.2f} s" for words, seconds in slowest)


def _reference_line() -> str:
    """The Python reference publisher (the per-candidate loop SQLite runs) on the same session, rolled back."""
    from massar.exams.models import ExamSession
    from massar.exams.publication import ResultsPublisher

    session = ExamSession.objects.select_related("school_year", "level").get(pk=_session().pk)
    with transaction.atomic():
        started = time.perf_counter()
        count = ResultsPublisher(session).run()
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return (f"the Python reference publisher (per candidate, SQLite's path): {count:,} results in {seconds:.2f} s "
            f"({count / max(seconds, 1e-9):,.0f} results/s), rolled back")


def _publication_line(candidates: int, seconds: float) -> str:
    rate = candidates / max(seconds, 1e-9)
    projected = TARGET_RESULTS / rate
    line = (f"publication: {candidates:,} candidates' results computed and stored in {seconds:.2f} s "
            f"({rate:,.0f} results/s); ")
    if candidates < PROJECTED_FROM:  # a few statements' fixed cost would be projected as if it grew
        return line + f"too few candidates to project to {TARGET_RESULTS:,} (from {PROJECTED_FROM:,})"
    return line + (f"{TARGET_RESULTS:,} results projected at {projected:.1f} s "
                   f"(target ≤ {TARGET_SECONDS} s: {'met' if projected <= TARGET_SECONDS else 'NOT met'})")


def _reader():
    """A candidate of the published session with an account and an API token."""
    from massar.accounts.models import User
    from massar.accounts.tokens import api_token_issue
    from massar.core.roles import Role
    from massar.exams.models import ExamResult

    result = ExamResult.objects.filter(session=_session()).select_related("student").order_by("pk").first()
    if result is None:
        return None
    student = result.student
    account = User.objects.filter(student=student).first() or User.objects.create_user(
        f"{student.massar_code}@taalim.ma", None, role=Role.STUDENT, student=student)
    return account, api_token_issue(user=account, name="bench")[1]


@contextmanager
def _environment(**values: str):
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _queries(token: str, *, warm: bool) -> int:
    """The queries of one read in-process: after a cleared cache (a miss), or after a first read (a hit)."""
    from django.core.cache import cache

    client = Client(HTTP_HOST="127.0.0.1", headers={"authorization": f"Bearer {token}"})
    cache.clear()  # the answer kept per language too: a miss reads the database
    if warm:
        client.get("/api/v1/me/results")
    connection.queries_log.clear()  # the set-up's queries filled the log: a full log counts nothing new
    with CaptureQueriesContext(connection) as captured:
        client.get("/api/v1/me/results")
    return len(captured.captured_queries)


def run() -> None:
    if connection.vendor != "postgresql":
        print("Skipped: the results benchmark needs PostgreSQL with the national dataset (manage.py seed_national).")
        return
    from massar.core.models import SchoolYear

    if not SchoolYear.objects.filter(is_current=True).exists():
        print("Skipped: no current school year (run `manage.py seed_national --students N` first).")
        return
    if os.environ.get("BENCH_REBUILD") or _session() is None:
        publication = _publication_line(*_set_up())
    elif os.environ.get("BENCH_REPUBLISH"):
        publication = _publication_line(*_republish()) + " (published again, rolled back)"
    else:
        publication = ("publication: reusing the published session (BENCH_REBUILD=1 builds it again, "
                       "BENCH_REPUBLISH=1 publishes it again)")
    sql_marks, sql_seconds = final_marks_sql(_session())
    same, compared, with_mark = agreement(_session(), sql_marks)
    baseline_sql = (f"one hand-written SQL statement: the same {len(sql_marks):,} final marks in {sql_seconds:.2f} s "
                    f"({len(sql_marks) / max(sql_seconds, 1e-9):,.0f} marks/s); equal to the stored results: "
                    f"{same:,} of {compared:,} ({with_mark:,} with a mark)")
    print(publication)
    if STATEMENTS:
        print(_statements_line())
    print(baseline_sql, flush=True)
    if os.environ.get("BENCH_REFERENCE"):
        print(_reference_line(), flush=True)
    if os.environ.get("BENCH_PUBLICATION_ONLY"):
        return
    found = _reader()
    if found is None:
        print("Skipped: the session has no candidate (no 2BAC student in the dataset).")
        return
    account, token = found
    bearer = {**HEADERS, "Authorization": f"Bearer {token}"}
    api = "/api/v1/me/results"
    results = {}
    # A miss is a miss: what an earlier run's server kept in Redis (an hour) would answer it otherwise.
    from django.core.cache import cache

    from massar.exams.results_cache import results_cache_keys

    cache.delete_many(results_cache_keys([account.student_id]))
    with _environment(MASSAR_RESULTS_CACHE_SECONDS="0"), \
            production_server(workers=WORKERS, pool=POOL, settings_module="bench.settings") as base:
        results["/db (baseline)"] = load(f"{base}/db", HEADERS, clients=CLIENTS, seconds=SECONDS)
        results["GET /api/v1/me/results, cache miss"] = load(f"{base}{api}", bearer, clients=CLIENTS, seconds=SECONDS)
    with production_server(workers=WORKERS, pool=POOL, settings_module="bench.settings") as base:
        results["GET /api/v1/me/results, cache hit"] = load(f"{base}{api}", bearer, clients=CLIENTS, seconds=SECONDS)
        # Results day's crowd: 500 connections at once (the issue's 500-user run); every answer must be a 200.
        results[f"… with {CROWD} connections (hit)"] = load(f"{base}{api}", bearer, clients=CROWD, seconds=SECONDS)
    queries = {"GET /api/v1/me/results, cache miss": _queries(token, warm=False),
               "GET /api/v1/me/results, cache hit": _queries(token, warm=True)}
    baseline = results["/db (baseline)"]["rps"] or 1
    print(f"granian: {WORKERS} workers × {POOL} threads on {os.cpu_count()} cores; {CLIENTS} clients × "
          f"{SECONDS:g} s per row\n")
    print("| request | req/s | ratio to /db | p50 (ms) | p99 (ms) | answers | queries |")
    print("|---|---:|---:|---:|---:|---|---:|")
    for label, result in results.items():
        print(f"| {label} | {result['rps']:.0f} | {result['rps'] / baseline:.2f}× | {result['p50']:.1f} | "
              f"{result['p99']:.1f} | {result['statuses']} | {queries.get(label, '')} |")
    crowd = results[f"… with {CROWD} connections (hit)"]
    failures = (crowd["total"] - crowd["statuses"].get("2xx/3xx", crowd["statuses"].get(200, 0))
                + crowd["statuses"].get("socket errors", 0))
    print(f"{CROWD} connections: {crowd['total']:,} requests, {failures:,} failures")
    for kind, ratio in TARGETS.items():
        row = results[f"GET /api/v1/me/results, cache {kind}"]
        met = row["rps"] >= ratio * baseline and row["p99"] <= P99_MS
        print(f"target {kind}: ≥ {ratio}× /db and p99 ≤ {P99_MS} ms: {'met' if met else 'NOT met'}")
