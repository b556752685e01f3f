"""Transfers: a parent or the origin school asks, the origin school lets the student go with the leaving
certificate, the receiving school places them in a class; refusals, cancellations and the races between them."""

import threading

import pytest

from massar.core.errors import Conflict, Invalid, NotFound, Refused
from massar.documents.models import DocumentKind
from massar.notifications.models import Kind, Notification
from massar.staff.models import Position
from massar.students.models import Enrolment, EnrolmentStatus, TransferAskedBy, TransferRequest, TransferState
from massar.students.transfer_selectors import (
    transfer_destinations,
    transfers_incoming,
    transfers_of_student,
    transfers_outgoing,
)
from massar.students.transfers import (
    transfer_accept,
    transfer_cancel,
    transfer_certificate_issue,
    transfer_refuse,
    transfer_request,
)
from massar.testing import factories as make


@pytest.fixture
def moving(world):
    """student_a (class_a of `school`, child of the world's parent) may move to `other_school`."""
    world.accounts["receiving_admin"] = make.account(make.staff(position=Position.SCHOOL_ADMIN,
                                                                school_=world.other_school))
    return world


def asked(world, *, by="parent"):
    return transfer_request(actor=world.accounts[by], student=world.student_a, to_school=world.other_school,
                            reason="  We move to   Rabat ")


def released(world):
    return transfer_certificate_issue(actor=world.accounts["school_admin"], request=asked(world))


def test_a_parent_asks_and_both_schools_list_the_request(moving):
    request = asked(moving)
    assert (request.state, request.asked_by, request.reason) == (TransferState.REQUESTED, TransferAskedBy.PARENT,
                                                                  "We move to Rabat")
    assert request.from_school == moving.school and request.from_enrolment.school_class == moving.class_a
    origin, receiving = moving.accounts["school_admin"], moving.accounts["receiving_admin"]
    assert list(transfers_outgoing(actor=origin, school=moving.school)) == [request]
    assert list(transfers_incoming(actor=receiving, school=moving.other_school)) == [request]
    assert list(transfers_incoming(actor=receiving, school=moving.other_school, states=["accepted"])) == []
    assert list(transfers_of_student(actor=moving.accounts["parent"], student=moving.student_a)) == [request]
    stranger = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=moving.far_school))
    assert not transfers_outgoing(actor=stranger, school=moving.school).exists()


def test_the_origin_school_may_ask_for_its_own_student_only(moving):
    assert asked(moving, by="school_admin").asked_by == TransferAskedBy.SCHOOL
    with pytest.raises(NotFound):
        transfer_request(actor=moving.accounts["school_admin"], student=moving.other_student,
                         to_school=moving.far_school, reason="Move")


def test_a_parent_cannot_ask_for_a_child_not_theirs(moving):
    with pytest.raises(NotFound) as error:
        transfer_request(actor=moving.accounts["parent"], student=moving.other_student, to_school=moving.school,
                         reason="Move")
    assert error.value.code == "transfer_not_found"


def test_teachers_and_students_do_not_ask(moving):
    for role in ("teacher", "student"):
        with pytest.raises(Refused) as error:
            asked(moving, by=role)
        assert error.value.code == "transfer_not_allowed"


@pytest.mark.parametrize(("reason", "code"), [("   ", "reason_required"), ("x" * 301, "reason_too_long")])
def test_a_reason_is_required_and_kept_short(moving, reason, code):
    with pytest.raises(Invalid) as error:
        transfer_request(actor=moving.accounts["parent"], student=moving.student_a, to_school=moving.other_school,
                         reason=reason)
    assert (error.value.code, error.value.details["field"]) == (code, "reason")
    assert not TransferRequest.objects.exists()


def test_the_destination_must_be_another_school(moving):
    for school, code in ((moving.school, "same_school"), (None, "destination_unknown")):
        with pytest.raises(Invalid) as error:
            transfer_request(actor=moving.accounts["parent"], student=moving.student_a, to_school=school,
                             reason="Move")
        assert error.value.code == code


def test_one_open_request_per_student(moving):
    asked(moving)
    with pytest.raises(Conflict) as error:
        asked(moving, by="school_admin")
    assert error.value.code == "transfer_already_open"


def test_the_certificate_ends_the_enrolment_and_is_the_leaving_certificate(moving):
    request = released(moving)
    enrolment = Enrolment.objects.get(pk=request.from_enrolment_id)
    assert enrolment.status == EnrolmentStatus.TRANSFERRED and enrolment.left_on is not None
    assert request.state == TransferState.CERTIFICATE_ISSUED
    assert request.certificate.kind == DocumentKind.LEAVING_CERTIFICATE
    assert request.certificate.facts["left_on"] == enrolment.left_on.isoformat()
    assert request.certificate.facts["status"] == EnrolmentStatus.TRANSFERRED
    with pytest.raises(Conflict) as error:
        transfer_certificate_issue(actor=moving.accounts["school_admin"], request=request)
    assert error.value.code == "certificate_already_issued"


def test_only_the_origin_school_issues_the_certificate(moving):
    request = asked(moving)
    for role in ("receiving_admin", "parent"):
        with pytest.raises(Refused):
            transfer_certificate_issue(actor=moving.accounts[role], request=request)
    assert Enrolment.objects.get(pk=request.from_enrolment_id).status == EnrolmentStatus.ACTIVE


def test_the_receiving_school_places_the_student_in_a_class_of_their_level(moving):
    request = transfer_accept(actor=moving.accounts["receiving_admin"], request=released(moving),
                              school_class=moving.other_class)
    assert request.state == TransferState.ACCEPTED
    assert request.to_enrolment.school_class == moving.other_class
    assert Enrolment.objects.get(student=moving.student_a, status=EnrolmentStatus.ACTIVE) == request.to_enrolment


def test_accepting_needs_the_certificate_first(moving):
    with pytest.raises(Invalid) as error:
        transfer_accept(actor=moving.accounts["receiving_admin"], request=asked(moving),
                        school_class=moving.other_class)
    assert error.value.code == "certificate_not_issued"


def test_accepting_into_another_schools_class_or_another_level_is_refused(moving):
    request = released(moving)
    common_core = make.school_class(school_=moving.other_school, level="TC", stream="S", section=2)
    for school_class, code in ((moving.class_b, "class_not_offered"), (common_core, "class_wrong_level")):
        with pytest.raises(Invalid) as error:
            transfer_accept(actor=moving.accounts["receiving_admin"], request=request, school_class=school_class)
        assert (error.value.code, error.value.details["field"]) == (code, "school_class")
    with pytest.raises(Refused):
        transfer_accept(actor=moving.accounts["school_admin"], request=request, school_class=moving.other_class)
    assert not Enrolment.objects.filter(student=moving.student_a, status=EnrolmentStatus.ACTIVE).exists()


def test_whoever_asked_cancels_before_the_certificate(moving):
    request = asked(moving)
    with pytest.raises(Refused):
        transfer_cancel(actor=moving.accounts["school_admin"], request=request)  # the parent asked
    assert transfer_cancel(actor=moving.accounts["parent"], request=request).state == TransferState.CANCELLED
    with pytest.raises(Conflict) as error:
        transfer_accept(actor=moving.accounts["receiving_admin"], request=request, school_class=moving.other_class)
    assert error.value.code == "transfer_closed"
    assert asked(moving).state == TransferState.REQUESTED  # a new request may follow a cancelled one


def test_no_cancelling_once_the_student_has_left(moving):
    with pytest.raises(Conflict) as error:
        transfer_cancel(actor=moving.accounts["parent"], request=released(moving))
    assert error.value.code == "certificate_already_issued"


def test_the_origin_school_refuses_before_its_certificate_only(moving):
    request = asked(moving)
    refused = transfer_refuse(actor=moving.accounts["school_admin"], request=request, reason="Fees unpaid")
    assert (refused.state, refused.refusal_reason, refused.refused_by_school) == (
        TransferState.REFUSED, "Fees unpaid", moving.school)
    with pytest.raises(Conflict) as error:
        transfer_refuse(actor=moving.accounts["school_admin"], request=released(moving), reason="No")
    assert error.value.code == "certificate_already_issued"


def test_a_refusal_after_the_certificate_gives_the_class_back_and_revokes_the_certificate(moving):
    request = released(moving)
    with pytest.raises(Invalid):
        transfer_refuse(actor=moving.accounts["receiving_admin"], request=request, reason=" ")
    refused = transfer_refuse(actor=moving.accounts["receiving_admin"], request=request, reason="Class full")
    enrolment = Enrolment.objects.get(pk=refused.from_enrolment_id)
    assert (enrolment.status, enrolment.left_on) == (EnrolmentStatus.ACTIVE, None)
    refused.certificate.refresh_from_db()
    assert refused.certificate.revoked_reason == "Class full"


def test_the_student_and_parents_are_told_at_each_step(moving, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = released(moving)
    with django_capture_on_commit_callbacks(execute=True):
        transfer_accept(actor=moving.accounts["receiving_admin"], request=request, school_class=moving.other_class)
    told = Notification.objects.filter(kind=Kind.TRANSFER)
    parent, student = moving.accounts["parent"], moving.accounts["student"]
    assert sorted(told.filter(recipient=parent).values_list("dedupe_key", flat=True)) == sorted(
        f"transfer:{request.pk}:{state}" for state in ("accepted", "certificate_issued", "requested"))
    assert told.filter(recipient=student).count() == 3
    assert told.filter(recipient=parent).first().link.endswith(f"/transfers/{moving.student_a.massar_code}/")
    assert not told.exclude(recipient__in=(parent, student)).exists()


def test_destinations_are_found_by_code_or_name(moving):
    assert list(transfer_destinations(query=moving.other_school.code.lower())) == [moving.other_school]
    assert moving.far_school in transfer_destinations(query=moving.far_school.name_fr[2:])
    assert not transfer_destinations(query="x").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first", ["accept", "cancel"])
def test_of_two_racing_steps_one_wins_and_the_other_finds_the_request_closed(first):
    """Two administrators accept at the same moment, or a parent cancels while the school accepts: the request
    row's lock orders them; one new enrolment at most."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are PostgreSQL's; SQLite runs one writer at a time")
    origin_class = make.school_class()
    receiving = make.school_class()
    student = make.student(in_class=origin_class)
    parent = make.account(make.guardian(children=(student,)))
    origin = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=origin_class.school))
    admins = [make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=receiving.school)) for _ in "ab"]
    request = transfer_request(actor=parent, student=student, to_school=receiving.school, reason="Move")
    if first == "accept":
        request = transfer_certificate_issue(actor=origin, request=request)
        steps = [lambda admin=admin: transfer_accept(actor=admin, request=request, school_class=receiving)
                 for admin in admins]
    else:
        steps = [lambda: transfer_cancel(actor=parent, request=request),
                 lambda: transfer_certificate_issue(actor=origin, request=request)]
    barrier, outcomes = threading.Barrier(2), []

    def run(step):
        try:
            barrier.wait(5)
            outcomes.append(step().state)
        except Conflict as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(outcomes) == 2
    assert sum(outcome == "transfer_closed" or outcome == "certificate_already_issued"
               for outcome in outcomes) == 1
    still_in_a_class = first == "accept" or TransferState.CANCELLED in outcomes
    assert Enrolment.objects.filter(student=student, status=EnrolmentStatus.ACTIVE).count() == still_in_a_class
