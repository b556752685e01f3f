"""The students API: `GET /children/{code}/transfers`, a parent's view of a child's transfer requests (the same
rows as the parent's transfers page, from the scope layer). Another code is a 404 (`not_found`), as if it did
not exist; a non-parent gets 403 (`not_a_parent`)."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router

from massar.access.gates import api_caller_in
from massar.core.errors import NotFound, Refused
from massar.core.roles import Role
from massar.core.schemas import ApiError

from .error_codes import StudentsErrorCode
from .models import TransferRequest
from .schemas import ChildTransfersOut, SchoolOut, TransferOut
from .scopes import students_visible_to
from .transfer_selectors import transfers_of_student

router = Router(tags=["students"])
NOT_A_PARENT = _("Only a parent's account sees children's transfers.")


def transfer_out(transfer: TransferRequest) -> TransferOut:
    return TransferOut(
        id=transfer.pk, state=transfer.state, state_label=str(transfer.get_state_display()),
        from_school=SchoolOut(code=transfer.from_school.code, name=transfer.from_school.name),
        to_school=SchoolOut(code=transfer.to_school.code, name=transfer.to_school.name),
        asked_by=transfer.asked_by, reason=transfer.reason, requested_at=transfer.requested_at,
        certificate_issued_at=transfer.certificate_issued_at,
        certificate_reference=transfer.certificate.reference if transfer.certificate else None,
        new_class=transfer.to_enrolment.school_class.code if transfer.to_enrolment else None,
        closed_at=transfer.closed_at, refusal_reason=transfer.refusal_reason or None)


@router.get("/children/{code}/transfers", response={200: ChildTransfersOut, 401: ApiError, 403: ApiError,
                                                    404: ApiError}, summary="A child's transfer requests")
def child_transfers(request: HttpRequest, code: str) -> ChildTransfersOut:
    caller = api_caller_in(request, {Role.PARENT}, code=StudentsErrorCode.NOT_A_PARENT, message=NOT_A_PARENT)
    if caller.guardian_id is None:
        raise Refused(StudentsErrorCode.NOT_A_PARENT, NOT_A_PARENT)
    child = students_visible_to(caller).filter(massar_code=code.strip().upper()[:10]).first()
    if child is None:
        raise NotFound(StudentsErrorCode.NOT_FOUND, _("You have no linked child with this code."))
    return ChildTransfersOut(massar_code=child.massar_code,
                             transfers=[transfer_out(t) for t in transfers_of_student(actor=caller, student=child)])
