"""The grades API for students and parents: `GET /me/grades` and `GET /children/{code}/grades`.

Both answer from the one semester report (selectors.student_term_rendered, on student_year_reports' read), which the student's and the
parent's pages read too: only published sheets (a student from publication, a parent from `parents_see_from`),
every figure decided with the year's rounding. A staff account calling `/me/grades` gets 403
(`not_a_student`): staff read grades through the back office, scoped to their schools; a non-parent calling
`/children/...` gets 403 too. Refusals are DomainErrors, answered by the API's one exception handler.
"""

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import Field as NinjaField
from ninja import Query, Router, Schema
from ninja.renderers import JSONRenderer

from massar.access.gates import api_caller_in
from massar.accounts.models import User
from massar.core.errors import NotFound, Refused
from massar.core.roles import Role
from massar.core.schemas import ApiError, ValidationErrorOut
from massar.students.models import Student
from massar.students.scopes import students_visible_to

from .error_codes import GradesErrorCode
from .schemas import GeneralOut, GradesOut, MarkOut, SubjectGradesOut
from .selectors import MarkCell, SemesterReport, StudentYear, student_term_rendered

router = Router(tags=["grades"])
# The API's renderer (config/api.py keeps Ninja's): the kept answer is written as every other answer.
RENDERER = JSONRenderer()

RESPONSES = {200: GradesOut, 401: ApiError, 403: ApiError, 404: ApiError, 422: ValidationErrorOut}
NOT_A_STUDENT = _("Only a student's account has grades of its own.")
NOT_A_PARENT = _("Only a parent's account sees children's grades.")
OUT_OF_DATE = _("A grade rule changed: the general average returns when the semester is closed again.")


class PeriodIn(Schema):
    year: str = NinjaField(pattern=r"^\d{4}/\d{4}$", description="School year, e.g. 2025/2026.",
                           examples=["2025/2026"])
    semester: int = NinjaField(ge=1, le=2, description="1 or 2.")


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _mark(cell: MarkCell) -> MarkOut:
    return MarkOut(test=cell.slot, value=_text(cell.value), absent=cell.absent)


def grades_out(report: SemesterReport, annual_average: Decimal | None) -> GradesOut:
    """The report as the API writes it: decided figures as decimal text ("16.12")."""
    subjects = [SubjectGradesOut(
        subject=line.subject.code, name=line.subject.name, out_of=line.out_of,
        tests=[_mark(cell) for cell in line.tests],
        activities=_mark(line.activities) if line.activities else None, average=_text(line.average),
        coefficient=_text(line.coefficient),
        class_minimum=_text(line.statistics.minimum) if line.statistics else None,
        class_mean=_text(line.statistics.mean) if line.statistics else None,
        class_maximum=_text(line.statistics.maximum) if line.statistics else None,
        statistics_out_of_date=line.statistics_out_of_date) for line in report.lines]
    if report.general_available:
        general = GeneralOut(available=True, average=_text(report.general_average), rank=report.rank,
                             class_size=report.class_size, message=None, missing_subjects=[])
    else:
        message = OUT_OF_DATE if report.general_out_of_date else _("General average not yet available.")
        general = GeneralOut(available=False, average=None, rank=None, class_size=None, message=str(message),
                             missing_subjects=[subject.code for subject in report.missing])
    school_class = report.school_class
    return GradesOut(massar_code=report.student.massar_code, school_year=report.semester.school_year.label,
                     semester=report.semester.number, class_code=school_class.code if school_class else None,
                     out_of=report.out_of, results_out_of_date=report.out_of_date,
                     subjects=subjects, general=general, annual_average=_text(annual_average))


def grades_answer(*, request: HttpRequest, student: Student, viewer: User, period: PeriodIn) -> HttpResponse:
    """What `viewer` may see of `student`'s grades in `period` (published sheets only), as the API writes it:
    rendered once and kept with the report (selectors.student_term_rendered), per language (the messages)."""
    def render(year: StudentYear) -> bytes:
        body = grades_out(year.reports[0], year.annual_average).model_dump(mode="json")
        return RENDERER.render(request, body, response_status=200).encode()

    body = student_term_rendered(viewer=viewer, student=student, school_year=period.year, number=period.semester,
                                 variant=f"api:{get_language()}", render=render)
    if body is None:
        raise NotFound(GradesErrorCode.NO_SUCH_SEMESTER, _("There is no such semester."))
    return HttpResponse(body, content_type=f"{RENDERER.media_type}; charset={RENDERER.charset}")


@router.get("/me/grades", response=RESPONSES, summary="My grades for a semester")
def me_grades(request: HttpRequest, period: Query[PeriodIn]) -> HttpResponse:
    """A student's published subjects (tests, activities, average, coefficient, class min/mean/max) and the
    general average and rank when every subject is published; else `general.available` is false with the
    missing subjects. Figures are out of `out_of` (20, or 10 in primary school). After a rule change, what was
    computed with the old rule (class statistics, general average, rank, annual average) is null and
    `results_out_of_date` true until the semester is closed again. 403 `not_a_student` for other accounts
    (parents: `/children/{code}/grades`). 404 `no_such_semester`."""
    caller = api_caller_in(request, {Role.STUDENT}, code=GradesErrorCode.NOT_A_STUDENT, message=NOT_A_STUDENT)
    if caller.student is None:  # a student's account always has its student; refused as any other account
        raise Refused(GradesErrorCode.NOT_A_STUDENT, NOT_A_STUDENT)
    return grades_answer(request=request, student=caller.student, viewer=caller, period=period)


@router.get("/children/{code}/grades", response=RESPONSES, summary="A child's grades for a semester")
def child_grades(request: HttpRequest, code: str, period: Query[PeriodIn]) -> HttpResponse:
    """The same as `/me/grades`, for one of the parent's linked children, from the moment parents may see each
    sheet. Another code is a 404 (`not_found`), as if it did not exist. 403 `not_a_parent` for other accounts."""
    caller = api_caller_in(request, {Role.PARENT}, code=GradesErrorCode.NOT_A_PARENT, message=NOT_A_PARENT)
    if caller.guardian_id is None:
        raise Refused(GradesErrorCode.NOT_A_PARENT, NOT_A_PARENT)
    child = students_visible_to(caller).filter(massar_code=code.strip().upper()[:10]).first()
    if child is None:
        raise NotFound(GradesErrorCode.NOT_FOUND, _("You have no linked child with this code."))
    return grades_answer(request=request, student=child, viewer=caller, period=period)
