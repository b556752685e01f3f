"""The morning roll call at national scale: 8 million students in 200,000 classes marked within an hour is ~60
attendance submissions a second. On the national dataset (`manage.py seed_national`) on PostgreSQL, the
production server (granian, 2 workers) answers 32 concurrent teachers, each sending the roll call of one of
their sessions through the API (a class of up to 40, 3 of them absent, every mark with a fresh idempotency key,
as the phone's queue sends it), session after session; then a replay of the same queue (nothing written). It
prints req/s, p50/p99, the answers, and the queries of one submission (measured in-process).

Set-up: one bench teacher per class (up to `BENCH_CLASSES`, default 200), each with a lesson today and an API
token; every student of those classes gets an account and a parent with an account (the national dataset has
none), and half the parents chose to be e-mailed absences, so each submission's fan-out is the real one: a
message in the outbox of each absent student and of their parent, an e-mail delivery queued for half the
parents (and its task in the database queue). Then the outbox delivery rate of one worker: the deliveries the
load queued, sent by the delivery task in this process (Django's in-memory mail backend: Massar's own work, not
an SMTP server's). Everything it created is removed at the end."""

import itertools
import json
import os
import threading
import time
import uuid

import requests
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.server import (
    HEADERS,
    POOL,
    WORKERS,
    WRK,
    WRK_THREADS,
    load,
    lua_string,
    production_server,
    wrk_parsed,
    wrk_run,
)

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "32"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
CLASSES = int(os.environ.get("BENCH_CLASSES", "200"))
CLASS_SIZE, ABSENT = 40, 3
TARGET = 8_000_000 / 40 / 3600  # submissions a second for the nation's morning


def _sessions():
    """[(lesson id, token, [codes])] for up to CLASSES classes of the current year, today."""
    from massar.accounts.models import User
    from massar.accounts.tokens import api_token_issue
    from massar.core.models import SchoolYear
    from massar.core.roles import Role
    from massar.schools.models import SchoolClass, Subject
    from massar.staff.models import Position, StaffMember
    from massar.students.models import Enrolment, EnrolmentStatus
    from massar.testing.school_life import session_day
    from massar.timetable.models import Lesson

    year = SchoolYear.objects.filter(is_current=True).first()
    classes = list(SchoolClass.objects.filter(school_year=year).order_by("pk")[:CLASSES])
    subject = Subject.objects.get(code="MATH")
    sessions = []
    day = None
    for index, school_class in enumerate(classes):
        day = session_day(school_class.school_id)
        teacher = StaffMember.objects.create(position=Position.TEACHER, school_id=school_class.school_id,
                                             first_name_ar="م", last_name_ar="م", first_name_latin="Bench",
                                             last_name_latin=f"RollCall{index}")
        account = User.objects.create_user(f"bench-roll-call-{index}@taalim.ma", None, role=Role.TEACHER,
                                           staff_member=teacher)
        lesson = Lesson.objects.create(school_class=school_class, day=day.isoweekday(), slot=8, subject=subject,
                                       teacher=teacher)
        codes = list(Enrolment.objects.filter(school_class=school_class, status=EnrolmentStatus.ACTIVE)
                     .order_by("student__massar_code").values_list("student__massar_code", flat=True)[:CLASS_SIZE])
        _families(codes)
        sessions.append((lesson.pk, api_token_issue(user=account, name="bench")[1], codes, account))
    return sessions, day


FAMILY = "bench-roll-call-family"


def _families(codes: list[str]) -> None:
    """An account for each student of `codes` and a parent (guardian and account) linked to them; every other
    parent is e-mailed absences."""
    from django.contrib.auth.hashers import make_password

    from massar.accounts.models import User
    from massar.core.roles import Role
    from massar.notifications.models import Channel, Kind, Preference
    from massar.students.models import Guardian, Relation, Student, StudentGuardian

    students = list(Student.objects.filter(massar_code__in=codes))
    unusable = make_password(None)
    with_account = set(User.objects.filter(student__in=students).values_list("student_id", flat=True))
    User.objects.bulk_create([User(username=f"{FAMILY}-s{s.pk}", role=Role.STUDENT, student=s, password=unusable)
                              for s in students if s.pk not in with_account])
    guardians = Guardian.objects.bulk_create([
        Guardian(first_name_ar="و", last_name_ar="و", first_name_latin="Bench", last_name_latin=FAMILY,
                 email=f"parent{s.pk}@example.ma") for s in students])
    StudentGuardian.objects.bulk_create([StudentGuardian(student=s, guardian=g, relation=Relation.MOTHER)
                                         for s, g in zip(students, guardians, strict=True)])
    parents = User.objects.bulk_create([User(username=f"{FAMILY}-p{g.pk}", role=Role.PARENT, guardian=g,
                                             password=unusable) for g in guardians])
    Preference.objects.bulk_create([Preference(account=p, kind=Kind.ABSENCE, channel=Channel.EMAIL)
                                    for p in parents[::2]])


def _students():
    """The students of the bench's sessions (as a subquery)."""
    from massar.attendance.models import Absence

    return Absence.objects.filter(roll_call__teacher__last_name_latin__startswith="RollCall",
                                  roll_call__teacher__first_name_latin="Bench").values("student_id")


def _delivery_rate() -> tuple[int, int, float]:
    """(messages, deliveries, deliveries sent a second by one worker): the load's e-mail deliveries sent by the
    delivery task in this process."""
    from django.test.utils import override_settings

    from massar.notifications.models import Delivery, Notification
    from massar.notifications.tasks import deliveries_send_task

    mine = Notification.objects.filter(dedupe_key__startswith="absence:", student__in=_students())
    deliveries = list(Delivery.objects.filter(notification__in=mine).values_list("pk", flat=True))
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        started = time.perf_counter()
        counts = deliveries_send_task.call(deliveries)
        elapsed = time.perf_counter() - started
    sent = counts.get("sent", 0)
    return mine.count(), len(deliveries), sent / elapsed if elapsed else 0.0


def _cleanup() -> None:
    from django_tasks_db.models import DBTaskResult

    from massar.accounts.models import User
    from massar.attendance.models import Absence, MarkReceipt, RollCall
    from massar.notifications.models import Notification
    from massar.staff.models import StaffMember
    from massar.students.models import Guardian
    from massar.timetable.models import Lesson

    families = User.objects.filter(username__startswith=FAMILY)
    # The load's messages (their deliveries go with them), and the families' preferences with their accounts.
    Notification.objects.filter(dedupe_key__startswith="absence:", student__in=_students()).delete()
    DBTaskResult.objects.filter(task_path__endswith="deliveries_send_task").delete()
    guardians = list(families.exclude(guardian=None).values_list("guardian_id", flat=True))
    families.delete()
    Guardian.objects.filter(pk__in=guardians).delete()
    teachers = StaffMember.objects.filter(last_name_latin__startswith="RollCall", first_name_latin="Bench")
    roll_calls = RollCall.objects.filter(teacher__in=teachers)
    MarkReceipt.objects.filter(roll_call__in=roll_calls).delete()
    Absence.objects.filter(roll_call__in=roll_calls).delete()
    roll_calls.delete()
    Lesson.objects.filter(teacher__in=teachers).delete()
    User.objects.filter(staff_member__in=teachers).delete()
    teachers.delete()


def _body(codes: list[str], round_: int) -> dict:
    """A class's marks: 3 absent (a different three each round), the others present, fresh keys."""
    absent = {codes[(round_ * ABSENT + i) % len(codes)] for i in range(ABSENT)} if codes else set()
    return {"marks": [{"student": code, "status": "absent" if code in absent else "present",
                       "key": str(uuid.uuid4())} for code in codes]}


ROLL_CALL_SCRIPT = """
local sessions = {%s}
local threads, counter, absent = %d, 0, %d
function setup(thread) thread:set("id", counter); counter = counter + 1 end
function init(args) n = 0; math.randomseed(os.time() * 7919 + id) end
local function hex(digits)
  local parts = {}
  for i = 1, digits / 4 do parts[i] = string.format("%%04x", math.random(0, 65535)) end
  return table.concat(parts)
end
local function key()
  return hex(8) .. "-" .. hex(4) .. "-4" .. hex(4):sub(2) .. "-a" .. hex(4):sub(2) .. "-" .. hex(12)
end
function request()
  local turn = id + n * threads
  n = n + 1
  local session = sessions[turn %% #sessions + 1]
  local body = session.body
  if body == nil then  -- fresh keys: a different three absent each round
    local codes, round, marks, out = session.codes, math.floor(turn / #sessions), {}, {}
    for i = 0, absent - 1 do out[(round * absent + i) %% #codes + 1] = true end
    for i, code in ipairs(codes) do
      marks[i] = '{"student": "' .. code .. '", "status": "' .. (out[i] and "absent" or "present")
                 .. '", "key": "' .. key() .. '"}'
    end
    body = '{"marks": [' .. table.concat(marks, ", ") .. ']}'
  end
  return wrk.format("POST", session.path, {["Authorization"] = session.auth, ["Content-Type"] = "application/json",
                                           ["X-Forwarded-Proto"] = "https"}, body)
end
"""


def _wrk_load(base: str, sessions, day, *, replay: bool) -> dict:
    """`_load` by wrk: the bodies are made in its Lua (fresh keys each request, or each session's fixed queue)."""
    rows = []
    for lesson, token, codes, _account in sessions:
        path = f"/api/v1/attendance/sessions/{lesson}/{day.isoformat()}/marks"
        data = (f"body = {lua_string(json.dumps(_fixed(codes)))}" if replay else
                "codes = {" + ", ".join(lua_string(code) for code in codes) + "}")
        rows.append(f"{{path = {lua_string(path)}, auth = {lua_string('Bearer ' + token)}, {data}}}")
    out = wrk_run(base + "/", ROLL_CALL_SCRIPT % (", ".join(rows), WRK_THREADS, ABSENT), clients=CLIENTS,
                  seconds=SECONDS)
    return wrk_parsed(out)


def _fixed(codes: list[str]) -> dict:
    """A session's queue as the phone kept it: round 0's marks with keys fixed once (uuid5 of the code)."""
    body = _body(codes, 0)
    for mark in body["marks"]:
        mark["key"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench-roll-call:{mark['student']}"))
    return body


def _load(base: str, sessions, day, *, replay: bool) -> dict:
    if WRK:
        return _wrk_load(base, sessions, day, replay=replay)
    turn = itertools.count()
    lock = threading.Lock()
    fixed = {lesson: _fixed(codes) for lesson, _token, codes, _account in sessions}

    def send(http: requests.Session) -> int:
        with lock:
            n = next(turn)
        lesson, token, codes, _account = sessions[n % len(sessions)]
        body = fixed[lesson] if replay else _body(codes, n // len(sessions))
        return http.post(f"{base}/api/v1/attendance/sessions/{lesson}/{day.isoformat()}/marks", json=body,
                         headers={**HEADERS, "Authorization": f"Bearer {token}"}, timeout=30).status_code

    return load("", {}, clients=CLIENTS, seconds=SECONDS, send=send)


def _queries(session, day) -> int:
    lesson, token, codes, _account = session
    client = Client(HTTP_HOST="127.0.0.1", headers={"authorization": f"Bearer {token}"})
    connection.queries_log.clear()  # the set-up's queries filled the log: a full log counts nothing new
    with CaptureQueriesContext(connection) as captured:
        client.post(f"/api/v1/attendance/sessions/{lesson}/{day.isoformat()}/marks", _body(codes, 99),
                    content_type="application/json")
    return len(captured.captured_queries)


def run() -> None:
    if connection.vendor != "postgresql":
        print("Skipped: the roll call benchmark needs PostgreSQL with the national dataset (manage.py seed_national).")
        return
    _cleanup()
    sessions, day = _sessions()
    if not sessions:
        print("Skipped: no class this year (run `manage.py seed_national --students N` first).")
        return
    try:
        queries = _queries(sessions[0], day)
        with production_server(workers=WORKERS, pool=POOL) as base:
            fresh = _load(base, sessions, day, replay=False)
            # Every session's fixed queue once, so that the replay below only meets keys already received.
            for lesson, token, _codes, _account in sessions:
                fixed = _fixed(_codes)
                requests.post(f"{base}/api/v1/attendance/sessions/{lesson}/{day.isoformat()}/marks", json=fixed,
                              headers={**HEADERS, "Authorization": f"Bearer {token}"}, timeout=30)
            replayed = _load(base, sessions, day, replay=True)
        messages, deliveries, rate = _delivery_rate()
    finally:
        _cleanup()
    sizes = sorted(len(codes) for _lesson, _token, codes, _account in sessions)
    print(f"granian: {WORKERS} workers × {POOL} threads on {os.cpu_count()} cores; {CLIENTS} teachers × {SECONDS:g} s; "
          f"{len(sessions)} sessions of {sizes[0]}–{sizes[-1]} students, {ABSENT} absent\n")
    print("| submission | req/s | p50 (ms) | p99 (ms) | answers | queries |")
    print("|---|---:|---:|---:|---|---:|")
    print(f"| roll call, fresh keys | {fresh['rps']:.0f} | {fresh['p50']:.1f} | {fresh['p99']:.1f} | "
          f"{fresh['statuses']} | {queries} |")
    print(f"| the same queue replayed | {replayed['rps']:.0f} | {replayed['p50']:.1f} | {replayed['p99']:.1f} | "
          f"{replayed['statuses']} | |")
    print(f"\nfan-out of the load: {messages:,} messages in the outboxes, {deliveries:,} e-mails queued; one worker "
          f"sends {rate:.0f} deliveries/s")
    print(f"\nthe nation's morning: 8,000,000 students in classes of 40 within an hour = {TARGET:.0f} submissions/s; "
          f"this server: {fresh['rps']:.0f}/s ({fresh['rps'] / TARGET:.1f}× the need)")
