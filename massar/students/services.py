"""Writes on the student record: opening a file (which issues the Massar code), enrolling, linking guardians."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from massar.schools.models import School, SchoolClass

from .codes import massar_code_for
from .error_codes import StudentsErrorCode
from .models import (
    Enrolment,
    EnrolmentStatus,
    Guardian,
    IssuedMassarCode,
    MassarCodeCounter,
    Relation,
    Student,
    StudentGuardian,
)


@transaction.atomic
def massar_code_issue(*, letter: str) -> str:
    """Issue the next code of `letter`. Safe across processes: the counter row is updated in place,
    which holds its write lock until the transaction ends, so two issuers never read the same count."""
    MassarCodeCounter.objects.get_or_create(letter=letter)
    while True:
        MassarCodeCounter.objects.filter(letter=letter).update(issued=F("issued") + 1)
        issued = MassarCodeCounter.objects.values_list("issued", flat=True).get(letter=letter)
        code = massar_code_for(letter, issued)
        # A code imported from elsewhere may already hold this number: skip it, never reuse it.
        if not IssuedMassarCode.objects.filter(code=code).exists():
            IssuedMassarCode.objects.create(code=code)
            return code


@transaction.atomic
def student_file_open(
    *,
    school: School,
    first_name_ar: str,
    last_name_ar: str,
    first_name_latin: str,
    last_name_latin: str,
    birth_date: datetime.date,
    birth_place_ar: str,
    birth_place_latin: str,
    gender: str,
    cnie: str | None = None,
) -> Student:
    """The school opens a student's file; the Massar code is issued now, for life."""
    student = Student(
        massar_code=massar_code_issue(letter=school.directorate.academy.code_letter),
        first_name_ar=first_name_ar.strip(),
        last_name_ar=last_name_ar.strip(),
        first_name_latin=first_name_latin.strip(),
        last_name_latin=last_name_latin.strip(),
        birth_date=birth_date,
        birth_place_ar=birth_place_ar.strip(),
        birth_place_latin=birth_place_latin.strip(),
        gender=gender,
        cnie=cnie or None,
        opened_by=school,
    )
    student.full_clean()
    student.save()
    return student


@transaction.atomic
def student_enrol(*, student: Student, school_class: SchoolClass, enrolled_on: datetime.date) -> Enrolment:
    """Enrol a student in a class. A student has one active class per school year: a second one is refused
    (end the first, e.g. by a transfer, before enrolling elsewhere)."""
    enrolment = Enrolment(student=student, school_class=school_class, school_year=school_class.school_year,
                          status=EnrolmentStatus.ACTIVE, enrolled_on=enrolled_on)
    enrolment.full_clean(validate_constraints=False)
    already = ValidationError(
        _("%(code)s is already enrolled in a class for %(year)s.")
        % {"code": student.massar_code, "year": school_class.school_year.label},
        code=StudentsErrorCode.ALREADY_ENROLLED)
    if Enrolment.objects.filter(student=student, school_year=school_class.school_year,
                                status=EnrolmentStatus.ACTIVE).exists():
        raise already
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:  # another request enrolled the student meanwhile
        raise already from None
    return enrolment


# --- Guardians ---------------------------------------------------------------------------------------------


def relation_check(relation: str) -> None:
    """ValidationError on `relation` unless it is father, mother or tutor."""
    if relation not in Relation.values:
        raise ValidationError({"relation": ValidationError(_("Choose father, mother or tutor."),
                                                           code=StudentsErrorCode.RELATION_UNKNOWN)})


def guardian_checked(*, first_name_latin: str, last_name_latin: str, first_name_ar: str = "",
                     last_name_ar: str = "", phone: str = "", email: str = "",
                     arabic_names_required: bool = True) -> Guardian:
    """A guardian record as typed (names stripped, phone without spaces or hyphens, e-mail in lower case),
    validated and not yet saved: ValidationError located on its fields. A parent signing up may leave the
    Arabic names out (`arabic_names_required=False`: the school's records have them)."""
    guardian = Guardian(first_name_latin=first_name_latin.strip(), last_name_latin=last_name_latin.strip(),
                        first_name_ar=first_name_ar.strip(), last_name_ar=last_name_ar.strip(),
                        phone=phone.replace(" ", "").replace("-", ""), email=email.strip().lower())
    optional = [] if arabic_names_required else [field for field in ("first_name_ar", "last_name_ar")
                                                 if not getattr(guardian, field)]
    guardian.full_clean(exclude=optional)
    return guardian


@transaction.atomic
def guardian_create(*, guardian: Guardian) -> Guardian:
    """Save a guardian record checked by `guardian_checked`."""
    guardian.save()
    return guardian


@transaction.atomic
def guardian_details_update(*, guardian_id: int, details: Guardian) -> None:
    """Replace a guardian's names and contact details with those of `details` (checked, unsaved)."""
    Guardian.objects.filter(pk=guardian_id).update(
        phone=details.phone, email=details.email, first_name_latin=details.first_name_latin,
        last_name_latin=details.last_name_latin, first_name_ar=details.first_name_ar,
        last_name_ar=details.last_name_ar)


@transaction.atomic
def guardian_add(*, student: Student, guardian: Guardian, relation: str) -> StudentGuardian:
    """Record a new guardian (checked, unsaved) on the student's file. Refused, with nothing written, when the
    relation is unknown or a guardian of the same Latin name is already listed."""
    relation_check(relation)
    if StudentGuardian.objects.filter(student=student,
                                      guardian__first_name_latin__iexact=guardian.first_name_latin,
                                      guardian__last_name_latin__iexact=guardian.last_name_latin).exists():
        raise ValidationError(_("%(name)s is already a guardian of this student.")
                              % {"name": guardian.full_name_latin}, code=StudentsErrorCode.GUARDIAN_ALREADY_LISTED)
    guardian.save()
    return guardian_link(student=student, guardian=guardian, relation=relation)


@transaction.atomic
def guardian_link(*, student: Student, guardian: Guardian, relation: Relation | str) -> StudentGuardian:
    """Link a guardian to a student; an existing link is kept as it is (with its relation)."""
    link, _created = StudentGuardian.objects.get_or_create(student=student, guardian=guardian,
                                                           defaults={"relation": relation})
    return link
