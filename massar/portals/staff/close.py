"""The semester close page: a school administrator closes a semester for their school; directorate, academy and
ministry officers for a school of their territory or the whole of it (a directorate, the nation). Who may close
what is the grades domain's rule (massar.grades.close.targets); the close runs as a background task
(massar.grades.tasks.semester_close_task) in a worker process; the progress page polls what the task reports in
the store every process shares (massar.grades.close.progress), so any web process can show it.

Scope is checked on every request: a target outside the caller's territory is a 404, whatever the form sends.
Who started a task is recorded next to its progress; a task id that is not the caller's is a 404."""

from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.models import Semester
from massar.grades.close.progress import close_progress, close_run, close_run_record
from massar.grades.close.targets import CLOSER_ROLES, close_target_from, close_targets_for
from massar.grades.tasks import semester_close_task

from ..errors import domain_errors_as_pages

FINISHED = ("done", "failed")

closers_only = roles_required(*CLOSER_ROLES)


def _current_semesters() -> QuerySet[Semester]:
    return Semester.objects.filter(school_year__is_current=True).select_related("school_year").order_by("number")


@require_http_methods(["GET", "HEAD", "POST"])
@closers_only
@domain_errors_as_pages
def close_start(request: MemberRequest) -> HttpResponseBase:
    user = request.user
    if request.method == "POST":
        target = close_target_from(user=user, value=request.POST.get("target", ""))
        try:
            number = int(request.POST.get("semester", ""))
        except ValueError:
            raise Http404 from None
        semester = get_object_or_404(_current_semesters(), number=number)
        result = semester_close_task.enqueue(semester.pk, target.kind, target.code)
        close_run_record(task_id=result.id, user_id=user.pk, scope_kind=target.kind, scope_id=target.code,
                         label=target.label, semester_id=semester.pk)
        return redirect("portals:grades_close_progress", task_id=result.id)
    return render(request, "portals/staff/grades/close_start.html",
                  {"targets": close_targets_for(user=user), "semesters": _current_semesters()})


def _own_task(request: MemberRequest, task_id: str) -> dict:
    """The record of a close this user started; another user's task, or an unknown one, is a 404."""
    record = close_run(task_id)
    if not record or record.get("user_id") != request.user.pk:
        raise Http404
    return record


def _step_label(step: str) -> str:
    return {"scope": _("Finding the classes and sheets"), "subject_averages": _("Computing the subject averages"),
            "subject_results": _("Storing the class statistics"),
            "semester_results": _("Storing the general averages and ranks")}.get(step, "")


def _state_label(state: str) -> str:
    return {"queued": _("Waiting to start"), "running": _("Running"), "done": _("Done"),
            "failed": _("Failed")}.get(state, state)


def _progress_context(task_id: str, record: dict) -> dict:
    progress = close_progress(task_id) or {"state": "queued", "step": "", "done": 0, "total": 0}
    return {"task_id": task_id, "record": record, "progress": progress,
            "state_label": _state_label(progress.get("state", "")),
            "step_label": _step_label(progress.get("step", "")),
            "semester": Semester.objects.filter(pk=record["semester_id"]).select_related("school_year").first(),
            "finished": progress.get("state") in FINISHED}


@require_safe
@closers_only
def close_progress_page(request: MemberRequest, task_id: str) -> HttpResponse:
    record = _own_task(request, task_id)
    return render(request, "portals/staff/grades/close_progress.html", _progress_context(task_id, record))


@require_safe
@closers_only
def close_progress_status(request: MemberRequest, task_id: str) -> HttpResponse:
    """The polled part of the progress page (htmx, every 2 s until the close is done or failed)."""
    record = _own_task(request, task_id)
    return render(request, "portals/staff/grades/close_status.html", _progress_context(task_id, record))
