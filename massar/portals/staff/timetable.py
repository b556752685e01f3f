"""Timetable pages: the school administration edits each class's week (placing and removing lessons; a clash is
refused with its message), a teacher reads their own week. Slots come from the school's day (back office)."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.errors import DomainError
from massar.core.models import SchoolYear
from massar.core.roles import Role
from massar.schools.models import Subject
from massar.schools.scopes import classes_visible_to
from massar.staff.models import Position
from massar.staff.scopes import staff_visible_to
from massar.timetable import services
from massar.timetable.models import Day
from massar.timetable.scopes import lessons_editable_by
from massar.timetable.selectors import class_week, teacher_week, year_of

from ..errors import domain_errors_as_pages

school_admin_only = roles_required(Role.SCHOOL_ADMIN)


@require_safe
@school_admin_only
def staff_timetable_index(request: MemberRequest) -> HttpResponse:
    """The classes of the administrator's school this year, each a link to its week."""
    year = SchoolYear.objects.filter(is_current=True).first()
    classes = classes_visible_to(request.user).filter(school_year=year).select_related("school").order_by("code")
    return render(request, "portals/timetable/staff_index.html", {"classes": classes, "year": year})


def _class_page(request: MemberRequest, class_id: int, *, form: dict | None = None, status: int = 200
                ) -> HttpResponse:
    school_class = get_object_or_404(classes_visible_to(request.user).select_related("school", "school_year"),
                                     pk=class_id)
    week = class_week(school_class=school_class, lessons=lessons_editable_by(request.user))
    teachers = (staff_visible_to(request.user).filter(position=Position.TEACHER, school_id=school_class.school_id)
                .order_by("last_name_latin", "first_name_latin"))
    return render(request, "portals/timetable/staff_class.html", {
        "school_class": school_class, "week": week, "teachers": teachers, "days": Day.choices,
        "subjects": Subject.objects.order_by("code"), "form": form or {}}, status=status)


@require_safe
@school_admin_only
def staff_timetable_class(request: MemberRequest, class_id: int) -> HttpResponse:
    return _class_page(request, class_id)


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return 0


@require_POST
@school_admin_only
def staff_timetable_lesson_add(request: MemberRequest, class_id: int) -> HttpResponseBase:
    """Place a lesson; a clash or a bad value re-shows the page with its message and what was typed."""
    school_class = get_object_or_404(classes_visible_to(request.user), pk=class_id)
    form = {key: request.POST.get(key, "") for key in ("day", "slot", "subject", "teacher", "room")}
    subject = Subject.objects.filter(code=form["subject"]).first()
    teacher = staff_visible_to(request.user).filter(pk=_int(form["teacher"])).first()
    if subject is None or teacher is None:
        form["error"] = _("Choose a subject and a teacher.")
        return _class_page(request, class_id, form=form, status=400)
    try:
        services.lesson_place(school_class=school_class, day=_int(form["day"]), slot=_int(form["slot"]),
                              subject=subject, teacher=teacher, room=form["room"])
    except DomainError as refused:
        form["error"] = str(refused.message)
        return _class_page(request, class_id, form=form, status=409 if refused.code.endswith("busy") else 400)
    messages.success(request, _("Lesson added."))
    return redirect("portals:timetable_staff_class", class_id=class_id)


@require_POST
@school_admin_only
@domain_errors_as_pages
def staff_timetable_lesson_remove(request: MemberRequest, class_id: int, lesson_id: int) -> HttpResponseBase:
    lesson = get_object_or_404(lessons_editable_by(request.user), pk=lesson_id, school_class_id=class_id)
    services.lesson_remove(lesson=lesson)
    messages.success(request, _("Lesson removed."))
    return redirect("portals:timetable_staff_class", class_id=class_id)


@require_safe
@roles_required(Role.TEACHER)
def teacher_timetable(request: MemberRequest) -> HttpResponse:
    """The teacher's own week, across the classes they teach."""
    teacher = request.user.staff_member
    year = year_of(timezone.localdate())
    week = teacher_week(teacher=teacher, school_year=year) if teacher is not None and year is not None else None
    return render(request, "portals/timetable/week.html", {"week": week, "title": _("My timetable"),
                                                           "for_teacher": True})
