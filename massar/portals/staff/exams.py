"""The owning body's exam pages: its sessions, a session's papers and state, the anonymous marking grid of a
paper (anonymous numbers only, never a name), the list that joins numbers to candidates (only once marks are
locked), and the publication of the results as a background task with its progress.

Every page reads its session through massar.exams.scopes.sessions_owned_by: another body's session is a 404."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.errors import DomainError
from massar.core.roles import ADMINISTRATION_ROLES
from massar.exams.marks_import import ExamMarksImporter, exam_marks_sheet
from massar.exams.models import Copy, ExamPaper, ExamSession, SessionState
from massar.exams.scopes import sessions_owned_by
from massar.exams.services import copy_mark_enter, exam_session_advance
from massar.exams.tasks import publish_progress, publish_queued, session_publish_task
from massar.grades.canevas.problems import CanevasRefused

from ..errors import domain_errors_as_pages
from .exams_decisions import council_index_classes

owners_only = roles_required(*ADMINISTRATION_ROLES)
JOINABLE = (SessionState.LOCKED, SessionState.PUBLISHED)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _session(request: MemberRequest, session_id: int) -> ExamSession:
    return get_object_or_404(sessions_owned_by(request.user).select_related("school_year", "level"), pk=session_id)


@require_safe
@owners_only
def exams_index(request: MemberRequest) -> HttpResponse:
    sessions = (sessions_owned_by(request.user).select_related("school_year", "level", "academy", "directorate")
                .order_by("-school_year__starts_on", "level__order", "kind", "number"))
    return render(request, "portals/exams/index.html",
                  {"sessions": sessions, "council_classes": council_index_classes(request)})


@require_safe
@owners_only
def exams_session(request: MemberRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    papers = session.papers.select_related("subject", "stream").order_by("stream__code", "subject__code")
    return render(request, "portals/exams/session.html",
                  {"session": session, "papers": papers, "candidates": session.candidates.count(),
                   "can_advance": session.state in (SessionState.PREPARING, SessionState.MARKING),
                   "can_publish": session.state == SessionState.LOCKED})


@require_POST
@owners_only
@domain_errors_as_pages
def exams_session_advance(request: MemberRequest, session_id: int) -> HttpResponse:
    exam_session_advance(session=_session(request, session_id), actor=request.user)
    return redirect("portals:exams_session", session_id=session_id)


@require_POST
@owners_only
def exams_publish(request: MemberRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    if session.state != SessionState.LOCKED:
        raise Http404
    result = session_publish_task.enqueue(session.pk, request.user.pk)
    publish_queued(result.id, user_id=request.user.pk, session_id=session.pk)
    return redirect("portals:exams_publish_progress", task_id=result.id)


@require_safe
@owners_only
def exams_publish_progress(request: MemberRequest, task_id: str) -> HttpResponse:
    progress = publish_progress(task_id)
    if not progress or progress.get("user_id") != request.user.pk:
        raise Http404
    return render(request, "portals/exams/progress.html",
                  {"progress": progress, "finished": progress["state"] in ("done", "failed"),
                   "session_id": progress["session_id"]})


@require_http_methods(["GET", "HEAD", "POST"])
@owners_only
@domain_errors_as_pages
def exams_paper(request: MemberRequest, session_id: int, paper_id: int) -> HttpResponseBase:
    """The marking grid: one row per copy, by anonymous number. A POST saves the whole grid, or nothing when
    one mark is wrong (each problem shown on its row)."""
    session = _session(request, session_id)
    paper = get_object_or_404(ExamPaper.objects.select_related("subject", "stream", "session"), pk=paper_id,
                              session=session)
    copies = list(Copy.objects.filter(paper=paper).only("anonymous_number", "mark", "absent")
                  .order_by("anonymous_number"))
    problems: dict[str, str] = {}
    if request.method == "POST":
        problems = _save_grid(request, paper, copies)
        if not problems:
            return redirect("portals:exams_paper", session_id=session.pk, paper_id=paper.pk)
    rows = [{"number": c.anonymous_number, "mark": request.POST.get(f"mark-{c.anonymous_number}", c.mark)
             if problems else c.mark, "absent": c.absent, "problem": problems.get(c.anonymous_number)}
            for c in copies]
    return render(request, "portals/exams/paper.html",
                  {"session": session, "paper": paper, "rows": rows, "problems": problems,
                   "editable": session.state == SessionState.MARKING},
                  status=400 if problems else 200)


def _save_grid(request: MemberRequest, paper: ExamPaper, copies: list[Copy]) -> dict[str, str]:
    problems: dict[str, str] = {}
    try:
        with transaction.atomic():
            for copy in copies:
                number = copy.anonymous_number
                try:
                    copy_mark_enter(paper=paper, anonymous_number=number, value=request.POST.get(f"mark-{number}", ""),
                                    absent=request.POST.get(f"absent-{number}") == "on", actor=request.user)
                except DomainError as problem:
                    if problem.code in ("not_yours", "wrong_state"):
                        raise
                    problems[number] = str(problem.message)
            if problems:
                raise _Rollback
    except _Rollback:
        pass
    return problems


class _Rollback(Exception):
    """Leaves the grid's transaction without saving anything."""


@require_safe
@owners_only
def exams_candidates(request: MemberRequest, session_id: int) -> HttpResponse:
    """Who wrote which copy: shown to the owning body only once the marks are locked."""
    session = _session(request, session_id)
    joinable = session.state in JOINABLE
    copies = (Copy.objects.filter(paper__session=session).select_related("candidate__student", "paper__subject")
              .order_by("candidate__exam_number", "paper__subject__code")) if joinable else Copy.objects.none()
    return render(request, "portals/exams/candidates.html",
                  {"session": session, "joinable": joinable, "copies": copies[:2000],
                   "notice": None if joinable else _("Candidates are joined to their copies once the marks are locked.")})



@require_safe
@owners_only
def exams_paper_sheet(request: MemberRequest, session_id: int, paper_id: int) -> HttpResponse:
    """The paper's marks sheet (anonymous numbers, marks so far) to fill offline."""
    session = _session(request, session_id)
    paper = get_object_or_404(ExamPaper.objects.select_related("subject", "session__school_year"), pk=paper_id,
                              session=session)
    response = HttpResponse(exam_marks_sheet(paper=paper), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="Exam_{session.pk}_{paper.subject.code}.xlsx"'
    return response


@require_POST
@owners_only
@domain_errors_as_pages
def exams_paper_import(request: MemberRequest, session_id: int, paper_id: int) -> HttpResponseBase:
    """A filled marks sheet: all of it, or nothing with every problem located (the canevas engine's checks)."""
    session = _session(request, session_id)
    paper = get_object_or_404(ExamPaper.objects.select_related("subject", "session"), pk=paper_id, session=session)
    upload = request.FILES.get("file")
    problems: list[str] = []
    if upload is None:
        problems = [_("Choose a file.")]
    else:
        try:
            count = ExamMarksImporter(actor=request.user, paper=paper).run(upload.read())
        except CanevasRefused as refused:
            problems = [str(problem) for problem in refused.problems]
        except DomainError as problem:
            problems = [str(problem.message)]
        else:
            messages.success(request, ngettext("%(count)d mark imported.", "%(count)d marks imported.", count)
                             % {"count": count})
            return redirect("portals:exams_paper", session_id=session.pk, paper_id=paper.pk)
    return render(request, "portals/exams/import_refused.html",
                  {"session": session, "paper": paper, "problems": problems}, status=400)
