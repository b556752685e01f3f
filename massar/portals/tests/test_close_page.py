"""The semester close page: an administrator closes their school, an officer a school or the whole of their
territory; the close runs as a task (the immediate backend in tests: at once) and the progress page polls its
progress. Targets outside the caller's territory, and other people's task ids, are 404s."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from massar.grades.close.progress import owner_key
from massar.grades.models import SemesterResult, SheetResult
from massar.testing.grades import SUBJECTS, Grades


@pytest.fixture
def grades(world):
    grades = Grades(world, extra_students=2)
    for index, student in enumerate(grades.students):
        for code in SUBJECTS:
            grades.enter(code, student, 1, str(10 + index))
    grades.publish(*SUBJECTS)
    return grades


def signed_in(client, world, role):
    client.force_login(world.accounts[role])
    return client


def close(client, target, semester=1):
    return client.post(reverse("portals:grades_close"), {"target": target, "semester": semester})


def test_admin_sees_only_their_school_and_the_semesters(en_client, world):
    page = signed_in(en_client, world, "school_admin").get(reverse("portals:grades_close"))
    assert page.status_code == 200
    body = page.content.decode()
    assert f'value="school:{world.school.code}"' in body
    assert world.other_school.code not in body and "directorate:" not in body and 'value="nation"' not in body
    assert "Close semester 1" in body and "Close semester 2" in body
    assert "csrfmiddlewaretoken" in body


def test_admin_closes_their_school_and_follows_the_progress(en_client, world, grades):
    assert not SemesterResult.objects.exists()
    response = close(signed_in(en_client, world, "school_admin"), f"school:{world.school.code}")
    assert response.status_code == 302
    # The immediate backend ran the close already: its results are stored.
    results = SemesterResult.objects.filter(semester=grades.semester, school_class=world.class_a)
    assert results.count() == len(grades.students)
    assert all(r.general_average is not None for r in results)
    assert SheetResult.objects.filter(sheet__semester=grades.semester).count() == len(SUBJECTS)
    page = en_client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-state="done"' in body and "Done" in body
    assert "4 / 4" in body.replace('<bdi dir="ltr">', "").replace("</bdi>", "")
    assert "every 2s" not in body  # finished: no more polling
    assert reverse("portals:grades_board_index") in body
    task_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    status = en_client.get(reverse("portals:grades_close_status", args=[task_id]))
    assert status.status_code == 200 and 'data-state="done"' in status.content.decode()
    assert "<html" not in status.content.decode()


def test_a_running_close_is_polled_every_two_seconds(en_client, world):
    cache.set(owner_key("t-queued"), {"user_id": world.accounts["school_admin"].pk, "scope_kind": "school",
                                      "scope_id": world.school.code, "label": world.school.name,
                                      "semester_id": world.class_a.school_year.semesters.get(number=1).pk})
    status = signed_in(en_client, world, "school_admin").get(reverse("portals:grades_close_status",
                                                                     args=["t-queued"]))
    body = status.content.decode()
    assert status.status_code == 200 and "Waiting to start" in body
    assert 'hx-trigger="every 2s"' in body
    assert f'hx-get="{reverse("portals:grades_close_status", args=["t-queued"])}"' in body


@pytest.mark.parametrize("target", ["school:{other}", "school:{far}", "directorate:{directorate}", "nation",
                                    "school:", "garbage"])
def test_admin_cannot_close_anything_else_even_with_a_forged_form(en_client, world, grades, target):
    target = target.format(other=world.other_school.code, far=world.far_school.code,
                           directorate=world.directorate.code)
    assert close(signed_in(en_client, world, "school_admin"), target).status_code == 404
    assert not SemesterResult.objects.exists()


def test_unknown_semester_is_a_404(en_client, world, grades):
    assert close(signed_in(en_client, world, "school_admin"), f"school:{world.school.code}", 3).status_code == 404
    assert close(en_client, f"school:{world.school.code}", "x").status_code == 404
    assert not SemesterResult.objects.exists()


def test_officers_close_within_their_territory_only(en_client, world, grades):
    client = signed_in(en_client, world, "directorate_officer")
    body = client.get(reverse("portals:grades_close")).content.decode()
    assert f'value="directorate:{world.directorate.code}"' in body and f'value="school:{world.school.code}"' in body
    assert world.other_school.code not in body
    assert close(client, f"school:{world.other_school.code}").status_code == 404
    assert close(client, "nation").status_code == 404
    assert close(client, f"directorate:{world.directorate.code}").status_code == 302
    assert SemesterResult.objects.filter(school_class=world.class_a).count() == len(grades.students)
    academy = signed_in(en_client, world, "academy_officer")
    assert close(academy, f"school:{world.far_school.code}").status_code == 404
    assert close(academy, f"school:{world.other_school.code}").status_code == 302
    # The whole academy at once, never another academy.
    assert f'value="academy:{world.academy.code}"' in academy.get(reverse("portals:grades_close")).content.decode()
    assert close(academy, f"academy:{world.other_academy.code}").status_code == 404
    assert close(academy, f"academy:{world.academy.code}").status_code == 302
    directorate_officer = signed_in(en_client, world, "directorate_officer")
    assert close(directorate_officer, f"academy:{world.academy.code}").status_code == 404
    ministry = signed_in(en_client, world, "ministry_officer")
    assert 'value="nation"' in ministry.get(reverse("portals:grades_close")).content.decode()
    assert close(ministry, "nation").status_code == 302


def test_another_users_task_is_a_404(en_client, world, grades):
    response = close(signed_in(en_client, world, "school_admin"), f"school:{world.school.code}")
    task_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    assert cache.get(owner_key(task_id))["user_id"] == world.accounts["school_admin"].pk
    for role in ("directorate_officer", "ministry_officer", "teacher"):
        client = signed_in(en_client, world, role)
        assert client.get(reverse("portals:grades_close_progress", args=[task_id])).status_code == 404
        assert client.get(reverse("portals:grades_close_status", args=[task_id])).status_code == 404
    signed_in(en_client, world, "school_admin")
    assert en_client.get(reverse("portals:grades_close_progress", args=["no-such-task"])).status_code == 404


@pytest.mark.parametrize("role", ["student", "parent", "teacher"])
def test_students_parents_and_teachers_get_a_404(en_client, world, grades, role):
    client = signed_in(en_client, world, role)
    assert client.get(reverse("portals:grades_close")).status_code == 404
    assert close(client, f"school:{world.school.code}").status_code == 404
    assert not SemesterResult.objects.exists()


def test_the_form_needs_its_csrf_token(world, grades):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.accounts["school_admin"])
    assert close(client, f"school:{world.school.code}").status_code == 403
    assert not SemesterResult.objects.exists()
