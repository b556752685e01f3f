"""Builders for the orientation assignment's tests: a closed window of the world's academy, 1BAC stream offers
of the world's school with their capacities and scoring formulas, each student's marks (published sheets,
one test per semester: the annual subject average is that mark) and general average, their confirmed wishes,
and a run done at once (the tests' task backend runs the task when the start commits).

`reference_solver` is a plain student-proposing deferred acceptance used by these tests only while the
product's solver (massar.orientation.solver, written beside this work) is not installed; the tests then
check this app's part — gathering, scoring, tie-break, writing, explaining — against the known answer.
"""

import datetime
import importlib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.test import TestCase
from django.utils import timezone

from massar.accounts.models import User
from massar.core.models import SchoolYear
from massar.grades.models import GradeSheet, Mark, SemesterResult, SheetStatus
from massar.orientation.council import orientation_run_start
from massar.orientation.models import (
    AssignmentRun,
    OrientationPoint,
    OrientationWindow,
    ScoringFormula,
    ScoringWeight,
    StreamOffer,
    Wish,
    WishList,
)
from massar.schools.models import Level, School, Stream, Subject
from massar.students.models import Enrolment, EnrolmentStatus, Student

from . import factories as make

_receipts = itertools.count(1)
# The formulas of the built world: SM weighs mathematics twice and physics once; SE is physics alone;
# L is French alone (an offer with no published formula gives no score: LSH has none).
FORMULAS = {"SM": {"MATH": Decimal(2), "PC": Decimal(1)}, "SE": {"PC": Decimal(1)}, "L": {"FR": Decimal(1)}}


class OrientationRuns:
    """A closed window of `world.academy` (from 2BAC, the world's classes, to 1BAC streams), the offers SM, SE,
    L and SH of world.school with `capacities`, and the formulas above."""

    def __init__(self, world: Any, capacities: Mapping[str, int] | None = None) -> None:
        self.world = world
        self.year: SchoolYear = world.class_a.school_year
        self.officer: User = world.accounts["academy_officer"]
        now = timezone.now()
        self.window = OrientationWindow.objects.create(
            school_year=self.year, point=OrientationPoint.AFTER_TC, from_level=world.class_a.level,
            to_level=Level.objects.get(code="1BAC"), academy=world.academy, opens_at=now - datetime.timedelta(days=20),
            closes_at=now - datetime.timedelta(days=1), opened_by=self.officer)
        capacities = capacities or {"SM": 1, "SE": 1, "L": 2, "SH": 1}
        self.offers = {code: self.offer(world.school, code, capacity) for code, capacity in capacities.items()}
        for code, weights in FORMULAS.items():
            formula = ScoringFormula.objects.create(school_year=self.year, stream=self._stream(code))
            for subject, weight in weights.items():
                ScoringWeight.objects.create(formula=formula, subject=Subject.objects.get(code=subject), weight=weight)

    @staticmethod
    def _stream(code: str) -> Stream:
        return Stream.objects.get(level__code="1BAC", code=code)

    def offer(self, school: School, code: str, capacity: int) -> StreamOffer:
        return StreamOffer.objects.create(school_year=self.year, school=school, stream=self._stream(code),
                                          capacity=capacity)

    def student(self, name: str, **marks: str) -> Student:
        """A new student of world.class_a with these annual subject averages (e.g. MATH="15")."""
        created = make.student(in_class=self.world.class_a, first_name_latin=name, last_name_latin=f"{name}i")
        self.marks(created, **marks)
        return created

    def marks(self, student: Student, **marks: str) -> None:
        """The student's mark in each subject, the same in both semesters, on published sheets."""
        enrolment = Enrolment.objects.get(student=student, school_year=self.year, status=EnrolmentStatus.ACTIVE)
        now = timezone.now()
        for code, value in marks.items():
            subject = Subject.objects.get(code=code)
            for semester in self.year.semesters.all():
                sheet, _ = GradeSheet.objects.get_or_create(
                    school_class=enrolment.school_class, subject=subject, semester=semester,
                    defaults={"tests_count": 1, "status": SheetStatus.PUBLISHED, "published_at": now,
                              "parents_see_from": now})
                Mark.objects.update_or_create(sheet=sheet, student=student, slot=1, defaults={"value": Decimal(value)})

    def general(self, student: Student, average: str) -> None:
        """The student's stored general average in both semesters (the annual one is the same)."""
        enrolment = Enrolment.objects.get(student=student, school_year=self.year, status=EnrolmentStatus.ACTIVE)
        for semester in self.year.semesters.all():
            SemesterResult.objects.update_or_create(semester=semester, student=student, defaults={
                "school_class": enrolment.school_class, "general_average": Decimal(average)})

    def wishes(self, student: Student, *codes: str) -> WishList:
        wish_list = WishList.objects.create(window=self.window, student=student, confirmed_at=timezone.now(),
                                            receipt=f"R{next(_receipts):08d}")
        for rank, code in enumerate(codes, start=1):
            Wish.objects.create(wish_list=wish_list, rank=rank, offer=self.offers[code])
        return wish_list

    def run(self, *, actor: User | None = None, seed: int = 20260615) -> AssignmentRun:
        """Start a run as the academy officer (or `actor`) and let the task run when it commits."""
        with TestCase.captureOnCommitCallbacks(execute=True):
            run = orientation_run_start(actor=actor or self.officer, window=self.window, seed=seed)
        run.refresh_from_db()
        return run


# The solver's interface (massar.orientation.solver), for the reference below.
@dataclass(frozen=True)
class Applicant:
    id: str
    wishes: tuple[str, ...]
    scores: Mapping[str, Decimal]
    tiebreak: int


@dataclass(frozen=True)
class Solution:
    assignments: dict[str, str | None]
    cutoffs: dict[str, Decimal | None]
    unassigned: list[str]


def reference_solve(*, capacities: Mapping[str, int], applicants: Sequence[Any]) -> Solution:
    """Student-proposing deferred acceptance, the textbook way: each free student proposes to their next wish,
    each offer keeps its best `capacity` by (score, tie-break) and rejects the rest."""
    by_id = {a.id: a for a in applicants}
    following = {a.id: 0 for a in applicants}
    held: dict[str, list[str]] = {offer: [] for offer in capacities}
    free = [a.id for a in applicants]
    while free:
        student = free.pop()
        applicant = by_id[student]
        if following[student] >= len(applicant.wishes):
            continue
        offer = applicant.wishes[following[student]]
        following[student] += 1
        held[offer].append(student)
        held[offer].sort(key=lambda s: (by_id[s].scores[offer], by_id[s].tiebreak), reverse=True)
        while len(held[offer]) > capacities[offer]:
            free.append(held[offer].pop())
    assignments: dict[str, str | None] = dict.fromkeys(by_id)
    for offer, students in held.items():
        for student in students:
            assignments[student] = offer
    cutoffs = {offer: (min(by_id[s].scores[offer] for s in students) if students and len(students) >= capacities[offer]
                       else None) for offer, students in held.items()}
    return Solution(assignments, cutoffs, sorted(s for s, o in assignments.items() if o is None))


def reference_certify(*, capacities: Mapping[str, int], applicants: Sequence[Any], solution: Any) -> list[str]:
    """[] when no student prefers an offer that would take them over someone it holds (or has room)."""
    problems = []
    holders: dict[str, list[Any]] = {offer: [] for offer in capacities}
    for applicant in applicants:
        if (offer := solution.assignments.get(applicant.id)) is not None:
            holders[offer].append(applicant)
    for applicant in applicants:
        got = solution.assignments.get(applicant.id)
        better = applicant.wishes[:applicant.wishes.index(got)] if got else applicant.wishes
        for offer in better:
            mine = (applicant.scores[offer], applicant.tiebreak)
            if len(holders[offer]) < capacities[offer] or any(
                    (h.scores[offer], h.tiebreak) < mine for h in holders[offer]):
                problems.append(f"{applicant.id} blocks with {offer}")
    return problems


def solver_available() -> bool:
    try:
        importlib.import_module("massar.orientation.solver")
    except ModuleNotFoundError:
        return False
    return True


def use_reference_solver_if_missing(monkeypatch: Any) -> None:
    """Until massar.orientation.solver is installed, runs use the reference above (tests only)."""
    if not solver_available():
        monkeypatch.setattr("massar.orientation.runs.solver_functions",
                            lambda: (reference_solve, reference_certify, Applicant))
