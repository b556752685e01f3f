"""The year rollover: from school year Y to Y+1 in one sweep per school (DOMAIN §5, issue 12).

`YearRollover(school=…)` previews every move (rollover_plan) and runs it: next year's classes are created as
needed, the year's active enrolments end (completed; withdrawn for a dismissed student) and next year's
active enrolments are created, set-based (a few queries whatever the school's size). A run is one transaction:
any error and nothing is written. It refuses while a student of the school waits for a decision, naming them.
Re-running it changes nothing: the enrolments it ends are no longer active, so a second sweep finds no one.
Accounts and parent links are not touched: they hang on the student's file, which stays the same.

`directorate_rollover` runs every school of a directorate, each all-or-nothing on its own: a school waiting for
decisions is reported and skipped, the others roll over.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from massar.core.errors import Conflict, DomainError, Invalid, NotFound
from massar.core.models import SchoolYear
from massar.core.roles import Role
from massar.schools.models import Directorate, School, SchoolClass
from massar.schools.scopes import schools_visible_to

from .error_codes import StudentsErrorCode
from .models import Enrolment, EnrolmentStatus
from .rollover_plan import (
    ENROLLING,
    MoveKind,
    PlanReader,
    RolloverPlan,
    Target,
    blocked_message,
    enrolments_to_roll,
)

logger = logging.getLogger("massar.students.rollover")
ROLLOVER_ROLES = frozenset({Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER})
Progress = Callable[[int, int], None]


def current_school_year() -> SchoolYear:
    year = SchoolYear.objects.filter(is_current=True).first()
    if year is None:
        raise Invalid(StudentsErrorCode.NEXT_YEAR_MISSING, _("No school year is marked as the current one."))
    return year


def next_school_year(year: SchoolYear) -> SchoolYear:
    """The year after `year` (2025/2026 → 2026/2027); refused, naming it, while it does not exist."""
    start = int(year.label[:4]) + 1
    label = f"{start}/{start + 1}"
    following = SchoolYear.objects.filter(label=label).first()
    if following is None:
        raise Invalid(StudentsErrorCode.NEXT_YEAR_MISSING,
                      _("The school year %(year)s does not exist yet: it must be created before the rollover.")
                      % {"year": label}, school_year=label)
    return following


def rollover_schools_for(actor) -> "list[School]":
    """The schools whose rollover `actor` may preview and run: a school administrator their school, a
    directorate officer their directorate's schools; nobody else."""
    if getattr(actor, "role", None) not in ROLLOVER_ROLES:
        return []
    return list(schools_visible_to(actor).select_related("directorate").order_by("code"))


def rollover_school(*, actor, code: str) -> School:
    """The school of code `code` if `actor` may roll it over; NotFound otherwise (outside their territory)."""
    if getattr(actor, "role", None) in ROLLOVER_ROLES:
        school = schools_visible_to(actor).select_related("directorate").filter(code=code).first()
        if school is not None:
            return school
    raise NotFound(StudentsErrorCode.SCHOOL_NOT_FOUND, _("There is no such school."))


@dataclass
class RolloverResult:
    school: School
    from_year: SchoolYear
    to_year: SchoolYear
    counts: dict[str, int] = field(default_factory=dict)
    classes_created: int = 0
    enrolments_ended: int = 0
    enrolments_created: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.enrolments_ended or self.enrolments_created or self.classes_created)


class YearRollover:
    """One school's rollover from `from_year` (default: the current year) to the year after it."""

    def __init__(self, *, school: School, from_year: SchoolYear | None = None) -> None:
        self.school = school
        self.from_year = from_year or current_school_year()
        self.to_year = next_school_year(self.from_year)

    def _reader(self) -> PlanReader:
        return PlanReader(school=self.school, from_year=self.from_year, to_year=self.to_year)

    def preview(self) -> RolloverPlan:
        """Every move the run would make now, and why; nothing is written."""
        return self._reader().plan()

    @transaction.atomic
    def run(self, *, actor=None) -> RolloverResult:
        """Apply the plan, all or nothing. The year's active enrolments of the school are locked first, so that
        two runs (or a run and a transfer) never interleave: the second one waits, then finds nothing to do.
        Who ran it (`actor`) and what it did go to the `massar.students.rollover` log once committed."""
        locked = enrolments_to_roll(school=self.school, from_year=self.from_year).select_for_update(of=("self",))
        list(locked.values_list("pk", flat=True))
        plan = self._reader().plan()
        if plan.blocked:
            raise Invalid(StudentsErrorCode.ROLLOVER_BLOCKED,
                          _("The rollover of %(school)s waits for the council's decision on: %(students)s.")
                          % {"school": self.school.code, "students": blocked_message(plan.blocked)},
                          students=[move.massar_code for move in plan.blocked])
        result = RolloverResult(school=self.school, from_year=self.from_year, to_year=self.to_year,
                                counts=plan.counts())
        classes, result.classes_created = self._classes(plan.targets)
        withdrawn = [m.enrolment_id for m in plan.moves if m.kind == MoveKind.DISMISSED]
        completed = [m.enrolment_id for m in plan.moves if m.kind != MoveKind.DISMISSED]
        result.enrolments_ended = (
            Enrolment.objects.filter(pk__in=completed).update(status=EnrolmentStatus.COMPLETED,
                                                              left_on=self.from_year.ends_on)
            + Enrolment.objects.filter(pk__in=withdrawn).update(status=EnrolmentStatus.WITHDRAWN,
                                                                left_on=self.from_year.ends_on))
        enrolments = [Enrolment(student_id=move.student_id, school_class_id=classes[move.target],
                                school_year=self.to_year, status=EnrolmentStatus.ACTIVE,
                                enrolled_on=self.to_year.starts_on)
                      for move in plan.moves if move.kind in ENROLLING and move.target is not None]
        try:
            with transaction.atomic():
                Enrolment.objects.bulk_create(enrolments, batch_size=1000)
        except IntegrityError:  # a student was enrolled for next year meanwhile (outside the locked rows)
            raise Conflict(StudentsErrorCode.ROLLOVER_CONFLICT,
                           _("A student of %(school)s was enrolled for %(year)s meanwhile: preview again.")
                           % {"school": self.school.code, "year": self.to_year.label}) from None
        result.enrolments_created = len(enrolments)
        if result.changed:
            transaction.on_commit(lambda: logger.info(
                "rollover of %s from %s to %s by account %s: %s; %s classes created, %s enrolments ended, %s created",
                self.school.code, self.from_year.label, self.to_year.label, getattr(actor, "pk", None),
                {kind: n for kind, n in result.counts.items() if n}, result.classes_created, result.enrolments_ended,
                result.enrolments_created))
        return result

    def _classes(self, targets: set[Target]) -> tuple[dict[Target, int], int]:
        """The pk of each target class of next year, creating those the schools do not have yet."""
        if not targets:
            return {}, 0
        schools = {target.school_id for target in targets}
        existing = {(school_id, code): pk for school_id, code, pk in SchoolClass.objects.filter(
            school_year=self.to_year, school_id__in=schools, code__in={target.code for target in targets})
            .values_list("school_id", "code", "pk")}
        missing = sorted(t for t in targets if (t.school_id, t.code) not in existing)
        # Two collèges rolling over at once may both create the lycée's class their students are orientated to:
        # the second insert does nothing (it waits for the first to commit) and both read the same class back.
        SchoolClass.objects.bulk_create([
            SchoolClass(school_id=t.school_id, school_year=self.to_year, level_id=t.level_id, stream_id=t.stream_id,
                        option=t.option, section=t.section, code=t.code) for t in missing], ignore_conflicts=True)
        if missing:
            existing.update({(school_id, code): pk for school_id, code, pk in SchoolClass.objects.filter(
                school_year=self.to_year, school_id__in=schools, code__in={t.code for t in missing})
                .values_list("school_id", "code", "pk")})
        return {target: existing[(target.school_id, target.code)] for target in targets}, len(missing)


@dataclass
class SchoolOutcome:
    school_code: str
    school_name: str
    ok: bool
    result: RolloverResult | None = None
    error: str = ""


def directorate_rollover(*, directorate: Directorate, from_year: SchoolYear | None = None, actor=None,
                         progress: Progress | None = None) -> list[SchoolOutcome]:
    """Every school of the directorate, each in its own transaction: a school that cannot roll over (a student
    waiting for a decision) is reported with the reason and left as it was; the others roll over."""
    from_year = from_year or current_school_year()
    next_school_year(from_year)  # refuse at once, before any school, when next year is missing
    schools = list(School.objects.filter(directorate=directorate).order_by("code"))
    outcomes = []
    for done, school in enumerate(schools, start=1):
        try:
            result = YearRollover(school=school, from_year=from_year).run(actor=actor)
            outcomes.append(SchoolOutcome(school.code, school.name, True, result=result))
        except DomainError as refused:
            outcomes.append(SchoolOutcome(school.code, school.name, False, error=str(refused)))
        if progress is not None:
            progress(done, len(schools))
    return outcomes
