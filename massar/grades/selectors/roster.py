"""The one order of a sheet's students, shared by everything that lists them row by row: the teacher's grid
and the canevas (its export writes the rows in this order, and its import expects them where the export put
them). It is the order of the class list (students.selectors.CLASS_LIST_ORDER:
last name, then first name in Latin letters, then Massar code), which the administration's sheet follows too."""

from django.db.models import QuerySet

from massar.students.models import EnrolmentStatus, Student
from massar.students.selectors import CLASS_LIST_ORDER

from ..models import GradeSheet


def sheet_students(*, sheet: GradeSheet) -> QuerySet[Student]:
    """The students active in the sheet's class, in the sheet's row order."""
    return (Student.objects.filter(enrolments__school_class_id=sheet.school_class_id,
                                   enrolments__status=EnrolmentStatus.ACTIVE)
            .order_by(*CLASS_LIST_ORDER).distinct())
