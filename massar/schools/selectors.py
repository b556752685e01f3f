"""Reads on schools that pages and other domains share."""

from typing import Any

from django.db.models import Q, QuerySet

from .models import School, SchoolClass, SubjectCoefficient


def class_curriculum(*, school_class: SchoolClass) -> list[SubjectCoefficient]:
    """The subjects the class's level × stream studies this year, with their coefficients, by subject code
    (a class without a stream studies the level's stream-less curriculum, never another stream's)."""
    rows = SubjectCoefficient.objects.filter(school_year_id=school_class.school_year_id,
                                             level_id=school_class.level_id).select_related("subject")
    rows = rows.filter(stream_id=school_class.stream_id) if school_class.stream_id else rows.filter(stream__isnull=True)
    return list(rows.order_by("subject__code"))


def classes_coded(query: str) -> QuerySet[Any]:
    """The keys of the classes whose code holds `query` (any case): one half of a back-office search."""
    return SchoolClass.objects.filter(code__icontains=query).order_by().values("pk")


def classes_of_schools_coded(query: str) -> QuerySet[Any]:
    """The keys of the classes whose code, or whose school's code, holds `query`."""
    return (SchoolClass.objects.filter(Q(code__icontains=query) | Q(school__code__icontains=query))
            .order_by().values("pk"))


def schools_coded(query: str) -> QuerySet[Any]:
    """The keys of the schools whose code holds `query` (any case)."""
    return School.objects.filter(code__icontains=query).order_by().values("pk")
