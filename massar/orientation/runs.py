"""The assignment of a run (DOMAIN §8): `OrientationAssigner` gathers the confirmed wish lists of the run's
window for its academy (or the nation), computes each student's score for each wished offer (scoring.py, the
stream's published formula), runs the student-proposing deferred acceptance (massar.orientation.solver),
certifies the result stable, and writes every student's outcome and every offer's figures at once.

Fairness, as published to families:
- only scores decide, never the rank a student gave a stream (no bonus for ranking it first);
- a wish the student has no score for (no formula for the stream, a subject average missing) is skipped,
  and the explanation says so;
- equal scores are broken by the higher annual general average, then by the higher per-student random number
  drawn from the run's recorded seed (`tiebreak_number`): published with the result, so the run can be
  redone by anyone (`manage.py orientation_run_export`, then `orientation_solve`) and gives the same assignment.

The scoring (the slow part) is done in batches whose progress is saved on the run as it goes
(students_done / students_total) for the council's page; the outcome is written in one transaction.
"""

import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from massar.students.models import Enrolment, EnrolmentStatus

from .models import Assignment, AssignmentRun, OfferResult, RunState, StreamOffer, Wish, WishList
from .scoring import formulas_of, general_averages, stream_scores

BATCH = 2000
TIEBREAK_LIMIT = 2**31 - 1  # Assignment.tiebreak is a positive 32-bit integer


def tiebreak_number(*, seed: int, massar_code: str) -> int:
    """The student's published random number in a run: drawn from the run's seed and the student's code,
    so it depends on nothing else (not on who else applied, nor on the order of the rows)."""
    # Reproducible on purpose (a published draw anyone can redo), not a secret: S311 does not apply.
    return random.Random(f"{seed}:{massar_code}").randrange(TIEBREAK_LIMIT)  # noqa: S311


def run_wish_lists(run: AssignmentRun) -> QuerySet[WishList]:
    """The window's confirmed wish lists of the students of the run's territory (enrolled that year in a
    school of its academy, or having completed the year there; the whole nation for a national run)."""
    lists = WishList.objects.filter(window_id=run.window_id)
    if run.academy_id is None:
        return lists
    here = Enrolment.objects.filter(student=OuterRef("student"), school_year_id=run.window.school_year_id,
                                    status__in=(EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED),
                                    school_class__school__directorate__academy_id=run.academy_id)
    return lists.filter(Exists(here))


@dataclass(frozen=True)
class Candidate:
    """A student as the run sees them: their wished offers in rank order and the scores that explain them."""

    student_id: int
    massar_code: str
    wishes: tuple[int, ...]  # offer ids, in the student's order
    scores: dict[int, Decimal | None]  # offer id → score (None: no score, the wish is skipped)
    general_average: Decimal | None
    random_number: int


def solver_functions() -> tuple[Callable[..., Any], Callable[..., Any], type]:
    """(solve, certify, Applicant) of massar.orientation.solver."""
    solver = importlib.import_module("massar.orientation.solver")
    return solver.solve, solver.certify, solver.Applicant


class OrientationAssigner:
    """Assigns the students of one run (`run()`); the run must be queued or running."""

    def __init__(self, run: AssignmentRun) -> None:
        self.run_row = run
        self.window = run.window

    def candidates(self) -> list[Candidate]:
        """Every student of the run with their wishes and scores, read and scored a batch at a time as bare
        rows (a national run holds half a million lists), the progress saved after each batch."""
        ids = list(run_wish_lists(self.run_row).order_by("pk").values_list("pk", flat=True))
        AssignmentRun.objects.filter(pk=self.run_row.pk).update(students_total=len(ids), students_done=0)
        stream_of = dict(StreamOffer.objects.filter(pk__in=Wish.objects.filter(
            wish_list__window_id=self.run_row.window_id).values("offer_id")).values_list("pk", "stream_id"))
        formulas = formulas_of(school_year=self.window.school_year, stream_ids=set(stream_of.values())).values()
        found: list[Candidate] = []
        for start in range(0, len(ids), BATCH):
            batch = ids[start:start + BATCH]
            students = list(WishList.objects.filter(pk__in=batch).order_by("pk").values_list(
                "pk", "student_id", "student__massar_code"))
            wished: dict[int, list[int]] = {}
            for list_id, offer_id in (Wish.objects.filter(wish_list_id__in=batch).order_by("wish_list_id", "rank")
                                      .values_list("wish_list_id", "offer_id")):
                wished.setdefault(list_id, []).append(offer_id)
            student_ids = [student_id for _, student_id, _ in students]
            scores = stream_scores(students=student_ids, school_year=self.window.school_year, formulas=formulas)
            averages = general_averages(student_ids=student_ids, school_year=self.window.school_year)
            for list_id, student_id, code in students:
                offers = wished.get(list_id, [])
                found.append(Candidate(
                    student_id=student_id, massar_code=code, wishes=tuple(offers),
                    scores={offer: scores.get((student_id, stream_of[offer])) for offer in offers},
                    general_average=averages.get(student_id),
                    random_number=tiebreak_number(seed=self.run_row.seed, massar_code=code)))
            AssignmentRun.objects.filter(pk=self.run_row.pk).update(students_done=start + len(batch))
        return found

    @staticmethod
    def tiebreak_ranks(candidates: list[Candidate]) -> dict[int, int]:
        """The solver's single tie-break integer (higher wins): each student's rank in the order (general
        average, random number), so a higher general average wins first, then the higher random number."""
        lowest = Decimal(-1)  # no general average yet: behind every student who has one
        ordered = sorted(candidates, key=lambda c: (c.general_average if c.general_average is not None else lowest,
                                                     c.random_number, c.massar_code))
        return {candidate.student_id: rank for rank, candidate in enumerate(ordered, start=1)}

    def run(self) -> AssignmentRun:
        AssignmentRun.objects.filter(pk=self.run_row.pk).update(state=RunState.RUNNING)
        candidates = self.candidates()
        solve, certify, applicant_type = solver_functions()
        ranks = self.tiebreak_ranks(candidates)
        applicants = [applicant_type(
            id=str(c.student_id),
            wishes=tuple(str(offer) for offer in c.wishes if c.scores[offer] is not None),
            scores={str(offer): score for offer, score in c.scores.items() if score is not None},
            tiebreak=ranks[c.student_id]) for c in candidates]
        offers = {offer.pk: offer for offer in StreamOffer.objects.filter(
            pk__in={offer for c in candidates for offer in c.wishes})}
        capacities = {str(pk): offer.capacity for pk, offer in offers.items()}
        solution = solve(capacities=capacities, applicants=applicants)
        problems = certify(capacities=capacities, applicants=applicants, solution=solution)
        with transaction.atomic():
            run = AssignmentRun.objects.select_for_update().get(pk=self.run_row.pk)
            run.assignments.all().delete()
            run.offer_results.all().delete()
            chosen = {int(student): None if offer is None else int(offer)
                      for student, offer in solution.assignments.items()}
            Assignment.objects.bulk_create([Assignment(
                run=run, student_id=c.student_id, proposed_id=chosen.get(c.student_id),
                decided_id=chosen.get(c.student_id),
                scores={str(offer): None if score is None else str(score) for offer, score in c.scores.items()},
                general_average=c.general_average, tiebreak=c.random_number) for c in candidates], batch_size=BATCH)
            admitted: dict[int, int] = {}
            for offer in chosen.values():
                if offer is not None:
                    admitted[offer] = admitted.get(offer, 0) + 1
            OfferResult.objects.bulk_create([OfferResult(
                run=run, offer=offer, capacity=offer.capacity, admitted=admitted.get(pk, 0),
                cutoff=solution.cutoffs.get(str(pk))) for pk, offer in sorted(offers.items())])
            # An uncertified outcome is never offered to the council: the run fails, saying what broke.
            run.state = RunState.FAILED if problems else RunState.DONE
            run.stable = not problems
            run.error = "; ".join(problems)[:300]
            run.students_total = run.students_done = len(candidates)
            run.finished_at = timezone.now()
            run.save(update_fields=["state", "stable", "error", "students_total", "students_done", "finished_at"])
        return run


def run_solver_input(*, run: AssignmentRun) -> dict:
    """The run's problem in the solver's JSON format (`manage.py orientation_solve`), rebuilt from what the
    run stored and published — each student's scores, general average and random number, each offer's
    capacity — with the same tie-break ranks: solving it again gives the run's pre-selection."""
    rows = list(Assignment.objects.filter(run=run).select_related("student").order_by("pk"))
    order: dict[int, list[int]] = {}
    for student_id, offer_id in (Wish.objects.filter(wish_list__window_id=run.window_id,
                                                     wish_list__student__in=[a.student_id for a in rows])
                                 .order_by("wish_list__student_id", "rank").values_list("wish_list__student_id",
                                                                                        "offer_id")):
        order.setdefault(student_id, []).append(offer_id)
    candidates = [Candidate(
        student_id=a.student_id, massar_code=a.student.massar_code, wishes=tuple(order.get(a.student_id, ())),
        scores={int(k): None if v is None else Decimal(v) for k, v in a.scores.items()},
        general_average=a.general_average, random_number=a.tiebreak) for a in rows]
    ranks = OrientationAssigner.tiebreak_ranks(candidates)
    return {
        "streams": [{"id": str(r.offer_id), "capacity": r.capacity}
                    for r in OfferResult.objects.filter(run=run).order_by("offer_id")],
        "students": [{"id": str(c.student_id),
                      "wishes": [str(o) for o in c.wishes if c.scores.get(o) is not None],
                      "scores": {str(o): str(c.scores[o]) for o in c.wishes if c.scores.get(o) is not None},
                      "tiebreak": ranks[c.student_id]} for c in candidates]}
