"""The year rollover pages (massar.students.rollover): the school administration previews every move of its
school from this year to the next, then runs it after confirming; a directorate officer does the same for any
school of the directorate, or runs every school at once in the background (massar.students.tasks) and follows
the progress. A school outside the caller's territory is a 404; a run nobody of this account started too."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.errors import Conflict, Invalid
from massar.core.roles import Role
from massar.students.models import EnrolmentStatus
from massar.students.rollover import (
    RolloverResult,
    YearRollover,
    current_school_year,
    next_school_year,
    rollover_school,
    rollover_schools_for,
)
from massar.students.rollover_plan import MoveKind
from massar.students.tasks import directorate_rollover_task, rollover_progress, rollover_queued

from ..errors import domain_errors_as_pages

rollover_roles = roles_required(Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER)
FINISHED = ("done", "failed")


def kind_labels() -> dict[str, str]:
    return {MoveKind.PROMOTED: _("Promoted"), MoveKind.ORIENTED: _("Orientated"),
            MoveKind.REPEATS: _("Repeats the year"), MoveKind.GRADUATES: _("Graduates"),
            MoveKind.DISMISSED: _("Dismissed: leaves"), MoveKind.COMPLETES_CYCLE: _("Completes the cycle: leaves"),
            MoveKind.ALREADY_ENROLLED: _("Already enrolled next year"), MoveKind.BLOCKED: _("Waiting for a decision")}


@require_safe
@rollover_roles
@domain_errors_as_pages
def rollover_index(request: MemberRequest) -> HttpResponseBase:
    """The administrator's school goes straight to its preview; an officer chooses among the directorate's."""
    schools = rollover_schools_for(request.user)
    if request.user.role == Role.SCHOOL_ADMIN and len(schools) == 1:
        return redirect("portals:rollover_school", school_code=schools[0].code)
    year = following = None
    missing = ""
    try:
        year = current_school_year()
        following = next_school_year(year)
    except Invalid as problem:
        missing = str(problem.message)
    counted = {row["school_class__school_id"]: row for row in (
        _enrolments_of(year, schools).values("school_class__school_id")
        .annotate(active=Count("pk", filter=Q(status=EnrolmentStatus.ACTIVE)),
                  ended=Count("pk", filter=~Q(status=EnrolmentStatus.ACTIVE))))}
    rows = [{"school": school, "active": counted.get(school.pk, {}).get("active", 0),
             "ended": counted.get(school.pk, {}).get("ended", 0)} for school in schools]
    return render(request, "portals/staff/rollover_index.html",
                  {"rows": rows, "year": year, "following": following, "missing": missing,
                   "directorate": schools[0].directorate if schools else None})


def _enrolments_of(year, schools):
    from massar.students.models import Enrolment

    return Enrolment.objects.filter(school_year=year, school_class__school__in=schools)


@require_http_methods(["GET", "HEAD", "POST"])
@rollover_roles
@domain_errors_as_pages
def rollover_school_page(request: MemberRequest, school_code: str) -> HttpResponseBase:
    school = rollover_school(actor=request.user, code=school_code)
    try:
        rollover = YearRollover(school=school)
    except Invalid as problem:
        return render(request, "portals/staff/rollover_school.html", {"school": school, "missing": problem.message})
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm that you have read the preview."))
        else:
            try:
                messages.success(request, _summary(rollover.run(actor=request.user)))
            except (Invalid, Conflict) as problem:
                messages.error(request, str(problem.message))
        return redirect("portals:rollover_school", school_code=school.code)
    plan = rollover.preview()
    labels = kind_labels()
    counts = [(labels[kind], count) for kind, count in plan.counts().items() if count]
    return render(request, "portals/staff/rollover_school.html",
                  {"school": school, "plan": plan, "counts": counts,
                   "rows": [(move, labels[move.kind]) for move in plan.moves],
                   "done_already": _enrolments_of(rollover.from_year, [school]).exclude(
                       status=EnrolmentStatus.ACTIVE).exists() and not plan.moves})


def _summary(result: RolloverResult) -> str:
    if not result.changed:
        return _("Nothing to roll over: every student of %(school)s has already moved to %(year)s.") % {
            "school": result.school.code, "year": result.to_year.label}
    labels = kind_labels()
    moves = ", ".join(f"{labels[kind]}: {count}" for kind, count in result.counts.items() if count)
    return _("Rollover of %(school)s to %(year)s done: %(enrolled)s students enrolled, %(classes)s classes "
             "created (%(moves)s).") % {"school": result.school.code, "year": result.to_year.label,
                                        "enrolled": result.enrolments_created, "classes": result.classes_created,
                                        "moves": moves}


@require_POST
@roles_required(Role.DIRECTORATE_OFFICER)
@domain_errors_as_pages
def rollover_directorate_run(request: MemberRequest) -> HttpResponseBase:
    schools = rollover_schools_for(request.user)
    if not schools:
        raise Http404
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you have read the previews."))
        return redirect("portals:rollover_index")
    try:
        year = current_school_year()
        next_school_year(year)
    except Invalid as problem:
        messages.error(request, str(problem.message))
        return redirect("portals:rollover_index")
    directorate = schools[0].directorate
    result = directorate_rollover_task.enqueue(directorate.pk, year.pk, request.user.pk)
    rollover_queued(result.id, user_id=request.user.pk, directorate_id=directorate.pk)
    return redirect("portals:rollover_progress", task_id=result.id)


@require_safe
@roles_required(Role.DIRECTORATE_OFFICER)
def rollover_progress_page(request: MemberRequest, task_id: str) -> HttpResponse:
    """The directorate's run, polled every 2 s (htmx) until it is done; only for the account that started it."""
    progress = rollover_progress(task_id)
    if not progress or progress.get("user_id") != request.user.pk:
        raise Http404
    states = {"queued": _("Waiting to start"), "running": _("Running"), "done": _("Done"), "failed": _("Failed")}
    context = {"task_id": task_id, "progress": progress, "state_label": states.get(progress["state"], ""),
               "finished": progress["state"] in FINISHED}
    template = ("portals/staff/rollover_status.html" if request.headers.get("HX-Request")
                else "portals/staff/rollover_progress.html")
    return render(request, template, context)
