"""The assignment in the back office: read-only for everyone, scoped to the officer's territory."""

import pytest

from massar.orientation.models import Assignment
from massar.testing import factories as make
from massar.testing.orientation_runs import OrientationRuns, use_reference_solver_if_missing


@pytest.fixture(autouse=True)
def _solver(monkeypatch):
    use_reference_solver_if_missing(monkeypatch)


@pytest.fixture
def run(world):
    built = OrientationRuns(world)
    built.marks(world.student_a, PC="15")
    built.wishes(world.student_a, "SE")
    return built.run()


@pytest.mark.parametrize("role", ["ministry_officer", "academy_officer"])
def test_officers_read_the_outcomes_and_change_nothing(run, world, en_client, role):
    en_client.force_login(world.accounts[role])
    listing = en_client.get("/backoffice/orientation/assignment/")
    assert listing.status_code == 200 and world.student_a.massar_code in listing.content.decode()
    assignment = Assignment.objects.get(run=run)
    page = en_client.get(f"/backoffice/orientation/assignment/{assignment.pk}/change/").content.decode()
    assert 'type="submit"' not in page or "Save" not in page
    assert en_client.post(f"/backoffice/orientation/assignment/{assignment.pk}/change/", {}).status_code == 403
    assert en_client.get("/backoffice/orientation/assignmentrun/add/").status_code == 403


def test_another_academys_officer_does_not_see_them(run, world, en_client):
    en_client.force_login(make.account(make.staff(position="academy_officer", academy_=world.other_academy),
                                       is_staff=True))
    listing = en_client.get("/backoffice/orientation/assignment/").content.decode()
    assert world.student_a.massar_code not in listing
