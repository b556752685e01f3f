"""The one order of a sheet's students, shared by everything that lists them row by row: the teacher's grid,
the administration's sheet and the canevas (its export writes the rows in this order, and its import expects
them where the export put them). The order of the class list: last name, then first name (Latin letters),
then Massar code, so that two namesakes always come in the same order."""

from django.db.models import QuerySet

from massar.students.models import EnrolmentStatus, Student

from ..models import GradeSheet

SHEET_ROW_ORDER = ("last_name_latin", "first_name_latin", "massar_code")


def sheet_students(*, sheet: GradeSheet) -> QuerySet[Student]:
    """The students active in the sheet's class, in the sheet's row order."""
    return (Student.objects.filter(enrolments__school_class_id=sheet.school_class_id,
                                   enrolments__status=EnrolmentStatus.ACTIVE)
            .order_by(*SHEET_ROW_ORDER).distinct())
