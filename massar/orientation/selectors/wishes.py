"""What a student sees of their orientation: their window, the streams open to them with each stream's
capacity, published formula and their own score, and their ranked wishes with the receipt. One read for the
student's page, the parent's page, the API and the printed request, so they can never disagree.

- The window: one of the ministry's (no academy) or the student's academy's, for the level of their class this
  year (`from_level`) in the current school year. When several apply, the open one, else the next to open, else
  the last closed; an academy's before the ministry's.
- The streams open to them: the offers (`StreamOffer`, the window's school year) of the window's `to_level`
  streams by their own school when it teaches that level's cycle (a lycée's TC students go on to its 1BAC),
  otherwise by the schools of their directorate (a collège's 3AC students go on to the directorate's lycées).
- Their score for a stream: the assignment's own (`orientation.scoring.stream_scores`: the stream's formula, a
  weighted mean of chosen subjects' annual averages of the window's school year), shown only once the grades'
  one report selector (`student_year_reports`) gives the viewer both semester averages of every subject of the
  formula: a subject not yet published to the viewer leaves the score unknown.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, IntegerField, Q, QuerySet, When
from django.utils import timezone

from massar.accounts.models import User
from massar.core.models import SchoolYear, Semester
from massar.grades.selectors import student_year_reports
from massar.schools.models import Subject
from massar.students.models import Enrolment, EnrolmentStatus, Student

from ..models import OrientationWindow, StreamOffer, Wish, WishList
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


def subjects_readable(*, viewer: User, student: Student, school_year: SchoolYear) -> set[str]:
    """The codes of the subjects whose two semester averages of `school_year` `viewer` may see (the grades' one
    report selector decides: a parent waits for their delay)."""
    semesters = list(Semester.objects.filter(school_year=school_year).order_by("number"))
    if len(semesters) < 2:
        return set()
    year = student_year_reports(viewer=viewer, student=student, semesters=semesters)
    seen: dict[str, int] = {}
    for report in year.reports:
        for line in report.lines:
            if line.average is not None:
                seen[line.subject.code] = seen.get(line.subject.code, 0) + 1
    return {code for code, terms in seen.items() if terms == 2}


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
    published = formulas_of(school_year=window.school_year, stream_ids=stream_ids)
    formulas = {stream_id: [Weighting(w.subject, w.weight) for w in formula.weights.all()]
                for stream_id, formula in published.items()}
    # The score shown is the assignment's own (scoring.stream_scores: one code path), shown once both semester
    # averages of every subject of the formula are readable by this viewer (a parent waits for their delay).
    readable = subjects_readable(viewer=viewer, student=student, school_year=window.school_year)
    scores = stream_scores(students=[student.pk], school_year=window.school_year, formulas=published.values())
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
