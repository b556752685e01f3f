"""A parent's children's homework (due this week) and their school year's calendars."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.roles import Role
from massar.students.scopes import students_visible_to
from massar.timetable.calendar import student_calendar
from massar.timetable.selectors import HOMEWORK_DAYS

from ..student.homework import calendar_entry, homework_of


def _children(request: MemberRequest):
    return students_visible_to(request.user).order_by("birth_date", "massar_code")


@require_safe
@roles_required(Role.PARENT)
def children_homework(request: MemberRequest) -> HttpResponse:
    """Each linked child's homework due this week."""
    children = [homework_of(request.user, child) for child in _children(request)]
    return render(request, "portals/lessons/homework.html", {"children": children, "as_parent": True,
                                                             "homework_days": HOMEWORK_DAYS})


@require_safe
@roles_required(Role.PARENT)
def child_homework(request: MemberRequest, massar_code: str) -> HttpResponse:
    child = get_object_or_404(students_visible_to(request.user), massar_code=massar_code)
    return render(request, "portals/lessons/homework.html",
                  {"children": [homework_of(request.user, child)], "as_parent": True, "one_child": True,
                   "homework_days": HOMEWORK_DAYS})


@require_safe
@roles_required(Role.PARENT)
def children_calendar(request: MemberRequest) -> HttpResponse:
    """The calendar of each child's school and level (one when they share it)."""
    calendars, seen, today = [], set(), timezone.localdate()
    for child in _children(request):
        calendar = student_calendar(student=child)
        key = tuple(calendar.dates) if calendar is not None else None
        if key in seen:
            continue
        seen.add(key)
        calendars.append(calendar_entry(child, calendar, today))
    return render(request, "portals/lessons/calendar.html",
                  {"calendars": calendars, "today": today, "as_parent": True})
