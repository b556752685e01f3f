"""Writes on the organisation and its rule tables."""

from decimal import Decimal

from django.db import transaction

from massar.core.models import SchoolYear

from .curricula import CURRICULA, as_decimal
from .models import Level, Stream, Subject, SubjectCoefficient


@transaction.atomic
def coefficients_seed_year(*, school_year: SchoolYear) -> int:
    """Fill a year's coefficient table with the seeded defaults, keeping rows that already exist.

    Returns how many rows were added. Seeded rows are marked as not confirmed by an official text.
    """
    levels = {level.code: level for level in Level.objects.all()}
    streams = {(s.level.code, s.code): s for s in Stream.objects.select_related("level")}
    subjects = {s.code: s for s in Subject.objects.all()}
    existing = set(SubjectCoefficient.objects.filter(school_year=school_year)
                   .values_list("level_id", "stream_id", "subject_id"))
    rows = []
    for (level_code, stream_code), entries in CURRICULA.items():
        level = levels[level_code]
        stream = streams[(level_code, stream_code)] if stream_code else None
        for subject_code, continuous, exam in entries:
            subject = subjects[subject_code]
            if (level.pk, stream.pk if stream else None, subject.pk) in existing:
                continue
            rows.append(SubjectCoefficient(
                school_year=school_year, level=level, stream=stream, subject=subject,
                continuous_coefficient=Decimal(continuous), exam_coefficient=as_decimal(exam),
                officially_confirmed=False))
    SubjectCoefficient.objects.bulk_create(rows)
    return len(rows)
