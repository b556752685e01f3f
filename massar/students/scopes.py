"""Which students, enrolments, guardians and guardian links a caller sees (registered in StudentsConfig.ready())."""

from typing import Any

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from massar.access.scope import NOTHING, caller_of, territory_q
from massar.core.roles import Role
from massar.schools.models import School
from massar.schools.scopes import classes_visible_to

from .models import (
    Enrolment,
    EnrolmentStatus,
    Guardian,
    IssuedMassarCode,
    MassarCodeCounter,
    Student,
    StudentGuardian,
    TransferRequest,
)


def _children(guardian_id: int) -> QuerySet[Student]:
    linked = StudentGuardian.objects.filter(guardian_id=guardian_id).values("student_id")
    return Student.objects.filter(pk__in=linked)


def _students_of_schools(schools: QuerySet[School], *, dense: bool) -> QuerySet[Student]:
    """The students of `schools`: those they enrolled in any year (through the enrolments of their classes) and
    the files they opened before any enrolment (`opened_by`). A school keeps its archive, and a transferred
    student's whole history is readable by the new school.

    Written `id IN (enrolled) OR opened_by IN (schools)`, PostgreSQL cannot serve the OR of two tables from
    their indexes: for a school or a directorate (a few hundred to a few ten thousand students) it would read
    every student of the nation, so their students are the UNION ALL of the two halves, each read from its
    index (the `IN` drops the duplicates). An academy holds a tenth or a fifth of the nation: there each student
    is checked on its own (opened here, or an enrolment here found through the enrolments' student index), so
    that the first page of its list is read from the list-order index instead of gathering and sorting hundreds
    of thousands of ids (61 ms against 241 ms for the largest academy, 200,000 students of a million), and a
    code searched costs one check (1.5 ms): bench/student_list.py. tests/access/test_student_scope_equivalence.py
    keeps both equal to the reference.
    """
    school_ids = schools.values("pk")
    if dense:
        enrolled_here = Enrolment.objects.filter(student=OuterRef("pk"), school_class__school__in=school_ids)
        return Student.objects.filter(Q(opened_by__in=school_ids) | Q(Exists(enrolled_here)))
    enrolled = Enrolment.objects.filter(school_class__school__in=school_ids).values("student_id")
    opened = Student.objects.filter(opened_by__in=school_ids).values("pk")
    return Student.objects.filter(pk__in=enrolled.union(opened, all=True))


def students_visible_to(user: Any) -> QuerySet[Student]:
    caller = caller_of(user)
    if caller is None:
        return Student.objects.none()
    if caller.role == Role.STUDENT:
        return Student.objects.filter(pk=caller.student_id) if caller.student_id else Student.objects.none()
    if caller.role == Role.PARENT:
        return _children(caller.guardian_id) if caller.guardian_id else Student.objects.none()
    if caller.role == Role.TEACHER:
        in_their_classes = Enrolment.objects.filter(school_class__in=classes_visible_to(user))
        return Student.objects.filter(pk__in=in_their_classes.values("student_id"))
    if caller.sees_whole_schools:
        territory = territory_q(caller)
        if territory is None:
            return Student.objects.all()
        return _students_of_schools(School.objects.filter(territory), dense=caller.role == Role.ACADEMY_OFFICER)
    return Student.objects.none()


def students_held_by(user: Any) -> QuerySet:
    """The ids of the students the caller's schools hold now: an active enrolment in one of their classes of the
    current school year (an enrolment of a past year left active by mistake does not make a school the
    student's school again)."""
    classes = classes_visible_to(user).filter(school_year__is_current=True)
    return Enrolment.objects.filter(school_class__in=classes, status=EnrolmentStatus.ACTIVE).values("student_id")


def record_of_schools_q(user: Any, *, school_class: str = "school_class", school: str = "") -> Q:
    """Which rows of a student's record (an absence, a decision, an enrolment, a document) the administration of
    a territory reads, beside the student being in its scope (DOMAIN §9): what was recorded in its own classes
    (`school_class`: the row's class) or by its own schools (`school`: the row's school), and the whole record
    of the students it holds now. A school a student left keeps what it produced while they were there and no
    more: neither the new school's rows, nor the new enrolment, nor anything later.

    Both halves test a column of the row itself against a subquery, each served by its index; callers AND it
    with `student__in=students_visible_to(user)`, which PostgreSQL reads first (a semi-join on the row's student
    index), so that the OR is checked on the few rows of the territory's students, never on the nation's."""
    held = Q(student_id__in=students_held_by(user))
    if school:
        caller = caller_of(user)
        territory = territory_q(caller) if caller else NOTHING
        schools = School.objects.all() if territory is None else School.objects.filter(territory)
        return Q(**{f"{school}__in": schools.values("pk")}) | held
    return Q(**{f"{school_class}__in": classes_visible_to(user).values("pk")}) | held


def enrolments_visible_to(user: Any) -> QuerySet[Enrolment]:
    """Enrolments of the students in scope (their whole history), restricted for teachers to their classes and,
    for a school the student left, to its own (record_of_schools_q)."""
    caller = caller_of(user)
    if caller is None:
        return Enrolment.objects.none()
    if caller.role == Role.TEACHER:
        return Enrolment.objects.filter(school_class__in=classes_visible_to(user))
    enrolments = Enrolment.objects.filter(student__in=students_visible_to(user))
    if caller.sees_whole_schools and not caller.nationwide:
        return enrolments.filter(record_of_schools_q(user))
    return enrolments


def enrolments_registered_in(user: Any) -> QuerySet[Enrolment]:
    """The register of the caller's own classes: for the administration of a territory, the enrolments in its
    schools' classes (any year); for others what enrolments_visible_to gives. A subset of
    enrolments_visible_to (a student enrolled in a class of the territory is in its scope), without the held
    students' earlier enrolments in other territories, which their own page shows: that half costs a check of
    every student the territory holds (200,000 for an academy), where the register is read from the classes'
    index (bench/roles.py)."""
    caller = caller_of(user)
    if caller is not None and caller.sees_whole_schools and not caller.nationwide:
        return Enrolment.objects.filter(school_class__in=classes_visible_to(user).values("pk"))
    return enrolments_visible_to(user)


def transfers_visible_to(user: Any) -> QuerySet[TransferRequest]:
    """Transfer requests: a parent their children's, the administration those leaving or entering their
    territory's schools, the ministry every one. Students and teachers see none."""
    caller = caller_of(user)
    if caller is None:
        return TransferRequest.objects.none()
    if caller.role == Role.PARENT:
        return (TransferRequest.objects.filter(student__in=_children(caller.guardian_id)) if caller.guardian_id
                else TransferRequest.objects.none())
    if caller.sees_whole_schools:
        territory = territory_q(caller)
        if territory is None:
            return TransferRequest.objects.all()
        schools = School.objects.filter(territory).values("pk")
        return TransferRequest.objects.filter(Q(from_school__in=schools) | Q(to_school__in=schools))
    return TransferRequest.objects.none()


def guardians_visible_to(user: Any) -> QuerySet[Guardian]:
    """Guardians' contacts: the administration of the students' schools, a parent their own record."""
    caller = caller_of(user)
    if caller is None:
        return Guardian.objects.none()
    if caller.role == Role.PARENT:
        return Guardian.objects.filter(pk=caller.guardian_id) if caller.guardian_id else Guardian.objects.none()
    if caller.nationwide:
        # The ministry sees every guardian, including one whose account exists before any child is linked.
        return Guardian.objects.all()
    if caller.sees_whole_schools:
        links = StudentGuardian.objects.filter(student__in=students_visible_to(user)).values("guardian_id")
        return Guardian.objects.filter(pk__in=links)
    return Guardian.objects.none()


def guardian_links_visible_to(user: Any) -> QuerySet[StudentGuardian]:
    """Who is whose guardian: the links of the students in scope only (a guardian's other children stay hidden)."""
    if caller_of(user) is None:
        return StudentGuardian.objects.none()
    return StudentGuardian.objects.filter(student__in=students_visible_to(user))


def massar_code_ledger_visible_to(user: Any, model: type[Model]) -> QuerySet:
    """The national ledger of issued codes and its counters: the ministry only."""
    if model not in (IssuedMassarCode, MassarCodeCounter):
        raise LookupError(f"{model.__name__} is not part of the Massar code ledger.")
    caller = caller_of(user)
    if caller is None or not caller.nationwide:
        return model._default_manager.none()
    return model._default_manager.all()
