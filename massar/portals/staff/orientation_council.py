"""The orientation council's pages: the assignment runs (the academy's officers for their academy, the ministry
for the nation start them once a window has closed), a run's progress and pre-selection (by school and offer,
with scores), an override with its mandatory reason, the audit of overrides, and the publication.

The schools' administration and directorates open the same pages read-only for their own students (their
review); every read goes through massar.orientation.scopes_runs: a run or an outcome outside the caller's
scope is a 404."""

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.errors import DomainError, NotFound, Refused
from massar.core.roles import ADMINISTRATION_ROLES, Role
from massar.orientation.council import (
    orientation_assignment_override,
    orientation_run_publish,
    orientation_run_start,
)
from massar.orientation.models import AssignmentRun, OfferResult, OrientationWindow, RunState
from massar.orientation.results import (
    decided_counts,
    run_assignments,
    run_offer_results,
    run_overrides,
    run_progress,
)
from massar.orientation.scopes_runs import assignments_visible_to, runs_owned_by, runs_visible_to
from massar.schools.models import Academy

from ..errors import domain_errors_as_pages

administration = roles_required(*ADMINISTRATION_ROLES)
COUNCIL_ROLES = (Role.ACADEMY_OFFICER, Role.MINISTRY_OFFICER)
SHOWN = 500  # students of the pre-selection on one page (a school or an offer narrows it)
council = roles_required(*COUNCIL_ROLES)


def _windows_to_assign(request: MemberRequest) -> list[OrientationWindow]:
    """Closed windows the caller may assign: the ministry every one, an academy officer the national ones and
    their academy's."""
    if request.user.role not in COUNCIL_ROLES:
        return []
    windows = OrientationWindow.objects.filter(closes_at__lte=timezone.now()).select_related("school_year")
    if request.user.role == Role.ACADEMY_OFFICER:
        staff = request.user.staff_member
        windows = windows.filter(Q(academy__isnull=True) | Q(academy_id=staff.academy_id if staff else None))
    return list(windows.order_by("-closes_at")[:20])


@require_safe
@administration
def orientation_runs(request: MemberRequest) -> HttpResponse:
    runs = (runs_visible_to(request.user).select_related("window__school_year", "academy")
            .order_by("-started_at")[:50])
    return render(request, "portals/staff/orientation_runs.html",
                  {"runs": runs, "windows": _windows_to_assign(request)})


@require_POST
@council
def orientation_run_begin(request: MemberRequest) -> HttpResponseBase:
    chosen = request.POST.get("window", "").strip()
    window = next((w for w in _windows_to_assign(request) if str(w.pk) == chosen), None)
    if window is None:
        messages.error(request, _("Choose a closed window to assign."))
        return redirect("portals:orientation_runs")
    try:
        run = orientation_run_start(actor=request.user, window=window, academy=_academy_of(request, window))
    except DomainError as problem:
        messages.error(request, str(problem))
        return redirect("portals:orientation_runs")
    return redirect("portals:orientation_run", run_id=run.pk)


def _academy_of(request: MemberRequest, window: OrientationWindow) -> Academy | None:
    """An academy officer assigns their academy; the ministry the window's academy, or the nation."""
    staff = request.user.staff_member
    if request.user.role == Role.ACADEMY_OFFICER and staff is not None:
        return staff.academy
    return window.academy


def _run(request: MemberRequest, run_id: int) -> AssignmentRun:
    return get_object_or_404(runs_visible_to(request.user).select_related(
        "window__school_year", "window__to_level", "academy", "published_by"), pk=run_id)


@require_safe
@administration
def orientation_run(request: MemberRequest, run_id: int) -> HttpResponse:
    """A run: its progress while it runs (the page refreshes itself), then the offers' figures, the
    pre-selection (one school or one offer at a time when asked), the audit and the council's buttons."""
    run = _run(request, run_id)
    progress = run_progress(run=run)
    school = request.GET.get("school", "")
    offer = request.GET.get("offer", "")
    assignments = run_assignments(viewer=request.user, run=run,
                                  school_id=int(school) if school.isdigit() else None,
                                  offer_id=int(offer) if offer.isdigit() else None)
    owned = runs_owned_by(request.user).filter(pk=run.pk).exists()
    counts = decided_counts(run=run)
    offers = [{"result": r, "decided": counts.get(r.offer_id, 0)} for r in run_offer_results(run=run)]
    shown = list(assignments[:SHOWN + 1])  # one more than shown says whether there are more, without a count
    shown_all = len(shown) <= SHOWN
    shown = shown[:SHOWN]
    for row in shown:  # the score the decision rests on (none: the council placed them outside their wishes)
        row.score = row.scores.get(str(row.decided_id))  # type: ignore[attr-defined]
    return render(request, "portals/staff/orientation_run.html", {
        "run": run, "progress": progress, "offers": offers, "assignments": shown,
        "shown_all": shown_all, "overrides": run_overrides(viewer=request.user, run=run)[:100],
        "can_decide": owned and run.state == RunState.DONE})


@require_POST
@council
@domain_errors_as_pages
def orientation_run_publish_page(request: MemberRequest, run_id: int) -> HttpResponseBase:
    run = _run(request, run_id)
    try:
        orientation_run_publish(actor=request.user, run=run)
    except DomainError as problem:
        if isinstance(problem, (Refused, NotFound)):
            raise
        messages.error(request, str(problem))
    else:
        messages.success(request, _("The orientation is published; students and parents are told."))
    return redirect("portals:orientation_run", run_id=run.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@council
@domain_errors_as_pages
def orientation_override(request: MemberRequest, assignment_id: int) -> HttpResponseBase:
    """Change one student's decision: any offer of the run, or none; the reason is required."""
    assignment = get_object_or_404(assignments_visible_to(request.user).filter(
        run__in=runs_owned_by(request.user).values("pk")).select_related(
        "student", "run", "proposed__school", "proposed__stream", "decided__school", "decided__stream"),
        pk=assignment_id)
    offers = list(OfferResult.objects.filter(run=assignment.run_id).select_related("offer__school", "offer__stream")
                  .order_by("offer__school__code", "offer__stream__code"))
    problem = ""
    chosen = request.POST.get("offer", "")
    reason = request.POST.get("reason", "")
    if request.method == "POST":
        by_id = {str(r.offer_id): r.offer for r in offers}
        if chosen and chosen not in by_id:
            problem = _("Choose one of the run's streams.")
        else:
            try:
                orientation_assignment_override(actor=request.user, assignment=assignment,
                                                offer=by_id.get(chosen), reason=reason)
            except DomainError as refused:
                if isinstance(refused, (Refused, NotFound)):
                    raise
                problem = str(refused.message)
            else:
                messages.success(request, _("The decision is changed and recorded in the audit."))
                return redirect("portals:orientation_run", run_id=assignment.run_id)
    return render(request, "portals/staff/orientation_override.html",
                  {"assignment": assignment, "offers": offers, "problem": problem, "chosen": chosen,
                   "reason": reason,
                   "scores": [(r.offer, assignment.scores[str(r.offer_id)]) for r in offers
                              if assignment.scores.get(str(r.offer_id)) is not None]},
                  status=400 if problem else 200)
