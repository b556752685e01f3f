"""Every role's main pages and API operations on the national dataset, through the production server (granian,
2 workers, Redis): for each, the median and p95 latency of one client's requests (three rounds, the median of
the three medians), the queries a request makes (in-process, a first read and a reread) and the ratio of its
median to `/db`'s in the same run (bench/urls.py: one random row → JSON through the same middleware).

The accounts it reads with (a school administrator of the largest school, an officer of its directorate and of
the largest academy, the ministry, a teacher of a published class, a student of it and a parent) are created
once, named `bench-role-…`, and kept for the next runs; their sessions are signed in with two-factor passed,
as after a real sign-in."""

import os
import statistics
import time

import requests
from django.db import connection
from django.db.models import Count
from django.test import Client

from bench.server import HEADERS, POOL, WORKERS, production_server, queries_twice

ROUNDS = 3
REQUESTS = int(os.environ.get("BENCH_ROLE_REQUESTS", "15"))  # per URL and round


def _staff_account(role: str, **unit: object):
    from massar.accounts.models import User
    from massar.staff.models import StaffMember

    username = f"bench-role-{role}@taalim.ma"
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    back_office = role != "teacher"  # administrators and officers work in the back office too
    member = StaffMember.objects.create(position=role, first_name_ar="م", last_name_ar="م", first_name_latin="Bench",
                                        last_name_latin=role.title(), **unit)
    return User.objects.create_user(username, None, role=role, staff_member=member, is_staff=back_office)


def _teacher_account(school_class, sheet):
    """The account of the teacher of the published sheet (one teacher per class and subject)."""
    from massar.accounts.models import User
    from massar.core.roles import Role
    from massar.staff.models import TeachingAssignment

    assignment = (TeachingAssignment.objects.filter(school_class=school_class, subject=sheet.subject)
                  .select_related("teacher").first() if sheet is not None else None)
    if assignment is None:
        return _staff_account(Role.TEACHER, school=school_class.school)
    member = assignment.teacher
    return User.objects.filter(staff_member=member).first() or User.objects.create_user(
        f"bench-role-teacher-{member.pk}@taalim.ma", None, role=Role.TEACHER, staff_member=member)


def _accounts() -> dict | None:
    """The accounts of every role, and what their pages are about (a class, a student, a sheet)."""
    from bench.pages import _graded_students, student_account
    from bench.semester_close import published_semester
    from massar.accounts.models import User
    from massar.core.roles import Role
    from massar.grades.models import GradeSheet, SheetStatus
    from massar.schools.models import Academy, School
    from massar.students.models import Guardian, Student
    from massar.students.services import guardian_link

    found = published_semester()
    if found is None:
        return None
    semester, _params = found
    students = _graded_students(semester, 1)
    if not students:
        return None
    student = students[0]
    enrolment = student.enrolments.select_related("school_class__school__directorate").get(status="active")
    school_class = enrolment.school_class
    school = School.objects.annotate(n=Count("classes__enrolments")).order_by("-n").first()
    academy = Academy.objects.annotate(n=Count("directorates__schools__classes__enrolments")).order_by("-n").first()
    sheet = GradeSheet.objects.filter(school_class=school_class, semester=semester,
                                      status=SheetStatus.PUBLISHED).select_related("subject").first()
    accounts = {
        "school admin": _staff_account(Role.SCHOOL_ADMIN, school=school_class.school),
        "directorate": _staff_account(Role.DIRECTORATE_OFFICER, directorate=school_class.school.directorate),
        "academy": _staff_account(Role.ACADEMY_OFFICER, academy=academy),
        "ministry": User.objects.filter(username="bench-role-ministry@taalim.ma").first()
        or User.objects.create_user("bench-role-ministry@taalim.ma", None, role=Role.MINISTRY_OFFICER, is_staff=True),
        "teacher": _teacher_account(school_class, sheet),
        "student": student_account(student),
    }
    parent = User.objects.filter(username="bench-role-parent@example.ma").first()
    if parent is None:
        guardian = Guardian.objects.create(first_name_ar="م", last_name_ar="م", first_name_latin="Bench",
                                           last_name_latin="Parent")
        parent = User.objects.create_user("bench-role-parent@example.ma", None, role=Role.PARENT, guardian=guardian)
    assert parent.guardian is not None
    guardian_link(student=student, guardian=parent.guardian, relation="mother")
    accounts["parent"] = parent
    return {"accounts": accounts, "student": student, "class": school_class, "semester": semester,
            "sheet": sheet, "school": school, "name": Student.objects.filter(pk=student.pk).values_list(
                "last_name_latin", flat=True).first() or "A"}


def _pages(found: dict) -> dict[str, list[str]]:
    code, school_class = found["student"].massar_code, found["class"]
    year, number = found["semester"].school_year.label, found["semester"].number
    search = found["name"][:4].lower()
    staff = ["/me/", "/staff/students/", f"/staff/students/?q={search}", f"/staff/students/?q={code.lower()}",
             "/backoffice/students/student/", f"/backoffice/students/student/?q={search}"]
    # A school's enrolments are its classes' pages.
    officer = [*staff, "/backoffice/students/enrolment/", f"/backoffice/students/enrolment/?q={search}",
               "/backoffice/staff/teachingassignment/", f"/backoffice/staff/teachingassignment/?q={search}"]
    pages = {
        "school admin": [*staff, f"/staff/students/{code}/", "/staff/grades/",
                         f"/staff/grades/{school_class.pk}/s{number}/"],
        "directorate": officer,
        "academy": officer,
        "ministry": officer,
        "teacher": ["/me/", "/teacher/grades/"],
        "student": ["/me/", "/me/grades/", f"/api/v1/me/grades?year={year}&semester={number}", "/api/v1/me"],
        "parent": ["/me/", "/children/grades/", f"/children/grades/{code}/",
                   f"/api/v1/children/{code}/grades?year={year}&semester={number}"],
    }
    sheet = found["sheet"]
    if sheet is not None:
        pages["teacher"].append(f"/teacher/grades/{school_class.pk}/{sheet.subject.code}/s{number}/")
    return pages


def _session_cookie(user) -> str:
    """A signed-in session as after the sign-in page, two-factor passed for the accounts that need it."""
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from massar.accounts.services import two_factor_required_for

    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "massar.accounts.authentication.SignInBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    if two_factor_required_for(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="bench", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"sessionid={session.session_key}"


def _token(user) -> str:
    from massar.accounts.tokens import api_token_issue

    return api_token_issue(user=user, name="bench roles")[1]


def _timed(base: str, path: str, headers: dict) -> tuple[float, float, int]:
    """Median and p95 (ms) of one client's requests, the median of ROUNDS rounds each, and the last status."""
    session = requests.Session()
    medians, p95s, status = [], [], 0
    for _ in range(ROUNDS):
        times = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            status = session.get(f"{base}{path}", headers=headers, timeout=60, allow_redirects=False).status_code
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        medians.append(statistics.median(times))
        p95s.append(times[max(0, int(len(times) * 0.95) - 1)])
    return statistics.median(medians), statistics.median(p95s), status


def _queries(user, path: str) -> tuple[int, int]:
    """Queries of a first request and of the same again (bench.server.queries_twice)."""
    api = path.startswith("/api/")
    client = Client(HTTP_HOST="127.0.0.1", headers={"authorization": f"Bearer {_token(user)}"} if api else {})
    if not api:
        client.cookies["sessionid"] = _session_cookie(user).split("=", 1)[1]
    return queries_twice(client, path)


def run() -> None:
    if connection.vendor != "postgresql":
        print("Skipped: the roles benchmark needs PostgreSQL with the national dataset (manage.py seed_national).")
        return
    found = _accounts()
    if found is None:
        print("Skipped: no enrolled student (run `manage.py seed_national --students N` first).")
        return
    pages = _pages(found)
    accounts = found["accounts"]
    headers = {}
    for role, user in accounts.items():
        headers[role] = {**HEADERS, "Cookie": _session_cookie(user), "Authorization": f"Bearer {_token(user)}"}
    rows = []
    with production_server(workers=WORKERS, pool=POOL, settings_module="bench.settings") as base:
        baseline, baseline_p95, _status = _timed(base, "/db", HEADERS)
        for role, paths in pages.items():
            for path in paths:
                median, p95, status = _timed(base, path, headers[role])
                rows.append((role, path, median, p95, status))
    students = found["student"].__class__.objects.count()
    print(f"{students:,} students; one client, {ROUNDS} rounds × {REQUESTS} requests per row (median of the "
          f"rounds' medians); `/db` {baseline:.1f} ms (p95 {baseline_p95:.1f}) in the same run\n")
    print("| role | request | median (ms) | p95 (ms) | × /db | answer | queries (first, again) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for role, path, median, p95, status in rows:
        first, again = _queries(accounts[role], path)
        print(f"| {role} | `{path}` | {median:.1f} | {p95:.1f} | {median / baseline:.1f} | {status} | "
              f"{first}, {again} |")
