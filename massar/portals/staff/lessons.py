"""Lesson log pages of the staff: a teacher's sessions of a week (from their timetable), each with its log
written or not; the log of one session (what was done, the homework and its due date), written or changed on a
phone; the log of a class, read by its teachers and the school's administration.

Every lesson comes from the scopes (one the caller may not write is a 404); every write goes through
massar.timetable.lessons, which decides who may write and refuses bad input with a message naming the field."""

import datetime

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.errors import DomainError, Refused
from massar.core.roles import Role
from massar.schools.scopes import classes_visible_to
from massar.timetable import lessons
from massar.timetable.scopes import lesson_logs_visible_to, lessons_loggable_by
from massar.timetable.selectors import class_log, session_logs, slot_times, teacher_week, year_of

from ..errors import domain_errors_as_pages

teacher_only = roles_required(Role.TEACHER)
STAFF = (Role.TEACHER, Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER, Role.ACADEMY_OFFICER, Role.MINISTRY_OFFICER)


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


@require_safe
@teacher_only
def teacher_lessons(request: MemberRequest) -> HttpResponse:
    """The teacher's sessions of a week (Monday to Saturday; `?week=` a day of another week), by day, each a link
    to its log, marked when written or with homework."""
    today = timezone.localdate()
    day = _date(request.GET.get("week")) or today
    monday = day - datetime.timedelta(days=day.weekday())
    teacher = request.user.staff_member
    year = year_of(monday)
    week = teacher_week(teacher=teacher, school_year=year) if teacher is not None and year is not None else None
    lessons_of_week = week.lessons if week is not None else []
    days = []
    for offset in range(6):
        on = monday + datetime.timedelta(days=offset)
        todays = [lesson for lesson in lessons_of_week if lesson.day == on.isoweekday()]
        logs = session_logs(lessons=todays, on=on)
        slots = {slot.number: slot for slot in week.slots} if week is not None else {}
        days.append((on, [(lesson, slots.get(lesson.slot), logs.get(lesson.pk)) for lesson in todays]))
    return render(request, "portals/lessons/teacher_week.html", {
        "days": days, "today": today, "any_session": any(sessions for _day, sessions in days), "monday": monday,
        "previous": monday - datetime.timedelta(days=7), "next": monday + datetime.timedelta(days=7)})


def _session(request: MemberRequest, lesson_id: int, on: str):
    lesson = get_object_or_404(lessons_loggable_by(request.user).select_related("school_class", "subject", "teacher"),
                               pk=lesson_id)
    day = _date(on)
    if day is None or day.isoweekday() != lesson.day:
        raise Http404
    return lesson, day


@require_http_methods(["GET", "HEAD", "POST"])
@roles_required(Role.TEACHER, Role.SCHOOL_ADMIN)
@domain_errors_as_pages
def lesson_log_edit(request: MemberRequest, lesson_id: int, on: str) -> HttpResponseBase:
    """The log of one session: a form with what was done, the homework and its due date. A refusal re-shows the
    form with its message and what was typed."""
    lesson, day = _session(request, lesson_id, on)
    log = session_logs(lessons=[lesson], on=day).get(lesson.pk)
    form = {"content": log.content if log else "", "homework": log.homework if log else "",
            "due_on": log.homework_due_on.isoformat() if log and log.homework_due_on else ""}
    status = 200
    if request.method == "POST":
        form = {key: request.POST.get(key, "") for key in ("content", "homework", "due_on")}
        due_on = _date(form["due_on"])
        try:
            if form["due_on"].strip() and due_on is None:
                form["error"], form["error_field"] = _("The due date is not a date."), "due_on"
            else:
                lessons.lesson_log_write(actor=request.user, lesson=lesson, on=day, content=form["content"],
                                         homework=form["homework"], due_on=due_on,
                                         attachment=request.FILES.get("attachment"),
                                         attachment_remove=request.POST.get("attachment_remove") == "1")
                messages.success(request, _("Lesson log saved."))
                if request.user.role == Role.TEACHER:
                    return redirect(f"{reverse('portals:lessons_teacher')}?week={day.isoformat()}")
                return redirect("portals:lessons_class", class_id=lesson.school_class_id)
        except Refused:
            raise
        except DomainError as refused:
            field = refused.details.get("field", "")
            if refused.code in ("bad_document", "document_too_large"):
                field = "attachment"
            form["error"], form["error_field"] = str(refused.message), field
        status = 400
    return render(request, "portals/lessons/log_form.html", {
        "lesson": lesson, "day": day, "slot": slot_times(lesson), "log": log, "form": form,
        "min_due": (day + datetime.timedelta(days=1)).isoformat()}, status=status)


@require_safe
@roles_required(*STAFF)
def class_lesson_log(request: MemberRequest, class_id: int) -> HttpResponse:
    """The log of a class, newest session first: its teachers and the administration read it."""
    school_class = get_object_or_404(classes_visible_to(request.user).select_related("school", "school_year"),
                                     pk=class_id)
    logs = class_log(school_class=school_class, logs=lesson_logs_visible_to(request.user))
    return render(request, "portals/lessons/class_log.html", {"school_class": school_class, "logs": logs})


@require_safe
@roles_required(*STAFF, Role.STUDENT, Role.PARENT)
def lesson_log_attachment(request: MemberRequest, log_id: int) -> HttpResponseBase:
    """A log's attachment (a worksheet), to whoever reads the class's log; a 404 for anyone else, and when
    there is none. Served as a download of its checked type, never sniffed."""
    log = get_object_or_404(lesson_logs_visible_to(request.user), pk=log_id)
    if not log.attachment:
        raise Http404
    response = FileResponse(log.attachment.open("rb"), content_type=log.attachment_type or "application/pdf",
                            as_attachment=False)
    response["Content-Disposition"] = f'inline; filename="homework-{log.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
