"""Back-office searches over the nation's large tables read their indexes: an issued Massar code typed in any
case from the ledger's unique index; teaching assignments by a teacher's name, a class's or a school's code
through the assignment's own teacher and class indexes (teaching_assignments_matching), in the territory only."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from massar.core.roles import Role
from massar.staff.models import TeachingAssignment
from massar.students.models import IssuedMassarCode
from massar.testing import factories as make


def listed(client, url, model, q):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url(model), {"q": q})
    assert page.status_code == 200
    return list(page.context["cl"].result_list), [query["sql"] for query in queries.captured_queries]


def test_an_issued_code_in_any_case_from_its_unique_index(world, as_role, url):
    code = world.student_a.massar_code
    rows, queries = listed(as_role("ministry_officer"), url, IssuedMassarCode, f"  {code.lower()} ")
    assert [row.code for row in rows] == [code]
    ledger = [sql for sql in queries if "students_issuedmassarcode" in sql]
    assert '"students_issuedmassarcode"."code" = ' in ledger[0]
    assert not [sql for sql in ledger if "UPPER(" in sql.upper() or " LIKE " in sql.upper()]
    rows, _ = listed(as_role("ministry_officer"), url, IssuedMassarCode, code[:5])
    assert rows == []  # the ledger is searched by whole codes


def assignments(world):
    here = make.staff(position=Role.TEACHER, school_=world.school)
    far = make.staff(position=Role.TEACHER, school_=world.far_school)
    here.last_name_latin = far.last_name_latin = "Tazi"
    here.save()
    far.save()
    return {"here": make.teach(teacher=here, school_class=world.class_b),
            "far": make.teach(teacher=far, school_class=world.far_class),
            "first": TeachingAssignment.objects.get(school_class=world.class_a)}


def test_assignments_by_a_teacher_s_name_in_the_territory(world, as_role, url):
    made = assignments(world)
    rows, queries = listed(as_role("academy_officer"), url, TeachingAssignment, "taz")
    assert rows == [made["here"]]
    rows, _ = listed(as_role("ministry_officer"), url, TeachingAssignment, "TAZ")
    assert set(rows) == {made["here"], made["far"]}
    counted = [sql for sql in queries if "OVER" in sql.upper()]
    assert len(counted) == 1 and "staff_staffmember" not in counted[0].split(" WHERE ")[0], \
        "the assignments' own teacher column is tested, no join to the teachers"


def test_assignments_by_a_class_or_a_school_code(world, as_role, url):
    made = assignments(world)
    client = as_role("ministry_officer")
    rows, _ = listed(client, url, TeachingAssignment, world.class_b.code.lower())  # the only section 2
    assert rows == [made["here"]]
    rows, _ = listed(client, url, TeachingAssignment, world.far_school.code)
    assert rows == [made["far"]]
    rows, _ = listed(client, url, TeachingAssignment, "nobody-teaches-this")
    assert rows == []


def test_assignments_listed_newest_classes_first(world, as_role, url):
    assignments(world)
    # The newest assignment is in the oldest class: the primary key's order would put it first.
    make.teach(teacher=make.staff(position=Role.TEACHER, school_=world.school), school_class=world.class_a,
               subject="AR")
    page = as_role("ministry_officer").get(url(TeachingAssignment))
    keys = [(row.school_class_id, row.pk) for row in page.context["cl"].result_list]
    assert len(keys) == 4 and keys == sorted(keys, reverse=True)


def test_absences_by_a_student_s_code_or_name_or_a_class_code(world, as_role, url):
    from massar.attendance.models import Absence, Kind
    from massar.core.models import Semester

    day = Semester.objects.get(school_year=world.class_a.school_year, number=1).starts_on.replace(day=20)
    mine = Absence.objects.create(student=world.student_a, school_class=world.class_a, date=day, slot=1,
                                  kind=Kind.ABSENT)
    sister = Absence.objects.create(student=world.student_b, school_class=world.class_b, date=day, slot=1,
                                    kind=Kind.ABSENT)
    client = as_role("ministry_officer")
    rows, queries = listed(client, url, Absence, f" {world.student_a.massar_code.lower()} ")
    assert rows == [mine]
    assert not [sql for sql in queries if "UPPER(" in sql.upper() or " LIKE " in sql.upper()
                if "students_student" in sql], "the code through its unique index"
    rows, _ = listed(client, url, Absence, "salma")  # student_b's first name
    assert rows == [sister]
    rows, _ = listed(client, url, Absence, world.class_b.code.lower())
    assert rows == [sister]


def test_documents_by_reference_student_or_school(world, as_role, url):
    from massar.documents.models import Document
    from massar.testing.documents import certificate_issued

    document = certificate_issued(world.student_a)
    client = as_role("ministry_officer")
    typed = f"{document.reference[:4].lower()}-{document.reference[4:].lower()}"
    for query in (typed, world.student_a.massar_code.lower(), world.school.code.lower()):
        rows, _ = listed(client, url, Document, query)
        assert rows == [document], query
    rows, _ = listed(client, url, Document, world.far_school.code)
    assert rows == []
