"""The timetable API for the mobile apps: `GET /me/timetable` (a student's class week, a teacher's own week),
`GET /children/{code}/timetable` (a parent's child), the homework due this week (`/me/homework`,
`/children/{code}/homework`) and the school year's calendar (`/me/calendar` for a student or a teacher,
`/children/{code}/calendar`). Rows come from the scopes; a code outside them is a 404."""

import datetime
from typing import Any

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

from .calendar import YearCalendar, student_calendar, teacher_calendar
from .error_codes import TimetableErrorCode
from .schemas import CalendarDateOut, CalendarOut, HomeworkListOut, HomeworkOut, LessonOut, WeekOut
from .scopes import lesson_logs_visible_to, lessons_visible_to
from .selectors import HOMEWORK_DAYS, Week, class_week, current_enrolment, homework_due, teacher_week, year_of

router = Router(tags=["timetable"])
RESPONSES = {200: WeekOut, 401: ApiError, 403: ApiError, 404: ApiError}
HOMEWORK_RESPONSES = {200: HomeworkListOut, 401: ApiError, 403: ApiError, 404: ApiError}
CALENDAR_RESPONSES = {200: CalendarOut, 401: ApiError, 403: ApiError, 404: ApiError}
NOT_A_STUDENT = _("Only a student's or a teacher's account has a timetable of its own.")
NOT_A_PARENT = _("Only a parent's account sees children's timetables.")
ONLY_STUDENTS = _("Only a student's account has homework of its own.")
NO_SUCH_CHILD = _("You have no linked child with this code.")


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
        raise NotFound(TimetableErrorCode.NOT_FOUND, NO_SUCH_CHILD)
    return student_week(viewer=caller, student=child)


def _child_of(request: HttpRequest, code: str) -> tuple[Any, Student]:
    caller = api_caller_in(request, {Role.PARENT}, code=TimetableErrorCode.NOT_A_PARENT, message=NOT_A_PARENT)
    child = students_visible_to(caller).filter(massar_code=code.strip().upper()[:10]).first()
    if child is None:
        raise NotFound(TimetableErrorCode.NOT_FOUND, NO_SUCH_CHILD)
    return caller, child


def homework_out(*, viewer: Any, student: Student) -> HomeworkListOut:
    today = timezone.localdate()
    enrolment = current_enrolment(student)
    rows = homework_due(student=student, logs=lesson_logs_visible_to(viewer), today=today)
    return HomeworkListOut(
        massar_code=student.massar_code, class_code=enrolment.school_class.code if enrolment else None,
        from_date=today, to_date=today + datetime.timedelta(days=HOMEWORK_DAYS - 1),
        homework=[HomeworkOut(due_on=log.homework_due_on, subject=log.subject.code, subject_name=log.subject.name,
                              homework=log.homework, given_on=log.date, teacher=log.lesson.teacher.full_name)
                  for log in rows if log.homework_due_on is not None])


@router.get("/me/homework", response=HOMEWORK_RESPONSES, summary="My homework due this week")
def me_homework(request: HttpRequest) -> HomeworkListOut:
    """The homework of the student's class due from today to six days ahead, soonest first. 403
    `not_a_student` for other accounts."""
    caller = api_caller_in(request, {Role.STUDENT}, code=TimetableErrorCode.NOT_A_STUDENT, message=ONLY_STUDENTS)
    if caller.student is None:
        raise Refused(TimetableErrorCode.NOT_A_STUDENT, ONLY_STUDENTS)
    return homework_out(viewer=caller, student=caller.student)


@router.get("/children/{code}/homework", response=HOMEWORK_RESPONSES, summary="A child's homework due this week")
def child_homework(request: HttpRequest, code: str) -> HomeworkListOut:
    """The homework due this week of one of the parent's linked children. Another code is a 404 `not_found`;
    403 `not_a_parent` for other accounts."""
    caller, child = _child_of(request, code)
    return homework_out(viewer=caller, student=child)


def calendar_out(calendar: YearCalendar | None, *, student: Student | None) -> CalendarOut:
    return CalendarOut(
        massar_code=student.massar_code if student else None,
        school_year=calendar.school_year.label if calendar else None,
        dates=[CalendarDateOut(kind=d.kind, name=d.name, starts_on=d.starts_on, ends_on=d.ends_on)
               for d in (calendar.dates if calendar else [])])


@router.get("/me/calendar", response=CALENDAR_RESPONSES, summary="My school year's calendar")
def me_calendar(request: HttpRequest) -> CalendarOut:
    """The calendar of the year: semesters, holidays, public holidays, the exams of the student's level (a
    teacher: of the levels they teach) with the day their results are expected. 403 `not_a_student` for
    accounts other than a student's or a teacher's."""
    caller = api_caller_in(request, {Role.STUDENT, Role.TEACHER}, code=TimetableErrorCode.NOT_A_STUDENT,
                           message=NOT_A_STUDENT)
    if caller.role == Role.TEACHER:
        teacher = caller.staff_member
        calendar = teacher_calendar(teacher=teacher, today=timezone.localdate()) if teacher is not None else None
        return calendar_out(calendar, student=None)
    if caller.student is None:
        raise Refused(TimetableErrorCode.NOT_A_STUDENT, NOT_A_STUDENT)
    return calendar_out(student_calendar(student=caller.student), student=caller.student)


@router.get("/children/{code}/calendar", response=CALENDAR_RESPONSES, summary="A child's school year's calendar")
def child_calendar(request: HttpRequest, code: str) -> CalendarOut:
    """The calendar of one of the parent's linked children (their school, their level's exams). Another code
    is a 404 `not_found`; 403 `not_a_parent` for other accounts."""
    _caller, child = _child_of(request, code)
    return calendar_out(student_calendar(student=child), student=child)
