"""`GET /children/{code}/transfers`: a parent follows a child's transfer; another child is a 404."""

from massar.accounts.tokens import api_token_issue
from massar.staff.models import Position
from massar.students.transfers import transfer_accept, transfer_certificate_issue, transfer_request
from massar.testing import factories as make


def bearer(account) -> dict:
    return {"authorization": f"Bearer {api_token_issue(user=account)[1]}"}


def test_a_parent_reads_where_the_transfer_stands_and_the_new_class(client, world):
    request = transfer_request(actor=world.accounts["parent"], student=world.student_a, to_school=world.other_school,
                               reason="Move")
    request = transfer_certificate_issue(actor=world.accounts["school_admin"], request=request)
    receiving = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=world.other_school))
    transfer_accept(actor=receiving, request=request, school_class=world.other_class)
    answer = client.get(f"/api/v1/children/{world.student_a.massar_code.lower()}/transfers",
                        headers=bearer(world.accounts["parent"]))
    assert answer.status_code == 200
    (transfer,) = answer.json()["transfers"]
    assert (transfer["state"], transfer["to_school"]["code"], transfer["new_class"]) == (
        "accepted", world.other_school.code, world.other_class.code)
    assert transfer["certificate_reference"] == request.certificate.reference


def test_another_child_is_not_found_and_staff_are_refused(client, world):
    other = client.get(f"/api/v1/children/{world.far_student.massar_code}/transfers",
                       headers=bearer(world.accounts["parent"]))
    assert (other.status_code, other.json()["code"]) == (404, "not_found")
    staff = client.get(f"/api/v1/children/{world.student_a.massar_code}/transfers",
                       headers=bearer(world.accounts["school_admin"]))
    assert (staff.status_code, staff.json()["code"]) == (403, "not_a_parent")
