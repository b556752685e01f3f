"""Student files in the back office: enrolments kept as history and checked as a whole, the Massar code issued
by its service and never edited, and a directorate's read-only view."""

import datetime

from massar.schools.models import SchoolClass
from massar.students.codes import MASSAR_CODE_PATTERN
from massar.students.models import Enrolment, EnrolmentStatus, IssuedMassarCode, Student
from massar.students.services import student_enrol
from massar.testing import factories as make


def test_academy_officer_cannot_enrol_a_student_in_another_territorys_class(world, as_role, url, form_data):
    client = as_role("academy_officer")
    student = make.student(school_=world.school)
    page = client.get(url(Student, "change", student.pk))
    data = form_data(page)
    data.update({"enrolments-TOTAL_FORMS": "1", "enrolments-0-school_class": str(world.far_class.pk),
                 "enrolments-0-status": EnrolmentStatus.ACTIVE, "enrolments-0-enrolled_on": "2025-09-01"})
    response = client.post(url(Student, "change", student.pk), data)
    assert response.status_code == 200
    assert "school_class" in response.context["inline_admin_formsets"][1].formset.forms[0].errors
    assert not student.enrolments.exists()
    data["enrolments-0-school_class"] = str(world.other_class.pk)
    assert client.post(url(Student, "change", student.pk), data).status_code == 302
    assert student.enrolments.get().school_class == world.other_class


def test_a_second_active_enrolment_in_a_year_is_refused_not_a_crash(world, as_role, url, form_data):
    client = as_role("academy_officer")
    page = client.get(url(Student, "change", world.student_a.pk))
    data = form_data(page)
    total = int(data["enrolments-TOTAL_FORMS"])
    data.update({"enrolments-TOTAL_FORMS": str(total + 1), f"enrolments-{total}-school_class": str(world.class_b.pk),
                 f"enrolments-{total}-status": EnrolmentStatus.ACTIVE,
                 f"enrolments-{total}-enrolled_on": "2025-10-01"})
    response = client.post(url(Student, "change", world.student_a.pk), data)
    assert response.status_code == 200
    assert "one active enrolment per school year" in response.content.decode()
    assert world.student_a.enrolments.count() == 1
    # Ending the first enrolment in the same submission makes the move valid.
    data["enrolments-0-status"] = EnrolmentStatus.TRANSFERRED
    assert client.post(url(Student, "change", world.student_a.pk), data).status_code == 302
    assert {(e.school_class, e.status) for e in world.student_a.enrolments.all()} == {
        (world.class_a, EnrolmentStatus.TRANSFERRED), (world.class_b, EnrolmentStatus.ACTIVE)}


def test_a_transferred_students_past_in_another_territory_is_shown_not_editable(world, as_role, url, form_data):
    # far_student moves into this academy: their old enrolment stays with the far school.
    old = world.far_student.enrolments.get()
    old.status = EnrolmentStatus.TRANSFERRED
    old.save()
    student_enrol(student=world.far_student, school_class=world.class_b, enrolled_on=datetime.date(2026, 2, 1))
    client = as_role("academy_officer")
    page = client.get(url(Student, "change", world.far_student.pk))
    assert page.status_code == 200
    forms = {f.instance.school_class: f for f in page.context["inline_admin_formsets"][1].formset.forms}
    assert all(forms[world.far_class].fields[name].disabled for name in ("school_class", "status", "left_on"))
    assert forms[world.class_b].fields["school_class"].disabled
    assert not forms[world.class_b].fields["status"].disabled
    data = form_data(page)
    data[f"{forms[world.far_class].prefix}-status"] = EnrolmentStatus.WITHDRAWN  # forged: the field is disabled
    assert client.post(url(Student, "change", world.far_student.pk), data).status_code == 302
    assert Enrolment.objects.get(pk=old.pk).status == EnrolmentStatus.TRANSFERRED


def test_directorate_officer_is_read_only_on_classes_and_students(world, as_role, url):
    client = as_role("directorate_officer")
    page = client.get(url(Student, "change", world.student_a.pk))
    assert page.status_code == 200
    assert page.context["adminform"].form.fields == {}
    data = {"first_name_latin": "Changed"}
    assert client.post(url(Student, "change", world.student_a.pk), data).status_code == 403
    assert client.get(url(SchoolClass, "add")).status_code == 403


# --- the Massar code --------------------------------------------------------------------------------------


def student_post(school):
    return {"first_name_ar": "سلمى", "last_name_ar": "الإدريسي", "first_name_latin": "Salma",
            "last_name_latin": "Idrissi", "birth_date": "2009-05-02", "birth_place_ar": "فاس",
            "birth_place_latin": "Fès", "gender": "F", "opened_by": str(school.pk),
            "guardian_links-TOTAL_FORMS": "0", "guardian_links-INITIAL_FORMS": "0",
            "enrolments-TOTAL_FORMS": "0", "enrolments-INITIAL_FORMS": "0"}


def test_adding_a_student_issues_the_massar_code_through_the_service(world, as_role, url):
    client = as_role("academy_officer")
    form = client.get(url(Student, "add")).context["adminform"].form
    assert "massar_code" not in form.fields
    data = student_post(world.other_school) | {
        "massar_code": "F000000001",  # ignored: the code is issued, never typed
        "enrolments-TOTAL_FORMS": "1", "enrolments-0-school_class": str(world.other_class.pk),
        "enrolments-0-status": EnrolmentStatus.ACTIVE, "enrolments-0-enrolled_on": "2025-09-01",
        "guardian_links-TOTAL_FORMS": "1", "guardian_links-0-guardian": str(world.guardian.pk),
        "guardian_links-0-relation": "mother"}
    response = client.post(url(Student, "add"), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    student = Student.objects.get(last_name_latin="Idrissi")
    assert MASSAR_CODE_PATTERN.match(student.massar_code) and student.massar_code != "F000000001"
    assert student.massar_code[0] == world.academy.code_letter
    assert IssuedMassarCode.objects.filter(code=student.massar_code).exists()
    assert student.enrolments.get().school_class == world.other_class
    assert student.guardian_links.get().guardian == world.guardian


def test_academy_officer_cannot_open_a_file_for_another_academys_school(world, as_role, url):
    response = as_role("academy_officer").post(url(Student, "add"), student_post(world.far_school))
    assert response.status_code == 200
    assert "opened_by" in response.context["adminform"].form.errors
    assert not Student.objects.filter(last_name_latin="Idrissi").exists()


def test_the_massar_code_is_shown_and_never_editable(world, as_role, url, form_data):
    client = as_role("ministry_officer")
    page = client.get(url(Student, "change", world.student_a.pk))
    assert world.student_a.massar_code in page.content.decode()
    assert "massar_code" not in page.context["adminform"].form.fields
    data = form_data(page) | {"massar_code": "F999999999", "first_name_latin": "Yusuf"}
    assert client.post(url(Student, "change", world.student_a.pk), data).status_code == 302
    world.student_a.refresh_from_db()
    assert world.student_a.first_name_latin == "Yusuf"
    assert world.student_a.massar_code != "F999999999"
