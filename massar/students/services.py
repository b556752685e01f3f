"""Writes on the student record: opening a file (which issues the Massar code), enrolling, linking guardians."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from massar.schools.models import School, SchoolClass

from .codes import massar_code_for
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
        code="already_enrolled")
    if Enrolment.objects.filter(student=student, school_year=school_class.school_year,
                                status=EnrolmentStatus.ACTIVE).exists():
        raise already
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:  # another request enrolled the student meanwhile
        raise already from None
    return enrolment


@transaction.atomic
def guardian_link(*, student: Student, guardian: Guardian, relation: Relation | str) -> StudentGuardian:
    link, _ = StudentGuardian.objects.get_or_create(student=student, guardian=guardian,
                                                    defaults={"relation": relation})
    return link
