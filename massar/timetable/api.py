"""The timetable API for the mobile apps: `GET /me/timetable` (a student's class week, a teacher's own week) and
`GET /children/{code}/timetable` (a parent's child). Rows come from the scopes; a code outside them is a 404."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router

from massar.access.gates import api_caller_in
from massar.core.errors import NotFound, Refused
from massar.core.roles import Role
from massar.core.schemas import ApiError
from massar.students.models import Enrolment, EnrolmentStatus, Student
from massar.students.scopes import students_visible_to

from .error_codes import TimetableErrorCode
from .schemas import LessonOut, WeekOut
from .scopes import lessons_visible_to
from .selectors import Week, class_week, teacher_week, year_of

router = Router(tags=["timetable"])
RESPONSES = {200: WeekOut, 401: ApiError, 403: ApiError, 404: ApiError}
NOT_A_STUDENT = _("Only a student's or a teacher's account has a timetable of its own.")
NOT_A_PARENT = _("Only a parent's account sees children's timetables.")


def week_out(week: Week | None, *, student: Student | None, class_code: str | None) -> WeekOut:
    lessons = []
    if week is not None:
        slots = {slot.number: slot for slot in week.slots}
        lessons = [LessonOut(day=lesson.day, slot=lesson.slot,
                             starts_at=f"{slots[lesson.slot].starts_at:%H:%M}" if lesson.slot in slots else "",
                             ends_at=f"{slots[lesson.slot].ends_at:%H:%M}" if lesson.slot in slots else "",
                             subject=lesson.subject.code, subject_name=lesson.subject.name,
                             class_code=lesson.school_class.code, teacher=lesson.teacher.full_name, room=lesson.room)
                   for lesson in week.lessons]
    return WeekOut(massar_code=student.massar_code if student else None, class_code=class_code, lessons=lessons)


def student_week(*, viewer, student: Student) -> WeekOut:
    enrolment = (Enrolment.objects.filter(student=student, status=EnrolmentStatus.ACTIVE)
                 .select_related("school_class").order_by("-school_year__starts_on").first())
    if enrolment is None:
        return week_out(None, student=student, class_code=None)
    week = class_week(school_class=enrolment.school_class, lessons=lessons_visible_to(viewer))
    return week_out(week, student=student, class_code=enrolment.school_class.code)


@router.get("/me/timetable", response=RESPONSES, summary="My week")
def me_timetable(request: HttpRequest) -> WeekOut:
    """A student's class week, or a teacher's own week across their classes. 403 `not_a_student` for others."""
    caller = api_caller_in(request, {Role.STUDENT, Role.TEACHER}, code=TimetableErrorCode.NOT_A_STUDENT,
                           message=NOT_A_STUDENT)
    if caller.role == Role.TEACHER:
        year = year_of(timezone.localdate())
        if caller.staff_member is None or year is None:
            return week_out(None, student=None, class_code=None)
        return week_out(teacher_week(teacher=caller.staff_member, school_year=year), student=None, class_code=None)
    if caller.student is None:
        raise Refused(TimetableErrorCode.NOT_A_STUDENT, NOT_A_STUDENT)
    return student_week(viewer=caller, student=caller.student)


@router.get("/children/{code}/timetable", response=RESPONSES, summary="A child's week")
def child_timetable(request: HttpRequest, code: str) -> WeekOut:
    """The week of one of the parent's linked children. Another code is a 404. 403 `not_a_parent` for others."""
    caller = api_caller_in(request, {Role.PARENT}, code=TimetableErrorCode.NOT_A_PARENT, message=NOT_A_PARENT)
    child = students_visible_to(caller).filter(massar_code=code.strip().upper()[:10]).first()
    if child is None:
        raise NotFound(TimetableErrorCode.NOT_FOUND, _("You have no linked child with this code."))
    return student_week(viewer=caller, student=child)
