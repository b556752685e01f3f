"""The semester close page: a school administrator closes a semester for their school; directorate, academy and
ministry officers for a school of their territory or the whole of it (a directorate, the nation). The close
runs as a background task (massar.grades.tasks.semester_close_task); the progress page polls what the task
records in the cache.

Scope is decided here, on every request: a target outside the caller's territory is a 404, whatever the form
sends. Who started a task is recorded next to its progress; a task id that is not the caller's is a 404."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from massar.accounts.models import User
from massar.core.models import Semester
from massar.core.roles import Role
from massar.grades.tasks import PROGRESS_TTL, close_progress, semester_close_task
from massar.schools.scopes import academies_visible_to, directorates_visible_to, schools_visible_to

CLOSERS = {Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER, Role.ACADEMY_OFFICER, Role.MINISTRY_OFFICER}
FINISHED = ("done", "failed")


def owner_key(task_id: str) -> str:
    return f"massar:close:owner:{task_id}"


@dataclass(frozen=True)
class Target:
    """What a close covers, as the task takes it: ("school", code), ("directorate", code), ("academy", code)
    or ("nation", None)."""

    kind: str
    code: str | None
    label: str

    @property
    def value(self) -> str:
        return f"{self.kind}:{self.code}" if self.code else self.kind


def _closer(request: HttpRequest) -> User:
    user = request.user
    if user.role not in CLOSERS:
        raise Http404
    return user


def targets_for(user: User) -> list[Target]:
    """The closes this user may start: their school (an administrator); a school or a directorate of their
    territory (officers); the nation (the ministry). The ministry picks a directorate or the nation (listing
    every school of the country would not make a usable form; a school code is still accepted)."""
    targets: list[Target] = []
    if user.role == Role.MINISTRY_OFFICER or user.is_superuser:
        targets.append(Target("nation", None, _("The whole country")))
    if user.role in (Role.ACADEMY_OFFICER, Role.MINISTRY_OFFICER) or user.is_superuser:
        targets += [Target("academy", a.code, _("Academy: %(name)s") % {"name": a.name})
                    for a in academies_visible_to(user).order_by("code")]
    if user.role != Role.SCHOOL_ADMIN:
        targets += [Target("directorate", d.code, _("Directorate: %(name)s") % {"name": d.name})
                    for d in directorates_visible_to(user).order_by("code")]
    if user.role != Role.MINISTRY_OFFICER:
        targets += [Target("school", s.code, _("School: %(name)s") % {"name": s.name})
                    for s in schools_visible_to(user).order_by("code")]
    return targets


def target_from(user: User, value: str) -> Target:
    """The posted target if this user may close it; anything else is a 404 (a forged form included)."""
    kind, _sep, code = (value or "").partition(":")
    if kind == "nation" and not code and (user.role == Role.MINISTRY_OFFICER or user.is_superuser):
        return Target("nation", None, _("The whole country"))
    if kind == "academy" and code and (user.role in (Role.ACADEMY_OFFICER, Role.MINISTRY_OFFICER)
                                        or user.is_superuser):
        academy = get_object_or_404(academies_visible_to(user), code=code)
        return Target("academy", academy.code, academy.name)
    if kind == "directorate" and code and user.role != Role.SCHOOL_ADMIN:
        directorate = get_object_or_404(directorates_visible_to(user), code=code)
        return Target("directorate", directorate.code, directorate.name)
    if kind == "school" and code:
        school = get_object_or_404(schools_visible_to(user), code=code)
        return Target("school", school.code, school.name)
    raise Http404


def _current_semesters():
    return Semester.objects.filter(school_year__is_current=True).select_related("school_year").order_by("number")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def close_start(request: HttpRequest) -> HttpResponse:
    user = _closer(request)
    if request.method == "POST":
        target = target_from(user, request.POST.get("target", ""))
        try:
            number = int(request.POST.get("semester", ""))
        except ValueError:
            raise Http404 from None
        semester = get_object_or_404(_current_semesters(), number=number)
        result = semester_close_task.enqueue(semester.pk, target.kind, target.code)
        cache.set(owner_key(result.id), {"user_id": user.pk, "scope_kind": target.kind, "scope_id": target.code,
                                         "label": target.label, "semester_id": semester.pk}, PROGRESS_TTL)
        return redirect("portals:grades_close_progress", task_id=result.id)
    return render(request, "portals/grades/close_start.html",
                  {"targets": targets_for(user), "semesters": _current_semesters()})


def _own_task(request: HttpRequest, task_id: str) -> dict:
    """The record of a close this user started; another user's task, or an unknown one, is a 404."""
    user = _closer(request)
    record = cache.get(owner_key(task_id)) if len(task_id) <= 64 else None
    if not record or record.get("user_id") != user.pk:
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
            "state_label": _state_label(progress.get("state", "")), "step_label": _step_label(progress.get("step")),
            "semester": Semester.objects.filter(pk=record["semester_id"]).select_related("school_year").first(),
            "finished": progress.get("state") in FINISHED}


@require_safe
@login_required
def close_progress_page(request: HttpRequest, task_id: str) -> HttpResponse:
    record = _own_task(request, task_id)
    return render(request, "portals/grades/close_progress.html", _progress_context(task_id, record))


@require_safe
@login_required
def close_progress_status(request: HttpRequest, task_id: str) -> HttpResponse:
    """The polled part of the progress page (htmx, every 2 s until the close is done or failed)."""
    record = _own_task(request, task_id)
    return render(request, "portals/grades/close_status.html", _progress_context(task_id, record))
