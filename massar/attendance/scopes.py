"""Which absences, roll calls and behaviour entries a caller sees (registered in AttendanceConfig.ready()).

A student sees their own, a parent their linked children's, the administration their schools'. A teacher sees
the absences and roll calls of the classes they teach (the class list they mark from) and the behaviour entries
they wrote. Absences are read through the student and the class they were recorded in, never from an id a
client sends."""

from typing import Any

from django.db.models import QuerySet

from massar.access.scope import caller_of, territory_q
from massar.core.roles import Role
from massar.schools.models import School
from massar.schools.scopes import classes_visible_to
from massar.students.models import StudentGuardian
from massar.students.scopes import record_of_schools_q, students_visible_to

from .models import Absence, AttendancePolicy, BehaviourEntry, MarkReceipt, RollCall


def absences_visible_to(user: Any) -> QuerySet[Absence]:
    caller = caller_of(user)
    if caller is None:
        return Absence.objects.none()
    if caller.role == Role.STUDENT:
        return Absence.objects.filter(student_id=caller.student_id) if caller.student_id else Absence.objects.none()
    if caller.role == Role.PARENT:
        if not caller.guardian_id:
            return Absence.objects.none()
        return Absence.objects.filter(student_id__in=StudentGuardian.objects.filter(
            guardian_id=caller.guardian_id).values("student_id"))
    if caller.sees_whole_schools:
        # Their classes' absences, and the whole record of the students they hold now (DOMAIN §9).
        if caller.nationwide:
            return Absence.objects.all()
        return Absence.objects.filter(student__in=students_visible_to(user)).filter(record_of_schools_q(user))
    if caller.is_teacher:
        return Absence.objects.filter(school_class__in=classes_visible_to(user))
    return Absence.objects.none()


def roll_calls_visible_to(user: Any) -> QuerySet[RollCall]:
    caller = caller_of(user)
    if caller is None:
        return RollCall.objects.none()
    if caller.sees_whole_schools:
        territory = territory_q(caller, "school_class__school")
        return RollCall.objects.all() if territory is None else RollCall.objects.filter(territory)
    if caller.is_teacher:
        return RollCall.objects.filter(school_class__in=classes_visible_to(user))
    return RollCall.objects.none()


def receipts_visible_to(user: Any) -> QuerySet[MarkReceipt]:
    return MarkReceipt.objects.filter(roll_call__in=roll_calls_visible_to(user))


def behaviour_visible_to(user: Any) -> QuerySet[BehaviourEntry]:
    caller = caller_of(user)
    if caller is None:
        return BehaviourEntry.objects.none()
    if caller.role == Role.STUDENT:
        return (BehaviourEntry.objects.filter(student_id=caller.student_id) if caller.student_id
                else BehaviourEntry.objects.none())
    if caller.role == Role.PARENT:
        if not caller.guardian_id:
            return BehaviourEntry.objects.none()
        return BehaviourEntry.objects.filter(student_id__in=StudentGuardian.objects.filter(
            guardian_id=caller.guardian_id).values("student_id"))
    if caller.sees_whole_schools:
        if caller.nationwide:
            return BehaviourEntry.objects.all()
        return BehaviourEntry.objects.filter(student__in=students_visible_to(user)).filter(
            record_of_schools_q(user, school="school"))
    if caller.is_teacher:
        return BehaviourEntry.objects.filter(author_id=caller.staff_member_id)
    return BehaviourEntry.objects.none()


def policies_visible_to(user: Any) -> QuerySet[AttendancePolicy]:
    caller = caller_of(user)
    if caller is None or not caller.sees_whole_schools:
        return AttendancePolicy.objects.none()
    territory = territory_q(caller)
    if territory is None:
        return AttendancePolicy.objects.all()
    return AttendancePolicy.objects.filter(school__in=School.objects.filter(territory))
