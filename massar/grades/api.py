"""The grades API for students and parents: `GET /me/grades` and `GET /children/{code}/grades`.

Only published sheets appear (selectors.published_sheets_q: a student from publication, a parent from
`parents_see_from`); averages, class statistics and ranks are the semester close's stored results
(massar/grades/close.py). A staff account calling `/me/grades` gets 403 (`not_a_student`): staff read grades
through the back office, scoped to their schools; a non-parent calling `/children/...` gets 403 too.
"""

from decimal import Decimal
from fractions import Fraction

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import Query, Router, Schema
from ninja.responses import Status

from massar.accounts.models import ApiToken, User
from massar.core.models import Semester
from massar.core.roles import Role
from massar.core.schemas import ApiError, ValidationErrorOut
from massar.schools.models import SubjectCoefficient
from massar.students.models import Enrolment, EnrolmentStatus, Student
from massar.students.scopes import students_visible_to

from . import calculations as calc
from .models import ACTIVITIES_SLOT, GradeSheet, Mark, SemesterResult, SheetResult, YearGradeRules
from .schemas import GeneralOut, GradesOut, MarkOut, SubjectGradesOut
from .selectors import annual_average_for, published_sheets_q, sheet_row_average, weighting_for

router = Router(tags=["grades"])

RESPONSES = {200: GradesOut, 401: ApiError, 403: ApiError, 404: ApiError, 422: ValidationErrorOut}


class PeriodIn(Schema):
    year: str = NinjaField(pattern=r"^\d{4}/\d{4}$", description="School year, e.g. 2025/2026.",
                           examples=["2025/2026"])
    semester: int = NinjaField(ge=1, le=2, description="1 or 2.")


def _caller(request: HttpRequest) -> User | None:
    auth = getattr(request, "auth", None)
    user = auth.user if isinstance(auth, ApiToken) else auth
    return user if isinstance(user, User) and user.is_active else None


def _error(status: int, code: str, detail: str) -> Status:
    return Status(status, ApiError(detail=detail, code=code))


def _shown(value: Decimal | Fraction | None, rounding: str) -> str | None:
    return None if value is None else str(calc.decide(value, rounding=rounding))


def _mark(slot: int, mark: Mark | None) -> MarkOut:
    return MarkOut(test=slot, value=None if mark is None or mark.value is None else str(mark.value),
                   absent=bool(mark and mark.absent))


def grades_for(*, student: Student, viewer: User, semester: Semester) -> GradesOut:
    """What `viewer` may see of `student`'s grades in `semester`: published sheets only."""
    rules = YearGradeRules.objects.filter(school_year_id=semester.school_year_id).first()
    rounding = rules.rounding if rules else "half_up"
    # The year's active class, else the last class of that year (a completed or left enrolment).
    enrolments = Enrolment.objects.filter(student=student, school_year_id=semester.school_year_id).select_related(
        "school_class").order_by("-enrolled_on")
    enrolment = enrolments.filter(status=EnrolmentStatus.ACTIVE).first() or enrolments.first()
    school_class = enrolment.school_class if enrolment else None
    sheets = (list(GradeSheet.objects.filter(published_sheets_q(viewer=viewer), semester=semester,
                                             school_class=school_class)
                   .select_related("subject", "school_class").order_by("subject__code"))
              if school_class else [])
    marks: dict[int, dict[int, Mark]] = {}
    for mark in Mark.objects.filter(sheet__in=sheets, student=student):
        marks.setdefault(mark.sheet_id, {})[mark.slot] = mark
    statistics = {r.sheet_id: r for r in SheetResult.objects.filter(sheet__in=sheets)}
    curriculum = {}
    if school_class:
        curriculum = {k.subject.code: k.continuous_coefficient for k in SubjectCoefficient.objects.filter(
            school_year_id=semester.school_year_id, level_id=school_class.level_id,
            stream_id=school_class.stream_id).select_related("subject")}
    subjects, with_average = [], set()
    for sheet in sheets:
        own = marks.get(sheet.pk, {})
        result = statistics.get(sheet.pk)
        average = sheet_row_average(own, sheet.tests_count,
                                    weighting_for(school_class=sheet.school_class, subject=sheet.subject))
        if average is not None:
            with_average.add(sheet.subject.code)
        coefficient = curriculum.get(sheet.subject.code)
        subjects.append(SubjectGradesOut(
            subject=sheet.subject.code, name=sheet.subject.name,
            tests=[_mark(slot, own.get(slot)) for slot in range(1, sheet.tests_count + 1)],
            activities=_mark(ACTIVITIES_SLOT, own[ACTIVITIES_SLOT]) if ACTIVITIES_SLOT in own else None,
            average=_shown(average, rounding), coefficient=str(coefficient) if coefficient is not None else None,
            class_minimum=_shown(result.class_minimum, rounding) if result else None,
            class_mean=_shown(result.class_mean, rounding) if result else None,
            class_maximum=_shown(result.class_maximum, rounding) if result else None))
    general = SemesterResult.objects.filter(semester=semester, student=student, school_class=school_class).first()
    # Missing: what the close found missing, and whatever this viewer cannot see yet (staggered publication).
    missing = sorted(set(general.missing_subjects if general else []) | (set(curriculum) - with_average))
    if general and general.general_average is not None and not missing:
        general_out = GeneralOut(available=True, average=_shown(general.general_average, rounding),
                                 rank=general.rank, class_size=general.ranked_in_class, message=None,
                                 missing_subjects=[])
    else:
        general_out = GeneralOut(available=False, average=None, rank=None, class_size=None,
                                 message=_("General average not yet available."), missing_subjects=missing)
    return GradesOut(massar_code=student.massar_code, school_year=semester.school_year.label,
                     semester=semester.number, class_code=school_class.code if school_class else None,
                     subjects=subjects, general=general_out,
                     annual_average=_shown(annual_average_for(student=student, school_year=semester.school_year,
                                                              viewer=viewer), rounding))


def _semester(period: PeriodIn) -> Semester | None:
    return (Semester.objects.filter(school_year__label=period.year, number=period.semester)
            .select_related("school_year").first())


@router.get("/me/grades", response=RESPONSES, summary="My grades for a semester")
def me_grades(request: HttpRequest, period: Query[PeriodIn]):
    """A student's published subjects (tests, activities, average, coefficient, class min/mean/max) and the
    general average and rank when every subject is published; else `general.available` is false with the
    missing subjects. 403 `not_a_student` for other accounts (parents: `/children/{code}/grades`).
    404 `no_such_semester`."""
    caller = _caller(request)
    if caller is None:
        return _error(401, "not_authenticated", _("Sign in first."))
    if caller.role != Role.STUDENT or caller.student_id is None:
        return _error(403, "not_a_student", _("Only a student's account has grades of its own."))
    semester = _semester(period)
    if semester is None:
        return _error(404, "no_such_semester", _("There is no such semester."))
    return grades_for(student=caller.student, viewer=caller, semester=semester)


@router.get("/children/{code}/grades", response=RESPONSES, summary="A child's grades for a semester")
def child_grades(request: HttpRequest, code: str, period: Query[PeriodIn]):
    """The same as `/me/grades`, for one of the parent's linked children, from the moment parents may see each
    sheet. Another code is a 404 (`not_found`), as if it did not exist. 403 `not_a_parent` for other accounts."""
    caller = _caller(request)
    if caller is None:
        return _error(401, "not_authenticated", _("Sign in first."))
    if caller.role != Role.PARENT or caller.guardian_id is None:
        return _error(403, "not_a_parent", _("Only a parent's account sees children's grades."))
    child = students_visible_to(caller).filter(massar_code=code.strip().upper()[:10]).first()
    if child is None:
        return _error(404, "not_found", _("You have no linked child with this code."))
    semester = _semester(period)
    if semester is None:
        return _error(404, "no_such_semester", _("There is no such semester."))
    return grades_for(student=child, viewer=caller, semester=semester)
