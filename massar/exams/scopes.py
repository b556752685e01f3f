"""Which candidates, copies and results a caller sees, and which exam sessions they own (registered in
ExamsConfig.ready(); sessions, papers and result rules are national reference data).

A session is owned by the body named on it: the ministry owns the national exam (and may act on every
session), an academy officer the sessions of their academy, a directorate officer those of their directorate,
a school administrator the local exams of their school. Copies are the markers' rows: only the owning body
reads them (and only it joins their anonymous numbers to candidates, once marks are locked). Students and
parents see results only once their session is published."""

from typing import Any

from django.db.models import Q, QuerySet

from massar.access.scope import caller_of, territory_q
from massar.core.roles import Role
from massar.students.scopes import record_of_schools_q, students_held_by, students_visible_to

from .models import Candidate, Copy, ExamResult, ExamSession, SessionState, YearDecision, YearDecisionChange


def sessions_owned_by(user: Any) -> QuerySet[ExamSession]:
    caller = caller_of(user)
    if caller is None:
        return ExamSession.objects.none()
    if caller.nationwide:
        return ExamSession.objects.all()
    if caller.role == Role.ACADEMY_OFFICER and caller.academy_id:
        return ExamSession.objects.filter(academy_id=caller.academy_id, directorate__isnull=True, school__isnull=True)
    if caller.role == Role.DIRECTORATE_OFFICER and caller.directorate_id:
        return ExamSession.objects.filter(directorate_id=caller.directorate_id, school__isnull=True)
    if caller.role == Role.SCHOOL_ADMIN and caller.school_id:
        return ExamSession.objects.filter(school_id=caller.school_id)
    return ExamSession.objects.none()


def candidates_visible_to(user: Any) -> QuerySet[Candidate]:
    """Staff: the candidates of their territory's schools (an academy also its free candidates); students
    and parents: their own candidacies (their exam numbers)."""
    caller = caller_of(user)
    if caller is None:
        return Candidate.objects.none()
    if caller.role in (Role.STUDENT, Role.PARENT):
        return Candidate.objects.filter(student__in=students_visible_to(user))
    if caller.sees_whole_schools:
        territory = territory_q(caller, "school")
        if territory is None:
            return Candidate.objects.all()
        if caller.role == Role.ACADEMY_OFFICER and caller.academy_id:
            return Candidate.objects.filter(territory | Q(academy_id=caller.academy_id))
        return Candidate.objects.filter(territory)
    return Candidate.objects.none()


def copies_visible_to(user: Any) -> QuerySet[Copy]:
    """The copies of the sessions the caller owns: the markers' sheets."""
    return Copy.objects.filter(paper__session__in=sessions_owned_by(user))


def results_visible_to(user: Any) -> QuerySet[ExamResult]:
    """Students and parents: their own (their children's) results of published sessions; staff: the results
    of the candidates they see."""
    caller = caller_of(user)
    if caller is None:
        return ExamResult.objects.none()
    if caller.role in (Role.STUDENT, Role.PARENT):
        return ExamResult.objects.filter(student__in=students_visible_to(user), session__state=SessionState.PUBLISHED)
    results = ExamResult.objects.filter(candidate__in=candidates_visible_to(user))
    if caller.sees_whole_schools and not caller.nationwide:
        # A school also reads the published results of the students it holds now, taken elsewhere (DOMAIN §9).
        return results | ExamResult.objects.filter(student_id__in=students_held_by(user),
                                                   session__state=SessionState.PUBLISHED)
    return results


def year_decisions_visible_to(user: Any) -> QuerySet[YearDecision]:
    """Students and parents: their own (their children's) published decisions; the administration: those of
    their schools' classes."""
    caller = caller_of(user)
    if caller is None:
        return YearDecision.objects.none()
    if caller.role in (Role.STUDENT, Role.PARENT):
        return YearDecision.objects.filter(student__in=students_visible_to(user), published_at__isnull=False)
    if caller.sees_whole_schools:
        # Their classes' decisions, and those of the students they hold now (DOMAIN §9).
        if caller.nationwide:
            return YearDecision.objects.all()
        return YearDecision.objects.filter(student__in=students_visible_to(user)).filter(record_of_schools_q(user))
    return YearDecision.objects.none()


def year_decision_changes_visible_to(user: Any) -> QuerySet[YearDecisionChange]:
    caller = caller_of(user)
    if caller is None or not caller.sees_whole_schools:
        return YearDecisionChange.objects.none()
    return YearDecisionChange.objects.filter(decision__in=year_decisions_visible_to(user))
