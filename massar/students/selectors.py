from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat

from massar.core.search import rows_matching
from massar.schools.models import SchoolClass
from massar.schools.selectors import classes_coded
from massar.students.scopes import students_visible_to

from .codes import MASSAR_CODE_PATTERN, massar_code_normalize
from .models import Enrolment, EnrolmentStatus, Student

# The order of a class list, and of every list of a class's students row by row (grade sheets, canevas):
# last name, first name (Latin letters), then Massar code so that two namesakes always come alike.
CLASS_LIST_ORDER = ("last_name_latin", "first_name_latin", "massar_code")


def student_list_for(*, actor, query: str = "") -> QuerySet[Student]:
    """Students in the actor's scope, optionally searched by code or name (students_matching), in the class
    list's order."""
    students = students_visible_to(actor)
    return students_matching(students, query) if query else students.order_by(*CLASS_LIST_ORDER)


def students_matching(students: QuerySet[Student], query: str) -> QuerySet[Student]:
    """`students` searched by code or name, in the class list's order: the staff list and the back office.

    A query that is a Massar code, typed in any case and with stray spaces, is looked up exactly (the code's
    unique index); anything else is searched in the four names. On PostgreSQL the names' searches are served by
    trigram indexes (migration 0004_name_search_indexes), which the same LIKE filters use as they are.
    """
    code = massar_code_normalize(query)
    if MASSAR_CODE_PATTERN.match(code):
        return students.filter(massar_code=code).order_by(*CLASS_LIST_ORDER)
    matches = students.filter(
        Q(last_name_latin__icontains=query) | Q(first_name_latin__icontains=query)
        | Q(last_name_ar__contains=query) | Q(first_name_ar__contains=query)
    )
    # The same order, written so that no index provides it: namesakes sit side by side in the list
    # order, and PostgreSQL, reading that index to stop at the first page, would walk half the nation
    # before the first "Guessous". Sorting the matches found through the trigram indexes is cheap.
    return matches.order_by(Concat("last_name_latin", Value("")), *CLASS_LIST_ORDER[1:])


def students_found(query: str) -> QuerySet[Any]:
    """The keys of the students found by code or name (students_matching): one half of a back-office search."""
    return students_matching(Student.objects.all(), query).order_by().values("pk")


def enrolments_matching(enrolments: QuerySet[Enrolment], query: str) -> QuerySet[Enrolment]:
    """`enrolments` of a student found by code or name or in a class whose code holds the query: the back
    office's register. Each half through its own index (rows_matching)."""
    return rows_matching(enrolments, [("student_id", students_found(query)), ("school_class_id", classes_coded(query))])


# How long an officer's "students in your scope" is reused: counting an academy (200,000 students) costs half
# a second, and the figure moves by a few enrolments a day.
SCOPE_COUNT_SECONDS = 10 * 60


def students_in_scope_count(*, actor) -> int:
    """How many students the actor's scope holds, counted at most once every SCOPE_COUNT_SECONDS per account
    (the shared cache; Redis down: counted every time)."""
    key = f"massar:students-in-scope:{actor.pk}"
    count = cache.get(key)
    if count is None:
        count = students_visible_to(actor).count()
        cache.set(key, count, SCOPE_COUNT_SECONDS)
    return count


def class_students(*, school_class: SchoolClass) -> list[Student]:
    """The students active in a class, in the order of the class list (CLASS_LIST_ORDER)."""
    return list(Student.objects.filter(enrolments__school_class=school_class,
                                       enrolments__status=EnrolmentStatus.ACTIVE)
                .order_by(*CLASS_LIST_ORDER).distinct())


def student_enrolment_of_year(*, student: Student, school_year_id: int) -> Enrolment | None:
    """The student's class in a school year: the active enrolment, else the last one of that year (a student
    who completed the year or left keeps the results of the class they were in)."""
    enrolments = (Enrolment.objects.filter(student=student, school_year_id=school_year_id)
                  .select_related("school_class__school", "school_class__level", "school_class__stream")
                  .order_by("-enrolled_on"))
    return enrolments.filter(status=EnrolmentStatus.ACTIVE).first() or enrolments.first()


def student_enrolment_current(*, student: Student) -> Enrolment | None:
    return (Enrolment.objects.filter(student=student, status=EnrolmentStatus.ACTIVE, school_year__is_current=True)
            .select_related("school_class__school", "school_class__level", "school_class__stream").first())
