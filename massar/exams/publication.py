"""Publishing a session's results (results day): one all-or-nothing operation that computes and stores every
candidate's result — the shown mark, the decision, the mention and the explanation of each component — then
marks the session published. Students and parents read a stored result (selectors.student_results): one
indexed lookup, never a computation at the peak.

A final exam (the bac's national exam, 3AC's regional exam, 6th primary's provincial exam) computes the
certificate's mark with the year's ResultRules (calculations.final_result), from:
- the continuous assessment: the annual average of the session's year, as the grades' one selector says
  (grades.selectors.annual_averages_for, a batch at a time, exact: never recomputed here);
- each exam of the level: the coefficient-weighted mean of the candidate's copies — this session's, or the
  student's latest candidacy in that exam (e.g. the 1BAC regional exam of the year before), locked or published;
- after a second session, per re-sat subject the better of the two marks (calculations.best_of_two).
Other exams (the 1BAC regional, 3AC local) store the exam mark alone.

Who computes (publisher_for): on PostgreSQL the set-based publisher (publication_sql.SqlPublisher: a few
statements for the whole session, 500,000 candidates on results day); elsewhere (SQLite, small data)
ResultsPublisher below, candidate by candidate with calculations.py. ResultsPublisher is the reference: the
set-based one is tested to store exactly its results (tests/test_publication_sql.py).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from itertools import batched
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massar.accounts.models import User
from massar.core.errors import Invalid
from massar.grades.selectors import annual_averages_for
from massar.students.models import Student

from . import calculations as calc
from .error_codes import ExamsErrorCode
from .models import (
    COMPONENT_OF,
    EXAMS_OF,
    FINAL_EXAM,
    Candidate,
    Copy,
    ExamKind,
    ExamPaper,
    ExamResult,
    ExamSession,
    ResultRules,
    SessionState,
)
from .results_cache import results_cache_forget
from .scopes import sessions_owned_by

# progress(done, total): called every BATCH candidates (the task puts it in the cache).
Progress = Callable[[int, int], None]
BATCH = 500
DONE_STATES = (SessionState.LOCKED, SessionState.PUBLISHED)


def _text(value: Fraction | Decimal | None, rounding: str) -> str | None:
    return None if value is None else str(calc.decide(value, rounding=rounding))


@dataclass
class ExamMarks:
    """A candidate's copies of one exam: marks by subject code, coefficients, and where they came from."""

    session: ExamSession
    exam_number: str
    marks: dict[str, Decimal | None]
    coefficients: dict[str, Decimal]
    absent: set[str]
    replaced: dict[str, Decimal | None]  # after a second session: subject → first-session mark it replaced
    _mark: Fraction | None = field(default=None, init=False, repr=False)
    _computed: bool = field(default=False, init=False, repr=False)

    def mark(self) -> Fraction | None:
        if not self._computed:  # read twice per candidate (the value and its explanation): computed once
            self._mark, self._computed = calc.exam_mark(self.marks, self.coefficients), True
        return self._mark


class CopyRow(NamedTuple):
    subject: str
    coefficient: Decimal
    mark: Decimal | None
    absent: bool


class Papers:
    """Subject code and coefficient of each paper, read once per session (a session has a few dozen papers,
    its candidates hundreds of thousands of copies: the copies are read as bare rows)."""

    def __init__(self) -> None:
        self._by_pk: dict[int, tuple[str, Decimal]] = {}

    def copies(self, candidates: Iterable[Candidate]) -> dict[int, list[CopyRow]]:
        ids = [c.pk for c in candidates]
        rows = list(Copy.objects.filter(candidate__in=ids).order_by().values_list("candidate_id", "paper_id", "mark",
                                                                                  "absent"))
        unknown = {paper for _c, paper, _m, _a in rows} - set(self._by_pk)
        if unknown:
            self._by_pk.update((pk, (code, coefficient)) for pk, code, coefficient in ExamPaper.objects.filter(
                pk__in=unknown).values_list("pk", "subject__code", "coefficient"))
        by_candidate: dict[int, list[CopyRow]] = {}
        for candidate_id, paper_id, mark, absent in rows:
            code, coefficient = self._by_pk[paper_id]
            by_candidate.setdefault(candidate_id, []).append(CopyRow(code, coefficient, mark, absent))
        return by_candidate


def _exam_marks(candidate: Candidate, copies: list[CopyRow]) -> ExamMarks:
    copies = sorted(copies, key=lambda c: c.subject)  # the subjects (and the missing ones) in code order
    return ExamMarks(session=candidate.session, exam_number=candidate.exam_number,
                     marks={c.subject: c.mark for c in copies},
                     coefficients={c.subject: c.coefficient for c in copies},
                     absent={c.subject for c in copies if c.absent}, replaced={})


def _second_session(first: ExamMarks, second: list[CopyRow]) -> ExamMarks:
    again = {c.subject: c.mark for c in second}
    merged, replaced = calc.best_of_two(first.marks, again)
    return ExamMarks(session=first.session, exam_number=first.exam_number,
                     marks={k: None if v is None else Decimal(str(v)) for k, v in merged.items()},
                     coefficients=first.coefficients, absent=first.absent - set(replaced),
                     replaced={subject: first.marks.get(subject) for subject in replaced})


class ResultsPublisher:
    """Computes and stores the results of one session, all or nothing (`run`)."""

    def __init__(self, session: ExamSession, progress: Progress | None = None) -> None:
        self.session = session
        self.progress = progress
        self.papers = Papers()
        self.level = session.level.code
        self.final = FINAL_EXAM.get(self.level) == session.kind
        self.rules = {r.candidate_kind: r for r in ResultRules.objects.filter(school_year=session.school_year,
                                                                              level=session.level)}

    def candidates(self) -> list[Candidate]:
        return list(Candidate.objects.filter(session=self.session).select_related("session__school_year")
                    .order_by("pk"))

    def check_rules(self, kinds: set[str]) -> None:
        if self.final and kinds - set(self.rules):
            raise Invalid(ExamsErrorCode.NO_RULES, _("The year has no result rules for these candidates."))

    def run(self) -> int:
        candidates = self.candidates()
        self.check_rules({c.kind for c in candidates})
        rows = []
        for start in range(0, len(candidates), BATCH):
            batch = candidates[start:start + BATCH]
            rows.extend(self._results(batch))
            if self.progress:
                self.progress(min(start + BATCH, len(candidates)), len(candidates))
        ExamResult.objects.filter(session=self.session).delete()
        ExamResult.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    def _own_marks(self, batch: list[Candidate]) -> dict[int, ExamMarks]:
        """This session's marks of each candidate; for a second session, merged with the normal session's."""
        own = self.papers.copies(batch)
        if self.session.normal_session_id is None:
            return {c.pk: _exam_marks(c, own.get(c.pk, [])) for c in batch}
        firsts = {c.student_id: c for c in Candidate.objects.filter(
            session_id=self.session.normal_session_id, student__in=[c.student_id for c in batch])
            .select_related("session__school_year")}
        first_copies = self.papers.copies(firsts.values())
        marks = {}
        for candidate in batch:
            first = firsts.get(candidate.student_id)
            base = (_exam_marks(first, first_copies.get(first.pk, [])) if first is not None
                    else _exam_marks(candidate, []))
            marks[candidate.pk] = _second_session(base, own.get(candidate.pk, []))
        return marks

    def _other_exam(self, kind: ExamKind, batch: list[Candidate]) -> dict[int, ExamMarks]:
        """Each student's latest candidacy in exam `kind` up to this year (normal session, marks locked)."""
        year = self.session.school_year
        latest: dict[int, Candidate] = {}
        for candidate in (Candidate.objects.filter(
                student__in=[c.student_id for c in batch], session__kind=kind, session__number=1,
                session__state__in=DONE_STATES, session__school_year__starts_on__lte=year.starts_on)
                .select_related("session__school_year").order_by("session__school_year__starts_on", "pk")):
            latest[candidate.student_id] = candidate
        copies = self.papers.copies(latest.values())
        return {student_id: _exam_marks(c, copies.get(c.pk, [])) for student_id, c in latest.items()}

    def _results(self, batch: list[Candidate]) -> list[ExamResult]:
        own = self._own_marks(batch)
        if not self.final:
            rounding = next(iter(self.rules.values())).rounding if self.rules else "half_up"
            return [self._exam_only(c, own[c.pk], rounding) for c in batch]
        others = {kind: self._other_exam(kind, batch) for kind in EXAMS_OF[self.level] if kind != self.session.kind}
        annual = annual_averages_for(student_ids=[c.student_id for c in batch], school_year=self.session.school_year)
        rows = []
        for candidate in batch:
            exams = {COMPONENT_OF[ExamKind(self.session.kind)]: own[candidate.pk]}
            for kind, by_student in others.items():
                found = by_student.get(candidate.student_id)
                if found is not None:
                    exams[COMPONENT_OF[kind]] = found
            rows.append(self._final(candidate, exams, annual[candidate.student_id]))
        return rows

    def _exam_only(self, candidate: Candidate, marks: ExamMarks, rounding: str) -> ExamResult:
        exact = marks.mark()
        component = COMPONENT_OF[ExamKind(self.session.kind)]
        explanation = {"final": False, "out_of": self.session.out_of, "candidate_kind": candidate.kind,
                       "components": [_exam_component(component, None, marks, rounding)],
                       "missing": [] if exact is not None else [component.value]}
        return ExamResult(candidate=candidate, session=self.session, student_id=candidate.student_id,
                          mark=None if exact is None else calc.decide(exact, rounding=rounding),
                          explanation=explanation, shown=self._shown(candidate))

    def _final(self, candidate: Candidate, exams: dict[calc.Component, ExamMarks],
               annual: Fraction | None) -> ExamResult:
        rule = self.rules[candidate.kind]
        rules = rule.as_rules()
        values: dict[calc.Component, Fraction | None] = {}
        parts = []
        for component in rules.components:
            weight = rules.weights[component]
            if component == calc.Component.CONTINUOUS:
                values[component] = annual
                parts.append({"component": component.value, "weight": str(weight),
                              "value": _text(annual, rules.rounding), "missing": annual is None,
                              "source": {"kind": "continuous", "school_year": self.session.school_year.label}})
            else:
                found = exams.get(component)
                values[component] = found.mark() if found else None
                parts.append(_exam_component(component, weight, found, rules.rounding))
        result = calc.final_result(values, rules, second_session_allowed=self.session.number == 1)
        explanation = {"final": True, "out_of": rules.out_of, "candidate_kind": candidate.kind,
                       "components": parts, "missing": [m.value for m in result.missing],
                       "second_session": self.session.number == 2}
        return ExamResult(candidate=candidate, session=self.session, student_id=candidate.student_id,
                          mark=result.mark, decision=result.decision or "", mention=result.mention or "",
                          explanation=explanation, shown=self._shown(candidate))

    @cached_property
    def heading(self) -> dict[str, Any]:
        return result_heading(self.session)  # the same for every candidate: made once

    def _shown(self, candidate: Candidate) -> dict[str, Any]:
        return {**self.heading, "exam_number": candidate.exam_number, "candidate_kind": candidate.kind}


def _exam_component(component: calc.Component, weight: Decimal | None, marks: ExamMarks | None,
                    rounding: str) -> dict[str, Any]:
    if marks is None:
        return {"component": component.value, "weight": None if weight is None else str(weight), "value": None,
                "missing": True, "source": None, "subjects": [], "missing_subjects": []}
    exact = marks.mark()
    return {"component": component.value, "weight": None if weight is None else str(weight),
            "value": _text(exact, rounding), "missing": exact is None,
            "source": {"kind": marks.session.kind, "school_year": marks.session.school_year.label,
                       "session": marks.session.number, "exam_number": marks.exam_number},
            "subjects": [{"subject": code, "coefficient": str(marks.coefficients[code]),
                          "mark": None if marks.marks.get(code) is None else str(marks.marks[code]),
                          "absent": code in marks.absent,
                          "replaced": code in marks.replaced,
                          "first_session_mark": (None if marks.replaced.get(code) is None
                                                 else str(marks.replaced[code]))}
                         for code in sorted(marks.coefficients)],
            "missing_subjects": calc.exam_missing(marks.marks, marks.coefficients)}


def result_heading(session: ExamSession) -> dict[str, Any]:
    """What each published result of `session` shows of it, and the order results are listed in (newest year,
    then level, then session): stored on the result at publication (ExamResult.shown), so that reading a
    student's results is one row per result (results_rows.py)."""
    if session.published_at is None:
        raise ValueError("a result's heading is written when its session is published")
    return {"session_id": session.pk, "kind": session.kind, "session": session.number,
            "school_year": session.school_year.label, "level": session.level.code,
            "published_at": session.published_at.isoformat(), "out_of": session.out_of,
            "order": [session.school_year.starts_on.isoformat(), session.level.order, session.number, session.pk]}


def publisher_for(session: ExamSession, progress: Progress | None = None) -> ResultsPublisher:
    """The set-based publisher on PostgreSQL (publication_sql.py); elsewhere (SQLite, small data) the Python
    reference it is tested against. Both give the same results and write them in the caller's transaction."""
    if connection.vendor == "postgresql":
        from .publication_sql import SqlPublisher

        return SqlPublisher(session, progress)
    return ResultsPublisher(session, progress)


def session_publish(*, session: ExamSession, actor: User, progress: Progress | None = None) -> int:
    """Compute and store every candidate's result, then publish the session, in one transaction (a failure
    leaves nothing published and the stored results as they were). The marks must be locked first. Returns
    how many results were stored; the candidates and their parents are told once it is committed."""
    from .tasks import results_notify_task

    with transaction.atomic():
        session = ExamSession.objects.select_for_update(of=("self",)).select_related("school_year", "level").get(pk=session.pk)
        if not sessions_owned_by(actor).filter(pk=session.pk).exists():
            from massar.core.errors import Refused

            raise Refused(ExamsErrorCode.NOT_YOURS, _("This exam belongs to another body."))
        if session.state != SessionState.LOCKED:
            raise Invalid(ExamsErrorCode.WRONG_STATE, _("Lock the marks before publishing the results."))
        session.published_at = timezone.now()  # before the results, which show it
        count = publisher_for(session, progress).run()
        session.state = SessionState.PUBLISHED
        session.save(update_fields=["state", "published_at"])
        transaction.on_commit(results_cache_forget)
        transaction.on_commit(lambda: results_notify_task.enqueue(session.pk))
    return count


def results_notify(*, session_id: int) -> int:
    """Each candidate and their linked parents are told in their outbox (then by e-mail or push as each chose):
    the result is published, here is where to read it. One message per candidate and session, whatever the
    retries. Returns how many messages were made."""
    from django.urls import reverse
    from django.utils.translation import gettext_noop

    from massar.notifications.models import Kind
    from massar.notifications.parts import part, person_names
    from massar.notifications.services import ChildNews, notifications_emit_about
    from massar.notifications.services.emit import ROUND

    session = ExamSession.objects.select_related("school_year").get(pk=session_id)
    students = Student.objects.filter(exam_results__session=session).distinct().order_by("pk")
    made = 0
    for page in batched(students.iterator(chunk_size=ROUND), ROUND):
        made += len(notifications_emit_about(kind=Kind.RESULTS_PUBLISHED, news=[ChildNews(
            student=student, dedupe_key=f"results:{session.pk}:{student.pk}",
            title=part(gettext_noop("Exam results of %(name)s"), name=person_names(student)),
            body=part(gettext_noop("%(exam)s: the result is published."), exam=str(session)),
            link=reverse("portals:results_mine"),
            parents_link=reverse("portals:results_child", kwargs={"massar_code": student.massar_code}))
            for student in page]))
    return made
