from django.db.models import Q, QuerySet

from massar.students.scopes import students_visible_to

from .models import Enrolment, EnrolmentStatus, Student


def student_list_for(*, actor, query: str = "") -> QuerySet[Student]:
    """Students in the actor's scope, optionally searched by code or name (Arabic or Latin)."""
    students = students_visible_to(actor)
    if query:
        students = students.filter(
            Q(massar_code__iexact=query) | Q(last_name_latin__icontains=query) | Q(first_name_latin__icontains=query)
            | Q(last_name_ar__contains=query) | Q(first_name_ar__contains=query)
        )
    return students.order_by("last_name_latin", "first_name_latin")


def student_enrolment_current(*, student: Student) -> Enrolment | None:
    return (Enrolment.objects.filter(student=student, status=EnrolmentStatus.ACTIVE, school_year__is_current=True)
            .select_related("school_class__school", "school_class__level", "school_class__stream").first())
