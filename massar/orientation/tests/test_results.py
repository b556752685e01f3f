"""A student's orientation result and its explanation: nothing before publication (page, parent's page, API),
then the stream, and for each wish above it the capacity, the last admitted score and their own score; the
council's reason for an override. And who sees which outcome."""

from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import reverse

from massar.access.registry import rows_visible_to
from massar.accounts.tokens import api_token_issue
from massar.orientation.council import orientation_assignment_override, orientation_run_publish
from massar.orientation.models import Assignment, AssignmentOverride, AssignmentRun, OfferResult
from massar.orientation.results import student_orientation_result
from massar.testing import factories as make
from massar.testing.orientation_runs import OrientationRuns, use_reference_solver_if_missing


@pytest.fixture(autouse=True)
def _solver(monkeypatch):
    use_reference_solver_if_missing(monkeypatch)


@pytest.fixture
def orientation(world):
    """student_a (the world's student account) wants SM then SE; a stronger rival takes SM's only place."""
    built = OrientationRuns(world)
    rival = built.student("Rania", MATH="19", PC="18")
    built.marks(world.student_a, MATH="14", PC="15")
    built.marks(world.other_student, PC="12")
    built.wishes(rival, "SM")
    built.wishes(world.student_a, "SM", "SE", "SH")
    built.wishes(world.other_student, "SE", "L")
    built.rival = rival
    return built


@pytest.fixture
def run(orientation):
    return orientation.run()


def publish(run, orientation):
    with TestCase.captureOnCommitCallbacks(execute=True):
        orientation_run_publish(actor=orientation.officer, run=run)


def test_the_explanation_proves_no_lower_score_took_the_place(run, orientation, world):
    publish(run, orientation)
    result = student_orientation_result(viewer=world.accounts["student"], student=world.student_a)
    assert result.decided == orientation.offers["SE"] and not result.overridden
    lines = [(w.rank, w.offer.stream.code, w.score, w.capacity, w.cutoff, w.outcome) for w in result.wishes]
    assert lines == [
        (1, "SM", Decimal("14.33"), 1, Decimal("18.67"), "above"),  # (14 × 2 + 15) ÷ 3 < (19 × 2 + 18) ÷ 3
        (2, "SE", Decimal("15.00"), 1, Decimal("15.00"), "given"),
        (3, "SH", None, 1, None, "skipped"),  # SH has no published formula
    ]


@pytest.mark.parametrize("role", ["student", "parent"])
def test_nothing_is_visible_before_publication(run, world, role, client):
    viewer = world.accounts[role]
    assert student_orientation_result(viewer=viewer, student=world.student_a) is None
    assert not rows_visible_to(viewer, Assignment).exists()
    assert not rows_visible_to(viewer, OfferResult).exists()
    assert not rows_visible_to(viewer, AssignmentRun).exists()
    client.force_login(viewer)
    page = (reverse("portals:orientation_result_mine") if role == "student" else
            reverse("portals:orientation_result_child", kwargs={"massar_code": world.student_a.massar_code}))
    shown = client.get(page, headers={"accept-language": "en"}).content.decode()
    assert "No orientation result published yet." in shown and "Last admitted score" not in shown


def test_the_api_says_nothing_before_publication_then_the_explanation(run, orientation, world, client):
    token = bearer(world.accounts["student"])
    before = client.get("/api/v1/me/orientation/result", headers=token).json()
    assert before == {"massar_code": world.student_a.massar_code, "result": None}
    publish(run, orientation)
    after = client.get("/api/v1/me/orientation/result", headers=token).json()["result"]
    assert after["stream"]["stream"] == "SE" and after["overridden"] is False
    assert [(w["offer"]["stream"], w["score"], w["cutoff"], w["outcome"]) for w in after["wishes"]] == [
        ("SM", "14.33", "18.67", "above"), ("SE", "15.00", "15.00", "given"), ("SH", None, None, "skipped")]


def bearer(account) -> dict:
    return {"authorization": f"Bearer {api_token_issue(user=account)[1]}"}


def test_an_override_shows_the_council_decided_and_why(run, orientation, world):
    orientation_assignment_override(actor=orientation.officer, assignment=Assignment.objects.get(
        run=run, student=world.student_a), offer=orientation.offers["L"], reason="Asked by the family, accepted.")
    publish(run, orientation)
    result = student_orientation_result(viewer=world.accounts["parent"], student=world.student_a)
    assert result.decided == orientation.offers["L"] and result.proposed == orientation.offers["SE"]
    assert result.overridden and result.override_reason == "Asked by the family, accepted."


def test_the_parent_page_shows_the_childs_explanation(run, orientation, world, client):
    publish(run, orientation)
    client.force_login(world.accounts["parent"])
    page = client.get(reverse("portals:orientation_result_child",
                              kwargs={"massar_code": world.student_a.massar_code}),
                      headers={"accept-language": "en"}).content.decode()
    assert "Last admitted score" in page and "18.67/20" in page
    foreign = client.get(reverse("portals:orientation_result_child",
                                 kwargs={"massar_code": world.other_student.massar_code}))
    assert foreign.status_code == 404


@pytest.mark.parametrize(("role", "sees"), [
    ("school_admin", {"student_a", "rival"}),  # their school's students
    ("directorate_officer", {"student_a", "rival"}),  # other_school is in another directorate
    ("academy_officer", {"student_a", "rival", "other_student"}),  # the council of the run
    ("ministry_officer", {"student_a", "rival", "other_student"}),
    ("teacher", set()),
    ("student", set()),  # before publication
])
def test_who_sees_which_outcome(run, orientation, world, role, sees):
    names = {world.student_a.pk: "student_a", orientation.rival.pk: "rival", world.other_student.pk: "other_student"}
    visible = rows_visible_to(world.accounts[role], Assignment).values_list("student_id", flat=True)
    assert {names[pk] for pk in visible} == sees


def test_an_officer_of_another_academy_sees_nothing_of_the_run(run, world):
    foreign = make.account(make.staff(position="academy_officer", academy_=world.other_academy))
    assert not rows_visible_to(foreign, AssignmentRun).exists()
    assert not rows_visible_to(foreign, AssignmentOverride).exists()


def test_after_publication_a_family_sees_only_its_own(run, orientation, world):
    publish(run, orientation)
    assert set(rows_visible_to(world.accounts["student"], Assignment).values_list("student_id", flat=True)) == {
        world.student_a.pk}
    assert set(rows_visible_to(world.accounts["parent"], Assignment).values_list("student_id", flat=True)) == {
        world.student_a.pk}


def test_the_explanation_reads_in_arabic_with_its_numbers_isolated(run, orientation, world, client):
    publish(run, orientation)
    client.force_login(world.accounts["student"])
    page = client.get(reverse("portals:orientation_result_mine"), headers={"accept-language": "ar"}).content.decode()
    assert "آخر معدل مقبول" in page and "لماذا: رغباتك" in page
    assert '<bdi dir="ltr" class="num">18,67/20</bdi>' in page


def test_a_parent_reads_the_childs_result_through_the_api_once_published(run, orientation, world, client):
    token = bearer(world.accounts["parent"])
    url = f"/api/v1/children/{world.student_a.massar_code}/orientation/result"
    assert client.get(url, headers=token).json()["result"] is None
    publish(run, orientation)
    assert client.get(url, headers=token).json()["result"]["stream"]["stream"] == "SE"
    other = client.get(f"/api/v1/children/{world.other_student.massar_code}/orientation/result", headers=token)
    assert (other.status_code, other.json()["code"]) == (404, "not_found")
