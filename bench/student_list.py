"""The staff list of students (/staff/students/, first 100 rows) and its search, for a school administrator, an
academy officer and the ministry, on the national dataset (`manage.py seed_national`) on PostgreSQL.

Each case is timed as the page runs it (the query of `student_list_for`, first 100 rows), best of 5, and its
plan's top node is printed so that a sequential scan of the whole student table shows. The accounts it needs
are created inside a transaction that is rolled back.
"""

import time

from django.db import connection, transaction
from django.db.models import Count

from massar.accounts.models import User
from massar.core.roles import Role
from massar.schools.models import Academy, Directorate, School
from massar.staff.models import StaffMember
from massar.students.models import Student
from massar.students.selectors import student_list_for

RUNS = 5


class _Rollback(Exception):
    pass


def _account(role: str, **unit: object) -> User:
    member = StaffMember.objects.create(position=role, first_name_ar="م", last_name_ar="م", first_name_latin="B",
                                        last_name_latin="Bench", **unit)
    return User.objects.create_user(f"bench-{role}@taalim.ma", "unused-Passw0rd!", role=role, staff_member=member)


def _best(queryset) -> float:
    best = float("inf")
    for _ in range(RUNS):
        started = time.perf_counter()
        list(queryset.all())
        best = min(best, time.perf_counter() - started)
    return best * 1000


def run() -> None:
    if connection.vendor != "postgresql":
        print("PostgreSQL only (DATABASE_URL).")
        return
    school = School.objects.annotate(n=Count("classes__enrolments")).order_by("-n").first()
    academy = Academy.objects.annotate(n=Count("directorates__schools")).order_by("-n").first()
    directorate = Directorate.objects.annotate(n=Count("schools__classes__enrolments")).order_by("-n").first()
    sample = Student.objects.order_by("pk")[Student.objects.count() // 2]
    print(f"{Student.objects.count():,} students; school {school} ({school.n} enrolments); academy {academy}")
    try:
        with transaction.atomic():
            callers = {
                "school": _account(Role.SCHOOL_ADMIN, school=school),
                "directorate": _account(Role.DIRECTORATE_OFFICER, directorate=directorate),
                "academy": _account(Role.ACADEMY_OFFICER, academy=academy),
                "ministry": User.objects.create_user("bench-ministry@taalim.ma", "unused-Passw0rd!",
                                                     role=Role.MINISTRY_OFFICER),
            }
            print(f"{'case':<30} {'ms':>9}  plan")
            for who, user in callers.items():
                for label, query in (("list", ""), ("code (lower case)", sample.massar_code.lower()),
                                     ("name", sample.last_name_latin[:5])):
                    queryset = student_list_for(actor=user, query=query)[:100]
                    plan = queryset.explain().splitlines()
                    print(f"{who + ' ' + label:<30} {_best(queryset):9.1f}  "
                          f"{' | '.join(line.strip() for line in plan[:3])[:150]}")
            raise _Rollback
    except _Rollback:
        pass
