"""The attendance API for the mobile apps.

Families: `GET /me/attendance`, `GET /children/{code}/attendance` (the semester totals from
`selectors.student_absence_totals` and the year's absences), `GET /me/behaviour`, `GET /children/{code}/behaviour`.
Teachers: `GET /attendance/sessions?date=` (their sessions of a day), `GET /attendance/sessions/{lesson_id}/{date}`
(the class list with its marks) and `POST .../marks` (marks, each with an idempotency key: a replayed queue
records nothing twice). Rows come from the scopes; a lesson or a code outside them is a 404."""

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema

from massar.access.gates import api_caller_in
from massar.accounts.models import User
from massar.core.errors import NotFound
from massar.core.roles import Role
from massar.core.schemas import ApiError, ValidationErrorOut
from massar.students.models import Enrolment, Student
from massar.students.scopes import students_visible_to
from massar.timetable.models import Lesson
from massar.timetable.scopes import lessons_visible_to
from massar.timetable.selectors import teacher_lessons_on

from . import selectors, services
from .error_codes import AttendanceErrorCode
from .schemas import (
    AbsenceOut,
    AttendanceOut,
    BehaviourOut,
    MarksIn,
    MarksOut,
    RollCallOut,
    SessionOut,
    StudentMarkOut,
    TotalsOut,
)
from .scopes import absences_visible_to, behaviour_visible_to

router = Router(tags=["attendance"])
FAMILY = {401: ApiError, 403: ApiError, 404: ApiError}
NOT_A_STUDENT = _("Only a student's account has attendance of its own.")
NOT_A_PARENT = _("Only a parent's account sees children's attendance.")
NOT_A_TEACHER = _("Only a teacher takes attendance.")


def _student(caller: User) -> Student:
    if caller.student is None:
        raise NotFound(AttendanceErrorCode.NOT_FOUND, NOT_A_STUDENT)
    return caller.student


def _child(caller: User, code: str) -> Student:
    child = students_visible_to(caller).filter(massar_code=code.strip().upper()[:10]).first()
    if child is None:
        raise NotFound(AttendanceErrorCode.NOT_FOUND, _("You have no linked child with this code."))
    return child


def attendance_out(*, viewer: User, student: Student) -> AttendanceOut:
    enrolment = (Enrolment.objects.filter(student=student).select_related("school_class__school_year")
                 .order_by("-school_year__starts_on").first())
    if enrolment is None:
        return AttendanceOut(massar_code=student.massar_code, school_year=None, totals=[], absences=[])
    year = enrolment.school_class.school_year
    totals = [TotalsOut(semester=semester.number, justified=t.justified, unjustified=t.unjustified,
                        lateness=t.lateness, minutes_late=t.minutes_late)
              for semester, t in selectors.student_semester_totals(student=student, school_year_id=year.pk)]
    absences = [AbsenceOut(date=a.date, slot=a.slot, kind=a.kind, minutes_late=a.minutes_late,
                           justification=a.justification, cause=a.cause, note=a.note, has_document=bool(a.document))
                for a in selectors.student_absences(absences=absences_visible_to(viewer), student=student,
                                                    start=year.starts_on, end=year.ends_on)]
    return AttendanceOut(massar_code=student.massar_code, school_year=year.label, totals=totals, absences=absences)


def behaviour_out(*, viewer: User, student: Student) -> list[BehaviourOut]:
    return [BehaviourOut(date=e.date, kind=e.kind, text=e.text, author=e.author.full_name)
            for e in selectors.student_behaviour(entries=behaviour_visible_to(viewer), student=student)]


def _as_student(request: HttpRequest) -> User:
    return api_caller_in(request, {Role.STUDENT}, code=AttendanceErrorCode.NOT_A_STUDENT, message=NOT_A_STUDENT)


def _as_parent(request: HttpRequest) -> User:
    return api_caller_in(request, {Role.PARENT}, code=AttendanceErrorCode.NOT_A_PARENT, message=NOT_A_PARENT)


def _as_teacher(request: HttpRequest) -> User:
    return api_caller_in(request, {Role.TEACHER}, code=AttendanceErrorCode.NOT_A_TEACHER, message=NOT_A_TEACHER)


@router.get("/me/attendance", response={200: AttendanceOut, **FAMILY}, summary="My absences and totals")
def me_attendance(request: HttpRequest) -> AttendanceOut:
    """The year's absences and lateness, and the totals per semester (justified, unjustified, lateness).
    403 `not_a_student` for other accounts."""
    caller = _as_student(request)
    return attendance_out(viewer=caller, student=_student(caller))


@router.get("/children/{code}/attendance", response={200: AttendanceOut, **FAMILY},
            summary="A child's absences and totals")
def child_attendance(request: HttpRequest, code: str) -> AttendanceOut:
    """As `/me/attendance`, for a linked child; another code is a 404. 403 `not_a_parent` for others."""
    caller = _as_parent(request)
    return attendance_out(viewer=caller, student=_child(caller, code))


@router.get("/me/behaviour", response={200: list[BehaviourOut], **FAMILY}, summary="My behaviour entries")
def me_behaviour(request: HttpRequest) -> list[BehaviourOut]:
    """Notes, warnings and sanctions, newest first. 403 `not_a_student` for other accounts."""
    caller = _as_student(request)
    return behaviour_out(viewer=caller, student=_student(caller))


@router.get("/children/{code}/behaviour", response={200: list[BehaviourOut], **FAMILY},
            summary="A child's behaviour entries")
def child_behaviour(request: HttpRequest, code: str) -> list[BehaviourOut]:
    """As `/me/behaviour`, for a linked child; another code is a 404. 403 `not_a_parent` for others."""
    caller = _as_parent(request)
    return behaviour_out(viewer=caller, student=_child(caller, code))


class DayIn(Schema):
    date: datetime.date | None = None


def _session_out(lesson: Lesson, day: datetime.date) -> SessionOut:
    return SessionOut(lesson_id=lesson.pk, date=day, slot=lesson.slot, class_code=lesson.school_class.code,
                      subject=lesson.subject.code, room=lesson.room)


@router.get("/attendance/sessions", response={200: list[SessionOut], 401: ApiError, 403: ApiError,
                                              422: ValidationErrorOut}, summary="My sessions of a day")
def teacher_sessions(request: HttpRequest, day: Query[DayIn]) -> list[SessionOut]:
    """The sessions the teacher teaches on `date` (default today). 403 `not_a_teacher` for other accounts."""
    caller = _as_teacher(request)
    on = day.date or services.today()
    return [_session_out(lesson, on) for lesson in teacher_lessons_on(teacher_id=caller.staff_member_id or 0, day=on)]


def _lesson(caller: User, lesson_id: int) -> Lesson:
    lesson = (lessons_visible_to(caller).filter(pk=lesson_id, teacher_id=caller.staff_member_id)
              .select_related("school_class", "subject").first())
    if lesson is None:
        raise NotFound(AttendanceErrorCode.NOT_FOUND, _("You teach no such session."))
    return lesson


@router.get("/attendance/sessions/{lesson_id}/{date}", response={200: RollCallOut, 400: ApiError, 401: ApiError,
                                                                 403: ApiError, 404: ApiError,
                                                                 422: ValidationErrorOut},
            summary="A session's class list and marks")
def roll_call(request: HttpRequest, lesson_id: int, date: datetime.date) -> RollCallOut:
    """The class list of one of the teacher's sessions, everyone `present` unless marked. 403 `not_today` for a
    session of another day (unless the school allows), 404 for a lesson that is not the teacher's."""
    caller = _as_teacher(request)
    lesson = _lesson(caller, lesson_id)
    services.session_check(actor=caller, lesson=lesson, on=date)
    marks = selectors.session_marks(school_class_id=lesson.school_class_id, on=date, slot=lesson.slot)
    students = [StudentMarkOut(massar_code=s.massar_code, name=s.full_name,
                               status=marks[s.pk].kind if s.pk in marks else "present",
                               minutes_late=marks[s.pk].minutes_late if s.pk in marks else None)
                for s in services.class_students_on(lesson=lesson, on=date)]
    return RollCallOut(session=_session_out(lesson, date), students=students)


@router.post("/attendance/sessions/{lesson_id}/{date}/marks", response={200: MarksOut, 400: ApiError, 401: ApiError,
                                                                       403: ApiError, 404: ApiError,
                                                                       422: ValidationErrorOut},
             summary="Send marks of a session")
def roll_call_marks(request: HttpRequest, lesson_id: int, date: datetime.date, body: MarksIn) -> MarksOut:
    """Marks of one session (present, absent, late with minutes), each with its idempotency `key`: a key already
    received is skipped (`replayed`), so a queue sent twice records nothing twice. All-or-nothing: 400 with the
    code of the first refused mark (`not_in_class`, `bad_minutes`, `bad_key`, `key_reused`) and nothing written.
    403 `not_today`, 400 `wrong_day`; 404 for a lesson that is not the teacher's."""
    caller = _as_teacher(request)
    lesson = _lesson(caller, lesson_id)
    result = services.roll_call_submit(actor=caller, lesson=lesson, on=date, marks=[
        services.MarkIn(student=m.student, status=m.status, minutes=m.minutes, key=m.key) for m in body.marks])
    return MarksOut(recorded=result.recorded, replayed=result.replayed)
