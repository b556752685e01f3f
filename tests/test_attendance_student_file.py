"""The staff student file's attendance section (an include the student file shows): the semester totals from
the one selector, and the way to the student's month for the school's administration."""

import pytest

from massar.attendance.models import Absence, Justification, Kind
from massar.core.models import Semester

pytestmark = pytest.mark.django_db

def test_the_staff_student_file_section_shows_the_totals(world):
    from django.template.loader import render_to_string

    from massar.portals.staff.attendance import student_file_attendance

    semester = Semester.objects.get(school_year=world.class_a.school_year, number=1)
    day = semester.starts_on.replace(day=22)
    Absence.objects.create(student=world.student_a, school_class=world.class_a, date=day, slot=1, kind=Kind.ABSENT,
                           justification=Justification.JUSTIFIED)
    Absence.objects.create(student=world.student_a, school_class=world.class_a, date=day, slot=2, kind=Kind.LATE,
                           minutes_late=15)
    context = student_file_attendance(world.accounts["school_admin"], world.student_a)
    html = render_to_string("portals/attendance/student_file_section.html", {**context, "student": world.student_a})
    assert "<td>1</td><td>0</td><td>1</td>" in html
    assert f"/staff/attendance/students/{world.student_a.massar_code}/" in html


def test_the_staff_student_file_page_shows_the_attendance_totals(world, client):
    semester = Semester.objects.get(school_year=world.class_a.school_year, number=1)
    Absence.objects.create(student=world.student_a, school_class=world.class_a,
                           date=semester.starts_on.replace(day=22), slot=1, kind=Kind.ABSENT,
                           justification=Justification.JUSTIFIED)
    client.force_login(world.accounts["school_admin"])
    page = client.get(f"/staff/students/{world.student_a.massar_code}/", headers={"accept-language": "en"})
    assert page.status_code == 200
    assert "<td>1</td><td>0</td><td>0</td>" in page.content.decode()
