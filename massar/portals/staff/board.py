"""The administration's validation board: each class's sheets by subject, and the steps after the teacher's
(send back, validate, publish a class, a level or the whole school, correct a mark, withdraw a published sheet).

Every step is asked first: a GET on the step's address shows what exactly it will do (computed by the same
selector or check the step runs), and a POST to the same address does it, then lands on a GET of the board with
a message saying what was done (post/redirect/get: reloading or switching the language never repeats a step
nor shows a bare 405). Every write goes through massar.grades.services, which decides who may act; these views
only find the rows in the caller's scope (a class outside it is a 404, whatever a form sends)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import wraps

from django.contrib import messages
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from massar.access.gates import MemberRequest, client_ip, roles_required
from massar.core.errors import Conflict, Invalid
from massar.core.models import Semester
from massar.core.numbers import fraction_text, isolate_ltr
from massar.core.roles import Role
from massar.grades import services
from massar.grades.error_codes import GradesErrorCode
from massar.grades.models import ACTIVITIES_SLOT, GradeSheet, SheetStatus, SheetWithdrawal, YearGradeRules
from massar.grades.selectors import (
    ClassPublication,
    assessment_rule_for,
    class_sheet,
    class_sheets,
    publication_plan,
    sheet_events,
    sheet_students_without_marks,
    sheet_withdrawals,
)
from massar.schools.models import SchoolClass, Subject
from massar.schools.scopes import classes_visible_to
from massar.schools.selectors import class_curriculum
from massar.students.models import Student
from massar.students.scopes import students_visible_to
from massar.students.selectors import class_students

from ..errors import domain_errors_as_pages
from .sheets import grid_rows, sheet_columns

administration_only = roles_required(Role.SCHOOL_ADMIN)
GET_OR_POST = ["GET", "HEAD", "POST"]
EXTENTS = ("class", "level", "school")


# --- Words for counts (each a plural of its own, so that Arabic gets every form right) ------------------------


def _sheets(count: int) -> str:
    return ngettext("%(count)d sheet", "%(count)d sheets", count) % {"count": count}


def _students(count: int) -> str:
    return ngettext("%(count)d student", "%(count)d students", count) % {"count": count}


def _classes(count: int) -> str:
    return ngettext("%(count)d class", "%(count)d classes", count) % {"count": count}


def _list(names: Iterable[str]) -> str:
    """Names one after the other, with the comma of the page's script (، in Arabic)."""
    return ("، " if get_language_bidi() else ", ").join(names)


def _when(moment: datetime) -> str:
    return isolate_ltr(timezone.localtime(moment).strftime("%d/%m/%Y %H:%M"))


def _sheet_name(sheet: GradeSheet) -> str:
    return _("the %(subject)s sheet of %(class)s (%(semester)s)") % {
        "subject": sheet.subject.name, "class": isolate_ltr(sheet.school_class.code),
        "semester": sheet.semester.get_number_display()}


# --- Finding the rows ----------------------------------------------------------------------------------------


def _admin_class(request: MemberRequest, class_id: int, semester: int) -> tuple[SchoolClass, Semester]:
    school_class = get_object_or_404(classes_visible_to(request.user).select_related("level", "stream"),
                                     pk=class_id)
    term = get_object_or_404(Semester, school_year_id=school_class.school_year_id, number=semester)
    return school_class, term


def _admin_sheet(request: MemberRequest, class_id: int, subject: str, semester: int
                 ) -> tuple[SchoolClass, Semester, Subject, GradeSheet | None]:
    school_class, term = _admin_class(request, class_id, semester)
    subject_obj = get_object_or_404(Subject, code=subject)
    sheet = class_sheet(school_class=school_class, subject=subject_obj, semester=term)
    return school_class, term, subject_obj, sheet


class _NoSheetYet(Exception):
    """The class is the caller's but its sheet was never opened: a GET goes to the sheet's page, which says so."""

    def __init__(self, url: str) -> None:
        self.url = url


def _existing_sheet(request: MemberRequest, class_id: int, subject: str, semester: int) -> GradeSheet:
    sheet = _admin_sheet(request, class_id, subject, semester)[3]
    if sheet is None:
        if request.method == "POST":
            raise Http404
        raise _NoSheetYet(reverse("portals:grades_board_sheet", kwargs={
            "class_id": class_id, "subject": subject, "semester": semester}))
    return sheet


def _to_the_sheet_page_when_missing(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def step(request: MemberRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except _NoSheetYet as missing:
            return redirect(missing.url)

    return step


def _board_redirect(sheet: GradeSheet) -> HttpResponse:
    return redirect("portals:grades_board", class_id=sheet.school_class_id, semester=sheet.semester.number)


def _sheet_url(sheet: GradeSheet) -> str:
    return reverse("portals:grades_board_sheet", kwargs={
        "class_id": sheet.school_class_id, "subject": sheet.subject.code, "semester": sheet.semester.number})


def _withdrawable(sheet: GradeSheet | None, now: datetime) -> bool:
    return bool(sheet and sheet.status == SheetStatus.PUBLISHED and sheet.parents_see_from
                and now < sheet.parents_see_from)


# --- The board -----------------------------------------------------------------------------------------------


@require_safe
@administration_only
def board_index(request: MemberRequest) -> HttpResponse:
    # The year's semesters once for every class (not one query per class).
    classes = (classes_visible_to(request.user).filter(school_year__is_current=True)
               .select_related("level", "school_year")
               .prefetch_related(Prefetch("school_year__semesters", queryset=Semester.objects.order_by("number"))))
    return render(request, "portals/staff/grades/board_index.html", {"classes": classes})


@dataclass(frozen=True)
class BoardRow:
    subject: Subject
    coefficient: Decimal | None
    sheet: GradeSheet | None
    withdrawable: bool
    withdrawal: SheetWithdrawal | None


@require_safe
@administration_only
def board(request: MemberRequest, class_id: int, semester: int) -> HttpResponse:
    school_class, term = _admin_class(request, class_id, semester)
    sheets = class_sheets(school_class=school_class, semester=term)
    pairs: list[tuple[Subject, Decimal | None, GradeSheet | None]] = [
        (row.subject, row.continuous_coefficient, sheets.pop(row.subject_id, None))
        for row in class_curriculum(school_class=school_class)]
    # Sheets of subjects outside the curriculum table still show (a subject taught but not yet in the table).
    pairs += [(sheet.subject, None, sheet) for sheet in sheets.values()]
    withdrawn = [sheet.pk for _s, _c, sheet in pairs if sheet and sheet.status == SheetStatus.WITHDRAWN]
    latest = {w.sheet_id: w for w in SheetWithdrawal.objects.filter(sheet_id__in=withdrawn).order_by("at", "pk")}
    now = timezone.now()
    rows = [BoardRow(subject, coefficient, sheet, _withdrawable(sheet, now), latest.get(sheet.pk) if sheet else None)
            for subject, coefficient, sheet in pairs]
    return render(request, "portals/staff/grades/board.html", {
        "school_class": school_class, "semester": term, "rows": rows,
        "semesters": term.school_year.semesters.order_by("number"),
    })


@require_safe
@administration_only
def board_sheet(request: MemberRequest, class_id: int, subject: str, semester: int) -> HttpResponse:
    return _board_sheet_page(request, class_id, subject, semester)


def _board_sheet_page(request: MemberRequest, class_id: int, subject: str, semester: int, *,
                      correction_error: str = "", form: QueryDict | None = None, status: int = 200) -> HttpResponse:
    school_class, term, subject_obj, sheet = _admin_sheet(request, class_id, subject, semester)
    shown = sheet or GradeSheet(school_class=school_class, subject=subject_obj, semester=term,
                                tests_count=assessment_rule_for(school_class=school_class,
                                                                subject=subject_obj).tests_count)
    students = class_students(school_class=school_class)
    return render(request, "portals/staff/grades/board_sheet.html", {
        "sheet": shown, "exists": sheet is not None, "rows": grid_rows(shown, students),
        "columns": sheet_columns(shown), "students": students,
        "events": sheet_events(sheet=sheet) if sheet else [],
        "withdrawals": sheet_withdrawals(sheet=sheet) if sheet else [],
        "withdrawable": _withdrawable(sheet, timezone.now()),
        "correctable": sheet is not None and sheet.status in services.CORRECTABLE,
        "args": {"class_id": school_class.pk, "subject": subject_obj.code, "semester": term.number},
        "correction_error": correction_error, "form": form or {},
    }, status=status)


def _confirm(request: MemberRequest, *, title: str, lines: list[str], button: str, cancel_url: str,
             field: dict | None = None, hidden: dict | None = None, plan: list[ClassPublication] | None = None,
             refused: str = "", status: int = 200) -> HttpResponse:
    """The confirmation step of an action: what exactly it will do, and the button that does it (a POST to
    this same address); `refused` says why it cannot be done, without a button."""
    return render(request, "portals/staff/grades/board_confirm.html", {
        "title": title, "lines": lines, "button": button, "cancel_url": cancel_url, "field": field,
        "hidden": hidden or {}, "plan": plan, "refused": refused}, status=status)


# --- Validate, send back -------------------------------------------------------------------------------------


@require_http_methods(GET_OR_POST)
@administration_only
@domain_errors_as_pages
@_to_the_sheet_page_when_missing
def board_validate(request: MemberRequest, class_id: int, subject: str, semester: int) -> HttpResponseBase:
    sheet = _existing_sheet(request, class_id, subject, semester)
    if request.method == "POST":
        try:
            services.grade_sheet_validate(sheet=sheet, actor=request.user)
        except Invalid as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Validated: %(sheet)s. It is ready to publish.") % {"sheet": _sheet_name(sheet)})
        return _board_redirect(sheet)
    students = len(class_students(school_class=sheet.school_class))
    refused = "" if sheet.status == SheetStatus.SUBMITTED else _(
        "This sheet is “%(status)s”: only a submitted sheet can be validated.") % {"status": sheet.get_status_display()}
    return _confirm(request, title=_("Validate a sheet"), button=_("Validate"), cancel_url=_sheet_url(sheet),
                    refused=refused, lines=[
                        _("Validate %(sheet)s, %(students)s.") % {"sheet": _sheet_name(sheet),
                                                                   "students": _students(students)},
                        *_without_marks(sheet),
                        _("Its teacher can no longer change it; it is then ready to publish, and students and "
                          "parents see nothing of it until it is published.")])


def _without_marks(sheet: GradeSheet) -> list[str]:
    count = sheet_students_without_marks(sheet=sheet)
    return [ngettext("%(count)d student has nothing entered on this sheet.",
                     "%(count)d students have nothing entered on this sheet.", count) % {"count": count}
            ] if count else []


@require_http_methods(GET_OR_POST)
@administration_only
@domain_errors_as_pages
@_to_the_sheet_page_when_missing
def board_return(request: MemberRequest, class_id: int, subject: str, semester: int) -> HttpResponseBase:
    sheet = _existing_sheet(request, class_id, subject, semester)
    comment = request.POST.get("comment", "")
    error = ""
    if request.method == "POST":
        try:
            services.grade_sheet_return(sheet=sheet, actor=request.user, comment=comment)
        except Invalid as failure:
            if failure.code not in (GradesErrorCode.COMMENT_REQUIRED, GradesErrorCode.TEXT_TOO_LONG):
                messages.error(request, str(failure))
                return _board_redirect(sheet)
            error = str(failure)
        else:
            messages.success(request, _("Sent back to the teacher, with your comment: %(sheet)s. The teacher can "
                                        "change its marks and submit it again.") % {"sheet": _sheet_name(sheet)})
            return _board_redirect(sheet)
    teacher = sheet.teacher.full_name if sheet.teacher else _("its teacher")
    refused = "" if sheet.status == SheetStatus.SUBMITTED else _(
        "This sheet is “%(status)s”: only a submitted sheet can be sent back.") % {"status": sheet.get_status_display()}
    return _confirm(request, title=_("Send a sheet back"), button=_("Send back"), cancel_url=_sheet_url(sheet),
                    refused=refused, status=400 if error else 200,
                    field={"name": "comment", "label": _("Comment for the teacher"), "value": comment,
                           "error": error, "maxlength": 500},
                    lines=[_("Send %(sheet)s back to %(teacher)s.") % {"sheet": _sheet_name(sheet), "teacher": teacher},
                           _("The teacher sees your comment, can change the marks again and submits the sheet "
                             "again.")])


# --- Publish a class, a level, the whole school --------------------------------------------------------------


def _publication_classes(request: MemberRequest, school_class: SchoolClass, extent: str) -> QuerySet[SchoolClass]:
    classes = classes_visible_to(request.user).filter(school_id=school_class.school_id,
                                                      school_year_id=school_class.school_year_id)
    if extent == "class":
        return classes.filter(pk=school_class.pk)
    if extent == "level":
        return classes.filter(level_id=school_class.level_id)
    if extent == "school":
        return classes
    raise Http404


def _parents_delay(school_class: SchoolClass) -> int:
    rules = YearGradeRules.objects.filter(school_year_id=school_class.school_year_id).first()
    return rules.parents_delay_days if rules else 0


def _publication_what(school_class: SchoolClass, sheets: int, classes: int, students: int) -> dict:
    return {"sheets": _sheets(sheets), "students": _students(students), "classes": _classes(classes),
            "class": isolate_ltr(school_class.code), "level": school_class.level.name}


def _publication_lines(extent: str, school_class: SchoolClass, plan: list[ClassPublication]) -> list[str]:
    ready = [item for item in plan if item.sheets]
    words = _publication_what(school_class, sum(len(item.sheets) for item in ready), len(ready),
                              sum(item.students for item in ready))
    if not ready:
        lines = [_("No sheet is validated yet: publishing now would change nothing.")]
    elif extent == "class":
        lines = [_("Publish %(sheets)s of %(class)s to %(students)s and their parents.") % words,
                 _list(sheet.subject.name for sheet in ready[0].sheets)]
    elif extent == "level":
        lines = [_("Publish %(sheets)s in %(classes)s of the level %(level)s to %(students)s and their parents.")
                 % words]
    else:
        lines = [_("Publish %(sheets)s in %(classes)s of the school to %(students)s and their parents.") % words]
    if ready:
        delay = _parents_delay(school_class)
        if delay:
            lines.append(ngettext(
                "Students see them at once; parents %(count)d day later, from %(date)s.",
                "Students see them at once; parents %(count)d days later, from %(date)s.", delay)
                % {"count": delay, "date": _when(timezone.now() + timedelta(days=delay))})
        else:
            lines.append(_("Students and parents see them at once."))
    not_ready = sum(item.not_ready for item in plan)
    if not_ready:
        lines.append(ngettext("%(count)d sheet not yet validated stays as it is.",
                              "%(count)d sheets not yet validated stay as they are.", not_ready)
                     % {"count": not_ready})
    return lines


@require_http_methods(GET_OR_POST)
@administration_only
@domain_errors_as_pages
def board_publish(request: MemberRequest, class_id: int, semester: int) -> HttpResponseBase:
    """Publish the validated sheets of this class, of every class of its level, or of the whole school: the
    GET shows what (per class for a level or the school), the POST publishes what the same plan lists then."""
    school_class, term = _admin_class(request, class_id, semester)
    extent = (request.POST if request.method == "POST" else request.GET).get("extent", "class")
    plan = publication_plan(classes=_publication_classes(request, school_class, extent), semester=term)
    if request.method == "POST":
        now = timezone.now()
        planned = [sheet for item in plan for sheet in item.sheets]
        services.grade_sheets_publish(sheets=planned, actor=request.user, now=now)
        done = dict(GradeSheet.objects.filter(pk__in=[s.pk for s in planned], status=SheetStatus.PUBLISHED,
                                              published_at=now)
                    .values_list("school_class_id").annotate(count=Count("pk")))
        messages.success(request, _publication_done(extent, school_class, plan, done))
        return redirect("portals:grades_board", class_id=school_class.pk, semester=term.number)
    titles = {"class": _("Publish the class %(class)s"), "level": _("Publish the level %(level)s"),
              "school": _("Publish the whole school")}
    return _confirm(request, title=titles[extent] % {"class": isolate_ltr(school_class.code),
                                                     "level": school_class.level.name},
                    lines=_publication_lines(extent, school_class, plan), button=_("Publish"),
                    cancel_url=reverse("portals:grades_board", kwargs={"class_id": school_class.pk,
                                                                        "semester": term.number}),
                    hidden={"extent": extent}, plan=plan if extent != "class" else None,
                    refused="" if any(item.sheets for item in plan) else _("There is nothing to publish."))


def _publication_done(extent: str, school_class: SchoolClass, plan: list[ClassPublication],
                      done: dict[int, int]) -> str:
    """What was published, counted from the sheets this publication actually published."""
    sheets = sum(done.values())
    if not sheets:
        return _("Nothing was published: no sheet was validated.")
    students = sum(item.students for item in plan if done.get(item.school_class.pk))
    words = _publication_what(school_class, sheets, len(done), students)
    if extent == "class":
        return _("Published %(sheets)s of %(class)s to %(students)s and their parents.") % words
    return _("Published %(sheets)s in %(classes)s to %(students)s and their parents.") % words


# --- Correct a mark ------------------------------------------------------------------------------------------


def _cell_name(slot: int) -> str:
    return _("Activities") if slot == ACTIVITIES_SLOT else _("Test %(number)d") % {"number": slot}


def _mark_words(value: Decimal | None, absent: bool) -> str:
    if absent:
        return _("absent")
    return _("not entered") if value is None else fraction_text(value)


def _correction_input(request: MemberRequest, data: QueryDict) -> tuple[Student, int] | None:
    code = data.get("student", "")
    if not code:
        return None
    student = get_object_or_404(students_visible_to(request.user), massar_code=code[:10])
    try:
        return student, int(data.get("slot", ""))
    except ValueError:
        raise Http404 from None


@require_http_methods(GET_OR_POST)
@administration_only
@domain_errors_as_pages
@_to_the_sheet_page_when_missing
def board_correct(request: MemberRequest, class_id: int, subject: str, semester: int) -> HttpResponseBase:
    """The sheet page's correction form comes here by GET: the confirmation (old mark → new mark, the reason);
    its button POSTs the same fields, and the correction is written with the same checks."""
    sheet = _existing_sheet(request, class_id, subject, semester)
    data = request.POST if request.method == "POST" else request.GET
    found = _correction_input(request, data)
    if found is None:
        return redirect(_sheet_url(sheet))
    student, slot = found
    value, absent, reason = data.get("value", ""), data.get("absent") == "on", data.get("reason", "")
    try:
        if request.method == "POST":
            expected = _read_at(data, sheet)
            try:
                event = services.mark_correct(sheet=sheet, student=student, slot=slot, value=value, absent=absent,
                                              reason=reason, actor=request.user, ip_address=client_ip(request),
                                              expected=expected)
            except Conflict as changed:
                messages.error(request, str(changed.message))
                return redirect(_sheet_url(sheet))
            messages.success(request, _("Corrected: %(student)s, %(cell)s: %(old)s → %(new)s.") % {
                "student": student.full_name, "cell": _cell_name(slot),
                "old": _mark_words(event.old_value, event.old_absent),
                "new": _mark_words(event.new_value, event.new_absent)})
            return redirect(_sheet_url(sheet))
        change = services.mark_correction_check(sheet=sheet, student=student, slot=slot, value=value,
                                                absent=absent, reason=reason, actor=request.user)
    except Invalid as error:
        return _board_sheet_page(request, class_id, subject, semester, correction_error=str(error), form=data,
                                 status=400)
    lines = [_("Change the mark of %(student)s in %(sheet)s, %(cell)s: from %(old)s to %(new)s.") % {
                 "student": student.full_name, "sheet": _sheet_name(sheet), "cell": _cell_name(slot),
                 "old": _mark_words(change.old_value, change.old_absent),
                 "new": _mark_words(change.new_value, change.new_absent)},
             _("Reason: %(reason)s") % {"reason": reason.strip()},
             _("The change is recorded with your name, the time and the reason.")]
    if sheet.status == SheetStatus.PUBLISHED:
        lines.append(_("This sheet is published: students (and parents, once their delay has passed) see the new "
                       "mark at once."))
    hidden = {"student": student.massar_code, "slot": slot, "value": value, "reason": reason,
              # The mark as this confirmation showed it: a correction made meanwhile by someone else wins.
              "was": "" if change.old_value is None else str(change.old_value),
              "was_absent": "on" if change.old_absent else ""}
    if absent:
        hidden["absent"] = "on"
    return _confirm(request, title=_("Correct a mark"), lines=lines, button=_("Correct"),
                    cancel_url=_sheet_url(sheet), hidden=hidden)


def _read_at(data, sheet) -> tuple | None:
    """The mark the confirmation showed (its hidden "was" fields), or None for a form that does not say."""
    if "was" not in data:
        return None
    try:
        return services.mark_parse(data.get("was", ""), out_of=sheet.out_of), data.get("was_absent") == "on"
    except Invalid:
        return None


# --- Withdraw a published sheet ------------------------------------------------------------------------------


@require_http_methods(GET_OR_POST)
@administration_only
@domain_errors_as_pages
@_to_the_sheet_page_when_missing
def board_withdraw(request: MemberRequest, class_id: int, subject: str, semester: int) -> HttpResponseBase:
    sheet = _existing_sheet(request, class_id, subject, semester)
    reason = request.POST.get("reason", "")
    error = ""
    if request.method == "POST":
        try:
            services.grade_sheets_withdraw(actor=request.user, sheet=sheet, reason=reason,
                                           ip_address=client_ip(request))
        except Invalid as failure:
            if failure.code not in (GradesErrorCode.REASON_REQUIRED, GradesErrorCode.TEXT_TOO_LONG):
                messages.error(request, str(failure))
                return _board_redirect(sheet)
            error = str(failure)
        except Conflict as failure:
            messages.error(request, str(failure))
            return _board_redirect(sheet)
        else:
            messages.success(request, _("Withdrawn: %(sheet)s. Students and parents no longer see it; publish it "
                                        "again once it is right.") % {"sheet": _sheet_name(sheet)})
            return _board_redirect(sheet)
    refused = ""
    try:
        services.grade_sheet_withdraw_check(actor=request.user, sheet=sheet)
    except (Invalid, Conflict) as failure:
        refused = str(failure)
    students = len(class_students(school_class=sheet.school_class))
    lines = [_("Withdraw %(sheet)s from %(students)s: they no longer see it.") % {
        "sheet": _sheet_name(sheet), "students": _students(students)}]
    if not refused and sheet.parents_see_from:
        lines.append(_("Parents, who would see it from %(date)s, will not see it either.")
                     % {"date": _when(sheet.parents_see_from)})
    lines.append(_("The withdrawal is recorded with your name, the time and the reason; the teacher and the "
                   "administration see it. Correct the marks, then publish the sheet again."))
    return _confirm(request, title=_("Withdraw a published sheet"), lines=lines, button=_("Withdraw"),
                    cancel_url=_sheet_url(sheet), refused=refused, status=400 if error else 200,
                    field={"name": "reason", "label": _("Reason"), "value": reason, "error": error,
                           "maxlength": 300})
