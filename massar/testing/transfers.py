"""Builders for transfer tests: a request of a student to another school, as a parent would ask it."""

from massar.schools.models import School
from massar.students.models import Enrolment, EnrolmentStatus, Student, TransferAskedBy, TransferRequest

from . import factories as make


def transfer_asked(student: Student, *, to_school: School | None = None) -> TransferRequest:
    """An open request of `student` (enrolled this year) to `to_school` (by default a new school of their
    directorate, so that nobody else's school is involved)."""
    enrolment = Enrolment.objects.select_related("school_class").get(
        student=student, status=EnrolmentStatus.ACTIVE, school_year__is_current=True)
    destination = to_school or make.school(directorate_=enrolment.school_class.school.directorate)
    return TransferRequest.objects.get_or_create(
        student=student, state="requested",
        defaults={"from_school_id": enrolment.school_class.school_id, "to_school": destination,
                  "school_year_id": enrolment.school_year_id, "from_enrolment": enrolment,
                  # What a family types, in its own words (an Arabic page shows it as typed).
                  "asked_by": TransferAskedBy.PARENT, "reason": "انتقال الأسرة إلى وجدة"})[0]
