"""Reads on schools that pages and other domains share."""

from .models import SchoolClass, SubjectCoefficient


def class_curriculum(*, school_class: SchoolClass) -> list[SubjectCoefficient]:
    """The subjects the class's level × stream studies this year, with their coefficients, by subject code
    (a class without a stream studies the level's stream-less curriculum, never another stream's)."""
    rows = SubjectCoefficient.objects.filter(school_year_id=school_class.school_year_id,
                                             level_id=school_class.level_id).select_related("subject")
    rows = rows.filter(stream_id=school_class.stream_id) if school_class.stream_id else rows.filter(stream__isnull=True)
    return list(rows.order_by("subject__code"))
