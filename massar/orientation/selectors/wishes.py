"""What a student sees of their orientation: their window, the streams open to them with each stream's
capacity, published formula and their own score, and their ranked wishes with the receipt. One read for the
student's page, the parent's page, the API and the printed request, so they can never disagree.

- The window: one of the ministry's (no academy) or the student's academy's, for the level of their class this
  year (`from_level`) in the current school year. When several apply, the open one, else the next to open, else
  the last closed; an academy's before the ministry's.
- The streams open to them: the offers (`StreamOffer`, the window's school year) of the window's `to_level`
  streams by their own school when it teaches that level's cycle (a lycée's TC students go on to its 1BAC),
  otherwise by the schools of their directorate (a collège's 3AC students go on to the directorate's lycées).
- Their score for a stream: the stream's formula (the weighted mean of chosen subjects' annual averages, the
  window's school year) over their annual subject averages, read from the grades' one report selector
  (`student_year_reports`) as the viewer may see them: a subject not yet published to the viewer leaves the
  score unknown, never computed from marks they cannot see. A subject's annual average is its two semester
  averages weighted as the year's annual average is (`grades.calculations.annual_average`, the year's weights).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Case, IntegerField, Q, QuerySet, When
from django.utils import timezone

from massar.accounts.models import User
from massar.core.models import SchoolYear, Semester
from massar.grades import calculations as calc
from massar.grades.models import YearGradeRules
from massar.grades.selectors import student_year_reports
from massar.schools.models import Subject
from massar.students.models import Enrolment, EnrolmentStatus, Student

from ..models import OrientationWindow, ScoringFormula, StreamOffer, Wish, WishList
from ..scoring import formulas_of, stream_scores

NOT_YET, OPEN, CLOSED = "not_yet", "open", "closed"


def current_enrolment(student: Student) -> Enrolment | None:
    """The student's class this school year."""
    return (Enrolment.objects.filter(student=student, status=EnrolmentStatus.ACTIVE, school_year__is_current=True)
            .select_related("school_class__school__directorate", "school_class__level", "school_class__school_year")
            .first())


def window_state(window: OrientationWindow, *, now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    if now < window.opens_at:
        return NOT_YET
    return OPEN if now < window.closes_at else CLOSED


def student_window(*, student: Student, enrolment: Enrolment | None = None,
                   now: datetime.datetime | None = None) -> OrientationWindow | None:
    """The orientation window that applies to `student` (see the module's docstring), or None."""
    enrolment = enrolment or current_enrolment(student)
    if enrolment is None:
        return None
    now = now or timezone.now()
    school_class = enrolment.school_class
    windows = (OrientationWindow.objects.filter(
        Q(academy_id=school_class.school.directorate.academy_id) | Q(academy__isnull=True),
        school_year_id=school_class.school_year_id, from_level_id=school_class.level_id)
        .select_related("school_year", "from_level", "to_level__cycle", "academy"))
    order = {OPEN: 0, NOT_YET: 1, CLOSED: 2}

    def precedence(window: OrientationWindow) -> tuple:
        state = window_state(window, now=now)
        when = window.opens_at.timestamp() if state == NOT_YET else -window.closes_at.timestamp()
        return order[state], when, window.academy_id is None, window.pk

    return min(windows, key=precedence, default=None)


def open_offers(*, window: OrientationWindow, enrolment: Enrolment) -> QuerySet[StreamOffer]:
    """The offers among which the student of `enrolment` ranks wishes in `window`."""
    school = enrolment.school_class.school
    offers = (StreamOffer.objects.filter(school_year_id=window.school_year_id, stream__level_id=window.to_level_id)
              .select_related("school", "stream__level"))
    if school.cycles.filter(pk=window.to_level.cycle_id).exists():
        offers = offers.filter(school=school)
    else:
        offers = offers.filter(school__directorate_id=school.directorate_id)
    # The student's own school first, then the others by code; a school's streams by code.
    own = Case(When(school_id=school.pk, then=0), default=1, output_field=IntegerField())
    return offers.order_by(own, "school__code", "stream__code")


def subject_annual_averages(*, viewer: User, student: Student, school_year: SchoolYear) -> dict[str, Fraction]:
    """`student`'s annual average of each subject whose two semester averages `viewer` may see (exact)."""
    semesters = list(Semester.objects.filter(school_year=school_year).order_by("number"))
    if len(semesters) < 2:
        return {}
    year = student_year_reports(viewer=viewer, student=student, semesters=semesters)
    by_subject: dict[str, dict[int, Decimal]] = {}
    for report in year.reports:
        for line in report.lines:
            if line.average is not None:
                by_subject.setdefault(line.subject.code, {})[report.semester.number] = line.average
    rules = YearGradeRules.objects.filter(school_year=school_year).first()
    weights = (rules.first_semester_weight, rules.second_semester_weight) if rules else (1, 1)
    averages = {}
    for code, terms in by_subject.items():
        annual = calc.annual_average(terms.get(1), terms.get(2), weights=weights)  # type: ignore[arg-type]
        if annual is not None:
            averages[code] = annual
    return averages


def formula_score(weights: Iterable[tuple[str, Decimal]], averages: dict[str, Fraction]) -> Fraction | None:
    """The weighted mean of the averages of the formula's subjects (exact); None while one is unknown."""
    total, weight_sum = Fraction(0), Fraction(0)
    for code, weight in weights:
        if code not in averages:
            return None
        total += averages[code] * Fraction(weight)
        weight_sum += Fraction(weight)
    return total / weight_sum if weight_sum else None


@dataclass(frozen=True)
class Weighting:
    subject: Subject
    weight: Decimal

    @property
    def subject_code(self) -> str:
        return self.subject.code


@dataclass(frozen=True)
class StreamChoice:
    """An offer open to the student, its published formula (empty: none published yet) and their score."""

    offer: StreamOffer
    formula: list[Weighting]
    score: Decimal | None


@dataclass(frozen=True)
class RankedWish:
    rank: int
    choice: StreamChoice


@dataclass
class StudentOrientation:
    """What `viewer` may see of `student`'s orientation; `window` None: no orientation window this year."""

    student: Student
    enrolment: Enrolment | None
    window: OrientationWindow | None = None
    state: str = ""
    choices: list[StreamChoice] = field(default_factory=list)
    wish_list: WishList | None = None
    wishes: list[RankedWish] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.state == OPEN

    @property
    def max_wishes(self) -> int:
        """How many wishes may be ranked: the window's limit, or every open stream when there are fewer."""
        return min(self.window.max_wishes, len(self.choices)) if self.window else 0

    @property
    def version(self) -> int:
        """The version of the saved wishes a form was read at (0: none saved yet)."""
        return self.wish_list.version if self.wish_list else 0

    def choice(self, offer_id: int) -> StreamChoice | None:
        return next((choice for choice in self.choices if choice.offer.pk == offer_id), None)


def _formulas(school_year_id: int, stream_ids: set[int]) -> dict[int, list[Weighting]]:
    formulas: dict[int, list[Weighting]] = {}
    for formula in (ScoringFormula.objects.filter(school_year_id=school_year_id, stream_id__in=stream_ids)
                    .prefetch_related("weights__subject")):
        formulas[formula.stream_id] = [Weighting(w.subject, w.weight)
                                       for w in formula.weights.all()]
    return formulas


def student_orientation(*, viewer: User, student: Student, now: datetime.datetime | None = None
                        ) -> StudentOrientation:
    """`student`'s window, open streams with their formulas and scores, and saved wishes, as `viewer` sees them."""
    enrolment = current_enrolment(student)
    view = StudentOrientation(student=student, enrolment=enrolment)
    window = student_window(student=student, enrolment=enrolment, now=now) if enrolment else None
    if window is None or enrolment is None:
        return view
    view.window, view.state = window, window_state(window, now=now)
    offers = list(open_offers(window=window, enrolment=enrolment))
    stream_ids = {offer.stream_id for offer in offers}
    formulas = _formulas(window.school_year_id, stream_ids)
    # The score shown is the assignment's own (scoring.stream_scores: one code path), shown once every subject of
    # the formula has an annual average this viewer may read (a parent waits for their delay).
    readable = subject_annual_averages(viewer=viewer, student=student, school_year=window.school_year)
    scores = stream_scores(students=[student.pk], school_year=window.school_year,
                           formulas=formulas_of(school_year=window.school_year, stream_ids=stream_ids).values())
    for offer in offers:
        formula = formulas.get(offer.stream_id, [])
        shown = bool(formula) and all(w.subject_code in readable for w in formula)
        view.choices.append(StreamChoice(offer, formula, scores.get((student.pk, offer.stream_id)) if shown else None))
    view.wish_list = WishList.objects.filter(window=window, student=student).first()
    if view.wish_list is not None:
        by_offer = {choice.offer.pk: choice for choice in view.choices}
        for wish in Wish.objects.filter(wish_list=view.wish_list).select_related("offer__school", "offer__stream"):
            # An offer withdrawn since the wish was made is still shown as wished (no score: not open any more).
            choice = by_offer.get(wish.offer_id) or StreamChoice(wish.offer, [], None)
            view.wishes.append(RankedWish(wish.rank, choice))
    return view
