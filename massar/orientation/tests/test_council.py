"""The orientation council: who starts a run, the override with its mandatory reason and audit, publication
and the families told."""

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone

from massar.core.errors import Conflict, Invalid, Refused
from massar.notifications.models import Kind, Notification
from massar.orientation.council import (
    orientation_assignment_override,
    orientation_run_publish,
    orientation_run_start,
)
from massar.orientation.models import Assignment, AssignmentOverride, RunState
from massar.orientation.run_errors import RunErrorCode
from massar.testing import factories as make
from massar.testing.orientation_runs import OrientationRuns, use_reference_solver_if_missing


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


@pytest.fixture
def run(orientation):
    return orientation.run()


def assignment_of(run, student) -> Assignment:
    return Assignment.objects.get(run=run, student=student)


def test_the_pre_selection_is_ready_for_the_council(run, world, orientation):
    assert run.state == RunState.DONE
    assert assignment_of(run, world.student_a).decided == orientation.offers["SE"]
    assert assignment_of(run, world.student_b).decided == orientation.offers["L"]


@pytest.mark.parametrize("role", ["school_admin", "directorate_officer", "teacher", "student", "parent"])
def test_only_the_academy_or_the_ministry_starts_a_run(orientation, world, role):
    with pytest.raises(Refused) as refused:
        orientation_run_start(actor=world.accounts[role], window=orientation.window)
    assert refused.value.code == RunErrorCode.NOT_YOURS


def test_an_officer_of_another_academy_cannot_start_it(orientation, world):
    foreign = make.account(make.staff(position="academy_officer", academy_=world.other_academy))
    with pytest.raises(Refused):
        orientation_run_start(actor=foreign, window=orientation.window)


def test_a_window_still_open_cannot_be_assigned(orientation, world):
    orientation.window.closes_at = timezone.now() + datetime.timedelta(days=2)
    orientation.window.save()
    with pytest.raises(Invalid) as invalid:
        orientation_run_start(actor=world.accounts["ministry_officer"], window=orientation.window)
    assert invalid.value.code == RunErrorCode.WINDOW_OPEN


def test_a_second_run_waits_for_the_first(orientation, world):
    orientation_run_start(actor=orientation.officer, window=orientation.window)  # queued: its task never ran
    with pytest.raises(Conflict) as conflict:
        orientation_run_start(actor=orientation.officer, window=orientation.window)
    assert conflict.value.code == RunErrorCode.RUN_IN_PROGRESS


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_override_requires_a_reason(run, world, orientation, reason):
    with pytest.raises(Invalid) as invalid:
        orientation_assignment_override(actor=orientation.officer, assignment=assignment_of(run, world.student_b),
                                        offer=orientation.offers["SE"], reason=reason)
    assert invalid.value.code == RunErrorCode.REASON_REQUIRED and invalid.value.details["field"] == "reason"
    assert not AssignmentOverride.objects.exists()
    assert assignment_of(run, world.student_b).decided == orientation.offers["L"]


def test_an_override_is_logged_and_changes_the_decision_only(run, world, orientation):
    override = orientation_assignment_override(
        actor=orientation.officer, assignment=assignment_of(run, world.student_b), offer=orientation.offers["SE"],
        reason="  Medical file: the L stream's school is out of reach.  ")
    changed = assignment_of(run, world.student_b)
    assert changed.decided == orientation.offers["SE"] and changed.proposed == orientation.offers["L"]
    assert (override.old, override.new, override.actor) == (orientation.offers["L"], orientation.offers["SE"],
                                                            orientation.officer)
    assert override.reason == "Medical file: the L stream's school is out of reach."


def test_an_override_to_the_same_stream_or_an_unknown_offer_is_refused(run, world, orientation):
    with pytest.raises(Invalid) as same:
        orientation_assignment_override(actor=orientation.officer, assignment=assignment_of(run, world.student_a),
                                        offer=orientation.offers["SE"], reason="why not")
    assert same.value.code == RunErrorCode.SAME_DECISION
    elsewhere = orientation.offer(world.far_school, "SM", 30)
    with pytest.raises(Invalid) as unknown:
        orientation_assignment_override(actor=orientation.officer, assignment=assignment_of(run, world.student_a),
                                        offer=elsewhere, reason="why not")
    assert unknown.value.code == RunErrorCode.UNKNOWN_OFFER


def test_a_reason_longer_than_300_characters_is_refused(run, world, orientation):
    with pytest.raises(Invalid) as invalid:
        orientation_assignment_override(actor=orientation.officer, assignment=assignment_of(run, world.student_a),
                                        offer=None, reason="x" * 301)
    assert invalid.value.code == RunErrorCode.REASON_TOO_LONG


@pytest.mark.parametrize("role", ["school_admin", "directorate_officer", "teacher"])
def test_the_schools_review_but_do_not_decide(run, world, role):
    with pytest.raises(Refused):
        orientation_assignment_override(actor=world.accounts[role], assignment=assignment_of(run, world.student_a),
                                        offer=None, reason="no")
    with pytest.raises(Refused):
        orientation_run_publish(actor=world.accounts[role], run=run)


def test_publishing_tells_students_and_parents_and_ends_the_overrides(run, world, orientation):
    with TestCase.captureOnCommitCallbacks(execute=True):
        published = orientation_run_publish(actor=orientation.officer, run=run)
    assert published.state == RunState.PUBLISHED and published.published_by == orientation.officer
    told = set(Notification.objects.filter(kind=Kind.ORIENTATION_RESULT).values_list("recipient_id", flat=True))
    assert told == {world.accounts["student"].pk, world.accounts["parent"].pk}
    with pytest.raises(Invalid) as late:
        orientation_assignment_override(actor=orientation.officer, assignment=assignment_of(run, world.student_a),
                                        offer=None, reason="too late")
    assert late.value.code == RunErrorCode.WRONG_STATE
    with pytest.raises(Conflict) as again:
        orientation_run_start(actor=world.accounts["ministry_officer"], window=orientation.window)
    assert again.value.code == RunErrorCode.ALREADY_PUBLISHED


def test_a_run_whose_worker_was_lost_does_not_block_a_new_one(orientation):
    from massar.orientation.models import AssignmentRun

    lost = orientation_run_start(actor=orientation.officer, window=orientation.window)  # its task never ran
    AssignmentRun.objects.filter(pk=lost.pk).update(started_at=timezone.now() - datetime.timedelta(hours=7))
    fresh = orientation.run()
    lost.refresh_from_db()
    assert lost.state == RunState.FAILED and "Abandoned" in lost.error
    assert fresh.state == RunState.DONE
