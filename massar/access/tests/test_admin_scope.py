"""The back office (/backoffice/) per role: rows and choices from the scope layer, actions from the role matrix
(massar/access/admin.py), the Massar code issued by its service, and the interface in the caller's language."""

import datetime
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from massar.access.admin import ScopedAdmin
from massar.accounts.models import User
from massar.core.models import SchoolYear, Semester
from massar.schools.models import Level, School, SchoolClass, Subject, SubjectCoefficient
from massar.staff.models import Position, StaffMember
from massar.students.codes import MASSAR_CODE_PATTERN
from massar.students.models import (
    Enrolment,
    EnrolmentStatus,
    Guardian,
    IssuedMassarCode,
    Student,
    StudentGuardian,
)
from massar.students.services import guardian_link, student_enrol
from massar.testing import factories as make

BACK_OFFICE = ["directorate_officer", "academy_officer", "ministry_officer"]
OUTSIDERS = ["student", "parent", "teacher", "school_admin"]


def url(model, view="changelist", *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def as_role(world):
    """A client signed in as one of the world's accounts, with the interface in English."""

    def sign_in(role: str, language: str = "en") -> Client:
        client = Client()
        client.force_login(world.accounts[role])
        client.cookies["django_language"] = language
        return client

    return sign_in


def form_data(response) -> dict:
    """What a browser would send back for the form on an admin add/change page, inlines included."""
    data: dict = {}

    def put(form, prefix=""):
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form[name].value()
            key = f"{prefix}{name}"
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    put(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        put(formset.management_form, f"{formset.prefix}-")
        for form in formset.forms:
            put(form, f"{form.prefix}-")
    return data


def codes_in(response) -> set[str]:
    return set(re.findall(r"\b[A-Z][0-9]{9}\b", response.content.decode()))


# --- who gets in ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", OUTSIDERS)
def test_people_outside_the_back_office_are_sent_to_its_sign_in(world, as_role, role):
    client = as_role(role)
    for path in ("/backoffice/", url(Student), url(School)):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", OUTSIDERS)
def test_a_back_office_flag_set_by_mistake_opens_nothing(world, as_role, role):
    user = world.accounts[role]
    User.objects.filter(pk=user.pk).update(is_staff=True)
    client = as_role(role)
    index = client.get("/backoffice/")
    assert index.status_code == 200
    assert index.context["app_list"] == []
    assert client.get(url(Student)).status_code == 403
    assert client.get(url(Student, "change", world.student_a.pk)).status_code == 403


# --- every page renders for every back-office role --------------------------------------------------------


def massar_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if isinstance(model_admin, ScopedAdmin)]


def test_every_massar_model_has_a_scoped_admin():
    ours = {m for m in apps.get_models() if m.__module__.startswith("massar.")
            and m._meta.app_label in {"core", "schools", "students", "staff", "accounts"}}
    registered = {model for model, _ in massar_admins()}
    # Semesters and guardian links are edited inline, on their school year's and student's pages.
    assert ours - registered == {Semester, StudentGuardian}


@pytest.mark.parametrize("role", BACK_OFFICE)
def test_index_changelists_and_forms_render_for_each_role(world, as_role, role):
    SubjectCoefficient.objects.create(school_year=SchoolYear.objects.get(), level=Level.objects.get(code="2BAC"),
                                      subject=Subject.objects.get(code="MATH"), continuous_coefficient="7")
    client = as_role(role, "ar")  # the default language, right to left
    index = client.get("/backoffice/")
    assert index.status_code == 200
    request = index.wsgi_request
    for model, model_admin in massar_admins():
        can_view = model_admin.has_view_permission(request)
        listing = client.get(url(model))
        assert listing.status_code == (200 if can_view else 403), model
        add = client.get(url(model, "add"))
        assert add.status_code == (200 if model_admin.has_add_permission(request) else 403), model
        if can_view:
            first = listing.context["cl"].result_list.first()
            if first is not None:
                assert client.get(url(model, "change", first.pk)).status_code == 200, model


# --- rows: the scope layer's, nothing else ----------------------------------------------------------------


def test_academy_officer_lists_their_territorys_students_only(world, as_role):
    response = as_role("academy_officer").get(url(Student))
    shown = set(response.context["cl"].result_list)
    assert shown == {world.student_a, world.student_b, world.other_student}
    assert world.far_student.massar_code not in codes_in(response)


def test_a_foreign_students_page_is_not_shown(world, as_role):
    client = as_role("academy_officer")
    response = client.get(url(Student, "change", world.far_student.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    followed = client.get(response["Location"])
    assert "doesn’t exist" in followed.content.decode()
    assert world.far_student.massar_code not in followed.content.decode()


def test_searching_a_foreign_code_finds_nothing(world, as_role):
    response = as_role("academy_officer").get(url(Student), {"q": world.far_student.massar_code})
    assert list(response.context["cl"].result_list) == []


def test_directorate_officer_does_not_see_the_other_school(world, as_role):
    client = as_role("directorate_officer")
    assert set(client.get(url(School)).context["cl"].result_list) == {world.school}
    assert client.get(url(School, "change", world.other_school.pk)).status_code == 302
    assert world.other_student not in client.get(url(Student)).context["cl"].result_list


def test_ministry_sees_everything(world, as_role):
    client = as_role("ministry_officer")
    assert client.get(url(Student)).context["cl"].result_count == 4
    assert client.get(url(School)).context["cl"].result_count == 3
    assert client.get(url(Student, "change", world.far_student.pk)).status_code == 200


def test_a_superuser_sees_everything_like_the_ministry(world):
    client = Client()
    client.force_login(User.objects.create_superuser("root@taalim.ma", make.PASSWORD))
    assert client.get(url(Student)).context["cl"].result_count == 4
    assert client.get(url(Level, "add")).status_code == 200


def test_student_list_filters_by_year_level_and_gender(world, as_role):
    client = as_role("ministry_officer")
    year = SchoolYear.objects.get()
    level = Level.objects.get(code="2BAC")
    response = client.get(url(Student), {"enrolments__school_year__id__exact": year.pk,
                                         "enrolments__school_class__level__id__exact": level.pk,
                                         "gender__exact": "M"})
    assert response.context["cl"].result_count == 4
    assert client.get(url(Student), {"gender__exact": "F"}).context["cl"].result_count == 0


def test_a_guardians_page_hides_their_children_in_another_territory(world, as_role):
    guardian_link(student=world.far_student, guardian=world.guardian, relation="mother")

    def children_shown(role):
        page = as_role(role).get(url(Guardian, "change", world.guardian.pk))
        return {form.instance.student for form in page.context["inline_admin_formsets"][0].formset.initial_forms}

    assert children_shown("academy_officer") == {world.student_a, world.student_b}
    assert children_shown("ministry_officer") == {world.student_a, world.student_b, world.far_student}


# --- choices: limited to the territory, even for a forged POST --------------------------------------------


def test_autocomplete_offers_only_the_territorys_rows(world, as_role):
    response = as_role("directorate_officer").get(reverse("admin:autocomplete"), {
        "app_label": "staff", "model_name": "staffmember", "field_name": "school", "term": ""})
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {str(world.school.pk)}
    students = as_role("academy_officer").get(reverse("admin:autocomplete"), {
        "app_label": "students", "model_name": "studentguardian", "field_name": "student",
        "term": world.far_student.massar_code})
    assert students.json()["results"] == []


def school_post(directorate, code="54321K"):
    return {"code": code, "name_ar": "ثانوية جديدة", "name_fr": "Lycée nouveau", "name_en": "New school",
            "directorate": str(directorate.pk), "cycles": ["lycee"], "is_public": "on"}


def test_academy_officer_cannot_add_a_school_in_another_academys_directorate(world, as_role):
    client = as_role("academy_officer")
    form = client.get(url(School, "add")).context["adminform"].form
    assert set(form.fields["directorate"].queryset) == {world.directorate, world.other_directorate}
    response = client.post(url(School, "add"), school_post(world.far_school.directorate))
    assert response.status_code == 200
    assert "directorate" in response.context["adminform"].form.errors
    assert not School.objects.filter(code="54321K").exists()


def test_academy_officer_adds_a_school_in_their_own_directorate(world, as_role):
    response = as_role("academy_officer").post(url(School, "add"), school_post(world.other_directorate))
    assert response.status_code == 302
    assert School.objects.get(code="54321K").directorate == world.other_directorate


def test_academy_officer_cannot_enrol_a_student_in_another_territorys_class(world, as_role):
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


def test_a_second_active_enrolment_in_a_year_is_refused_not_a_crash(world, as_role):
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


def test_a_transferred_students_past_in_another_territory_is_shown_not_editable(world, as_role):
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


def test_a_class_that_already_exists_is_refused_not_a_crash(world, as_role):
    client = as_role("academy_officer")
    data = {"school": str(world.school.pk), "school_year": str(world.class_a.school_year_id),
            "level": str(world.class_a.level_id), "stream": str(world.class_a.stream_id),
            "option": world.class_a.option, "section": str(world.class_a.section)}
    response = client.post(url(SchoolClass, "add"), data)
    assert response.status_code == 200
    assert world.class_a.code in str(response.context["adminform"].form.non_field_errors())
    data["section"] = "9"
    assert client.post(url(SchoolClass, "add"), data).status_code == 302
    assert SchoolClass.objects.filter(school=world.school, section=9).exists()


def test_directorate_officer_changes_a_schools_names_not_where_it_sits(world, as_role):
    client = as_role("directorate_officer")
    page = client.get(url(School, "change", world.school.pk))
    assert set(page.context["adminform"].form.fields) == {"name_ar", "name_fr", "name_en", "cycles"}
    data = form_data(page) | {"name_fr": "Lycée renommé", "directorate": str(world.far_school.directorate_id),
                              "code": "99999Z"}
    assert client.post(url(School, "change", world.school.pk), data).status_code == 302
    world.school.refresh_from_db()
    assert (world.school.name_fr, world.school.directorate, world.school.code) == (
        "Lycée renommé", world.directorate, world.school.code)
    assert client.get(url(School, "add")).status_code == 403


def test_directorate_officer_is_read_only_on_classes_and_students(world, as_role):
    client = as_role("directorate_officer")
    page = client.get(url(Student, "change", world.student_a.pk))
    assert page.status_code == 200
    assert page.context["adminform"].form.fields == {}
    data = {"first_name_latin": "Changed"}
    assert client.post(url(Student, "change", world.student_a.pk), data).status_code == 403
    assert client.get(url(SchoolClass, "add")).status_code == 403


def test_directorate_officer_gives_only_teacher_and_school_admin_positions(world, as_role):
    client = as_role("directorate_officer")
    teacher = world.accounts["teacher"].staff_member
    page = client.get(url(StaffMember, "change", teacher.pk))
    choices = {value for value, _ in page.context["adminform"].form.fields["position"].choices if value}
    assert choices == {Position.TEACHER, Position.SCHOOL_ADMIN}
    own = world.accounts["directorate_officer"].staff_member
    officer_page = client.get(url(StaffMember, "change", own.pk))
    assert officer_page.status_code == 200
    assert officer_page.context["adminform"].form.fields == {}  # an officer's record: view only


def test_an_account_holders_position_is_not_changed_alone(world, as_role):
    client = as_role("ministry_officer")
    teacher = world.accounts["teacher"].staff_member
    data = form_data(client.get(url(StaffMember, "change", teacher.pk))) | {"position": Position.SCHOOL_ADMIN}
    response = client.post(url(StaffMember, "change", teacher.pk), data)
    assert response.status_code == 200
    assert "position" in response.context["adminform"].form.errors
    teacher.refresh_from_db()
    assert teacher.position == Position.TEACHER


# --- national reference -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["academy_officer", "directorate_officer"])
def test_only_the_ministry_edits_national_reference_data(world, as_role, role):
    client = as_role(role)
    level = Level.objects.get(code="2BAC")
    assert client.get(url(Level)).status_code == 200
    assert client.get(url(Level, "add")).status_code == 403
    page = client.get(url(Level, "change", level.pk))
    assert page.context["adminform"].form.fields == {}
    assert client.post(url(Level, "change", level.pk), {"code": "X"}).status_code == 403
    assert as_role("ministry_officer").get(url(Level, "add")).status_code == 200


def test_seeded_coefficients_are_marked_as_not_officially_confirmed(world, as_role):
    year, level = SchoolYear.objects.get(), Level.objects.get(code="2BAC")
    SubjectCoefficient.objects.create(school_year=year, level=level, subject=Subject.objects.get(code="MATH"),
                                      continuous_coefficient="7", officially_confirmed=False)
    SubjectCoefficient.objects.create(school_year=year, level=level, subject=Subject.objects.get(code="FR"),
                                      continuous_coefficient="4", officially_confirmed=True)
    content = as_role("academy_officer").get(url(SubjectCoefficient)).content.decode()
    assert content.count("seeded, not confirmed by an official text") == 1
    assert "confirmed by an official text" in content


# --- the Massar code --------------------------------------------------------------------------------------


def student_post(school):
    return {"first_name_ar": "سلمى", "last_name_ar": "الإدريسي", "first_name_latin": "Salma",
            "last_name_latin": "Idrissi", "birth_date": "2009-05-02", "birth_place_ar": "فاس",
            "birth_place_latin": "Fès", "gender": "F", "opened_by": str(school.pk),
            "guardian_links-TOTAL_FORMS": "0", "guardian_links-INITIAL_FORMS": "0",
            "enrolments-TOTAL_FORMS": "0", "enrolments-INITIAL_FORMS": "0"}


def test_adding_a_student_issues_the_massar_code_through_the_service(world, as_role):
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


def test_academy_officer_cannot_open_a_file_for_another_academys_school(world, as_role):
    response = as_role("academy_officer").post(url(Student, "add"), student_post(world.far_school))
    assert response.status_code == 200
    assert "opened_by" in response.context["adminform"].form.errors
    assert not Student.objects.filter(last_name_latin="Idrissi").exists()


def test_the_massar_code_is_shown_and_never_editable(world, as_role):
    client = as_role("ministry_officer")
    page = client.get(url(Student, "change", world.student_a.pk))
    assert world.student_a.massar_code in page.content.decode()
    assert "massar_code" not in page.context["adminform"].form.fields
    data = form_data(page) | {"massar_code": "F999999999", "first_name_latin": "Yusuf"}
    assert client.post(url(Student, "change", world.student_a.pk), data).status_code == 302
    world.student_a.refresh_from_db()
    assert world.student_a.first_name_latin == "Yusuf"
    assert world.student_a.massar_code != "F999999999"


# --- accounts ---------------------------------------------------------------------------------------------


def test_account_pages_never_show_a_password_hash(world, as_role):
    client = as_role("ministry_officer")
    teacher = world.accounts["teacher"]
    content = client.get(url(User, "change", teacher.pk)).content.decode()
    salt_and_hash = teacher.password.split("$", 1)[1]
    assert salt_and_hash not in content
    assert "md5" not in content.lower() and "argon2" not in content.lower()
    assert "../password/" in content
    listing = client.get(url(User), {"role__exact": "teacher"})
    assert list(listing.context["cl"].result_list) == [teacher]


def test_officers_see_accounts_of_their_territory_read_only(world, as_role):
    client = as_role("academy_officer")
    shown = set(client.get(url(User)).context["cl"].result_list)
    assert world.accounts["teacher"] in shown
    assert world.accounts["ministry_officer"] not in shown
    assert client.get(url(User, "add")).status_code == 403
    teacher = world.accounts["teacher"]
    assert client.get(url(User, "change", teacher.pk)).context["adminform"].form.fields == {}
    assert client.get(reverse("admin:auth_user_password_change", args=[teacher.pk])).status_code == 403


def test_only_back_office_roles_get_the_back_office_flag(world, as_role):
    client = as_role("ministry_officer")
    teacher = world.accounts["teacher"]
    data = form_data(client.get(url(User, "change", teacher.pk))) | {"is_staff": "on"}
    response = client.post(url(User, "change", teacher.pk), data)
    assert response.status_code == 200
    assert "is_staff" in response.context["adminform"].form.errors
    teacher.refresh_from_db()
    assert not teacher.is_staff


def test_ministry_creates_an_officers_account(world, as_role):
    client = as_role("ministry_officer")
    officer = make.staff(position=Position.ACADEMY_OFFICER, academy_=world.other_academy)
    data = {"username": "nadia.alaoui@taalim.ma", "usable_password": "true", "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42", "role": "academy_officer", "staff_member": str(officer.pk),
            "is_staff": "on"}
    response = client.post(url(User, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    account = User.objects.get(username="nadia.alaoui@taalim.ma")
    assert account.is_staff and account.staff_member == officer and account.check_password("a-long-pass-phrase-42")
    data |= {"username": "someone@taalim.ma", "role": "teacher"}
    refused = client.post(url(User, "add"), data)
    assert refused.status_code == 200
    assert not User.objects.filter(username="someone@taalim.ma").exists()


def test_a_ministry_officer_cannot_make_a_superuser(world, as_role):
    client = as_role("ministry_officer")
    target = world.accounts["directorate_officer"]
    data = form_data(client.get(url(User, "change", target.pk))) | {"is_superuser": "on"}
    assert client.post(url(User, "change", target.pk), data).status_code == 302
    target.refresh_from_db()
    assert not target.is_superuser


# --- language ---------------------------------------------------------------------------------------------


def test_the_back_office_speaks_the_language_of_the_cookie(world, as_role):
    french = as_role("academy_officer", "fr").get("/backoffice/").content.decode()
    assert 'lang="fr"' in french and 'dir="ltr"' in french
    assert "Déconnexion" in french
    arabic = as_role("academy_officer", "ar").get(url(Student)).content.decode()
    assert 'lang="ar"' in arabic and 'dir="rtl"' in arabic
    english = as_role("academy_officer", "en").get("/backoffice/").content.decode()
    assert "Massar back office" in english
