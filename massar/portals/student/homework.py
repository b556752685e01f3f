"""The student's homework (due this week, from their class's lesson log) and the school year's calendar."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.accounts.models import User
from massar.core.roles import Role
from massar.students.models import Student
from massar.timetable.calendar import YearCalendar, student_calendar, teacher_calendar
from massar.timetable.scopes import lesson_logs_visible_to
from massar.timetable.selectors import HOMEWORK_DAYS, current_enrolment, homework_due


def homework_of(viewer: User, student: Student) -> dict:
    """What a homework page shows of `student`, as `viewer` sees it."""
    today = timezone.localdate()
    return {"student": student, "enrolment": current_enrolment(student), "today": today, "days": HOMEWORK_DAYS,
            "homework": homework_due(student=student, logs=lesson_logs_visible_to(viewer), today=today)}


@require_safe
@roles_required(Role.STUDENT)
def my_homework(request: MemberRequest) -> HttpResponse:
    student = request.user.student
    if student is None:
        raise Http404
    return render(request, "portals/lessons/homework.html", {"children": [homework_of(request.user, student)],
                                                             "homework_days": HOMEWORK_DAYS})


@require_safe
@roles_required(Role.STUDENT, Role.TEACHER)
def my_calendar(request: MemberRequest) -> HttpResponse:
    """A student's calendar (their class's year, school and level) or a teacher's (their school's)."""
    today = timezone.localdate()
    if request.user.role == Role.TEACHER:
        teacher = request.user.staff_member
        calendar = teacher_calendar(teacher=teacher, today=today) if teacher is not None else None
    else:
        if request.user.student is None:
            raise Http404
        calendar = student_calendar(student=request.user.student)
    return render(request, "portals/lessons/calendar.html",
                  {"calendars": [calendar_entry(None, calendar, today)], "today": today})


def calendar_entry(child: Student | None, calendar: YearCalendar | None, today: datetime.date) -> dict:
    return {"child": child, "calendar": calendar, "upcoming": calendar.upcoming(today) if calendar else []}
