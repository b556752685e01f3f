"""The administration justifies absences (upload checks, private documents served only in scope); families see
only their own; the roll call page and endpoint, the API's idempotent replay; query bounds for a class of 45."""

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from massar.accounts.tokens import api_token_issue
from massar.attendance.error_codes import AttendanceErrorCode
from massar.attendance.models import Absence, BehaviourEntry, Justification, Kind
from massar.attendance.scopes import absences_visible_to, behaviour_visible_to
from massar.attendance.selectors import student_absence_totals
from massar.attendance.services import absence_decide, behaviour_record
from massar.core.errors import Invalid, Refused
from massar.core.models import Semester
from massar.testing import factories as make

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% scanned\n"


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.MASSAR_PRIVATE_ROOT = tmp_path / "private"
    from massar.attendance.storage import private_storage

    for attribute in ("base_location", "location"):
        private_storage.__dict__.pop(attribute, None)
    yield
    for attribute in ("base_location", "location"):
        private_storage.__dict__.pop(attribute, None)


def _absence(world, student=None, day=None, slot=1, kind=Kind.ABSENT, minutes=None):
    student = student or world.student_a
    semester = Semester.objects.get(school_year=world.class_a.school_year, number=1)
    return Absence.objects.create(student=student, school_class=student.enrolments.first().school_class,
                                  date=day or semester.starts_on.replace(day=15), slot=slot, kind=kind,
                                  minutes_late=minutes)


def test_the_administration_justifies_with_a_document_kept_private(world, tmp_path):
    absence = _absence(world)
    document = SimpleUploadedFile("certificat.pdf", PDF, content_type="application/pdf")
    decided = absence_decide(actor=world.accounts["school_admin"], absence=absence,
                             justification=Justification.JUSTIFIED, cause="Illness", note="Certificate",
                             document=document)
    assert decided.justified and decided.document_type == "application/pdf"
    assert decided.document.path.startswith(str(tmp_path / "private"))
    assert decided.document.name.endswith(".pdf") and "certificat" not in decided.document.name


@pytest.mark.parametrize(("content", "code"), [
    (b"MZ\x90\x00 not a scan", AttendanceErrorCode.BAD_DOCUMENT),
    (b"<html><script>alert(1)</script>", AttendanceErrorCode.BAD_DOCUMENT),
    (b"%PDF-" + b"0" * (5 * 1024 * 1024), AttendanceErrorCode.DOCUMENT_TOO_LARGE),
])
def test_a_document_that_is_not_a_small_scan_is_refused(world, content, code):
    absence = _absence(world)
    with pytest.raises(Invalid) as refused:
        absence_decide(actor=world.accounts["school_admin"], absence=absence, justification=Justification.JUSTIFIED,
                       document=SimpleUploadedFile("scan.pdf", content, content_type="application/pdf"))
    assert refused.value.code == code
    absence.refresh_from_db()
    assert absence.justification == Justification.PENDING and not absence.document


def test_only_the_school_administration_decides(world):
    absence = _absence(world)
    for role in ("teacher", "parent", "student"):
        with pytest.raises(Refused):
            absence_decide(actor=world.accounts[role], absence=absence, justification=Justification.JUSTIFIED)


def test_the_document_is_served_only_to_those_in_scope(client, world):
    absence = _absence(world)
    absence_decide(actor=world.accounts["school_admin"], absence=absence, justification=Justification.JUSTIFIED,
                   document=SimpleUploadedFile("scan.pdf", PDF))
    url = reverse("portals:attendance_document", kwargs={"absence_id": absence.pk})
    answers = {}
    for role in ("student", "parent", "school_admin", "teacher", "directorate_officer"):
        client.force_login(world.accounts[role])
        response = client.get(url)
        answers[role] = response.status_code
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == PDF
    outsider = make.account(make.student(in_class=world.class_b, first_name_latin="Other"))
    client.force_login(outsider)
    answers["classmate"] = client.get(url).status_code
    client.force_login(make.account(make.guardian(children=(world.far_student,))))
    answers["another parent"] = client.get(url).status_code
    assert answers == {"student": 200, "parent": 200, "school_admin": 200, "teacher": 404,
                       "directorate_officer": 200, "classmate": 404, "another parent": 404}


def test_a_parent_sees_only_their_childrens_absences_and_behaviour(world):
    own = _absence(world)
    _absence(world, student=world.other_student)
    entry = behaviour_record(actor=world.accounts["school_admin"], student=world.student_b, kind="warning",
                             on=own.date, text="Late three times")
    behaviour_record(actor=world.accounts["school_admin"], student=make.student(in_class=world.class_b),
                     kind="note", on=own.date, text="Someone else")
    parent = world.accounts["parent"]
    assert list(absences_visible_to(parent)) == [own]
    assert list(behaviour_visible_to(parent)) == [entry]
    assert list(absences_visible_to(world.accounts["student"])) == [own]
    assert list(behaviour_visible_to(world.accounts["student"])) == []
    assert BehaviourEntry.objects.count() == 2


def test_totals_per_semester(world):
    semester = Semester.objects.get(school_year=world.class_a.school_year, number=1)
    day = semester.starts_on.replace(day=20)
    justified = _absence(world, day=day, slot=1)
    _absence(world, day=day, slot=2)
    _absence(world, day=day, slot=3, kind=Kind.LATE, minutes=10)
    _absence(world, day=semester.ends_on.replace(day=1) if semester.ends_on.day > 1 else semester.ends_on, slot=4)
    absence_decide(actor=world.accounts["school_admin"], absence=justified, justification=Justification.JUSTIFIED)
    totals = student_absence_totals(student=world.student_a, semester=semester)
    assert (totals.justified, totals.unjustified, totals.lateness, totals.minutes_late) == (1, 2, 1, 10)
    second = Semester.objects.get(school_year=world.class_a.school_year, number=2)
    assert student_absence_totals(student=world.student_a, semester=second).absences == 0


def test_the_roll_call_page_and_its_endpoint_replay_nothing_twice(client, world):
    from massar.testing.school_life import todays_session

    students = [make.student(in_class=world.class_a, first_name_latin=f"P{i}") for i in range(3)]
    lesson, day = todays_session(world.class_a)
    client.force_login(world.accounts["teacher"])
    page = client.get(reverse("portals:attendance_roll_call", kwargs={"lesson_id": lesson.pk, "on": day.isoformat()}))
    assert page.status_code == 200 and students[0].massar_code in page.content.decode()
    url = reverse("portals:attendance_roll_call_marks", kwargs={"lesson_id": lesson.pk, "on": day.isoformat()})
    queue = {"marks": [{"student": s.massar_code, "status": "absent", "key": str(uuid.uuid4())} for s in students]}
    first = client.post(url, json.dumps(queue), content_type="application/json")
    second = client.post(url, json.dumps(queue), content_type="application/json")
    assert (first.json(), second.json()) == ({"recorded": 3, "replayed": 0}, {"recorded": 0, "replayed": 3})
    assert Absence.objects.count() == 3
    bad = client.post(url, "not json", content_type="application/json")
    assert bad.status_code == 400


def test_the_api_replays_a_queue_without_duplicates(client, world):
    from massar.testing.school_life import todays_session

    students = [make.student(in_class=world.class_a, first_name_latin=f"Q{i}") for i in range(3)]
    lesson, day = todays_session(world.class_a)
    headers = {"authorization": f"Bearer {api_token_issue(user=world.accounts['teacher'])[1]}"}
    url = f"/api/v1/attendance/sessions/{lesson.pk}/{day.isoformat()}/marks"
    marks = [{"student": s.massar_code, "status": "late" if i == 0 else "absent", "minutes": 7 if i == 0 else None,
              "key": str(uuid.uuid4())} for i, s in enumerate(students)]
    for expected in ({"recorded": 3, "replayed": 0}, {"recorded": 0, "replayed": 3}):
        response = client.post(url, json.dumps({"marks": marks}), content_type="application/json", headers=headers)
        assert response.json() == expected
    assert Absence.objects.filter(kind="absent").count() == 2 and Absence.objects.filter(kind="late").count() == 1
    listed = client.get(f"/api/v1/attendance/sessions/{lesson.pk}/{day.isoformat()}", headers=headers).json()
    assert {s["massar_code"]: s["status"] for s in listed["students"]}[students[0].massar_code] == "late"
    # Another teacher's session of the same class is not theirs: 404, nothing written.
    from massar.staff.models import Position
    from massar.testing.school_life import todays_session as session_of

    other, _ = session_of(world.class_a, make.staff(position=Position.TEACHER, school_=world.school), slot=5)
    refused = client.post(f"/api/v1/attendance/sessions/{other.pk}/{day.isoformat()}/marks",
                          json.dumps({"marks": marks}), content_type="application/json", headers=headers)
    assert refused.status_code == 404


def test_roll_call_and_daily_grid_queries_do_not_grow_with_a_class_of_45(client, world, django_assert_max_num_queries):
    from massar.testing.school_life import todays_session

    lesson, day = todays_session(world.class_a)
    for i in range(44):
        student = make.student(in_class=world.class_a, first_name_latin=f"C{i}")
        if i % 5 == 0:
            Absence.objects.create(student=student, school_class=world.class_a, date=day, slot=lesson.slot,
                                   kind=Kind.ABSENT)
    client.force_login(world.accounts["teacher"])
    with django_assert_max_num_queries(16):
        page = client.get(reverse("portals:attendance_roll_call",
                                  kwargs={"lesson_id": lesson.pk, "on": day.isoformat()}))
    assert page.status_code == 200 and page.content.decode().count('class="roll-row"') == 45
    client.force_login(world.accounts["school_admin"])
    with django_assert_max_num_queries(18):
        grid = client.get(reverse("portals:attendance_staff_day") + f"?class={world.class_a.pk}&date={day}")
    assert grid.status_code == 200 and grid.content.decode().count("status-absent") == 9
