"""The council's pages through the browser's requests: start, progress and pre-selection, an override with its
reason (refused without one, nothing written), the audit, publication; the schools review read-only; another
academy's officer gets a 404."""

import pytest
from django.test import TestCase
from django.urls import reverse

from massar.orientation.models import Assignment, AssignmentOverride, AssignmentRun, RunState
from massar.testing import factories as make
from massar.testing.orientation_runs import OrientationRuns, use_reference_solver_if_missing

EN = {"accept-language": "en"}


@pytest.fixture(autouse=True)
def _solver(monkeypatch):
    use_reference_solver_if_missing(monkeypatch)


@pytest.fixture
def orientation(world):
    built = OrientationRuns(world)
    for student, pc in ((world.student_a, "15"), (world.student_b, "13")):
        built.marks(student, PC=pc, FR="11")
        built.wishes(student, "SE", "L")
    return built


def test_the_council_starts_a_run_and_reads_the_pre_selection(orientation, world, client):
    client.force_login(orientation.officer)
    runs = client.get(reverse("portals:orientation_runs"), headers=EN).content.decode()
    assert "Start the assignment" in runs
    with TestCase.captureOnCommitCallbacks(execute=True):
        started = client.post(reverse("portals:orientation_run_begin"), {"window": orientation.window.pk})
    run = AssignmentRun.objects.get()
    assert started.url == reverse("portals:orientation_run", kwargs={"run_id": run.pk})
    page = client.get(started.url, headers=EN).content.decode()
    assert "2 students assigned." in page and "Stability certified" in page
    assert world.student_a.massar_code in page and "15.00/20" in page
    assert "Publish the orientation" in page


def test_an_override_without_a_reason_writes_nothing(orientation, world, client):
    run = orientation.run()
    assignment = Assignment.objects.get(run=run, student=world.student_b)
    client.force_login(orientation.officer)
    url = reverse("portals:orientation_override", kwargs={"assignment_id": assignment.pk})
    refused = client.post(url, {"offer": orientation.offers["SE"].pk, "reason": " "}, headers=EN)
    assert refused.status_code == 400 and "Say why the council changes this decision." in refused.content.decode()
    assert not AssignmentOverride.objects.exists()
    done = client.post(url, {"offer": orientation.offers["SE"].pk, "reason": "Sports-study programme."})
    assert done.status_code == 302
    page = client.get(done.url, headers=EN).content.decode()
    assert "Sports-study programme." in page and "changed by the council" in page


def test_publishing_from_the_page(orientation, world, client):
    run = orientation.run()
    client.force_login(orientation.officer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("portals:orientation_run_publish", kwargs={"run_id": run.pk}))
    run.refresh_from_db()
    assert run.state == RunState.PUBLISHED
    page = client.get(reverse("portals:orientation_run", kwargs={"run_id": run.pk}), headers=EN).content.decode()
    assert "Publish the orientation" not in page and "Override" not in page


def test_the_school_reviews_its_students_without_deciding(orientation, world, client):
    run = orientation.run()
    client.force_login(world.accounts["school_admin"])
    page = client.get(reverse("portals:orientation_run", kwargs={"run_id": run.pk}), headers=EN)
    assert page.status_code == 200 and world.student_a.massar_code in page.content.decode()
    assert "Publish the orientation" not in page.content.decode()
    assignment = Assignment.objects.get(run=run, student=world.student_a)
    assert client.get(reverse("portals:orientation_override", kwargs={"assignment_id": assignment.pk})
                      ).status_code == 404
    assert client.post(reverse("portals:orientation_run_publish", kwargs={"run_id": run.pk})).status_code == 404


def test_another_academys_officer_gets_a_404(orientation, world, client):
    run = orientation.run()
    client.force_login(make.account(make.staff(position="academy_officer", academy_=world.other_academy)))
    assignment = Assignment.objects.get(run=run, student=world.student_a)
    assert client.get(reverse("portals:orientation_run", kwargs={"run_id": run.pk})).status_code == 404
    assert client.get(reverse("portals:orientation_override", kwargs={"assignment_id": assignment.pk})
                      ).status_code == 404


def test_a_large_pre_selection_shows_its_first_page_and_says_how_to_narrow_it(orientation, world, client,
                                                                             monkeypatch):
    run = orientation.run()
    client.force_login(orientation.officer)
    url = reverse("portals:orientation_run", kwargs={"run_id": run.pk})
    hint = "The first 500 students are shown"
    assert hint not in client.get(url, headers=EN).content.decode()
    monkeypatch.setattr("massar.portals.staff.orientation_council.SHOWN", 1)
    page = client.get(url, headers=EN).content.decode()
    assert hint in page
    assert (world.student_a.massar_code in page) != (world.student_b.massar_code in page)
