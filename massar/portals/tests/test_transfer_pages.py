"""The transfer pages: a parent asks and cancels from the parent space; the origin school issues the leaving
certificate and prints it; the receiving school accepts into one of its classes or refuses with a reason."""

import pytest
from django.urls import reverse

from massar.staff.models import Position
from massar.students.models import EnrolmentStatus, TransferRequest, TransferState
from massar.testing import factories as make


@pytest.fixture
def receiving(world):
    return make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=world.other_school))


def child_page(world) -> str:
    return reverse("portals:transfers_child", kwargs={"massar_code": world.student_a.massar_code})


def test_a_parent_finds_the_school_by_name_and_asks(world, en_client):
    en_client.force_login(world.accounts["parent"])
    found = en_client.get(child_page(world), {"q": world.other_school.name_fr})
    assert found.status_code == 200 and world.other_school.code in found.content.decode()
    sent = en_client.post(child_page(world), {"to_school": world.other_school.code.lower(),
                                              "reason": "We move to Rabat"})
    assert sent.status_code == 302
    request = TransferRequest.objects.get(student=world.student_a)
    assert (request.to_school, request.requested_by) == (world.other_school, world.accounts["parent"])
    page = en_client.get(child_page(world)).content.decode()
    assert "Requested" in page and "Cancel the request" in page
    listed = en_client.get(reverse("portals:transfers_children")).content.decode()
    assert world.other_school.name_en in listed


def test_a_wrong_school_code_or_no_reason_names_the_field_and_writes_nothing(world, en_client):
    en_client.force_login(world.accounts["parent"])
    unknown = en_client.post(child_page(world), {"to_school": "NOPE", "reason": "Move"})
    assert unknown.status_code == 400 and "Choose the destination school." in unknown.content.decode()
    silent = en_client.post(child_page(world), {"to_school": world.other_school.code, "reason": " "})
    assert silent.status_code == 400 and "Give the reason." in silent.content.decode()
    assert not TransferRequest.objects.exists()


def test_a_parent_cancels_their_request(world, en_client):
    en_client.force_login(world.accounts["parent"])
    en_client.post(child_page(world), {"to_school": world.other_school.code, "reason": "Move"})
    request = TransferRequest.objects.get()
    cancel = reverse("portals:transfers_child_cancel", kwargs={"massar_code": world.student_a.massar_code,
                                                               "request_id": request.pk})
    assert en_client.post(cancel).status_code == 302
    request.refresh_from_db()
    assert request.state == TransferState.CANCELLED


def test_another_parents_request_cannot_be_cancelled_through_ones_own_child(world, en_client):
    other_parent = make.account(make.guardian(children=(world.other_student,)))
    en_client.force_login(other_parent)
    en_client.post(reverse("portals:transfers_child", kwargs={"massar_code": world.other_student.massar_code}),
                   {"to_school": world.school.code, "reason": "Move"})
    theirs = TransferRequest.objects.get()
    en_client.force_login(world.accounts["parent"])
    cancel = reverse("portals:transfers_child_cancel", kwargs={"massar_code": world.student_a.massar_code,
                                                               "request_id": theirs.pk})
    assert en_client.post(cancel).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == TransferState.REQUESTED


def test_the_two_schools_take_their_steps_from_their_lists(world, en_client, receiving):
    en_client.force_login(world.accounts["school_admin"])
    start = reverse("portals:transfers_staff_start", kwargs={"massar_code": world.student_a.massar_code})
    assert en_client.post(start, {"to_school": world.other_school.code, "reason": "Family moves"}).status_code == 302
    request = TransferRequest.objects.get()
    listed = en_client.get(reverse("portals:transfers_staff")).content.decode()
    assert world.student_a.massar_code in listed
    step = {name: reverse(f"portals:transfers_staff_{name}", kwargs={"request_id": request.pk})
            for name in ("detail", "certificate", "accept", "refuse")}
    en_client.post(step["certificate"])
    request.refresh_from_db()
    assert request.state == TransferState.CERTIFICATE_ISSUED
    page = en_client.get(step["detail"]).content.decode()
    pdf = reverse("portals:documents_staff_download", kwargs={"reference": request.certificate.reference})
    assert pdf in page
    assert en_client.get(pdf, {"lang": "fr"})["Content-Type"] == "application/pdf"

    en_client.force_login(receiving)
    incoming = en_client.get(reverse("portals:transfers_staff"), {"state": "certificate_issued"}).content.decode()
    assert world.student_a.massar_code in incoming
    assert f'value="{world.other_class.pk}"' in en_client.get(step["detail"]).content.decode()
    en_client.post(step["accept"], {"school_class": world.class_b.pk})  # not one of its classes
    request.refresh_from_db()
    assert request.state == TransferState.CERTIFICATE_ISSUED
    en_client.post(step["accept"], {"school_class": world.other_class.pk})
    request.refresh_from_db()
    assert request.state == TransferState.ACCEPTED
    assert request.to_enrolment.school_class == world.other_class
    assert request.from_enrolment.status == EnrolmentStatus.TRANSFERRED


def test_the_receiving_school_refuses_with_a_reason(world, en_client, receiving):
    en_client.force_login(world.accounts["parent"])
    en_client.post(child_page(world), {"to_school": world.other_school.code, "reason": "Move"})
    request = TransferRequest.objects.get()
    en_client.force_login(receiving)
    refuse = reverse("portals:transfers_staff_refuse", kwargs={"request_id": request.pk})
    en_client.post(refuse, {"reason": ""})
    request.refresh_from_db()
    assert request.state == TransferState.REQUESTED
    en_client.post(refuse, {"reason": "No place left in 2BAC"})
    request.refresh_from_db()
    assert (request.state, request.refusal_reason) == (TransferState.REFUSED, "No place left in 2BAC")
    en_client.force_login(world.accounts["parent"])
    assert "No place left in 2BAC" in en_client.get(child_page(world)).content.decode()


def test_a_school_outside_the_move_does_not_see_the_request(world, en_client):
    en_client.force_login(world.accounts["parent"])
    en_client.post(child_page(world), {"to_school": world.other_school.code, "reason": "Move"})
    request = TransferRequest.objects.get()
    stranger = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=world.far_school))
    en_client.force_login(stranger)
    detail = reverse("portals:transfers_staff_detail", kwargs={"request_id": request.pk})
    assert en_client.get(detail).status_code == 404
    assert en_client.post(reverse("portals:transfers_staff_certificate",
                                  kwargs={"request_id": request.pk})).status_code == 404


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_parent_page_reads_in_arabic_and_french(world, client, language):
    client.force_login(world.accounts["parent"])
    page = client.get(child_page(world), headers={"accept-language": language}).content.decode()
    assert {"ar": "طلب انتقال", "fr": "Demander un transfert"}[language] in page


def test_a_school_asks_only_for_its_students_of_this_year(world, en_client):
    en_client.force_login(world.accounts["school_admin"])
    start = reverse("portals:transfers_staff_start", kwargs={"massar_code": world.student_a.massar_code})
    en_client.post(start, {"to_school": world.other_school.code, "reason": "Move"})
    request = TransferRequest.objects.get()
    en_client.post(reverse("portals:transfers_staff_certificate", kwargs={"request_id": request.pk}))
    page = en_client.get(start).content.decode()  # the student has left: the file stays, the form does not
    assert "not enrolled in your school this year" in page and 'name="reason"' not in page
    assert en_client.post(start, {"to_school": world.far_school.code, "reason": "Again"}).status_code == 404
    assert TransferRequest.objects.count() == 1
