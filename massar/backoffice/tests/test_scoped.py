"""Who enters the back office (/backoffice/), what every page shows each role, and its rows: the scope layer's
(massar/backoffice/scoped.py has the role matrix), whatever the URL or search, and the caller's language."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from massar.accounts.models import User
from massar.backoffice.scoped import ScopedAdmin
from massar.core.models import SchoolYear, Semester
from massar.schools.models import Level, School, Subject, SubjectCoefficient
from massar.students.models import Guardian, Student, StudentGuardian
from massar.students.services import guardian_link
from massar.testing import factories as make

BACK_OFFICE = ["directorate_officer", "academy_officer", "ministry_officer"]
OUTSIDERS = ["student", "parent", "teacher", "school_admin"]


def codes_in(response) -> set[str]:
    return set(re.findall(r"\b[A-Z][0-9]{9}\b", response.content.decode()))


# --- who gets in ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", OUTSIDERS)
def test_people_outside_the_back_office_are_sent_to_its_sign_in(world, as_role, role, url):
    client = as_role(role)
    for path in ("/backoffice/", url(Student), url(School)):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", OUTSIDERS)
def test_a_back_office_flag_set_by_mistake_opens_nothing(world, as_role, role, url):
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
def test_index_changelists_and_forms_render_for_each_role(world, as_role, role, url):
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


def test_academy_officer_lists_their_territorys_students_only(world, as_role, url):
    response = as_role("academy_officer").get(url(Student))
    shown = set(response.context["cl"].result_list)
    assert shown == {world.student_a, world.student_b, world.other_student}
    assert world.far_student.massar_code not in codes_in(response)


def test_a_foreign_students_page_is_not_shown(world, as_role, url):
    client = as_role("academy_officer")
    response = client.get(url(Student, "change", world.far_student.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    followed = client.get(response["Location"])
    assert "doesn’t exist" in followed.content.decode()
    assert world.far_student.massar_code not in followed.content.decode()


def test_searching_a_foreign_code_finds_nothing(world, as_role, url):
    response = as_role("academy_officer").get(url(Student), {"q": world.far_student.massar_code})
    assert list(response.context["cl"].result_list) == []


def test_directorate_officer_does_not_see_the_other_school(world, as_role, url):
    client = as_role("directorate_officer")
    assert set(client.get(url(School)).context["cl"].result_list) == {world.school}
    assert client.get(url(School, "change", world.other_school.pk)).status_code == 302
    assert world.other_student not in client.get(url(Student)).context["cl"].result_list


def test_ministry_sees_everything(world, as_role, url):
    client = as_role("ministry_officer")
    assert client.get(url(Student)).context["cl"].result_count == 4
    assert client.get(url(School)).context["cl"].result_count == 3
    assert client.get(url(Student, "change", world.far_student.pk)).status_code == 200


def test_a_superuser_sees_everything_like_the_ministry(world, url):
    client = Client()
    client.force_login(User.objects.create_superuser("root@taalim.ma", make.PASSWORD))
    assert client.get(url(Student)).context["cl"].result_count == 4
    assert client.get(url(Level, "add")).status_code == 200


def test_student_list_filters_by_year_level_and_gender(world, as_role, url):
    client = as_role("ministry_officer")
    year = SchoolYear.objects.get()
    level = Level.objects.get(code="2BAC")
    response = client.get(url(Student), {"enrolments__school_year__id__exact": year.pk,
                                         "enrolments__school_class__level__id__exact": level.pk,
                                         "gender__exact": "M"})
    assert response.context["cl"].result_count == 4
    assert client.get(url(Student), {"gender__exact": "F"}).context["cl"].result_count == 0


def test_a_guardians_page_hides_their_children_in_another_territory(world, as_role, url):
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


# --- language ---------------------------------------------------------------------------------------------


def test_the_back_office_speaks_the_language_of_the_cookie(world, as_role, url):
    french = as_role("academy_officer", "fr").get("/backoffice/").content.decode()
    assert 'lang="fr"' in french and 'dir="ltr"' in french
    assert "Déconnexion" in french
    arabic = as_role("academy_officer", "ar").get(url(Student)).content.decode()
    assert 'lang="ar"' in arabic and 'dir="rtl"' in arabic
    english = as_role("academy_officer", "en").get("/backoffice/").content.decode()
    assert "Massar back office" in english
