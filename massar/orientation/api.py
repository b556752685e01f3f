"""The orientation API for the mobile apps (the wish side).

`GET /me/orientation`: the student's window (with its state), the streams open to them (capacity, formula,
their score), their ranked wishes and the receipt. `PUT /me/orientation`: rank wishes inside the window
(`{"wishes": [{"rank": 1, "offer_id": 12}, …], "version": <as read>}`); each change answers a new receipt.
`GET /children/{code}/orientation`: the same for a linked child, read-only. Everything comes from
`selectors.student_orientation`, the pages' read."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router

from massar.access.gates import api_caller_in
from massar.accounts.models import User
from massar.core.errors import NotFound
from massar.core.roles import Role
from massar.core.schemas import ApiError, ValidationErrorOut
from massar.students.models import Student
from massar.students.scopes import students_visible_to

from . import selectors, services
from .error_codes import OrientationErrorCode
from .schemas import OrientationOut, ReceiptOut, StreamOut, WeightOut, WindowOut, WishesIn, WishOut

router = Router(tags=["orientation"])
FAMILY = {401: ApiError, 403: ApiError, 404: ApiError}
NOT_A_STUDENT = _("Only a student's account ranks orientation wishes.")
NOT_A_PARENT = _("Only a parent's account sees children's orientation.")


def _figure(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def orientation_out(view: selectors.StudentOrientation) -> OrientationOut:
    window = view.window
    return OrientationOut(
        massar_code=view.student.massar_code,
        window=None if window is None else WindowOut(
            point=window.point, from_level=window.from_level.code, to_level=window.to_level.code,
            opens_at=window.opens_at, closes_at=window.closes_at, state=view.state, max_wishes=view.max_wishes,
            national=window.academy_id is None),
        streams=[StreamOut(offer_id=c.offer.pk, school_code=c.offer.school.code, school_name=c.offer.school.name,
                           stream_code=c.offer.stream.code, stream_name=c.offer.stream.name,
                           capacity=c.offer.capacity, score=_figure(c.score),
                           formula=[WeightOut(subject=w.subject_code, weight=_figure(w.weight) or "")
                                    for w in c.formula]) for c in view.choices],
        wishes=[WishOut(rank=w.rank, offer_id=w.choice.offer.pk, stream_code=w.choice.offer.stream.code,
                        school_code=w.choice.offer.school.code) for w in view.wishes],
        receipt=None if view.wish_list is None else ReceiptOut(
            number=view.wish_list.receipt, confirmed_at=view.wish_list.confirmed_at, version=view.wish_list.version),
        version=view.version)


def _student(caller: User) -> Student:
    if caller.student is None:
        raise NotFound(OrientationErrorCode.NOT_FOUND, NOT_A_STUDENT)
    return caller.student


def _as_student(request: HttpRequest) -> User:
    return api_caller_in(request, {Role.STUDENT}, code=OrientationErrorCode.NOT_A_STUDENT, message=NOT_A_STUDENT)


@router.get("/me/orientation", response={200: OrientationOut, **FAMILY}, summary="My orientation window and wishes")
def me_orientation(request: HttpRequest) -> OrientationOut:
    """The window (null when there is none), the open streams with their capacity, formula and the student's
    score, the ranked wishes and the receipt. 403 `not_a_student` for other accounts."""
    caller = _as_student(request)
    return orientation_out(selectors.student_orientation(viewer=caller, student=_student(caller)))


@router.put("/me/orientation", response={200: OrientationOut, 400: ApiError, 401: ApiError, 403: ApiError,
                                         404: ApiError, 409: ApiError, 422: ValidationErrorOut},
            summary="Rank my orientation wishes")
def me_orientation_put(request: HttpRequest, body: WishesIn) -> OrientationOut:
    """Rank wishes inside the window; answers the saved wishes with their receipt (a new one at each change).
    400: `window_not_open`, `window_closed`, `no_wishes`, `too_many_wishes`, `duplicate_wish`, `unknown_offer`,
    `ranks_not_contiguous`; 404 `no_window`; 409 `stale_wishes` (the wishes changed since `version` was read:
    read them again); 403 `not_a_student` for other accounts."""
    caller = _as_student(request)
    student = _student(caller)
    services.wishes_save(actor=caller, student=student, ranked=[(w.rank, w.offer_id) for w in body.wishes],
                         version=body.version)
    return orientation_out(selectors.student_orientation(viewer=caller, student=student))


@router.get("/children/{code}/orientation", response={200: OrientationOut, **FAMILY},
            summary="A child's orientation window and wishes")
def child_orientation(request: HttpRequest, code: str) -> OrientationOut:
    """As `GET /me/orientation`, for a linked child, read-only; another code is a 404. 403 `not_a_parent` for
    other accounts."""
    caller = api_caller_in(request, {Role.PARENT}, code=OrientationErrorCode.NOT_A_PARENT, message=NOT_A_PARENT)
    child = students_visible_to(caller).filter(massar_code=code.strip().upper()[:10]).first()
    if child is None:
        raise NotFound(OrientationErrorCode.NOT_FOUND, _("You have no linked child with this code."))
    return orientation_out(selectors.student_orientation(viewer=caller, student=child))
