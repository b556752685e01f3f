"""Students and parents read absences, totals and behaviour on their pages and through the API, for themselves
and each linked child only."""

import pytest
from django.urls import reverse

from massar.accounts.tokens import api_token_issue
from massar.attendance.models import Absence, Justification, Kind
from massar.attendance.services import behaviour_record
from massar.core.models import Semester

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(world):
    semester = Semester.objects.get(school_year=world.class_a.school_year, number=1)
    day = semester.starts_on.replace(day=22)
    Absence.objects.create(student=world.student_a, school_class=world.class_a, date=day, slot=1, kind=Kind.ABSENT,
                           justification=Justification.JUSTIFIED, cause="Fever")
    Absence.objects.create(student=world.student_a, school_class=world.class_a, date=day, slot=2, kind=Kind.LATE,
                           minutes_late=15)
    Absence.objects.create(student=world.other_student, school_class=world.other_class, date=day, slot=1,
                           kind=Kind.ABSENT, cause="Someone else's")
    behaviour_record(actor=world.accounts["school_admin"], student=world.student_a, kind="warning", on=day,
                     text="Phone in class")
    return day


def test_the_student_and_the_parent_see_the_totals_and_entries(en_client, world, history):
    en_client.force_login(world.accounts["student"])
    page = en_client.get(reverse("portals:attendance_mine")).content.decode()
    assert "Fever" in page and "Phone in class" in page and "Someone else" not in page
    en_client.force_login(world.accounts["parent"])
    cards = en_client.get(reverse("portals:attendance_children")).content.decode()
    assert world.student_a.full_name_latin in cards and world.student_b.full_name_latin in cards
    child = en_client.get(reverse("portals:attendance_child", kwargs={"massar_code": world.student_a.massar_code}))
    assert "Phone in class" in child.content.decode()
    assert en_client.get(reverse("portals:attendance_child", kwargs={
        "massar_code": world.other_student.massar_code})).status_code == 404


def test_the_api_gives_the_same_totals_to_the_student_and_the_parent(client, world, history):
    def get(role, path):
        token = api_token_issue(user=world.accounts[role])[1]
        return client.get(path, headers={"authorization": f"Bearer {token}"})

    mine = get("student", "/api/v1/me/attendance").json()
    assert mine["totals"][0] == {"semester": 1, "justified": 1, "unjustified": 0, "lateness": 1, "minutes_late": 15}
    assert {(a["slot"], a["kind"]) for a in mine["absences"]} == {(1, "absent"), (2, "late")}
    child = get("parent", f"/api/v1/children/{world.student_a.massar_code}/attendance").json()
    assert child == mine
    behaviour = get("parent", f"/api/v1/children/{world.student_a.massar_code}/behaviour").json()
    assert [(b["kind"], b["text"]) for b in behaviour] == [("warning", "Phone in class")]
    assert get("student", "/api/v1/me/behaviour").json() == behaviour
    assert get("parent", f"/api/v1/children/{world.other_student.massar_code}/attendance").status_code == 404


def test_the_administration_decides_from_the_students_month(en_client, world, history):
    en_client.force_login(world.accounts["school_admin"])
    absence = Absence.objects.get(student=world.student_a, slot=2)
    month = en_client.get(reverse("portals:attendance_staff_student", kwargs={
        "massar_code": world.student_a.massar_code}) + f"?month={history:%Y-%m}")
    assert month.status_code == 200 and "Fever" in month.content.decode()
    answer = en_client.post(reverse("portals:attendance_staff_decide", kwargs={"absence_id": absence.pk}),
                            {"justification": "unjustified", "cause": "Bus", "note": "No note from home"})
    assert answer.status_code == 302
    absence.refresh_from_db()
    assert (absence.justification, absence.cause, absence.decided_by) == (
        Justification.UNJUSTIFIED, "Bus", world.accounts["school_admin"])
    # An absence of another school is not theirs to decide.
    foreign = Absence.objects.get(student=world.other_student)
    assert en_client.post(reverse("portals:attendance_staff_decide", kwargs={"absence_id": foreign.pk}),
                          {"justification": "justified"}).status_code == 404
    added = en_client.post(reverse("portals:attendance_staff_behaviour_add", kwargs={
        "massar_code": world.student_b.massar_code}), {"kind": "sanction", "date": f"{history}", "text": "Fight"})
    assert added.status_code == 302



def test_the_school_administrator_allows_other_days(en_client, world):
    from massar.attendance.models import AttendancePolicy

    en_client.force_login(world.accounts["school_admin"])
    url = reverse("portals:attendance_staff_policy")
    assert en_client.post(url, {"other_days": "on"}).status_code == 302
    assert AttendancePolicy.objects.get(school=world.school).teachers_mark_other_days
    assert "checked" in en_client.get(reverse("portals:attendance_staff_day")).content.decode()
    en_client.post(url, {})
    assert not AttendancePolicy.objects.get(school=world.school).teachers_mark_other_days
    en_client.force_login(world.accounts["teacher"])
    assert en_client.post(url, {"other_days": "on"}).status_code == 404
