"""Row scopes per role (DOMAIN §4):

- student: self only;
- parent: linked children only (read-only);
- teacher: students of the classes they teach (for the subjects they teach: see `assignments_visible_to`);
- school administrator: their school;
- directorate / academy officer: the schools of their territory;
- ministry officer (and superuser): everything.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet

from massar.accounts.models import AccountEvent, ApiToken, User
from massar.core.models import SchoolYear, Semester
from massar.core.roles import Role
from massar.grades.models import AssessmentRule, YearGradeRules
from massar.schools.models import (
    Academy,
    Cycle,
    Directorate,
    Level,
    School,
    SchoolClass,
    Stream,
    Subject,
    SubjectCoefficient,
)
from massar.staff.models import StaffMember, TeachingAssignment
from massar.students.models import (
    Enrolment,
    Guardian,
    IssuedMassarCode,
    MassarCodeCounter,
    Student,
    StudentGuardian,
)

AnyUser = User | AnonymousUser


def _active(user: AnyUser) -> User | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return user  # type: ignore[return-value]


def _territory(user: User) -> Q | None:
    """A filter on School for staff who see whole schools; None means every school."""
    staff = user.staff_member
    if user.is_superuser or user.role == Role.MINISTRY_OFFICER:
        return None
    if staff is None:
        return Q(pk__in=[])
    if user.role == Role.SCHOOL_ADMIN:
        return Q(pk=staff.school_id)
    if user.role == Role.DIRECTORATE_OFFICER:
        return Q(directorate_id=staff.directorate_id)
    if user.role == Role.ACADEMY_OFFICER:
        return Q(directorate__academy_id=staff.academy_id)
    return Q(pk__in=[])


def _sees_whole_schools(user: User) -> bool:
    return user.is_superuser or user.role in {Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER, Role.ACADEMY_OFFICER,
                                              Role.MINISTRY_OFFICER}


def schools_visible_to(user: AnyUser) -> QuerySet[School]:
    active = _active(user)
    if active is None:
        return School.objects.none()
    if _sees_whole_schools(active):
        territory = _territory(active)
        return School.objects.all() if territory is None else School.objects.filter(territory)
    if active.role == Role.TEACHER and active.staff_member_id:
        return School.objects.filter(pk__in=classes_visible_to(active).values("school_id"))
    return School.objects.none()


def classes_visible_to(user: AnyUser) -> QuerySet[SchoolClass]:
    active = _active(user)
    if active is None:
        return SchoolClass.objects.none()
    if _sees_whole_schools(active):
        territory = _territory(active)
        if territory is None:
            return SchoolClass.objects.all()
        return SchoolClass.objects.filter(school__in=School.objects.filter(territory))
    if active.role == Role.TEACHER and active.staff_member_id:
        taught = TeachingAssignment.objects.filter(teacher_id=active.staff_member_id).values("school_class_id")
        return SchoolClass.objects.filter(pk__in=taught)
    if active.role == Role.STUDENT and active.student_id:
        return SchoolClass.objects.filter(pk__in=Enrolment.objects.filter(student_id=active.student_id)
                                          .values("school_class_id"))
    if active.role == Role.PARENT and active.guardian_id:
        return SchoolClass.objects.filter(pk__in=Enrolment.objects.filter(student__in=_children(active))
                                          .values("school_class_id"))
    return SchoolClass.objects.none()


def _children(user: User) -> QuerySet[Student]:
    linked = StudentGuardian.objects.filter(guardian_id=user.guardian_id).values("student_id")
    return Student.objects.filter(pk__in=linked)


def students_visible_to(user: AnyUser) -> QuerySet[Student]:
    active = _active(user)
    if active is None:
        return Student.objects.none()
    if active.role == Role.STUDENT:
        return Student.objects.filter(pk=active.student_id) if active.student_id else Student.objects.none()
    if active.role == Role.PARENT:
        return _children(active) if active.guardian_id else Student.objects.none()
    if active.role == Role.TEACHER:
        in_their_classes = Enrolment.objects.filter(school_class__in=classes_visible_to(active))
        return Student.objects.filter(pk__in=in_their_classes.values("student_id"))
    if _sees_whole_schools(active):
        territory = _territory(active)
        if territory is None:
            return Student.objects.all()
        schools = School.objects.filter(territory)
        # A school keeps its archive: students it enrolled in any year, and files it opened
        # before any enrolment. A transferred student's whole history is readable by the new school.
        enrolled = Enrolment.objects.filter(school_class__school__in=schools).values("student_id")
        return Student.objects.filter(Q(pk__in=enrolled) | Q(opened_by__in=schools))
    return Student.objects.none()


def enrolments_visible_to(user: AnyUser) -> QuerySet[Enrolment]:
    """Enrolments of the students in scope (their whole history), restricted for teachers to their classes."""
    active = _active(user)
    if active is None:
        return Enrolment.objects.none()
    if active.role == Role.TEACHER:
        return Enrolment.objects.filter(school_class__in=classes_visible_to(active))
    return Enrolment.objects.filter(student__in=students_visible_to(active))


def guardians_visible_to(user: AnyUser) -> QuerySet[Guardian]:
    """Guardians' contacts: the administration of the students' schools, a parent their own record."""
    active = _active(user)
    if active is None:
        return Guardian.objects.none()
    if active.role == Role.PARENT:
        return Guardian.objects.filter(pk=active.guardian_id)
    if _sees_whole_schools(active) and _territory(active) is None:
        # The ministry sees every guardian, including one whose account exists before any child is linked.
        return Guardian.objects.all()
    if _sees_whole_schools(active):
        links = StudentGuardian.objects.filter(student__in=students_visible_to(active)).values("guardian_id")
        return Guardian.objects.filter(pk__in=links)
    return Guardian.objects.none()


def staff_visible_to(user: AnyUser) -> QuerySet[StaffMember]:
    active = _active(user)
    if active is None:
        return StaffMember.objects.none()
    if _sees_whole_schools(active):
        territory = _territory(active)
        if territory is None:
            return StaffMember.objects.all()
        schools = School.objects.filter(territory)
        staff_q = Q(school__in=schools)
        if active.role == Role.ACADEMY_OFFICER:
            staff_q |= Q(directorate__academy_id=active.staff_member.academy_id)
            staff_q |= Q(academy_id=active.staff_member.academy_id)
        elif active.role == Role.DIRECTORATE_OFFICER:
            staff_q |= Q(directorate_id=active.staff_member.directorate_id)
        return StaffMember.objects.filter(staff_q)
    if active.staff_member_id:
        return StaffMember.objects.filter(pk=active.staff_member_id)
    return StaffMember.objects.none()


def assignments_visible_to(user: AnyUser) -> QuerySet[TeachingAssignment]:
    """Classes × subjects: a teacher's own; the administration's for their schools."""
    active = _active(user)
    if active is None:
        return TeachingAssignment.objects.none()
    if active.role == Role.TEACHER:
        return TeachingAssignment.objects.filter(teacher_id=active.staff_member_id)
    if _sees_whole_schools(active):
        return TeachingAssignment.objects.filter(school_class__in=classes_visible_to(active))
    return TeachingAssignment.objects.none()


# --- Territory units, national reference data, accounts: what the back office lists -------------------


def academies_visible_to(user: AnyUser) -> QuerySet[Academy]:
    """An officer's own academy (even before it has schools); others the academies of the schools they see."""
    active = _active(user)
    if active is None:
        return Academy.objects.none()
    if _territory(active) is None:
        return Academy.objects.all()
    if active.role == Role.ACADEMY_OFFICER:
        staff = active.staff_member
        return Academy.objects.filter(pk=staff.academy_id) if staff else Academy.objects.none()
    return Academy.objects.filter(pk__in=directorates_visible_to(active).values("academy_id"))


def directorates_visible_to(user: AnyUser) -> QuerySet[Directorate]:
    """An academy officer: every directorate of the academy, including one just created with no school yet."""
    active = _active(user)
    if active is None:
        return Directorate.objects.none()
    if _territory(active) is None:
        return Directorate.objects.all()
    staff = active.staff_member
    if active.role == Role.ACADEMY_OFFICER:
        return Directorate.objects.filter(academy_id=staff.academy_id) if staff else Directorate.objects.none()
    if active.role == Role.DIRECTORATE_OFFICER:
        return Directorate.objects.filter(pk=staff.directorate_id) if staff else Directorate.objects.none()
    return Directorate.objects.filter(pk__in=schools_visible_to(active).values("directorate_id"))


# National reference data: the same for every school, published by the ministry (coefficients included).
# The grade rule tables of a year (how subjects are assessed, semester weights, rounding) are national too.
REFERENCE_MODELS: tuple[type[Model], ...] = (SchoolYear, Semester, Cycle, Level, Stream, Subject, SubjectCoefficient,
                                             AssessmentRule, YearGradeRules)


def reference_visible_to(user: AnyUser, model: type[Model]) -> QuerySet:
    """National reference rows are public to every signed-in account; nothing for anonymous visitors."""
    if model not in REFERENCE_MODELS:
        raise LookupError(f"{model.__name__} is not national reference data.")
    if _active(user) is None:
        return model._default_manager.none()
    return model._default_manager.all()


def coefficients_visible_to(user: AnyUser) -> QuerySet[SubjectCoefficient]:
    return reference_visible_to(user, SubjectCoefficient)


def guardian_links_visible_to(user: AnyUser) -> QuerySet[StudentGuardian]:
    """Who is whose guardian: the links of the students in scope only (a guardian's other children stay hidden)."""
    active = _active(user)
    if active is None:
        return StudentGuardian.objects.none()
    return StudentGuardian.objects.filter(student__in=students_visible_to(active))


def accounts_visible_to(user: AnyUser) -> QuerySet[User]:
    """The accounts of the people in scope; everyone sees their own."""
    active = _active(user)
    if active is None:
        return User.objects.none()
    if _territory(active) is None:
        return User.objects.all()
    if _sees_whole_schools(active):
        return User.objects.filter(
            Q(pk=active.pk)
            | Q(student__in=students_visible_to(active))
            | Q(guardian__in=guardians_visible_to(active))
            | Q(staff_member__in=staff_visible_to(active))
        )
    return User.objects.filter(pk=active.pk)


def account_events_visible_to(user: AnyUser) -> QuerySet[AccountEvent]:
    """The history of the accounts in scope."""
    return AccountEvent.objects.filter(user__in=accounts_visible_to(user))


def api_tokens_visible_to(user: AnyUser) -> QuerySet[ApiToken]:
    """One's own tokens; the ministry sees every token (never its secret: only a digest is stored)."""
    active = _active(user)
    if active is None:
        return ApiToken.objects.none()
    if _territory(active) is None:
        return ApiToken.objects.all()
    return ApiToken.objects.filter(user=active)


def massar_code_ledger_visible_to(user: AnyUser, model: type[Model]) -> QuerySet:
    """The national ledger of issued codes and its counters: the ministry only."""
    if model not in (IssuedMassarCode, MassarCodeCounter):
        raise LookupError(f"{model.__name__} is not part of the Massar code ledger.")
    active = _active(user)
    if active is None or _territory(active) is not None:
        return model._default_manager.none()
    return model._default_manager.all()


def rows_visible_to(user: AnyUser, model: type[Model]) -> QuerySet:
    """The rows of `model` that `user` may see, whichever model it is; unknown models are an error, never
    "everything" (so a new model cannot reach the back office unscoped)."""
    by_model = {
        Academy: academies_visible_to,
        Directorate: directorates_visible_to,
        School: schools_visible_to,
        SchoolClass: classes_visible_to,
        Student: students_visible_to,
        Enrolment: enrolments_visible_to,
        Guardian: guardians_visible_to,
        StudentGuardian: guardian_links_visible_to,
        StaffMember: staff_visible_to,
        TeachingAssignment: assignments_visible_to,
        User: accounts_visible_to,
        AccountEvent: account_events_visible_to,
        ApiToken: api_tokens_visible_to,
    }
    if model in by_model:
        return by_model[model](user)
    if model in REFERENCE_MODELS:
        return reference_visible_to(user, model)
    if model in (IssuedMassarCode, MassarCodeCounter):
        return massar_code_ledger_visible_to(user, model)
    raise LookupError(f"The scope layer has no rule for {model.__name__}.")
