"""The organisation in the back office: schools and classes within the territory, what a directorate may
correct, and the national reference the ministry alone edits."""

import pytest

from massar.core.models import SchoolYear
from massar.schools.models import Level, School, SchoolClass, Subject, SubjectCoefficient


def school_post(directorate, code="54321K"):
    return {"code": code, "name_ar": "ثانوية جديدة", "name_fr": "Lycée nouveau", "name_en": "New school",
            "directorate": str(directorate.pk), "cycles": ["lycee"], "is_public": "on"}


def test_academy_officer_cannot_add_a_school_in_another_academys_directorate(world, as_role, url):
    client = as_role("academy_officer")
    form = client.get(url(School, "add")).context["adminform"].form
    assert set(form.fields["directorate"].queryset) == {world.directorate, world.other_directorate}
    response = client.post(url(School, "add"), school_post(world.far_school.directorate))
    assert response.status_code == 200
    assert "directorate" in response.context["adminform"].form.errors
    assert not School.objects.filter(code="54321K").exists()


def test_academy_officer_adds_a_school_in_their_own_directorate(world, as_role, url):
    response = as_role("academy_officer").post(url(School, "add"), school_post(world.other_directorate))
    assert response.status_code == 302
    assert School.objects.get(code="54321K").directorate == world.other_directorate


def test_a_class_that_already_exists_is_refused_not_a_crash(world, as_role, url):
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


def test_directorate_officer_changes_a_schools_names_not_where_it_sits(world, as_role, url, form_data):
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


# --- national reference -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["academy_officer", "directorate_officer"])
def test_only_the_ministry_edits_national_reference_data(world, as_role, role, url):
    client = as_role(role)
    level = Level.objects.get(code="2BAC")
    assert client.get(url(Level)).status_code == 200
    assert client.get(url(Level, "add")).status_code == 403
    page = client.get(url(Level, "change", level.pk))
    assert page.context["adminform"].form.fields == {}
    assert client.post(url(Level, "change", level.pk), {"code": "X"}).status_code == 403
    assert as_role("ministry_officer").get(url(Level, "add")).status_code == 200


def test_seeded_coefficients_are_marked_as_not_officially_confirmed(world, as_role, url):
    year, level = SchoolYear.objects.get(), Level.objects.get(code="2BAC")
    SubjectCoefficient.objects.create(school_year=year, level=level, subject=Subject.objects.get(code="MATH"),
                                      continuous_coefficient="7", officially_confirmed=False)
    SubjectCoefficient.objects.create(school_year=year, level=level, subject=Subject.objects.get(code="FR"),
                                      continuous_coefficient="4", officially_confirmed=True)
    content = as_role("academy_officer").get(url(SubjectCoefficient)).content.decode()
    assert content.count("seeded, not confirmed by an official text") == 1
    assert "confirmed by an official text" in content
