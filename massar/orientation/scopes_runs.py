"""Who sees and who decides the orientation assignment (registered in OrientationConfig.ready()).

The orientation council of a run is the body that owns it: the academy officers of its academy for an
academy run, the ministry for a national run (`runs_owned_by`). They start it, review the pre-selection,
override a case with a reason and publish. The schools' administration and the directorates take part in the
review: they read the pre-selection of their own students (the students enrolled in their schools in the
window's year) and the overrides made on them, and decide nothing. Teachers see none of it.

Students and parents see nothing before publication: their own (their children's) outcome, the offers'
figures and the council's reason once the run is published.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from massar.access.scope import caller_of, territory_q
from massar.core.roles import Role
from massar.students.models import Enrolment, EnrolmentStatus
from massar.students.scopes import students_visible_to

from .models import Assignment, AssignmentOverride, AssignmentRun, OfferResult, RunState


def runs_owned_by(user: Any) -> QuerySet[AssignmentRun]:
    """The runs whose council the caller is: the ministry every run, an academy officer their academy's."""
    caller = caller_of(user)
    if caller is None:
        return AssignmentRun.objects.none()
    if caller.nationwide:
        return AssignmentRun.objects.all()
    if caller.role == Role.ACADEMY_OFFICER and caller.academy_id:
        return AssignmentRun.objects.filter(academy_id=caller.academy_id)
    return AssignmentRun.objects.none()


def _territory_students(caller: Any) -> Q | None:
    """Assignments of students enrolled in the caller's schools in the run's year (None: every school)."""
    territory = territory_q(caller, "school_class__school")
    if territory is None:
        return None
    enrolled = Enrolment.objects.filter(territory, student=OuterRef("student"),
                                        school_year=OuterRef("run__window__school_year"),
                                        status__in=(EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED))
    return Q(Exists(enrolled))


def runs_visible_to(user: Any) -> QuerySet[AssignmentRun]:
    """The council its runs; the administration the runs of their academy and the national ones; students and
    parents the published runs they (their children) have an outcome in."""
    caller = caller_of(user)
    if caller is None:
        return AssignmentRun.objects.none()
    if caller.role in (Role.STUDENT, Role.PARENT):
        return AssignmentRun.objects.filter(state=RunState.PUBLISHED, pk__in=Assignment.objects.filter(
            student__in=students_visible_to(user)).values("run_id"))
    if caller.nationwide:
        return AssignmentRun.objects.all()
    if caller.sees_whole_schools:
        return AssignmentRun.objects.filter(pk__in=assignments_visible_to(user).values("run_id"))
    return AssignmentRun.objects.none()


def assignments_visible_to(user: Any) -> QuerySet[Assignment]:
    caller = caller_of(user)
    if caller is None:
        return Assignment.objects.none()
    if caller.role in (Role.STUDENT, Role.PARENT):
        return Assignment.objects.filter(student__in=students_visible_to(user), run__state=RunState.PUBLISHED)
    if not caller.sees_whole_schools:
        return Assignment.objects.none()
    territory = _territory_students(caller)
    if territory is None:
        return Assignment.objects.all()
    return Assignment.objects.filter(territory | Q(run__in=runs_owned_by(user).values("pk")))


def offer_results_visible_to(user: Any) -> QuerySet[OfferResult]:
    """An offer's figures in a run (capacity, admitted, cutoff) are read with the run."""
    return OfferResult.objects.filter(run__in=runs_visible_to(user).values("pk"))


def overrides_visible_to(user: Any) -> QuerySet[AssignmentOverride]:
    return AssignmentOverride.objects.filter(assignment__in=assignments_visible_to(user).values("pk"))
