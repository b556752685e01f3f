"""Attendance pages of the staff: a teacher's sessions of the day and the roll call of one (works offline: its
script keeps a queue of marks in the browser and a service worker keeps the page), and the administration's
daily grid per class, a student's month with the justification of each absence, and behaviour entries.

Every row comes from the scopes (a lesson, an absence, a student outside them is a 404); every write goes
through massar.attendance.services, which decides who may act."""

import datetime
import json
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from massar.access.gates import MemberRequest, roles_required, signed_in
from massar.attendance import selectors, services
from massar.attendance.models import AttendancePolicy, BehaviourKind, Justification
from massar.attendance.scopes import absences_visible_to, behaviour_visible_to
from massar.core.dates import month_name
from massar.core.errors import DomainError, Invalid, Refused
from massar.core.roles import Role
from massar.schools.scopes import classes_visible_to
from massar.students.models import Enrolment, EnrolmentStatus
from massar.students.scopes import students_visible_to
from massar.timetable.models import Lesson
from massar.timetable.scopes import lessons_visible_to
from massar.timetable.selectors import school_slots, slot_times, teacher_lessons_on

from ..errors import domain_errors_as_pages

teacher_only = roles_required(Role.TEACHER)
school_admin_only = roles_required(Role.SCHOOL_ADMIN)
SERVICE_WORKER = Path(__file__).resolve().parent.parent / "static" / "attendance" / "service-worker.js"


def _date(text: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return default


# --- The teacher ------------------------------------------------------------------------------------------


@require_safe
@teacher_only
def teacher_sessions(request: MemberRequest) -> HttpResponse:
    """Today's sessions of the teacher, each a link to its roll call."""
    today = services.today()
    lessons = teacher_lessons_on(teacher_id=request.user.staff_member_id or 0, day=today)
    sessions = [(lesson, slot_times(lesson)) for lesson in lessons]
    return render(request, "portals/attendance/teacher_sessions.html", {"sessions": sessions, "today": today})


def _session(request: MemberRequest, lesson_id: int, on: str) -> tuple[Lesson, datetime.date]:
    lesson = get_object_or_404(lessons_visible_to(request.user).select_related("school_class", "subject"),
                               pk=lesson_id)
    try:
        day = datetime.date.fromisoformat(on)
    except ValueError:
        raise Http404 from None
    return lesson, day


@require_safe
@teacher_only
@domain_errors_as_pages
def teacher_roll_call(request: MemberRequest, lesson_id: int, on: str) -> HttpResponse:
    """The class list of one session: everyone present, a tap for absent, another for late."""
    lesson, day = _session(request, lesson_id, on)
    services.session_check(actor=request.user, lesson=lesson, on=day)
    students = services.class_students_on(lesson=lesson, on=day)
    marks = selectors.session_marks(school_class_id=lesson.school_class_id, on=day, slot=lesson.slot)
    rows = [(student, marks.get(student.pk)) for student in students]
    return render(request, "portals/attendance/roll_call.html", {
        "lesson": lesson, "day": day, "rows": rows, "slot": slot_times(lesson),
        "queue_name": f"massar-roll-call:{lesson.pk}:{day.isoformat()}"})


@require_POST
@teacher_only
def teacher_roll_call_marks(request: MemberRequest, lesson_id: int, on: str) -> HttpResponseBase:
    """The page's queue of marks, as JSON `{"marks": [{"student", "status", "minutes", "key"}]}`; answers what
    was recorded and what had already been received. Nothing is written when one mark is refused."""
    lesson, day = _session(request, lesson_id, on)
    try:
        body = json.loads(request.body or b"{}")
        marks = [services.MarkIn(student=str(m["student"]), status=str(m["status"]), key=str(m["key"]),
                                 minutes=int(m["minutes"]) if m.get("minutes") not in (None, "") else None)
                 for m in body["marks"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        return JsonResponse({"detail": _("The marks could not be read."), "code": "bad_request"}, status=400)
    try:
        result = services.roll_call_submit(actor=request.user, lesson=lesson, on=day, marks=marks)
    except Refused as refused:
        return JsonResponse({"detail": str(refused.message), "code": refused.code}, status=403)
    except Invalid as invalid:
        return JsonResponse({"detail": str(invalid.message), "code": invalid.code}, status=400)
    return JsonResponse({"recorded": result.recorded, "replayed": result.replayed})


@require_safe
@never_cache
def attendance_service_worker(request) -> HttpResponse:
    """The service worker of the roll call pages, served under /teacher/attendance/ so that it may keep them
    (a worker's reach is the folder it is served from). Public: it holds no data."""
    response = HttpResponse(SERVICE_WORKER.read_text(encoding="utf-8"), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/teacher/attendance/"
    return response


# --- The administration -----------------------------------------------------------------------------------


@require_safe
@school_admin_only
def staff_attendance_day(request: MemberRequest) -> HttpResponse:
    """One class's day: its students by slot, each absence or lateness marked."""
    day = _date(request.GET.get("date"), timezone.localdate())
    classes = list(classes_visible_to(request.user).filter(school_year__starts_on__lte=day,
                                                           school_year__ends_on__gte=day).order_by("code"))
    if not classes:
        classes = list(classes_visible_to(request.user).filter(school_year__is_current=True).order_by("code"))
    chosen = next((c for c in classes if str(c.pk) == request.GET.get("class", "")), classes[0] if classes else None)
    grid: list = []
    slots: list = []
    if chosen is not None:
        slots = school_slots(school_id=chosen.school_id, school_year_id=chosen.school_year_id)
        cells = selectors.class_day(absences=absences_visible_to(request.user), school_class=chosen, on=day)
        students = [e.student for e in Enrolment.objects.filter(school_class=chosen, status=EnrolmentStatus.ACTIVE)
                    .select_related("student").order_by("student__last_name_latin", "student__first_name_latin")]
        grid = [(student, [cells.get((student.pk, slot.number)) for slot in slots]) for student in students]
    staff = request.user.staff_member
    policy = AttendancePolicy.objects.filter(school_id=staff.school_id).first() if staff and staff.school_id else None
    return render(request, "portals/attendance/staff_day.html", {
        "day": day, "classes": classes, "chosen": chosen, "slots": slots, "grid": grid,
        "other_days": bool(policy and policy.teachers_mark_other_days),
        "previous": day - datetime.timedelta(days=1), "next": day + datetime.timedelta(days=1)})


@require_POST
@school_admin_only
def staff_attendance_policy(request: MemberRequest) -> HttpResponseBase:
    """Allow the school's teachers to mark sessions of other days than today, or stop allowing it."""
    services.attendance_policy_set(actor=request.user,
                                   teachers_mark_other_days=request.POST.get("other_days") == "on")
    messages.success(request, _("Saved."))
    return redirect("portals:attendance_staff_day")


def _month(text: str | None) -> datetime.date:
    try:
        return datetime.datetime.strptime(text or "", "%Y-%m").date().replace(day=1)
    except ValueError:
        return timezone.localdate().replace(day=1)


@require_safe
@school_admin_only
def staff_attendance_student(request: MemberRequest, massar_code: str) -> HttpResponse:
    """A student's month: each absence with its cause and decision, the semester totals, behaviour entries."""
    student = get_object_or_404(students_visible_to(request.user), massar_code=massar_code)
    month = _month(request.GET.get("month"))
    end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    absences = selectors.student_absences(absences=absences_visible_to(request.user), student=student,
                                          start=month, end=end)
    enrolment = (Enrolment.objects.filter(student=student).select_related("school_class")
                 .order_by("-school_year__starts_on").first())
    totals = (selectors.student_semester_totals(student=student, school_year_id=enrolment.school_year_id)
              if enrolment else [])
    return render(request, "portals/attendance/staff_student.html", {
        "student": student, "month": month, "month_label": f"{month_name(month.month)} {month.year}",
        "absences": absences, "totals": totals,
        "previous": (month - datetime.timedelta(days=1)).replace(day=1), "next": end + datetime.timedelta(days=1),
        "justifications": Justification.choices, "kinds": BehaviourKind.choices,
        "behaviour": selectors.student_behaviour(entries=behaviour_visible_to(request.user), student=student),
        "today": timezone.localdate()})


@require_POST
@school_admin_only
def staff_absence_decide(request: MemberRequest, absence_id: int) -> HttpResponseBase:
    absence = get_object_or_404(absences_visible_to(request.user).select_related("student"), pk=absence_id)
    try:
        services.absence_decide(actor=request.user, absence=absence,
                                justification=request.POST.get("justification", ""),
                                cause=request.POST.get("cause", ""), note=request.POST.get("note", ""),
                                document=request.FILES.get("document"))
    except DomainError as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(request, _("Saved."))
    return redirect(f"{_student_page(absence.student.massar_code)}?month={absence.date:%Y-%m}")


def _student_page(code: str) -> str:
    return reverse("portals:attendance_staff_student", kwargs={"massar_code": code})


@require_POST
@school_admin_only
def staff_behaviour_add(request: MemberRequest, massar_code: str) -> HttpResponseBase:
    student = get_object_or_404(students_visible_to(request.user), massar_code=massar_code)
    try:
        services.behaviour_record(actor=request.user, student=student, kind=request.POST.get("kind", ""),
                                  on=_date(request.POST.get("date"), timezone.localdate()),
                                  text=request.POST.get("text", ""))
    except DomainError as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(request, _("Saved."))
    return redirect(_student_page(student.massar_code))


@require_safe
@signed_in
def absence_document(request: MemberRequest, absence_id: int) -> HttpResponseBase:
    """A justification's scanned document (often a medical certificate), to the student, their parents and the
    administration that sees the absence; a 404 for anyone else (teachers included), and when there is none."""
    absence = get_object_or_404(absences_visible_to(request.user), pk=absence_id)
    if not absence.document or request.user.role == Role.TEACHER:
        raise Http404
    response = FileResponse(absence.document.open("rb"), content_type=absence.document_type or "application/pdf",
                            as_attachment=False)
    response["Content-Disposition"] = f'inline; filename="justification-{absence.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response




def student_file_attendance(viewer, student) -> dict:
    """The context of the staff student file's attendance section (portals/attendance/student_file_section.html):
    the semester totals of the student's latest year, and a link to their month for the school's administration."""
    enrolment = Enrolment.objects.filter(student=student).order_by("-school_year__starts_on").first()
    if enrolment is None:
        return {"attendance_totals": None, "attendance_link": False}
    return {"attendance_totals": selectors.student_semester_totals(student=student,
                                                                   school_year_id=enrolment.school_year_id),
            "attendance_link": viewer.role == Role.SCHOOL_ADMIN}
