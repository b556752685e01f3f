"""On PostgreSQL, the staff list and its search are served by the indexes made for them: the trigram indexes
match the expressions Django writes for the name filters, a Massar code is read from its unique index, and the
scope of a school reads its students through the enrolment and opened-by indexes (no scan of every student).
Sequential scans are disabled so that the plans show which indexes CAN serve the query at this test's size."""

import pytest
from django.db import connection, transaction

from massar.core.roles import Role
from massar.students.selectors import student_list_for
from massar.testing import factories as make

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans")]


def plan(queryset) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


def test_a_name_search_of_the_nation_uses_the_trigram_indexes():
    make.student(school_=make.school())
    ministry = make.account(role=Role.MINISTRY_OFFICER)
    text = plan(student_list_for(actor=ministry, query="amra"))
    for index in ("student_last_latin_trgm", "student_first_latin_trgm", "student_last_ar_trgm",
                  "student_first_ar_trgm"):
        assert index in text


def test_a_code_is_read_from_its_unique_index():
    student = make.student(school_=make.school())
    ministry = make.account(role=Role.MINISTRY_OFFICER)
    text = plan(student_list_for(actor=ministry, query=student.massar_code.lower()))
    assert "students_student_massar_code" in text and "upper" not in text.lower()


def test_the_ministry_list_reads_the_list_order_index():
    make.student(school_=make.school())
    assert "student_list_order" in plan(student_list_for(actor=make.account(role=Role.MINISTRY_OFFICER))[:100])


def test_a_school_reads_its_students_through_indexes_not_a_scan_of_the_nation():
    school = make.school()
    make.student(in_class=make.school_class(school_=school))
    admin = make.account(make.staff(position="school_admin", school_=school))
    text = plan(student_list_for(actor=admin)[:100])
    assert "Seq Scan on students_student" not in text
    assert "Index Cond: (opened_by_id = " in text and "Index Cond: (school_class_id = " in text
    assert "Filter:" not in text
