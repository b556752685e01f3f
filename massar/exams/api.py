"""The exams API: the public bac simulator, and a student's (a parent's child's) published exam results.

`POST /simulator/bac` needs no sign-in and is throttled per address (429). `GET /me/results` and
`GET /children/{code}/results` answer from the one read of a result (selectors.student_results: cached,
one indexed lookup), only for published sessions."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Router
from ninja.responses import Status

from massar.access.gates import api_caller_in, client_ip
from massar.core.errors import Invalid, NotFound, Refused
from massar.core.roles import Role
from massar.core.schemas import ApiError
from massar.students.models import Student
from massar.students.scopes import students_visible_to

from .error_codes import ExamsErrorCode
from .labels import MENTION_OFFICIAL, mention_label, result_explained
from .results_cache import results_answer_cache_key, results_keep, results_kept
from .schemas import BacSimulationIn, BacSimulationOut, ResultsOut, SimulationProblemOut
from .selectors import student_results
from .simulator import bac_simulate

router = Router(tags=["exams"])

NOT_A_STUDENT = _("Only a student's account has exam results of its own.")
NOT_A_PARENT = _("Only a parent's account sees children's exam results.")
RESULTS = {200: ResultsOut, 401: ApiError, 403: ApiError, 404: ApiError}


@router.post("/simulator/bac", auth=None, summary="Simulate a bac result",
             response={200: BacSimulationOut, 400: ApiError, 422: SimulationProblemOut, 429: ApiError})
def simulator_bac(request: HttpRequest, payload: BacSimulationIn) -> Status | BacSimulationOut:
    """The general mark, decision and mention the official computation gives for these marks (the year's
    weights, thresholds, coefficients and rounding), and the national-exam average needed for 10, 12, 14, 16."""
    try:
        simulation = bac_simulate(candidate=payload.candidate, continuous_assessment=payload.continuous_assessment,
                                  regional=payload.regional, national=payload.national, stream=payload.stream,
                                  regional_subjects=payload.regional_subjects,
                                  national_subjects=payload.national_subjects,
                                  national_unknown=payload.national is None and not payload.national_subjects,
                                  ip_address=client_ip(request))
    except Invalid as problem:
        return Status(422, SimulationProblemOut(detail=str(problem.message), code=problem.code,
                                                field=problem.details.get("field")))
    result = simulation.result
    return BacSimulationOut.model_validate({
        "average": None if result.mark is None else str(result.mark),
        "decision": None if result.decision is None else result.decision.value,
        "mention": MENTION_OFFICIAL[result.mention] if result.mention else None,
        "mention_label": mention_label(result.mention),
        "components": {c.value: None if v is None else str(v) for c, v in simulation.components.items()},
        "needed_national": {str(int(target)): None if value is None else str(value)
                            for target, value in simulation.needed.items()}})


def results_answer_body(*, massar_code: str, results: list[dict]) -> str:
    """The results API's answer (ResultsOut) for these results, in the active language: the one writing of it,
    for Django's view and for results day's lane (config/results_lane.py)."""
    return ResultsOut.model_validate({"massar_code": massar_code, "results": [
        result_explained(r) for r in results]}).model_dump_json()


def results_of(student: Student) -> HttpResponse:
    """The answer, kept as sent per student and language for as long as the results themselves are kept (results
    day's rereads cost a cache read, not a validation and a serialisation); a publication outdates both."""
    key = results_answer_cache_key(student.pk, translation.get_language() or settings.LANGUAGE_CODE)
    body, generation = results_kept(key)
    if body is None:
        body = results_answer_body(massar_code=student.massar_code, results=student_results(student=student))
        results_keep(key, body, generation)
    return HttpResponse(body, content_type="application/json")


@router.get("/me/results", response=RESULTS, summary="My exam results")
def me_results(request: HttpRequest) -> HttpResponse:
    """The student's published exam results with their explanation (each component, weight, source, what is
    missing, the subjects a second session replaced). Nothing before publication. 403 `not_a_student`."""
    caller = api_caller_in(request, {Role.STUDENT}, code=ExamsErrorCode.NOT_A_STUDENT, message=NOT_A_STUDENT)
    if caller.student is None:
        raise Refused(ExamsErrorCode.NOT_A_STUDENT, NOT_A_STUDENT)
    return results_of(caller.student)


@router.get("/children/{code}/results", response=RESULTS, summary="A child's exam results")
def child_results(request: HttpRequest, code: str) -> HttpResponse:
    """The same as `/me/results` for one of the parent's linked children; another code is a 404 (`not_found`).
    403 `not_a_parent` for other accounts."""
    caller = api_caller_in(request, {Role.PARENT}, code=ExamsErrorCode.NOT_A_PARENT, message=NOT_A_PARENT)
    if caller.guardian_id is None:
        raise Refused(ExamsErrorCode.NOT_A_PARENT, NOT_A_PARENT)
    child = students_visible_to(caller).filter(massar_code=code.strip().upper()[:10]).first()
    if child is None:
        raise NotFound(ExamsErrorCode.NOT_FOUND, _("You have no linked child with this code."))
    return results_of(child)
