"""Writes on exams: opening a session (with its seeded papers), registering candidates (school candidates
from their enrolments, free candidates by the academy) with their exam numbers and anonymous copies, entering
marks on a paper's anonymous grid, and moving a session through its states. Publication (computing every
result) is publication.py.

Every write checks that the actor's body owns the session (scopes.sessions_owned_by) and refuses with a
DomainError carrying an ExamsErrorCode."""

import secrets
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from massar.access.scope import caller_of
from massar.accounts.models import User
from massar.core.errors import Conflict, Invalid, NotFound, Refused
from massar.core.models import SchoolYear
from massar.core.roles import Role
from massar.grades.services import mark_parse as grades_mark_parse
from massar.schools.models import Academy, Directorate, Level, School, Stream
from massar.students.models import Enrolment, EnrolmentStatus, Student

from .error_codes import ExamsErrorCode
from .models import LEVEL_OF, Candidate, CandidateKind, Copy, ExamKind, ExamPaper, ExamSession, SessionState
from .rules import exam_papers_seed
from .scopes import sessions_owned_by

ANONYMOUS_DIGITS = 8
NEXT_STATE = {SessionState.PREPARING: SessionState.MARKING, SessionState.MARKING: SessionState.LOCKED}


def _owned(session: ExamSession, actor: User) -> None:
    if not sessions_owned_by(actor).filter(pk=session.pk).exists():
        raise Refused(ExamsErrorCode.NOT_YOURS, _("This exam belongs to another body."))


@transaction.atomic
def exam_session_open(*, school_year: SchoolYear, kind: str, number: int = 1, academy: Academy | None = None,
                      directorate: Directorate | None = None, school: School | None = None,
                      normal_session: ExamSession | None = None) -> ExamSession:
    """A session of `kind` in `school_year`, owned by the body named, with its papers seeded from the
    curriculum's exam coefficients (a second session: no papers until candidates choose them)."""
    session = ExamSession.objects.create(
        school_year=school_year, kind=kind, number=number, level=Level.objects.get(code=LEVEL_OF[ExamKind(kind)]),
        academy=academy, directorate=directorate, school=school, normal_session=normal_session,
        out_of=10 if kind == ExamKind.PRIMARY_PROVINCIAL else 20)
    if normal_session is None:
        exam_papers_seed(session=session)
    else:
        ExamPaper.objects.bulk_create(ExamPaper(session=session, stream_id=paper.stream_id, subject_id=paper.subject_id,
                                                coefficient=paper.coefficient)
                                      for paper in normal_session.papers.all())
    return session


def _next_numbers(session: ExamSession, count: int) -> list[str]:
    """Exam numbers of a session: its pk then a serial, as text (unique per session)."""
    last = Candidate.objects.filter(session=session).aggregate(last=Max("exam_number"))["last"]
    start = int(last[-6:]) + 1 if last else 1
    return [f"{session.pk:04d}{serial:06d}" for serial in range(start, start + count)]


def _copies_for(candidates: list[Candidate], papers: list[ExamPaper], subjects: set[int] | None = None) -> None:
    """Each candidate's copies of the papers of their stream (`subjects`: only these), with anonymous numbers
    drawn at random and unique per paper."""
    taken: dict[int, set[str]] = {}
    for paper_id, number in Copy.objects.filter(paper__in=papers).values_list("paper_id", "anonymous_number"):
        taken.setdefault(paper_id, set()).add(number)
    copies = []
    for candidate in candidates:
        for paper in papers:
            if paper.stream_id not in (None, candidate.stream_id):
                continue
            if subjects is not None and paper.subject_id not in subjects:
                continue
            used = taken.setdefault(paper.pk, set())
            while (number := f"{secrets.randbelow(10 ** ANONYMOUS_DIGITS):0{ANONYMOUS_DIGITS}d}") in used:
                pass
            used.add(number)
            copies.append(Copy(paper=paper, candidate=candidate, anonymous_number=number))
    Copy.objects.bulk_create(copies)


@transaction.atomic
def school_candidates_register(*, session: ExamSession, actor: User) -> int:
    """Every student enrolled (active) this year in a class of the session's level, in the owner's schools,
    becomes a school candidate with an exam number and the copies of their stream's papers. Returns how many
    were added (those already registered are kept)."""
    _owned(session, actor)
    enrolments = Enrolment.objects.filter(school_year=session.school_year, status=EnrolmentStatus.ACTIVE,
                                          school_class__level=session.level).select_related(
        "school_class__school__directorate").order_by("school_class__school__code", "student__massar_code")
    if session.school_id:
        enrolments = enrolments.filter(school_class__school_id=session.school_id)
    elif session.directorate_id:
        enrolments = enrolments.filter(school_class__school__directorate_id=session.directorate_id)
    elif session.academy_id:
        enrolments = enrolments.filter(school_class__school__directorate__academy_id=session.academy_id)
    registered = set(Candidate.objects.filter(session=session).values_list("student_id", flat=True))
    fresh = [e for e in enrolments if e.student_id not in registered]
    numbers = _next_numbers(session, len(fresh))
    candidates = Candidate.objects.bulk_create(
        Candidate(session=session, student_id=e.student_id, kind=CandidateKind.SCHOOL, exam_number=number,
                  stream_id=e.school_class.stream_id, school_id=e.school_class.school_id,
                  academy_id=e.school_class.school.directorate.academy_id)
        for e, number in zip(fresh, numbers, strict=True))
    _copies_for(candidates, list(session.papers.all()))
    return len(candidates)


@transaction.atomic
def free_candidate_register(*, session: ExamSession, student: Student, stream: Stream | None, academy: Academy,
                            actor: User) -> Candidate:
    """A free candidate (no continuous assessment), registered by the academy, with a Massar code."""
    caller = caller_of(actor)
    own_academy = caller is not None and caller.role == Role.ACADEMY_OFFICER and caller.academy_id == academy.pk
    if not own_academy:
        _owned(session, actor)
    if session.kind not in (ExamKind.BAC_REGIONAL, ExamKind.BAC_NATIONAL):
        raise Invalid(ExamsErrorCode.WRONG_STATE, _("Only the baccalaureate has free candidates."))
    if stream is not None and stream.level_id != session.level_id:
        raise Invalid(ExamsErrorCode.UNKNOWN_STREAM, _("This stream is not one of the exam's level."))
    if Candidate.objects.filter(session=session, student=student).exists():
        raise Conflict(ExamsErrorCode.WRONG_STATE, _("This student is already a candidate of this session."))
    candidate = Candidate.objects.create(session=session, student=student, kind=CandidateKind.FREE,
                                         exam_number=_next_numbers(session, 1)[0], stream=stream, academy=academy)
    _copies_for([candidate], list(session.papers.all()))
    return candidate


@transaction.atomic
def second_session_candidate_register(*, session: ExamSession, first: Candidate, subjects: list[str],
                                      actor: User) -> Candidate:
    """A candidate sent to the second session re-sits the national-exam subjects of their choice."""
    _owned(session, actor)
    if session.normal_session_id != first.session_id:
        raise Invalid(ExamsErrorCode.WRONG_STATE, _("This is not the second session of that exam."))
    papers = [p for p in session.papers.select_related("subject") if p.stream_id in (None, first.stream_id)]
    chosen = {p.subject_id for p in papers if p.subject.code in subjects}
    if not chosen or len(chosen) != len(set(subjects)):
        raise Invalid(ExamsErrorCode.UNKNOWN_SUBJECT, _("Choose subjects of the candidate's national exam."))
    candidate = Candidate.objects.create(session=session, student_id=first.student_id, kind=first.kind,
                                         exam_number=first.exam_number, stream_id=first.stream_id,
                                         school_id=first.school_id, academy_id=first.academy_id)
    _copies_for([candidate], papers, chosen)
    return candidate


@transaction.atomic
def exam_session_advance(*, session: ExamSession, actor: User) -> ExamSession:
    """Preparing → marking → marks locked (publication is publication.session_publish)."""
    session = ExamSession.objects.select_for_update(of=("self",)).get(pk=session.pk)
    _owned(session, actor)
    following = NEXT_STATE.get(SessionState(session.state))
    if following is None:
        raise Invalid(ExamsErrorCode.WRONG_STATE, _("This session cannot move on from here."))
    session.state = following
    session.save(update_fields=["state"])
    return session


def mark_parse(value: object, *, out_of: int, field: str = "mark") -> Decimal:
    """A mark as typed, read as the grades read it (grades.services.mark_parse: "14,75" too, 0–`out_of`, two
    decimals, no exponent, NaN or infinity), else Invalid naming `field`."""
    try:
        mark = grades_mark_parse(value, out_of=out_of)
    except Invalid as problem:
        raise Invalid(ExamsErrorCode.INVALID_MARK, f"{field}: {problem.message}", field=field) from None
    if mark is None:
        raise Invalid(ExamsErrorCode.MISSING_COMPONENT, _("%(field)s: this mark is needed.") % {"field": field},
                      field=field)
    return mark


@transaction.atomic
def copy_mark_enter(*, paper: ExamPaper, anonymous_number: str, value: object, absent: bool = False,
                    actor: User) -> Copy:
    """The mark of the copy numbered `anonymous_number` on `paper` (blank: not marked; absent: no mark)."""
    # The session as it is now, locked against a concurrent lock of the marks (not the caller's copy of it).
    session = ExamSession.objects.select_for_update(of=("self",)).get(pk=paper.session_id)
    _owned(session, actor)
    if session.state != SessionState.MARKING:
        raise Invalid(ExamsErrorCode.WRONG_STATE, _("Marks are entered while the session is being marked."))
    copy = Copy.objects.select_for_update(of=("self",)).filter(paper=paper, anonymous_number=anonymous_number).first()
    if copy is None:
        raise NotFound(ExamsErrorCode.NOT_FOUND, _("There is no such copy on this paper."))
    blank = value is None or str(value).strip() == ""
    copy.mark = None if blank or absent else mark_parse(value, out_of=session.out_of)
    copy.absent = absent
    copy.marked_by, copy.marked_at = actor, timezone.now()
    copy.save(update_fields=["mark", "absent", "marked_by", "marked_at"])
    return copy
