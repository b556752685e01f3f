"""Reads of the orientation assignment: a run's progress and pre-selection for the council, and a student's
published result with its explanation — one read for the student's page, the parent's page and the API, so
they can never disagree.

The explanation is made of exactly what the run used (Assignment.scores, OfferResult): for each wish ranked
above the stream the run gave, the offer's capacity, its last admitted score and the student's own score —
the proof that nobody with a lower score took their place (an equal score lost on the published tie-break);
a wish without a score says it was skipped; a council's override says that the council decided, and why.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from massar.accounts.models import User
from massar.students.models import Student

from .models import (
    Assignment,
    AssignmentOverride,
    AssignmentRun,
    OfferResult,
    RunState,
    StreamOffer,
    Wish,
)
from .scopes_runs import assignments_visible_to, overrides_visible_to


@dataclass(frozen=True)
class RunProgress:
    state: str
    done: int
    total: int
    finished: bool

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)


def run_progress(*, run: AssignmentRun) -> RunProgress:
    """Where a run is: fresh from the database (the task saves its progress as it goes)."""
    row = AssignmentRun.objects.filter(pk=run.pk).values("state", "students_done", "students_total").get()
    return RunProgress(state=row["state"], done=row["students_done"], total=row["students_total"],
                       finished=row["state"] not in (RunState.QUEUED, RunState.RUNNING))


def run_offer_results(*, run: AssignmentRun) -> QuerySet[OfferResult]:
    """The offers of a run with the algorithm's figures (capacity, admitted, last admitted score)."""
    return (OfferResult.objects.filter(run=run).select_related("offer__school", "offer__stream")
            .order_by("offer__school__code", "offer__stream__code"))


def decided_counts(*, run: AssignmentRun) -> dict[int, int]:
    """{offer id: students the council's decisions place there}."""
    return dict(Assignment.objects.filter(run=run, decided__isnull=False).values("decided_id")
                .annotate(n=Count("pk")).values_list("decided_id", "n"))


def run_assignments(*, viewer: User, run: AssignmentRun, school_id: int | None = None,
                    offer_id: int | None = None) -> QuerySet[Assignment]:
    """The pre-selection of `run` that `viewer` may read, by school then name (optionally one school's students,
    or those an offer takes)."""
    rows = (assignments_visible_to(viewer).filter(run=run)
            .select_related("student", "proposed__school", "proposed__stream", "decided__school", "decided__stream")
            .order_by("decided__school__code", "decided__stream__code", "student__last_name_latin",
                      "student__first_name_latin"))
    if school_id is not None:
        rows = rows.filter(Q(decided__school_id=school_id) | Q(proposed__school_id=school_id))
    if offer_id is not None:
        rows = rows.filter(decided_id=offer_id)
    return rows


def run_overrides(*, viewer: User, run: AssignmentRun) -> QuerySet[AssignmentOverride]:
    """The audit of the council's changes in a run, newest first."""
    return (overrides_visible_to(viewer).filter(assignment__run=run)
            .select_related("assignment__student", "old__school", "old__stream", "new__school", "new__stream",
                            "actor").order_by("-at", "-pk"))


@dataclass(frozen=True)
class WishLine:
    """One of the student's wishes in the explanation."""

    rank: int
    offer: StreamOffer
    score: Decimal | None  # None: no score for this stream, the wish was skipped
    capacity: int | None
    cutoff: Decimal | None  # the last admitted score; None when the offer was not full
    outcome: str  # "above" (a wish above the one given: not reached), "given", "below", "skipped"


@dataclass
class OrientationResult:
    run: AssignmentRun
    assignment: Assignment
    decided: StreamOffer | None
    proposed: StreamOffer | None
    wishes: list[WishLine] = field(default_factory=list)
    override_reason: str = ""
    overridden_at: datetime | None = None

    @property
    def overridden(self) -> bool:
        return self.decided != self.proposed or bool(self.override_reason)


def student_orientation_result(*, viewer: User, student: Student) -> OrientationResult | None:
    """`student`'s latest published orientation result as `viewer` may read it (None before publication)."""
    assignment = (assignments_visible_to(viewer).filter(student=student, run__state=RunState.PUBLISHED)
                  .select_related("run__window__school_year", "run__window__to_level", "proposed__school",
                                  "proposed__stream", "decided__school", "decided__stream")
                  .order_by("-run__published_at", "-pk").first())
    if assignment is None:
        return None
    run = assignment.run
    figures = {r.offer_id: r for r in OfferResult.objects.filter(run=run)}
    wishes = list(Wish.objects.filter(wish_list__window_id=run.window_id, wish_list__student=student)
                  .select_related("offer__school", "offer__stream").order_by("rank"))
    given_rank = next((w.rank for w in wishes if w.offer_id == assignment.proposed_id), None)
    lines = []
    for wish in wishes:
        raw = assignment.scores.get(str(wish.offer_id))
        result = figures.get(wish.offer_id)
        if raw is None:
            outcome = "skipped"
        elif given_rank is None or wish.rank < given_rank:
            outcome = "above"
        elif wish.rank == given_rank:
            outcome = "given"
        else:
            outcome = "below"
        lines.append(WishLine(rank=wish.rank, offer=wish.offer, score=None if raw is None else Decimal(raw),
                              capacity=result.capacity if result else None,
                              cutoff=result.cutoff if result else None, outcome=outcome))
    latest = (AssignmentOverride.objects.filter(assignment=assignment).order_by("-at", "-pk").first())
    return OrientationResult(run=run, assignment=assignment, decided=assignment.decided,
                             proposed=assignment.proposed, wishes=lines,
                             override_reason=latest.reason if latest else "",
                             overridden_at=latest.at if latest else None)
