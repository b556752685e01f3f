"""What the year rollover of one school will do, read in a few set-based queries and decided in Python.

For every student enrolled (active) in a class of the school in year Y, one move:

- levels ending with a certifying exam (6AP, 3AC, 2BAC: massar.exams FINAL_EXAM) follow their published final
  result of Y: admitted → promoted (2BAC: graduates), not admitted → repeats; a result sending the student to
  the second session is decided only once the second session is published;
- other levels follow the class council's published end-of-year decision (massar.exams YearDecision):
  promoted, repeats, dismissed;
- a promoted student whose next level has streams goes to the stream the orientation council decided
  (massar.orientation Assignment.decided of a published run of a window of Y towards that level), in the school
  of that offer (another school: a lycée for a 3AC student); without one, a stream of the same code at the next
  level continues it (1BAC Lettres → 2BAC Lettres), in the same school; otherwise the move is blocked;
- a promoted student whose next level has no stream stays in the school at the next level when the school
  teaches its cycle; otherwise they complete the cycle here (6AP in a primary-only school): their enrolment
  ends as completed and the receiving school enrols them;
- a student without any of these is blocked: the rollover refuses until the council decided.

A promoted or repeating student keeps their section number and language option (1AC-3 → 2AC-3); a student who
changes stream goes to section 1 of the stream (the school splits it later). Nothing here writes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from massar.core.models import SchoolYear
from massar.exams.calculations import Decision
from massar.exams.models import FINAL_EXAM, ExamResult, SessionState, YearDecision, YearOutcome
from massar.orientation.models import Assignment, RunState
from massar.schools.models import Level, School, SchoolClass, Stream

from .models import Enrolment, EnrolmentStatus


class MoveKind(StrEnum):
    PROMOTED = "promoted"
    ORIENTED = "oriented"
    REPEATS = "repeats"
    GRADUATES = "graduates"
    DISMISSED = "dismissed"
    COMPLETES_CYCLE = "completes_cycle"
    ALREADY_ENROLLED = "already_enrolled"
    BLOCKED = "blocked"


# The moves that enrol the student in a class of the next year.
ENROLLING = frozenset({MoveKind.PROMOTED, MoveKind.ORIENTED, MoveKind.REPEATS})


@dataclass(frozen=True, order=True)
class Target:
    """A class of the next year, by what makes its code (created when the school does not have it yet)."""

    school_id: int
    school_code: str
    level_id: int
    level_code: str
    stream_id: int | None
    stream_code: str
    option: str
    section: int

    @property
    def code(self) -> str:
        return SchoolClass.build_code(self.level_code, self.stream_code, self.option, self.section)


@dataclass(frozen=True)
class Move:
    enrolment_id: int
    student_id: int
    massar_code: str
    student_name: str
    from_class: str
    kind: MoveKind
    reason: str
    target: Target | None = None
    other_school: bool = False


@dataclass
class RolloverPlan:
    school: School
    from_year: SchoolYear
    to_year: SchoolYear
    moves: list[Move] = field(default_factory=list)

    @property
    def blocked(self) -> list[Move]:
        return [move for move in self.moves if move.kind == MoveKind.BLOCKED]

    def counts(self) -> dict[str, int]:
        counted = dict.fromkeys(MoveKind, 0)
        for move in self.moves:
            counted[move.kind] += 1
        return {str(kind): n for kind, n in counted.items()}

    @property
    def targets(self) -> set[Target]:
        return {move.target for move in self.moves if move.target is not None}


def _name(row: dict) -> str:
    latin = f"{row['student__last_name_latin'].upper()} {row['student__first_name_latin']}".strip()
    arabic = f"{row['student__first_name_ar']} {row['student__last_name_ar']}".strip()
    arabic_page = (translation.get_language() or "ar")[:2] == "ar"
    return (arabic or latin) if arabic_page else (latin or arabic)


ENROLMENT_FIELDS = ("pk", "student_id", "student__massar_code", "student__last_name_latin",
                    "student__first_name_latin", "student__first_name_ar", "student__last_name_ar",
                    "school_class__code", "school_class__level_id", "school_class__stream_id",
                    "school_class__option", "school_class__section")


def enrolments_to_roll(*, school: School, from_year: SchoolYear) -> QuerySet[Enrolment]:
    """The enrolments a rollover of the school ends: active in one of its classes of the year."""
    return Enrolment.objects.filter(school_class__school=school, school_year=from_year,
                                    status=EnrolmentStatus.ACTIVE)


class PlanReader:
    """Reads what decides each move (decisions, exam results, orientation, next year's enrolments) for the
    students of a school, one query per source, and builds the plan."""

    def __init__(self, *, school: School, from_year: SchoolYear, to_year: SchoolYear) -> None:
        self.school, self.from_year, self.to_year = school, from_year, to_year
        self.levels = {level.pk: level for level in Level.objects.all()}
        self.level_by_order = {level.order: level for level in self.levels.values()}
        self.streams = {stream.pk: stream for stream in Stream.objects.all()}
        self.streams_of_level: dict[int, dict[str, Stream]] = {}
        for stream in self.streams.values():
            self.streams_of_level.setdefault(stream.level_id, {})[stream.code] = stream
        self.cycles = set(school.cycles.values_list("code", flat=True))
        # Translated once: a school has a handful of distinct reasons for its 1,500 students.
        self.outcome_labels = {outcome.value: str(outcome.label) for outcome in YearOutcome}

    def plan(self, enrolments: QuerySet[Enrolment] | None = None) -> RolloverPlan:
        enrolments = enrolments if enrolments is not None else enrolments_to_roll(
            school=self.school, from_year=self.from_year)
        rows = list(enrolments.order_by("school_class__level__order", "school_class__code",
                                        "student__last_name_latin", "student__first_name_latin",
                                        "student__massar_code").values(*ENROLMENT_FIELDS))
        students = enrolments.values("student_id")
        decisions = dict(YearDecision.objects.filter(school_year=self.from_year, student_id__in=students,
                                                     published_at__isnull=False).exclude(decision="")
                         .values_list("student_id", "decision"))
        results = self._exam_results(students)
        orientations = self._orientations(students)
        already = {student_id: code for student_id, code in Enrolment.objects.filter(
            school_year=self.to_year, status=EnrolmentStatus.ACTIVE, student_id__in=students)
            .values_list("student_id", "school_class__code")}
        plan = RolloverPlan(school=self.school, from_year=self.from_year, to_year=self.to_year)
        for row in rows:
            plan.moves.append(self._move(row, decisions, results, orientations, already))
        return plan

    def _exam_results(self, students: QuerySet) -> dict[tuple[int, str], str]:
        """(student, exam kind) → the decision of the latest published session (a second session's replaces
        the normal session's)."""
        rows = (ExamResult.objects.filter(session__school_year=self.from_year, session__state=SessionState.PUBLISHED,
                                          session__kind__in=list(set(FINAL_EXAM.values())),
                                          student_id__in=students)
                .order_by("session__number").values_list("student_id", "session__kind", "decision"))
        return {(student_id, kind): decision for student_id, kind, decision in rows}

    def _orientations(self, students: QuerySet) -> dict[tuple[int, int], dict]:
        """(student, level of the streams) → the council's decision of the latest published run of Y."""
        rows = (Assignment.objects.filter(run__state=RunState.PUBLISHED, run__window__school_year=self.from_year,
                                          student_id__in=students)
                .order_by("run__published_at", "run_id")
                .values("student_id", "run__window__to_level_id", "decided_id", "decided__school_id",
                        "decided__school__code", "decided__stream_id"))
        return {(row["student_id"], row["run__window__to_level_id"]): dict(row) for row in rows}

    def _move(self, row: dict, decisions: dict, results: dict, orientations: dict, already: dict) -> Move:
        base = {"enrolment_id": row["pk"], "student_id": row["student_id"],
                "massar_code": row["student__massar_code"], "student_name": _name(row),
                "from_class": row["school_class__code"]}
        student_id = row["student_id"]
        if student_id in already:
            return Move(**base, kind=MoveKind.ALREADY_ENROLLED,
                        reason=_("Already enrolled in %(class)s for %(year)s.")
                        % {"class": already[student_id], "year": self.to_year.label})
        level = self.levels[row["school_class__level_id"]]
        outcome, why = self._outcome(level, student_id, decisions, results)
        if outcome is None:
            return Move(**base, kind=MoveKind.BLOCKED, reason=why)
        if outcome == YearOutcome.DISMISSED:
            return Move(**base, kind=MoveKind.DISMISSED, reason=why)
        if outcome == YearOutcome.REPEATS:
            stream = self.streams.get(row["school_class__stream_id"])
            return Move(**base, kind=MoveKind.REPEATS, reason=why,
                        target=self._target(self.school, level, stream, row["school_class__option"],
                                            row["school_class__section"]))
        if outcome == MoveKind.GRADUATES:
            return Move(**base, kind=MoveKind.GRADUATES, reason=why)
        return self._promotion(base, row, level, why, orientations)

    def _outcome(self, level: Level, student_id: int, decisions: dict, results: dict) -> tuple[str | None, str]:
        exam = FINAL_EXAM.get(level.code)
        if exam is None:
            decision = decisions.get(student_id)
            if decision is None:
                return None, _("No published end-of-year decision of the class council.")
            return decision, self.outcome_labels[decision]
        result = results.get((student_id, str(exam)))
        if not result:
            return None, _("No published result of the %(exam)s.") % {"exam": exam.label}
        if result == Decision.SECOND_SESSION:
            return None, _("Waiting for the published result of the second session.")
        if result == Decision.FAILED:
            return YearOutcome.REPEATS, _("Not admitted at the %(exam)s.") % {"exam": exam.label}
        if level.code == "2BAC":
            return MoveKind.GRADUATES, _("Admitted at the baccalaureate.")
        return YearOutcome.PROMOTED, _("Admitted at the %(exam)s.") % {"exam": exam.label}

    def _promotion(self, base: dict, row: dict, level: Level, why: str, orientations: dict) -> Move:
        next_level = self.level_by_order.get(level.order + 1)
        if next_level is None:
            return Move(**base, kind=MoveKind.BLOCKED, reason=_("There is no level after %(level)s.")
                        % {"level": level.code})
        option, section = row["school_class__option"], row["school_class__section"]
        oriented = orientations.get((row["student_id"], next_level.pk))
        if oriented is not None:
            if oriented["decided_id"] is None:
                return Move(**base, kind=MoveKind.BLOCKED,
                            reason=_("The orientation council gave no stream of %(level)s.")
                            % {"level": next_level.code})
            stream = self.streams[oriented["decided__stream_id"]]
            other = oriented["decided__school_id"] != self.school.pk
            school = (School(pk=oriented["decided__school_id"], code=oriented["decided__school__code"]) if other
                      else self.school)
            reason = (_("%(why)s Orientation: %(stream)s at %(school)s.") if other
                      else _("%(why)s Orientation: %(stream)s."))
            return Move(**base, kind=MoveKind.ORIENTED, other_school=other,
                        reason=reason % {"why": why, "stream": stream.name, "school": school.code},
                        target=self._target(school, next_level, stream, option, 1))
        streams = self.streams_of_level.get(next_level.pk, {})
        if streams:
            current = self.streams.get(row["school_class__stream_id"])
            continued = streams.get(current.code) if current else None
            if continued is None:
                return Move(**base, kind=MoveKind.BLOCKED,
                            reason=_("Promoted, but no published orientation to a stream of %(level)s.")
                            % {"level": next_level.code})
            return Move(**base, kind=MoveKind.PROMOTED, reason=why,
                        target=self._target(self.school, next_level, continued, option, section))
        if next_level.cycle_id not in self.cycles:
            return Move(**base, kind=MoveKind.COMPLETES_CYCLE,
                        reason=_("%(why)s %(level)s is not taught here: the receiving school enrols the student.")
                        % {"why": why, "level": next_level.code})
        return Move(**base, kind=MoveKind.PROMOTED, reason=why,
                    target=self._target(self.school, next_level, None, option, section))

    def _target(self, school: School, level: Level, stream: Stream | None, option: str, section: int) -> Target:
        return Target(school_id=school.pk, school_code=school.code, level_id=level.pk, level_code=level.code,
                      stream_id=stream.pk if stream else None, stream_code=stream.code if stream else "",
                      option=option, section=section)


def blocked_message(moves: Iterable[Move], shown: int = 10) -> str:
    """The students a rollover waits for, named (the first `shown`, then how many more)."""
    moves = list(moves)
    names = ", ".join(f"{move.student_name} ({move.massar_code})" for move in moves[:shown])
    more = len(moves) - shown
    if more > 0:
        names += " " + _("and %(count)s more") % {"count": more}
    return names
