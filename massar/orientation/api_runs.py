"""The orientation result API: a student's (a parent's child's) published orientation with its explanation —
the same read as the pages (results.student_orientation_result). Nothing before publication: `result` is
null until the council publishes."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from massar.access.gates import api_caller_in
from massar.core.errors import NotFound, Refused
from massar.core.roles import Role
from massar.core.schemas import ApiError
from massar.students.models import Student
from massar.students.scopes import students_visible_to

from .results import OrientationResult, student_orientation_result
from .run_errors import RunErrorCode

router = Router(tags=["orientation"])

NOT_A_STUDENT = _("Only a student's account has an orientation result of its own.")
NOT_A_PARENT = _("Only a parent's account sees children's orientation results.")


class OfferOut(Schema):
    school: str = Field(description="The school's code.")
    school_name: str
    stream: str = Field(description="The stream's code (e.g. SM).")
    stream_name: str


class WishOut(Schema):
    rank: int
    offer: OfferOut
    score: str | None = Field(description="The student's score for the stream; null: none, the wish was skipped.")
    capacity: int | None = Field(description="Places of the offer (given for the wishes ranked above the outcome).")
    cutoff: str | None = Field(description="The last admitted score; null when the offer was not full.")
    outcome: str = Field(description="above (ranked above the outcome: every place went to a higher score, or an "
                                     "equal one with a better tie-break), given, below, or skipped (no score).")


class ResultOut(Schema):
    window: str = Field(description="The orientation point (after_3ac, after_tc, after_1bac, reorientation).")
    school_year: str
    published_at: str
    stream: OfferOut | None = Field(description="The council's decision; null: no stream.")
    overridden: bool = Field(description="The council changed the assignment's pre-selection.")
    override_reason: str = Field(description="Why, when it did (empty otherwise).")
    proposed: OfferOut | None = Field(description="What the assignment had given.")
    general_average: str | None = Field(description="The first tie-break.")
    tiebreak: int = Field(description="The published random number drawn from the run's seed (second tie-break).")
    wishes: list[WishOut]


class OrientationResultOut(Schema):
    massar_code: str
    result: ResultOut | None = Field(description="Null until the orientation is published.")


def _offer(offer) -> dict | None:  # type: ignore[no-untyped-def]
    if offer is None:
        return None
    return {"school": offer.school.code, "school_name": offer.school.name, "stream": offer.stream.code,
            "stream_name": offer.stream.name}


def _result(result: OrientationResult | None) -> dict | None:
    if result is None:
        return None
    return {"window": result.run.window.point, "school_year": result.run.window.school_year.label,
            "published_at": result.run.published_at.isoformat() if result.run.published_at else "",
            "stream": _offer(result.decided), "overridden": result.overridden,
            "override_reason": result.override_reason, "proposed": _offer(result.proposed),
            "general_average": (None if result.assignment.general_average is None
                                else str(result.assignment.general_average)),
            "tiebreak": result.assignment.tiebreak,
            "wishes": [{"rank": w.rank, "offer": _offer(w.offer), "score": None if w.score is None else str(w.score),
                        "capacity": w.capacity, "cutoff": None if w.cutoff is None else str(w.cutoff),
                        "outcome": w.outcome} for w in result.wishes]}


def _answer(viewer, student: Student) -> OrientationResultOut:  # type: ignore[no-untyped-def]
    return OrientationResultOut.model_validate({
        "massar_code": student.massar_code,
        "result": _result(student_orientation_result(viewer=viewer, student=student))})


RESULT = {200: OrientationResultOut, 401: ApiError, 403: ApiError, 404: ApiError}


@router.get("/me/orientation/result", response=RESULT, summary="My orientation result")
def me_orientation_result(request: HttpRequest) -> OrientationResultOut:
    """The student's published orientation with its explanation; `result` null before publication.
    403 `not_a_student`."""
    caller = api_caller_in(request, {Role.STUDENT}, code=RunErrorCode.NOT_A_STUDENT, message=NOT_A_STUDENT)
    if caller.student is None:
        raise Refused(RunErrorCode.NOT_A_STUDENT, NOT_A_STUDENT)
    return _answer(caller, caller.student)


@router.get("/children/{code}/orientation/result", response=RESULT, summary="A child's orientation result")
def child_orientation_result(request: HttpRequest, code: str) -> OrientationResultOut:
    """The same as `/me/orientation/result` for one of the parent's linked children; another code is a 404
    (`not_found`). 403 `not_a_parent` for other accounts."""
    caller = api_caller_in(request, {Role.PARENT}, code=RunErrorCode.NOT_A_PARENT, message=NOT_A_PARENT)
    if caller.guardian_id is None:
        raise Refused(RunErrorCode.NOT_A_PARENT, NOT_A_PARENT)
    child = students_visible_to(caller).filter(massar_code=code.strip().upper()[:10]).first()
    if child is None:
        raise NotFound(RunErrorCode.NOT_FOUND, _("You have no linked child with this code."))
    return _answer(caller, child)
