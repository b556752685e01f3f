from django.db.models import Q, QuerySet

from massar.core.search import rows_matching
from massar.schools.selectors import classes_of_schools_coded

from .models import StaffMember, TeachingAssignment


def teaching_assignments_matching(assignments: QuerySet[TeachingAssignment],
                                  query: str) -> QuerySet[TeachingAssignment]:
    """`assignments` of a teacher whose name holds the query, or of a class whose code, or whose school's code,
    holds it: the back office's list. Each half through its own index (rows_matching): Django's search joined
    the teachers, classes and schools to every one of the nation's 255,451 assignments (0.2 s)."""
    teachers = StaffMember.objects.filter(
        Q(last_name_latin__icontains=query) | Q(first_name_latin__icontains=query)
        | Q(last_name_ar__contains=query) | Q(first_name_ar__contains=query)).order_by().values("pk")
    return rows_matching(assignments, [("teacher_id", teachers), ("school_class_id", classes_of_schools_coded(query))])
