"""One row order for a sheet's students (grades.selectors.roster): the teacher's grid and the canevas list
them alike, by the class list's order (Latin last name, first name, then Massar code), whatever their
Arabic names say."""

import re
from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse

from massar.grades.canevas import layout as L
from massar.grades.models import GradeSheet
from massar.grades.selectors.roster import sheet_students
from massar.students.models import Student
from massar.testing import factories as make
from massar.testing.grades import sheet_args


@pytest.fixture
def class_list(world):
    """class_a with students whose Arabic names sort the other way round from their Latin names, and two
    namesakes (told apart by their Massar codes)."""
    names = [("Ziani", "Amine", "أحمدي"), ("Alaoui", "Sara", "يوسفي"), ("Bennani", "Omar", "بناني"),
             ("Bennani", "Omar", "ابن")]
    for last, first, arabic in names:
        student = make.student(in_class=world.class_a, last_name_latin=last, first_name_latin=first)
        Student.objects.filter(pk=student.pk).update(last_name_ar=arabic)
    return sorted(Student.objects.filter(enrolments__school_class=world.class_a),
                  key=lambda s: (s.last_name_latin, s.first_name_latin, s.massar_code))


def test_the_grid_and_the_canevas_list_the_students_in_the_same_order(client, world, class_list):
    client.force_login(world.accounts["teacher"])
    grid = client.get(reverse("portals:grades_teacher_grid", kwargs=sheet_args(world.class_a))).content.decode()
    grid_codes = re.findall(r'<tr data-student="(\w+)">', grid)
    canevas = client.get(reverse("portals:grades_teacher_canevas_download", kwargs=sheet_args(world.class_a)))
    ws = openpyxl.load_workbook(BytesIO(canevas.content))[L.SHEET_NAME]
    canevas_codes = [ws.cell(row, L.CODE_COLUMN).value for row in range(L.FIRST_STUDENT_ROW, ws.max_row + 1)
                     if ws.cell(row, L.CODE_COLUMN).value]
    expected = [student.massar_code for student in class_list]
    assert grid_codes == expected
    assert canevas_codes == expected
    sheet = GradeSheet.objects.get(school_class=world.class_a)
    assert [s.massar_code for s in sheet_students(sheet=sheet)] == expected


def test_a_student_who_left_the_class_has_no_row(world, class_list):
    from massar.students.models import Enrolment, EnrolmentStatus

    left = class_list[0]
    Enrolment.objects.filter(student=left, school_class=world.class_a).update(status=EnrolmentStatus.TRANSFERRED)
    sheet = GradeSheet(school_class=world.class_a)
    assert [s.pk for s in sheet_students(sheet=sheet)] == [s.pk for s in class_list[1:]]
